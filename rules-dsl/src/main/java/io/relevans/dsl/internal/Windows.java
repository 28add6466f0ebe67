package io.relevans.dsl.internal;

import java.time.Duration;
import java.util.Optional;

/** Durations, windows and numbers as the language writes them. */
public final class Windows {
    private static final long DAY = 86_400_000L;
    private static final long HOUR = 3_600_000L;
    private static final long MINUTE = 60_000L;

    private Windows() {
    }

    /** The bucket a window gets when none is written: 1d up to 400 days, 7d above; 1h for hours; else 1m. */
    public static Duration defaultBucket(Duration length) {
        long ms = length.toMillis();
        if (ms > 0 && ms % DAY == 0) {
            return length.toDays() <= io.relevans.definition.Window.MAX_BUCKETS ? Duration.ofDays(1)
                    : Duration.ofDays(7);
        }
        if (ms > 0 && ms % HOUR == 0) {
            return Duration.ofHours(1);
        }
        return Duration.ofMinutes(1);
    }

    /** The longest window, as core's {@link io.relevans.definition.Window} allows: 3660 days. */
    public static final Duration MAX_WINDOW = io.relevans.definition.Window.MAX_LENGTH;

    /**
     * Parses {@code 90d}, {@code 4h}, {@code 3y} (365 days), {@code 2w}, {@code 30m}, {@code 10s}, {@code 5ms}
     * (digits may be grouped with '_'), without arithmetic that can overflow.
     *
     * @param text a duration as the lexer reads it: digits and a unit
     * @param max  the longest duration to read, at most {@link io.relevans.definition.Limits#MAX_DURATION}
     * @return the duration, or empty when it is longer than {@code max}, however many digits it has
     * @throws IllegalArgumentException when the text is not digits and a unit
     */
    public static Optional<Duration> parseDuration(String text, Duration max) {
        int i = 0;
        while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '_')) {
            i++;
        }
        long unit = switch (text.substring(i)) {
            case "ms" -> 1;
            case "s" -> 1000;
            case "m" -> MINUTE;
            case "h" -> HOUR;
            case "d" -> DAY;
            case "w" -> 7 * DAY;
            case "y" -> 365 * DAY;
            default -> throw new IllegalArgumentException("unknown duration unit in " + text);
        };
        String digits = text.substring(0, i).replace("_", "").replaceFirst("^0+(?=\\d)", "");
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("a duration is a whole number with a unit, got " + text);
        }
        long most = max.toMillis() / unit; // max is at most 100 years: no overflow
        if (digits.length() > 18 || Long.parseLong(digits) > most) { // 18 digits always fit a long
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(Long.parseLong(digits) * unit)); // at most max: no overflow
    }

    /** A duration in the largest exact unit of d, h, m, s, ms (sub-millisecond parts are not written). */
    public static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms % DAY == 0) {
            return ms / DAY + "d";
        }
        if (ms % HOUR == 0) {
            return ms / HOUR + "h";
        }
        if (ms % MINUTE == 0) {
            return ms / MINUTE + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** A number that reads back to exactly the same double: 20000, 2.5, 1.0E-5. */
    public static String number(double v) {
        if (v == 0 && 1 / v < 0) {
            return "-0";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
