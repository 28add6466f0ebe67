package io.relevans.internal.engine;

/** Rule fact, inserted logically: the inner condition node with this id holds. Equal by node. */
public final class Holds {
    private final int node;

    /** @param node the node id */
    public Holds(int node) {
        this.node = node;
    }

    /** The node id. */
    public int getNode() {
        return node;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Holds h && h.node == node;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(node) * 31 + 7;
    }
}
