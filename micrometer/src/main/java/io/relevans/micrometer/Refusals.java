package io.relevans.micrometer;

import io.relevans.event.EventFormatException;
import io.relevans.spi.WriteConflictException;

/** The bounded reason tag of a refused event, from the exception's kind (never its message). */
final class Refusals {

    private Refusals() {
    }

    /** {@code invalid} (a field of the event, such as its time), {@code conflict} (other writers), else {@code error}. */
    static String reason(RuntimeException cause) {
        if (cause instanceof EventFormatException) {
            return "invalid";
        }
        if (cause instanceof WriteConflictException) {
            return "conflict";
        }
        return "error";
    }
}
