package io.relevans.jdbc;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A virtual clock in UTC that threads move on together: it goes to the latest moment any of them asked for. */
final class SharedClock extends Clock {

    private final AtomicLong millis;

    SharedClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    /** Moves the clock to the moment unless it is there or beyond already. */
    void advanceTo(Instant at) {
        millis.accumulateAndGet(at.toEpochMilli(), Math::max);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the shared clock is in UTC");
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }
}
