package io.relevans;

import java.time.Duration;
import java.util.Objects;

/**
 * When the dispatcher pauses a channel that is down (a circuit breaker per channel), so that an
 * outage longer than the {@link RetryPolicy}'s schedule does not turn every waiting message dead.
 *
 * <p>A channel is paused after {@code failures} temporary failures of the channel in a row
 * ({@link io.relevans.spi.Delivery#channelFailed()}: failures of one message alone, a recipient's full
 * mailbox, do not count), or at once when a message that has spent its retry budget fails on it: the
 * failure is the channel's, and the message waits for it instead of being given up. While paused, due
 * messages of the channel are not handed to it: they keep their status (pending or retrying) and wait
 * for the next try, so every guard at delivery still applies to them as events arrive. After {@code
 * firstPause} one message is tried (half open): if the channel takes it, or answers that it cannot take
 * it (the channel works), the channel resumes and the waiting messages follow at once; if it fails
 * again, the channel stays paused twice as long as before, at most {@code maxPause}, and at least as
 * long as the provider's {@code Retry-After} asks. A message that waits for a paused channel longer
 * than {@code giveUpAfter} after its decision is given up (dead, with the reason): an offer that arrives
 * days late may be worse than none.
 *
 * <p>Each dispatcher keeps its channels' state in memory: engines in several processes on one shared
 * outbox each pause on what they see.
 *
 * @param failures    temporary failures of the channel in a row that pause it, 1 to 1,000; 0 never
 *                    pauses (a message is given up when its retry budget is spent, whatever failed)
 * @param firstPause  the first pause, positive and at most 1 day
 * @param maxPause    the longest pause, from {@code firstPause} to 1 day
 * @param giveUpAfter how long after its decision a message may wait for a paused channel, positive and
 *                    at most 365 days
 */
public record ChannelBreaker(int failures, Duration firstPause, Duration maxPause, Duration giveUpAfter) {

    /** Declared before the constants: the constructor needs them during class initialisation. */
    private static final Duration LONGEST_PAUSE = Duration.ofDays(1);
    private static final Duration LONGEST_WAIT = Duration.ofDays(365);
    private static final int MOST_FAILURES = 1_000;

    /**
     * Paused after 5 failures in a row, tried again after 1 minute, then 2, 4, 8 and every 15 minutes;
     * a message waits for its channel up to 3 days after its decision.
     */
    public static final ChannelBreaker DEFAULT =
            new ChannelBreaker(5, Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofDays(3));

    /** Never pauses a channel: every message is given up when its retry budget is spent. */
    public static final ChannelBreaker NEVER =
            new ChannelBreaker(0, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofDays(3));

    /** @throws IllegalArgumentException naming the part out of range and its limits */
    public ChannelBreaker {
        Objects.requireNonNull(firstPause, "first pause");
        Objects.requireNonNull(maxPause, "max pause");
        Objects.requireNonNull(giveUpAfter, "give up after");
        if (failures < 0 || failures > MOST_FAILURES) {
            throw new IllegalArgumentException("failures that pause a channel must be 0 to " + MOST_FAILURES
                    + ", got " + failures);
        }
        if (firstPause.isNegative() || firstPause.isZero() || firstPause.compareTo(LONGEST_PAUSE) > 0) {
            throw new IllegalArgumentException("first pause must be positive and at most " + LONGEST_PAUSE
                    + ", got " + firstPause);
        }
        if (maxPause.compareTo(firstPause) < 0 || maxPause.compareTo(LONGEST_PAUSE) > 0) {
            throw new IllegalArgumentException("max pause must be from the first pause " + firstPause + " to "
                    + LONGEST_PAUSE + ", got " + maxPause);
        }
        if (giveUpAfter.isNegative() || giveUpAfter.isZero() || giveUpAfter.compareTo(LONGEST_WAIT) > 0) {
            throw new IllegalArgumentException("give up after must be positive and at most " + LONGEST_WAIT
                    + ", got " + giveUpAfter);
        }
    }

    /** Whether this breaker ever pauses a channel. */
    public boolean pauses() {
        return failures > 0;
    }

    /**
     * The pause after the channel was paused {@code times} times in a row without a delivery between:
     * {@code firstPause * 2^(times - 1)}, at most {@code maxPause}.
     *
     * @param times how many pauses in a row, this one included, at least 1
     * @throws IllegalArgumentException when times is below 1
     */
    public Duration pause(int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, got " + times);
        }
        Duration pause = firstPause;
        for (int i = 1; i < times && pause.compareTo(maxPause) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(maxPause) > 0 ? maxPause : pause;
    }
}
