package io.relevans.internal.feature;

/** How a compiled feature folds values into a bucket cell (x: a double, y: a long). */
enum Kind {
    /** x = count. */
    COUNT,
    /** x = sum. */
    SUM,
    /** x = minimum. */
    MIN,
    /** x = maximum. */
    MAX,
    /** x = value of the newest row, y = its time. */
    LAST,
    /** y = bit set of origins. */
    CHANNELS,
    /** x = sum of price shares, y = number of lines. */
    TIER,
    /** y = newest event time (one all-time cell). */
    SINCE,
    /**
     * A purchase summary ({@link PurchaseSummaryCells}): four cells, by bucket 0 first day, 1 last day, 2 repeat
     * spend, 3 purchase days.
     */
    SUMMARY;

    boolean usesX() {
        return this != CHANNELS && this != SINCE;
    }

    boolean usesY() {
        return this == LAST || this == CHANNELS || this == TIER || this == SINCE || this == SUMMARY;
    }
}
