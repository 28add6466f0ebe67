package io.relevans.kafka.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The engine's clock inside a stream task: the moment the task set before working on a record or a
 * punctuation (wall-clock or stream time). Read by the task's own thread only.
 */
final class PartitionClock extends Clock {

    private long now;

    void set(long millis) {
        now = millis;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the engine's clock is UTC");
    }

    @Override
    public long millis() {
        return now;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(now);
    }
}
