/**
 * Internal: the statistics of A/B splits, {@link io.relevans.internal.stats.Proportions}: the winner rule
 * of a split and the interval of a variant's uplift over control.
 */
package io.relevans.internal.stats;
