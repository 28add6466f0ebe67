package io.relevans.definition;

/** How an {@link Feature.Aggregate} folds the values of the events in its window. */
public enum Aggregation {
    /** How many events (or lines) passed the filters; 0 when none. */
    COUNT,
    /** The sum of the property; 0 when none. */
    SUM,
    /** The smallest value of the property; no value when none. */
    MIN,
    /** The largest value of the property; no value when none. */
    MAX,
    /** The value of the property in the newest event; no value when none. */
    LAST
}
