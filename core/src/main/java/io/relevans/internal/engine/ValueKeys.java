package io.relevans.internal.engine;

import io.relevans.customer.Value;

/** The canonical key of a value for equality tests: kind and text, so 5 and 5.0 are equal, "5" and 5 are not. */
final class ValueKeys {
    private ValueKeys() {
    }

    static String key(Value v) {
        return v.kind().charAt(0) + ":" + v.asText();
    }
}
