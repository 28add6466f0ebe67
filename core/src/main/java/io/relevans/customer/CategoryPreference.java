package io.relevans.customer;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * A declared interest or disinterest in a category (S21), with when and how it was recorded.
 *
 * @param category the category
 * @param interest interested or not interested
 * @param time     when it was declared
 * @param source   how it was recorded
 */
public record CategoryPreference(Category category, Interest interest, Instant time, Source source) {

    private static final Comparator<CategoryPreference> PRECEDENCE =
            Comparator.comparing(CategoryPreference::time)
                    // on equal times "not for me" wins
                    .thenComparing(CategoryPreference::interest)
                    .thenComparing(CategoryPreference::source);

    /** Never null parts. */
    public CategoryPreference {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(interest, "interest");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
    }

    /** Whether this declaration should win over the other: the newer one. */
    public boolean supersedes(CategoryPreference other) {
        return PRECEDENCE.compare(this, other) >= 0;
    }
}
