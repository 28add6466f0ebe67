package io.relevans.customer;

import java.util.Comparator;
import java.util.Objects;

/**
 * One way of naming a customer: an email address, a phone number, a loyalty number... The value is
 * normalised on construction (emails lower-cased, phone punctuation removed), so two spellings of
 * the same address are the same identity.
 *
 * @param type  the kind of identity
 * @param value the normalised value, 1..320 characters
 */
public record Identity(IdentityType type, String value) implements Comparable<Identity> {

    private static final Comparator<Identity> ORDER =
            Comparator.comparing(Identity::type).thenComparing(Identity::value);

    /**
     * @throws IllegalArgumentException when the value is blank, longer than 320 characters or holds a
     *                                  control character (a line break could smuggle a header into a
     *                                  channel's message)
     */
    public Identity {
        Objects.requireNonNull(type, "identity type");
        Objects.requireNonNull(value, "identity value");
        value = type.normalise(value);
        if (value.isEmpty() || value.length() > 320) {
            throw new IllegalArgumentException(type.jsonName() + " identity must be 1..320 characters, got "
                    + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new IllegalArgumentException(type.jsonName() + " identity must not contain control characters, "
                        + "found " + String.format(java.util.Locale.ROOT, "U+%04X", (int) c) + " at position " + (i + 1));
            }
        }
    }

    /** An email identity. */
    public static Identity email(String address) {
        return new Identity(IdentityType.EMAIL, address);
    }

    /** A phone identity. */
    public static Identity phone(String number) {
        return new Identity(IdentityType.PHONE, number);
    }

    /** A loyalty club number identity. */
    public static Identity loyalty(String number) {
        return new Identity(IdentityType.LOYALTY_NUMBER, number);
    }

    /** A point-of-sale customer number identity. */
    public static Identity pos(String number) {
        return new Identity(IdentityType.POS_CUSTOMER_NUMBER, number);
    }

    /** A web or app login identity. */
    public static Identity login(String name) {
        return new Identity(IdentityType.LOGIN, name);
    }

    /** A browser cookie identity. */
    public static Identity cookie(String id) {
        return new Identity(IdentityType.COOKIE, id);
    }

    @Override
    public int compareTo(Identity other) {
        return ORDER.compare(this, other);
    }

    /** The identity type and a masked value, safe for logs: never the full value. */
    @Override
    public String toString() {
        return type.jsonName() + ":" + (value.length() <= 2 ? "**" : value.charAt(0) + "***");
    }
}
