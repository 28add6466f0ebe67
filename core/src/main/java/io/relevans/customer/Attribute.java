package io.relevans.customer;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One fact about a customer with where it came from and when it was last set or confirmed (S20), so
 * that definitions can test its freshness ("older than 3 years").
 *
 * @param name   the attribute name, such as {@code gender} or {@code has_balcony}
 * @param value  the value
 * @param source where the value came from
 * @param time   when the value was set or last confirmed
 */
public record Attribute(String name, Value value, Source source, Instant time) {

    /** @throws IllegalArgumentException when the name is not a valid attribute name */
    public Attribute {
        checkName(name);
        Objects.requireNonNull(value, "attribute value");
        Objects.requireNonNull(source, "attribute source");
        Objects.requireNonNull(time, "attribute time");
    }

    /**
     * Checks an attribute name: a letter, then up to 63 letters, digits, '_', '.' or '-'.
     *
     * @throws IllegalArgumentException naming the bad name
     */
    public static String checkName(String name) {
        Objects.requireNonNull(name, "attribute name");
        if (!validName(name)) {
            throw new IllegalArgumentException("invalid attribute name '" + Names.shorten(name)
                    + "': use a letter followed by up to 63 letters, digits, '_', '.' or '-'");
        }
        return name;
    }

    /** Whether the name is {@code [A-Za-z][A-Za-z0-9_.-]{0,63}}: checked on every profile read, without a regex. */
    private static boolean validName(String name) {
        int n = name.length();
        if (n == 0 || n > 64 || !letter(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = name.charAt(i);
            if (!(letter(c) || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean letter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    /** How old the value is at the given moment. */
    public Duration age(Instant now) {
        return Duration.between(time, now);
    }

    /**
     * Whether this attribute should win over the other when two profiles are merged: the newer one,
     * and for equal times a fixed order of source and value so that the result does not depend on
     * the order of merging.
     */
    public boolean supersedes(Attribute other) {
        int byTime = time.compareTo(other.time);
        if (byTime != 0) {
            return byTime > 0;
        }
        int bySource = source.compareTo(other.source);
        if (bySource != 0) {
            return bySource > 0;
        }
        return (value.kind() + ":" + value.asText()).compareTo(other.value.kind() + ":" + other.value.asText()) >= 0;
    }
}
