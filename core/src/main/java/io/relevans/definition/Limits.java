package io.relevans.definition;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The bounds every definition keeps, whether built in Java or read from the Relevans language: no
 * duration longer than {@link #MAX_DURATION} (windows, waits, caps, re-entry, goals, inactivity,
 * schedules, attribute ages, the no-better-offer period), no cap of more than {@link #MAX_COUNT}
 * messages. Within them no loaded definition can make the engine's time arithmetic overflow.
 */
public final class Limits {

    /** The longest duration a definition may name: 36,500 days (100 years). */
    public static final Duration MAX_DURATION = Duration.ofDays(36_500);

    /** The most messages a cap may allow, and the largest count the language reads. */
    public static final int MAX_COUNT = 1_000_000;

    private Limits() {
    }

    /**
     * Checks that a duration is within {@link #MAX_DURATION}.
     *
     * @param what what the duration is, for the error ("wait 'reminder'")
     * @return the duration
     * @throws InvalidDefinitionException naming the limit when it is longer
     */
    public static Duration duration(String what, Duration duration) {
        if (duration != null && duration.compareTo(MAX_DURATION) > 0) {
            throw new InvalidDefinitionException(List.of(what + " must be at most " + MAX_DURATION.toDays()
                    + " days (100 years), got " + describe(duration)));
        }
        return duration;
    }

    /**
     * Checks that a count is within {@link #MAX_COUNT}.
     *
     * @throws InvalidDefinitionException naming the limit when it is larger
     */
    public static int count(String what, long count) {
        if (count > MAX_COUNT) {
            throw new InvalidDefinitionException(List.of(what + " must be at most "
                    + String.format(Locale.ROOT, "%,d", MAX_COUNT) + ", got " + count));
        }
        return (int) count;
    }

    private static String describe(Duration d) {
        return d.getSeconds() % 86_400 == 0 && d.getNano() == 0 ? d.getSeconds() / 86_400 + " days" : d.toString();
    }
}
