package io.relevans.internal.program;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A claim on due work (timers, messages) taken at a moment for a lease: other engines leave the work
 * alone until the lease runs out, so work on it starts only while half the lease is still left.
 *
 * @param at    when the claim was taken, on the engine's clock
 * @param lease how long it holds
 */
public record Claim(Instant at, Duration lease) {

    /** When the claim runs out. */
    public Instant until() {
        return at.plus(lease);
    }

    /** Whether work on the claimed items may still start at the clock's current moment. */
    public boolean fresh(Clock clock) {
        return !clock.instant().isAfter(at.plus(lease.dividedBy(2)));
    }
}
