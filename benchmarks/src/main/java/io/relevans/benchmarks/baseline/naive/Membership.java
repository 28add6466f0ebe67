package io.relevans.benchmarks.baseline.naive;

/** Naive-Drools fact, inserted logically: the customer is in the segment. Equal by name. */
public final class Membership {
    private final String name;

    /** @param name the segment */
    public Membership(String name) {
        this.name = name;
    }

    /** The segment. */
    public String getName() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Membership m && m.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}
