package io.relevans.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a channel adapter reports for one delivery attempt.
 *
 * <p>A temporary failure says whom it concerns ({@link Fault}): the channel (the server or gateway
 * cannot be reached, is overloaded, refuses the sender) or this message alone (the recipient's mailbox
 * is full, the recipient's server asks to come back later). Failures of the channel count towards
 * pausing it ({@link io.relevans.ChannelBreaker}); a message is never given up for them, only for its
 * own. It may also carry the provider's own wait ({@code Retry-After}): the message is not tried again
 * before it.
 *
 * @param outcome    accepted, temporary failure (retry) or permanent failure (dead letter)
 * @param detail     the channel's words, such as an SMTP reply; never personal data
 * @param fault      whom a temporary failure concerns; {@link Fault#MESSAGE} for the other outcomes
 * @param retryAfter for a temporary failure, the least wait the provider asked for, at most {@link
 *                   #MAX_RETRY_AFTER}; empty otherwise
 */
public record Delivery(Outcome outcome, String detail, Fault fault, Optional<Duration> retryAfter) {

    /** The longest provider's wait a delivery may carry: adapters bring longer ones down to it. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    /**
     * Never null parts.
     *
     * @throws IllegalArgumentException when a wait is negative, longer than {@link #MAX_RETRY_AFTER} or
     *                                  given for an outcome other than a temporary failure, or when
     *                                  another outcome than a temporary failure blames the channel
     */
    public Delivery {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(retryAfter, "retry after");
        if (outcome != Outcome.TEMPORARY_FAILURE && (retryAfter.isPresent() || fault == Fault.CHANNEL)) {
            throw new IllegalArgumentException("only a temporary failure carries a wait or blames the channel, got "
                    + outcome + " with " + fault + " and " + retryAfter);
        }
        retryAfter.ifPresent(wait -> {
            if (wait.isNegative() || wait.compareTo(MAX_RETRY_AFTER) > 0) {
                throw new IllegalArgumentException("retry after must be from 0 to " + MAX_RETRY_AFTER + ", got "
                        + wait);
            }
        });
    }

    /**
     * A delivery as the first version of this record had it: a temporary failure blames the channel and
     * carries no wait.
     */
    public Delivery(Outcome outcome, String detail) {
        this(outcome, detail, outcome == Outcome.TEMPORARY_FAILURE ? Fault.CHANNEL : Fault.MESSAGE,
                Optional.empty());
    }

    /** The channel accepted the message. */
    public static Delivery accepted() {
        return new Delivery(Outcome.ACCEPTED, "");
    }

    /** A failure of the channel worth retrying (server down, overloaded, rate limited). */
    public static Delivery retryLater(String detail) {
        return new Delivery(Outcome.TEMPORARY_FAILURE, detail);
    }

    /**
     * A failure of the channel worth retrying, not before the provider's wait.
     *
     * @param wait the provider's wait, 0 to {@link #MAX_RETRY_AFTER}
     * @throws IllegalArgumentException when the wait is out of that range
     */
    public static Delivery retryLater(String detail, Duration wait) {
        return new Delivery(Outcome.TEMPORARY_FAILURE, detail, Fault.CHANNEL, Optional.of(wait));
    }

    /**
     * A failure of this message alone worth retrying, while the channel works (the recipient's mailbox
     * full or busy): it does not count towards pausing the channel.
     */
    public static Delivery retryMessageLater(String detail) {
        return new Delivery(Outcome.TEMPORARY_FAILURE, detail, Fault.MESSAGE, Optional.empty());
    }

    /** A failure not worth retrying (address rejected). */
    public static Delivery failed(String detail) {
        return new Delivery(Outcome.PERMANENT_FAILURE, detail);
    }

    /** Whether this is a temporary failure of the channel, which counts towards pausing it. */
    public boolean channelFailed() {
        return outcome == Outcome.TEMPORARY_FAILURE && fault == Fault.CHANNEL;
    }

    /** The kinds of outcome. */
    public enum Outcome {
        /** Accepted by the channel. */
        ACCEPTED,
        /** Failed; try again later. */
        TEMPORARY_FAILURE,
        /** Failed; do not try again. */
        PERMANENT_FAILURE
    }

    /** Whom a temporary failure concerns. */
    public enum Fault {
        /** The channel: every message would fail now (server down, overloaded, settings refused). */
        CHANNEL,
        /** This message alone: the channel works, this recipient or message cannot be taken now. */
        MESSAGE
    }
}
