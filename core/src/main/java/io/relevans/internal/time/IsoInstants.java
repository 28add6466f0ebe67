package io.relevans.internal.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Reads ISO-8601 instants as {@link Instant#parse} does, fast for the form every document of the project is
 * written in ({@link Instant#toString()}: {@code 2026-03-01T10:15:00Z}, {@code 2026-03-01T10:15:00.123Z}). Stored
 * records, timers and messages hold dozens of instants, and {@code Instant.parse} (a general formatter) costs
 * about a microsecond each; this reads the usual form directly and hands every other text (other years, offsets,
 * leap seconds, errors) to {@code Instant.parse}, so the result, or the exception, is always the same.
 */
public final class IsoInstants {

    private static final int SHORTEST = "0000-00-00T00:00:00Z".length();

    private IsoInstants() {
    }

    /**
     * The instant the text writes.
     *
     * @throws DateTimeParseException as {@link Instant#parse} throws it, when the text is not an instant
     */
    public static Instant parse(CharSequence text) {
        Instant fast = fast(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** The instant of the usual form, or null for any other text (then {@code Instant.parse} decides). */
    private static Instant fast(CharSequence t) {
        int n = t.length();
        if (n < SHORTEST || n > SHORTEST + 10 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':' || t.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > LocalDate.of(year, month, 1)
                .lengthOfMonth() || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null; // month and day checked before LocalDate sees them: it would throw its own exception
        }
        int nanos = 0;
        if (n > SHORTEST) { // a fraction: a dot and 1 to 9 digits
            int fraction = n - SHORTEST - 1;
            if (t.charAt(19) != '.' || fraction < 1) {
                return null;
            }
            nanos = digits(t, 20, fraction);
            if (nanos < 0) {
                return null;
            }
            for (int k = fraction; k < 9; k++) {
                nanos *= 10;
            }
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The number the digits at the place write, or -1 when one is not a digit (at most 9 digits). */
    private static int digits(CharSequence t, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
