package io.relevans.internal.program;

import io.relevans.ChannelBreaker;
import io.relevans.ChannelStatus;
import io.relevans.customer.Channel;
import io.relevans.spi.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breaker of each channel as the {@link Dispatcher} sees it: closed (messages go to the
 * channel), or paused until a moment, after which one message is tried (half open) and either resumes
 * the channel or pauses it again for longer. Follows a {@link ChannelBreaker}. Logs a pause and a
 * resumption at INFO+ with the channel, counts, times and the channel's failure detail (adapters keep
 * personal data out of it), and the message id that got through; thread-safe.
 */
final class ChannelStates {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelStates.class);

    private final ChannelBreaker policy;
    private final Map<Channel, State> states = new HashMap<>();

    /** One channel's breaker. */
    private static final class State {
        /** Temporary failures of the channel in a row. */
        int failures;
        /** Pauses in a row without a delivery between. */
        int pauses;
        /** The end of the current pause; null while the channel is closed. */
        @Nullable Instant until;
        /** When the first pause of this run began; set with the first {@link #until}. */
        @Nullable Instant since;
        /** The channel's words for its last failure. */
        String lastFailure = "";
    }

    ChannelStates(ChannelBreaker policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    ChannelBreaker policy() {
        return policy;
    }

    /** The end of the channel's pause when it is paused at {@code now}; empty when a message may be tried. */
    synchronized Optional<Instant> pausedAt(Channel channel, Instant now) {
        State s = states.get(channel);
        return s == null || s.until == null || !now.isBefore(s.until) ? Optional.empty() : Optional.of(s.until);
    }

    /** Where the channel stands at {@code now}. */
    synchronized ChannelStatus status(Channel channel, Instant now) {
        State s = states.get(channel);
        if (s == null) {
            return ChannelStatus.working(channel);
        }
        if (s.until == null) {
            return new ChannelStatus(channel, ChannelStatus.State.FAILING, s.failures, Optional.empty(),
                    Optional.empty(), s.lastFailure);
        }
        return new ChannelStatus(channel, now.isBefore(s.until) ? ChannelStatus.State.PAUSED : ChannelStatus.State.TRYING,
                s.failures, Optional.of(Objects.requireNonNull(s.since, "a paused channel knows since when")),
                Optional.of(s.until), s.lastFailure);
    }

    /** The channel's last failure detail, empty when none is remembered. */
    synchronized String lastFailure(Channel channel) {
        State s = states.get(channel);
        return s == null ? "" : s.lastFailure;
    }

    /** The channel answered (took the message, or refused it for the message's own reasons): it works. */
    synchronized void answered(Channel channel, Instant now, String messageId) {
        State s = states.remove(channel);
        if (s != null && s.until != null) {
            LOG.info("channel {} resumed at {}: message {} got through after pauses since {} ({} failures in a row)",
                    channel, now, messageId, s.since, s.failures);
        }
    }

    /**
     * Records a temporary failure of the channel and answers the end of its pause when the channel is
     * (now) paused: after the policy's number of failures in a row, after a failed try at the end of a
     * pause, or at once when the failing message had spent its retry budget.
     *
     * @param budgetSpent whether the failing message has no attempt of its retry budget left
     */
    synchronized Optional<Instant> failed(Channel channel, Instant now, Delivery delivery, boolean budgetSpent) {
        if (!policy.pauses()) {
            return Optional.empty();
        }
        State s = states.computeIfAbsent(channel, c -> new State());
        s.failures++;
        s.lastFailure = delivery.detail();
        boolean probe = s.until != null; // a message was let through at the end of a pause
        if (!probe && s.failures < policy.failures() && !budgetSpent) {
            return Optional.empty();
        }
        s.pauses++;
        Duration pause = policy.pause(s.pauses);
        Duration wait = delivery.retryAfter().filter(r -> r.compareTo(pause) > 0).orElse(pause);
        s.until = now.plus(wait);
        if (s.since == null) {
            s.since = now;
            LOG.warn("channel {} paused until {} after {} failures in a row{}: {}", channel, s.until, s.failures,
                    budgetSpent && s.failures < policy.failures() ? " (a message with its retry budget spent)" : "",
                    s.lastFailure);
        } else {
            LOG.info("channel {} still failing, paused until {} (pause {} in a row, since {}): {}", channel, s.until,
                    s.pauses, s.since, s.lastFailure);
        }
        return Optional.of(s.until);
    }
}
