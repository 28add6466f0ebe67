/**
 * Features maintained incrementally per customer (counts, sums, recency, sliding windows in time buckets). Internal: not exported.
 */
package io.relevans.internal.feature;
