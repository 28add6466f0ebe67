package io.relevans.customer;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The kinds of identity that can name a customer (S13): each is linked to exactly one profile. */
public enum IdentityType {
    /** An email address, compared case-insensitively. */
    EMAIL("email"),
    /** A phone number; spaces, dashes and parentheses are ignored. */
    PHONE("phone"),
    /** A postal address as one normalised line. */
    POSTAL_ADDRESS("postal_address"),
    /** A login name of the web shop or app. */
    LOGIN("login"),
    /** A browser cookie id. */
    COOKIE("cookie"),
    /** A loyalty club number. */
    LOYALTY_NUMBER("loyalty_number"),
    /** A customer number of the store tills (point of sale). */
    POS_CUSTOMER_NUMBER("pos_customer_number");

    private static final Pattern PHONE_PUNCTUATION = Pattern.compile("[\\s()\\-]");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final String jsonName;

    IdentityType(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in JSON and in definitions, such as {@code loyalty_number}. */
    public String jsonName() {
        return jsonName;
    }

    /** The type with the given JSON name, ignoring case. */
    public static Optional<IdentityType> fromJsonName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.jsonName.equals(wanted)).findFirst();
    }

    String normalise(String raw) {
        String trimmed = raw.strip();
        return switch (this) {
            case EMAIL -> trimmed.toLowerCase(Locale.ROOT);
            case PHONE -> PHONE_PUNCTUATION.matcher(trimmed).replaceAll("").strip(); // idempotent
            case POSTAL_ADDRESS -> SPACES.matcher(trimmed).replaceAll(" ").toLowerCase(Locale.ROOT);
            default -> trimmed;
        };
    }
}
