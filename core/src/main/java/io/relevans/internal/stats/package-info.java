/**
 * Internal: the statistics of A/B splits, {@link io.relevans.internal.stats.Proportions}: the winner rule
 * of a split and the interval of a variant's uplift over control.
 */
@NullMarked
package io.relevans.internal.stats;

import org.jspecify.annotations.NullMarked;
