package io.relevans.benchmarks;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock of a live event stream: on each thread, the moment of the event that thread is ingesting
 * (set before each ingest), so that windows slide and ages grow between a customer's events as they
 * would in production; before a thread's first event, the moment given at construction.
 */
public final class StreamClock extends Clock {

    private final long start;
    private final ThreadLocal<long[]> now;

    public StreamClock(Instant start) {
        this.start = start.toEpochMilli();
        this.now = ThreadLocal.withInitial(() -> new long[] {this.start});
    }

    /** Moves this thread's moment to the instant. */
    public void set(Instant instant) {
        now.get()[0] = instant.toEpochMilli();
    }

    @Override
    public long millis() {
        return now.get()[0];
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the stream clock is in UTC");
    }
}
