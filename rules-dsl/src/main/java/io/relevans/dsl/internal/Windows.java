package io.relevans.dsl.internal;

import java.time.Duration;

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

    /** Parses {@code 90d}, {@code 4h}, {@code 3y} (365 days), {@code 2w}, {@code 30m}, {@code 10s}, {@code 5ms}. */
    public static Duration parseDuration(String text) {
        int i = 0;
        while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '_')) {
            i++;
        }
        String digits = text.substring(0, i).replace("_", "");
        if (digits.length() > 15) {
            throw new IllegalArgumentException("duration too long: " + text);
        }
        long n = Long.parseLong(digits);
        return switch (text.substring(i)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(Math.multiplyExact(n, 7));
            case "y" -> Duration.ofDays(Math.multiplyExact(n, 365));
            default -> throw new IllegalArgumentException("unknown duration unit in " + text);
        };
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
