package io.relevans.spi;

import java.util.Objects;

/**
 * What a channel adapter reports for one delivery attempt.
 *
 * @param outcome accepted, temporary failure (retry) or permanent failure (dead letter)
 * @param detail  the channel's words, such as an SMTP reply; never personal data
 */
public record Delivery(Outcome outcome, String detail) {

    /** Never null parts. */
    public Delivery {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }

    /** The channel accepted the message. */
    public static Delivery accepted() {
        return new Delivery(Outcome.ACCEPTED, "");
    }

    /** A failure worth retrying (server down, rate limited). */
    public static Delivery retryLater(String detail) {
        return new Delivery(Outcome.TEMPORARY_FAILURE, detail);
    }

    /** A failure not worth retrying (address rejected). */
    public static Delivery failed(String detail) {
        return new Delivery(Outcome.PERMANENT_FAILURE, detail);
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
}
