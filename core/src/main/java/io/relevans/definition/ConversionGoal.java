package io.relevans.definition;

import java.time.Duration;
import java.util.Objects;

/**
 * What counts as a program's success (S9): a matching event within a window after the program's
 * message (or, for the control group, after the moment the message would have been sent).
 *
 * @param match  the converting events, such as a purchase
 * @param window how long after the message a conversion counts
 */
public record ConversionGoal(EventMatch match, Duration window) {
    /** @throws IllegalArgumentException when the window is not positive */
    public ConversionGoal {
        Objects.requireNonNull(match, "match");
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a conversion window must be positive, got " + window);
        }
        Limits.duration("a conversion window", window);
    }
}
