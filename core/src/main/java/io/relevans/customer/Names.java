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
            throw new IllegalArgumentException("invalid " + what + " '" + raw
                    + "': use 1..64 lower-case letters, digits, '_' or '-'");
        }
        return name;
    }
}
