package io.relevans.kafka.internal;

import io.relevans.customer.CustomerId;
import java.time.Instant;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Text keys of the partition's stores that sort as the stores need: a customer's entries together
 * (prefix scans), moments in time order (range scans). A zero character separates the parts: it sorts
 * before every other, so a customer's prefix never takes in another customer whose id starts the same.
 */
final class Keys {

    /** Separates the parts of a key. */
    static final char SEP = '\u0000';

    /** Writes prefixes for prefix scans as the stores' keys are written. */
    static final StringSerializer SERIALIZER = new StringSerializer();

    private Keys() {
    }

    /** The prefix of a customer's entries. */
    static String of(CustomerId customer) {
        return customer.value() + SEP;
    }

    /** A moment as 20 digits that sort as the moments do, before and after 1970. */
    static String moment(Instant at) {
        String digits = Long.toUnsignedString(at.toEpochMilli() ^ Long.MIN_VALUE);
        return "0".repeat(20 - digits.length()) + digits;
    }

    /** The moment {@link #moment(Instant)} wrote as digits. */
    static Instant instant(String digits) {
        return Instant.ofEpochMilli(Long.parseUnsignedLong(digits) ^ Long.MIN_VALUE);
    }

    /** A key after every key that starts with the prefix (for range scans up to it). */
    static String after(String prefix) {
        return prefix + '\uffff';
    }
}
