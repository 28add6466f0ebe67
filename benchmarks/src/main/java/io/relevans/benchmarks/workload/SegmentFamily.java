package io.relevans.benchmarks.workload;

/**
 * The kinds of segment the benchmark definitions are made of; each of the 100 segments belongs to one
 * family and differs from its siblings by category, window and threshold. The hand-written baseline
 * has one straight-line Java method per family.
 */
public enum SegmentFamily {
    /** Bought at least k lines in a category within a window. */
    CATEGORY_BUYER,
    /** Spent more than an amount within a window. */
    SPENDER,
    /** Price tier in a category (budget, mid, premium). */
    PRICE_TIER,
    /** Used two or more channels (even segments) or visited a store k times (odd) within a window. */
    OMNICHANNEL_OR_STORE,
    /** Last purchase longer ago than d days, and e-mail marketing consent. */
    LAPSED_WITH_CONSENT,
    /** A gender, or viewed a category at least k times within a window. */
    GENDER_OR_BROWSER,
    /** Has children (known for a long time) and did not declare the category not for them. */
    PARENT_NOT_EXCLUDED,
    /** Rated something 2 or less (even) or clicked a message (odd) within a window. */
    UNHAPPY_OR_ENGAGED,
    /** Age at least a threshold. */
    AGE,
    /** In one earlier segment and not in another; the first of the family: gender known. */
    NESTED
}
