package io.relevans;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and when the dispatcher retries a message whose delivery failed temporarily: at most
 * {@code maxAttempts} attempts in all, the wait after the first failure being {@code firstDelay}, each
 * further wait {@code multiplier} times the one before, never more than {@code maxDelay}.
 *
 * @param maxAttempts how many delivery attempts in all, at least 1 (1 means no retry)
 * @param firstDelay  the wait after the first failed attempt, not negative
 * @param multiplier  the growth of the wait per failed attempt, finite and at least 1
 * @param maxDelay    the longest wait, at least {@code firstDelay} and at most 365 days
 */
public record RetryPolicy(int maxAttempts, Duration firstDelay, double multiplier, Duration maxDelay) {

    /** Declared before {@link #DEFAULT}: the constructor needs it during class initialisation. */
    private static final Duration LONGEST = Duration.ofDays(365);

    /** Five attempts, waiting 1 minute, then 4, 16 and 64 minutes (at most 6 hours). */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(5, Duration.ofMinutes(1), 4.0, Duration.ofHours(6));

    /** @throws IllegalArgumentException when a part is out of range */
    public RetryPolicy {
        Objects.requireNonNull(firstDelay, "first delay");
        Objects.requireNonNull(maxDelay, "max delay");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, got " + maxAttempts);
        }
        if (firstDelay.isNegative()) {
            throw new IllegalArgumentException("first delay must not be negative, got " + firstDelay);
        }
        if (!Double.isFinite(multiplier) || multiplier < 1) {
            throw new IllegalArgumentException("multiplier must be a finite number of at least 1, got "
                    + multiplier);
        }
        if (maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("max delay " + maxDelay + " is shorter than the first delay "
                    + firstDelay);
        }
        if (maxDelay.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("max delay must be at most 365 days, got " + maxDelay);
        }
    }

    /**
     * The wait before the next attempt after {@code attempts} failed attempts: {@code firstDelay *
     * multiplier^(attempts - 1)}, at most {@code maxDelay}, rounded to the nanosecond.
     *
     * @param attempts how many attempts failed so far, at least 1
     * @throws IllegalArgumentException when attempts is below 1
     */
    public Duration delayAfter(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        double nanos = firstDelay.toNanos() * Math.pow(multiplier, attempts - 1);
        long max = maxDelay.toNanos();
        if (!(nanos < max)) {
            return maxDelay;
        }
        return Duration.ofNanos(Math.round(nanos));
    }
}
