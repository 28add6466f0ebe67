package io.relevans.customer;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * The stable id of a customer profile. Ids of profiles created by the engine are derived from
 * the first identity seen ({@link #derivedFrom(Identity)}), so replaying the same events gives
 * the same ids on every machine.
 *
 * @param value the id text, not blank
 */
public record CustomerId(String value) implements Comparable<CustomerId> {

    /** @throws IllegalArgumentException when the value is blank or longer than 128 characters */
    public CustomerId {
        Objects.requireNonNull(value, "customer id");
        if (value.isBlank() || value.length() > 128) {
            throw new IllegalArgumentException("customer id must be 1..128 characters and not blank, got '"
                    + Names.shorten(value) + "'");
        }
    }

    /** Shorthand for {@code new CustomerId(value)}. */
    public static CustomerId of(String value) {
        return new CustomerId(value);
    }

    /** A deterministic id for a profile first seen under the given identity. */
    public static CustomerId derivedFrom(Identity identity) {
        String key = identity.type().jsonName() + ":" + identity.value();
        return new CustomerId("c-" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public int compareTo(CustomerId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
