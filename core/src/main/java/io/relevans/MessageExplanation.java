package io.relevans;

import io.relevans.spi.Message;
import io.relevans.spi.Suppression;
import java.util.Objects;
import java.util.Optional;

/**
 * Why one message was sent or not, for staff and for programs: the message as stored, the guard that
 * stopped it with the values it saw and the moment (decision or delivery), and one line for people.
 * The counterpart of {@link Explanation} for segments.
 *
 * @param message the message
 * @param summary what became of it and why, in one line
 */
public record MessageExplanation(Message message, String summary) {

    /** Never null parts. */
    public MessageExplanation {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(summary, "summary");
    }

    /** The guard that stopped the message, if one did. */
    public Optional<Suppression> suppression() {
        return message.suppression();
    }

    /** Explains the message. */
    static MessageExplanation of(Message m) {
        String what = "message " + m.id() + " of program '" + m.program() + "' (step '" + m.step() + "'), decided "
                + m.decidedAt();
        String channel = m.channel().map(c -> " by " + c).orElse("");
        String summary = switch (m.status()) {
            case SENT -> what + ": sent" + channel + " after " + m.attempts() + " attempt(s)";
            case PENDING -> what + ": waiting for delivery" + channel + " from " + m.nextAttempt()
                    + (m.reason().isEmpty() ? "" : " (" + m.reason() + ")"); // a paused channel says so
            case RETRYING -> what + ": delivery" + channel + " failed " + m.attempts() + " time(s) (" + m.reason()
                    + "), next attempt " + m.nextAttempt();
            case DEAD -> what + ": given up" + channel + ": " + m.reason();
            case SUPPRESSED -> what + ": not sent: " + m.suppression().map(s -> "stopped by " + s.guard() + " at "
                    + s.moment().name().toLowerCase(java.util.Locale.ROOT) + " (" + s.at() + ")"
                    + (s.seen().isEmpty() ? "" : ", seeing " + s.seen()) + ": ").orElse("") + m.reason();
        };
        return new MessageExplanation(m, summary);
    }
}
