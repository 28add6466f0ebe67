package io.relevans.benchmarks.baseline;

import io.relevans.customer.Identity;
import io.relevans.event.Event;
import java.util.SortedSet;

/**
 * What every benchmark baseline does with the shared workload: keep customers' state, take an event
 * for a customer and say which segments the customer is in afterwards, and re-evaluate every customer
 * at the clock's moment. Implementations are safe for several threads as long as one customer's events
 * come from one thread at a time (the benchmarks partition customers by thread).
 */
public interface SegmentEvaluator {

    /**
     * Loads customers {@code from} (inclusive) to {@code to} (exclusive) of the workload with their
     * history as state, the fastest way the baseline has (no per-event evaluation), with their memberships
     * at the clock's moment.
     */
    void preload(int from, int to);

    /** Applies one event and returns how many segments its customer is in afterwards. */
    int ingest(Event event);

    /** The segments the customer is in, by name; empty for an unknown customer. */
    SortedSet<String> memberships(Identity customer);

    /** Re-evaluates every customer at the clock's moment and returns the total number of memberships. */
    long resegment();
}
