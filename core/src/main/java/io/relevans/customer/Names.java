package io.relevans.customer;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** Validation of the short lower-case names used for channels, purposes and categories. */
final class Names {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_\\-]{0,63}");

    private Names() {
    }

    static String check(String what, String raw) {
        Objects.requireNonNull(raw, what);
        String name = raw.strip().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid " + what + " '" + shorten(raw)
                    + "': use 1..64 lower-case letters, digits, '_' or '-'");
        }
        return name;
    }

    /** A text cut to 100 characters for error messages, so a huge input does not make a huge message. */
    static String shorten(String text) {
        return text.length() <= 100 ? text : text.substring(0, 97) + "...";
    }
}
