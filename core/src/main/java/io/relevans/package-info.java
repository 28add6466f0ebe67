/**
 * The Relevans engine API: {@link io.relevans.Relevans} takes events, keeps customers' features and
 * segments current, re-segments in batch and explains its verdicts. The model lives in
 * {@code io.relevans.customer}, {@code io.relevans.event} and {@code io.relevans.definition}; what
 * applications implement lives in {@code io.relevans.spi}. Never null unless a method says otherwise.
 */
@NullMarked
package io.relevans;

import org.jspecify.annotations.NullMarked;
