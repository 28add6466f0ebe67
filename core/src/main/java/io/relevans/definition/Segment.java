package io.relevans.definition;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named group of customers defined by a condition. Membership is kept current by the engine;
 * entering and leaving are events ({@code segment_entered}, {@code segment_exited}).
 *
 * <pre>{@code
 * Segment.named("omnichannel").describedAs("bought or visited in two or more channels")
 *        .when(Features.channelsUsed(Window.days(90)).atLeast(2))
 * }</pre>
 *
 * @param name        unique name: a letter, then up to 63 letters, digits, '_' or '-'
 * @param description what the segment is for, may be empty
 * @param condition   who is in it
 */
public record Segment(String name, String description, Condition condition) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_\\-]{0,63}");

    /** @throws IllegalArgumentException when the name is invalid */
    public Segment {
        checkName(name);
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(condition, "condition of segment " + name);
    }

    /** Starts a segment definition. */
    public static Builder named(String name) {
        return new Builder(checkName(name));
    }

    /**
     * Checks a segment name.
     *
     * @throws IllegalArgumentException naming the bad name
     */
    public static String checkName(String name) {
        Objects.requireNonNull(name, "segment name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid segment name '" + name
                    + "': use a letter followed by up to 63 letters, digits, '_' or '-'");
        }
        return name;
    }

    /** Builds a {@link Segment}. */
    public static final class Builder {
        private final String name;
        private String description = "";

        private Builder(String name) {
            this.name = name;
        }

        /** Sets the description. */
        public Builder describedAs(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /** Completes the segment with its condition. */
        public Segment when(Condition condition) {
            return new Segment(name, description, condition);
        }
    }
}
