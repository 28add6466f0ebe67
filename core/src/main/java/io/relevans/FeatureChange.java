package io.relevans;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A feature whose value an event changed.
 *
 * @param feature the feature's canonical text, such as {@code count(purchase) over 90d}
 * @param before  the value before the event, empty when it had none
 * @param after   the value after the event, empty when it has none
 */
public record FeatureChange(String feature, OptionalDouble before, OptionalDouble after) {
    /** Never null parts. */
    public FeatureChange {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }
}
