package io.relevans;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told, for simulations, backtests and tests on virtual time. It never
 * goes backwards. Thread-safe.
 */
public final class VirtualClock extends Clock {

    private final AtomicLong millis;
    private final ZoneId zone;

    private VirtualClock(long millis, ZoneId zone) {
        this.millis = new AtomicLong(millis);
        this.zone = zone;
    }

    /** A clock in UTC standing at the instant. */
    public static VirtualClock at(Instant start) {
        return new VirtualClock(start.toEpochMilli(), ZoneOffset.UTC);
    }

    /**
     * Moves the clock forward.
     *
     * @throws IllegalArgumentException when the step is negative
     */
    public Instant advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("a virtual clock cannot go back, got a step of " + step);
        }
        return Instant.ofEpochMilli(millis.addAndGet(step.toMillis()));
    }

    /** Moves the clock to the instant if it is later than the clock's time; earlier instants are ignored. */
    public Instant advanceTo(Instant target) {
        return Instant.ofEpochMilli(millis.accumulateAndGet(target.toEpochMilli(), Math::max));
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        VirtualClock view = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return view.withZone(other);
            }

            @Override
            public Instant instant() {
                return view.instant();
            }
        };
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public String toString() {
        return "VirtualClock[" + instant() + "]";
    }
}
