package io.relevans;

import io.relevans.internal.Digests;
import java.time.Duration;
import java.util.Objects;

/**
 * How often and when the dispatcher retries a message whose delivery failed temporarily: at most
 * {@code maxAttempts} attempts in all, the wait after the first failure being {@code firstDelay}, each
 * further wait {@code multiplier} times the one before, never more than {@code maxDelay}.
 *
 * <p><b>Jitter.</b> With a {@code jitter} above zero each wait is shortened by a share of up to
 * {@code jitter} of it, so that messages that failed together (a server that went down under a
 * campaign) are not all retried in the same second: the wait after attempt {@code n} of message
 * {@code id} lies in {@code [(1 - jitter) * d, d]}, {@code d} being the wait without jitter
 * ({@link #delayAfter(int)}). The share is not random: it is a hash of the message id and the attempt
 * number ({@link #delayAfter(int, String)}), the same in every run and every process, so replays and
 * tests on virtual time stay deterministic and a wait can be recomputed from the outbox. Jitter never
 * makes a wait longer, so the whole schedule ends no later than without it.
 *
 * <p>A provider's own wait ({@link io.relevans.spi.Delivery#retryAfter()}, from a {@code Retry-After}
 * header) is honoured on top: the next attempt is the later of the two. An outage of a whole channel
 * longer than this schedule pauses the channel ({@link ChannelBreaker}) instead of using up every
 * message's attempts.
 *
 * @param maxAttempts how many delivery attempts in all, at least 1 (1 means no retry)
 * @param firstDelay  the wait after the first failed attempt, not negative
 * @param multiplier  the growth of the wait per failed attempt, finite and at least 1
 * @param maxDelay    the longest wait, at least {@code firstDelay} and at most 365 days
 * @param jitter      the largest share by which a wait is shortened, 0 (none) to 1
 */
public record RetryPolicy(int maxAttempts, Duration firstDelay, double multiplier, Duration maxDelay,
                          double jitter) {

    /** Declared before {@link #DEFAULT}: the constructor needs it during class initialisation. */
    private static final Duration LONGEST = Duration.ofDays(365);

    /**
     * Five attempts, waiting 1 minute, then 4, 16 and 64 minutes (at most 6 hours), without jitter:
     * {@code DEFAULT.withJitter(0.2)} spreads them.
     */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(5, Duration.ofMinutes(1), 4.0, Duration.ofHours(6), 0);

    /**
     * A policy without jitter.
     *
     * @throws IllegalArgumentException when a part is out of range
     */
    public RetryPolicy(int maxAttempts, Duration firstDelay, double multiplier, Duration maxDelay) {
        this(maxAttempts, firstDelay, multiplier, maxDelay, 0);
    }

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
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be a share from 0 to 1, got " + jitter);
        }
    }

    /**
     * This policy with another jitter.
     *
     * @param newJitter the largest share by which a wait is shortened, 0 to 1
     * @throws IllegalArgumentException when the jitter is outside 0..1
     */
    public RetryPolicy withJitter(double newJitter) {
        return new RetryPolicy(maxAttempts, firstDelay, multiplier, maxDelay, newJitter);
    }

    /**
     * The wait before the next attempt after {@code attempts} failed attempts, without jitter: {@code
     * firstDelay * multiplier^(attempts - 1)}, at most {@code maxDelay}, rounded to the nanosecond. With
     * jitter, the longest wait {@link #delayAfter(int, String)} may answer.
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

    /**
     * The wait before the next attempt of one message after {@code attempts} failed attempts: {@link
     * #delayAfter(int)} shortened by a share of up to {@link #jitter()} of it. The share is a hash of
     * the message id and the attempt number (the first 7 bytes of the SHA-256 of {@code id|attempts}),
     * uniform in {@code [0, jitter)}: the same message and attempt always wait as long, whichever
     * process computes it.
     *
     * @param attempts  how many attempts failed so far, at least 1
     * @param messageId the message's id (its idempotency key)
     * @throws IllegalArgumentException when attempts is below 1
     */
    public Duration delayAfter(int attempts, String messageId) {
        Objects.requireNonNull(messageId, "message id");
        Duration full = delayAfter(attempts);
        if (jitter == 0) {
            return full;
        }
        double share = jitter * Digests.share(messageId + "|" + attempts);
        return Duration.ofNanos(Math.round(full.toNanos() * (1 - share)));
    }
}
