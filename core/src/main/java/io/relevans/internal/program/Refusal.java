package io.relevans.internal.program;

import io.relevans.spi.Suppression;
import java.util.Map;

/**
 * A guard's no: the reason for people, the guard, and the values it saw; becomes a message's
 * {@link Suppression} with the moment.
 *
 * @param reason the reason for people, as {@code Message.reason()} shows it
 * @param guard  the guard
 * @param seen   the values it looked at, by name
 */
public record Refusal(String reason, Suppression.Guard guard, Map<String, String> seen) {

    /** Copies the values. */
    public Refusal {
        seen = Map.copyOf(seen);
    }
}
