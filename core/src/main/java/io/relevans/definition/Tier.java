package io.relevans.definition;

/**
 * A price tier within a category (S19): where the prices a customer paid sit in the category's price
 * range, as a share from 0 (cheapest) to 1 (most expensive).
 */
public enum Tier {
    /** The lower third of the range. */
    BUDGET(0.0, 1.0 / 3),
    /** The middle third. */
    MID(1.0 / 3, 2.0 / 3),
    /** The upper third. */
    PREMIUM(2.0 / 3, 1.0);

    private final double from;
    private final double to;

    Tier(double from, double to) {
        this.from = from;
        this.to = to;
    }

    /** The lowest share in the tier, inclusive. */
    public double from() {
        return from;
    }

    /** The highest share, exclusive except for {@link #PREMIUM} which includes 1. */
    public double to() {
        return to;
    }
}
