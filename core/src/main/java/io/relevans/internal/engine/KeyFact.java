package io.relevans.internal.engine;

/**
 * Rule fact: a yes-fact about the customer named by a symbol id: a granted consent for a channel and
 * purpose, or a declared interest in a category.
 */
public final class KeyFact {
    private final int key;

    KeyFact(int key) {
        this.key = key;
    }

    /** The symbol id. */
    public int getKey() {
        return key;
    }
}
