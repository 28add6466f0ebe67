/**
 * Features maintained incrementally per customer (counts, sums, recency, sliding windows in time buckets). Internal: not exported.
 */
@NullMarked
package io.relevans.internal.feature;

import org.jspecify.annotations.NullMarked;
