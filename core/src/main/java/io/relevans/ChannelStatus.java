package io.relevans;

import io.relevans.customer.Channel;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How one channel with an adapter stands at a moment, as this engine's dispatcher sees it: working,
 * failing, paused by its {@link ChannelBreaker} or about to be tried again after a pause. For health
 * checks and operators' pages ({@link Relevans#channels()}). Each engine keeps its channels' state in
 * memory, so engines in several processes on one outbox may see a channel differently.
 *
 * @param channel     the channel
 * @param state       where the channel stands
 * @param failures    temporary failures of the channel in a row (0 when it works)
 * @param pausedSince when the first pause of the current run of pauses began; empty unless paused or
 *                    trying
 * @param pausedUntil when the current pause ends and a message is tried; empty unless paused or trying
 * @param lastFailure the channel's own words for its last failure (adapters keep addresses and message
 *                    text out of them); empty when it works
 */
public record ChannelStatus(Channel channel, State state, int failures, Optional<Instant> pausedSince,
                            Optional<Instant> pausedUntil, String lastFailure) {

    /** Where a channel stands. */
    public enum State {
        /** Its last delivery went through, or it has not been used yet. */
        WORKING,
        /** It failed lately, fewer times in a row than pause it; messages still go to it. */
        FAILING,
        /** Paused: its due messages wait, keeping their status, until the pause ends. */
        PAUSED,
        /** The pause ended: the next due message tries it, and resumes it or pauses it again. */
        TRYING
    }

    /** Never null parts; failures not negative; a paused or trying channel has its pause's times. */
    public ChannelStatus {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(pausedSince, "paused since");
        Objects.requireNonNull(pausedUntil, "paused until");
        Objects.requireNonNull(lastFailure, "last failure");
        if (failures < 0) {
            throw new IllegalArgumentException("failures must not be negative, got " + failures);
        }
        boolean pause = state == State.PAUSED || state == State.TRYING;
        if (pause != pausedUntil.isPresent() || pause != pausedSince.isPresent()) {
            throw new IllegalArgumentException("a " + state + " channel " + (pause ? "needs" : "has no")
                    + " pause times");
        }
    }

    /** A channel that works. */
    public static ChannelStatus working(Channel channel) {
        return new ChannelStatus(channel, State.WORKING, 0, Optional.empty(), Optional.empty(), "");
    }

    /** Whether its due messages wait for it now instead of being handed to it. */
    public boolean paused() {
        return state == State.PAUSED;
    }
}
