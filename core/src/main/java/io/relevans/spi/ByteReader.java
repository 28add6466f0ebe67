package io.relevans.spi;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Reads what a {@link ByteWriter} wrote, failing on anything else with an {@link IllegalArgumentException} that
 * names what was read and the offset: "corrupt customer record: attribute count at offset 12: ...".
 */
final class ByteReader {

    /**
     * The most bytes of a name written as text or of an event id: far more than real ones take (a record takes any
     * string), a bound on what corrupt bytes can make the reader allocate beside the bytes left.
     */
    static final int MAX_NAME_BYTES = 1 << 20;

    private final byte[] buf;
    private int pos;
    private char[] chars = new char[0]; // for text that is not ASCII only

    ByteReader(byte[] buf) {
        this.buf = buf;
    }

    int position() {
        return pos;
    }

    boolean atEnd() {
        return pos == buf.length;
    }

    Corrupt corrupt(String what, int at, String why) {
        return new Corrupt("corrupt customer record: " + what + " at offset " + at + ": " + why, null);
    }

    Corrupt corrupt(String what, int at, RuntimeException cause) {
        return new Corrupt("corrupt customer record: " + what + " at offset " + at + ": " + cause.getMessage(), cause);
    }

    /** Bytes that are not a record: what was read, where, and why it failed. */
    static final class Corrupt extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Corrupt(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }

    int readByte(String what) {
        if (pos >= buf.length) {
            throw corrupt(what, pos, "the record ends");
        }
        return buf[pos++] & 0xFF;
    }

    long readVarint(String what) {
        int at = pos;
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= buf.length) {
                throw corrupt(what, at, "the record ends");
            }
            byte b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw corrupt(what, at, "a number longer than 10 bytes");
    }

    long readSigned(String what) {
        long v = readVarint(what);
        return (v >>> 1) ^ -(v & 1);
    }

    long readLong(String what) {
        if (buf.length - pos < 8) {
            throw corrupt(what, pos, "the record ends");
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (buf[pos++] & 0xFFL) << (8 * i);
        }
        return v;
    }

    /**
     * A count of things that follow, each taking at least one byte.
     *
     * @param max the most there may be
     */
    int readCount(String what, int max) {
        int at = pos;
        long n = readVarint(what);
        if (n > max || n > buf.length - pos) {
            throw corrupt(what, at, n + " is more than " + Math.min(max, buf.length - pos) + " (the limit or what the"
                    + " bytes left can hold)");
        }
        return (int) n;
    }

    /** An enum constant by ordinal. */
    <E> E readEnum(String what, E[] values) {
        int at = pos;
        int i = readByte(what);
        if (i >= values.length) {
            throw corrupt(what, at, "no value " + i + " (there are " + values.length + ")");
        }
        return values[i];
    }

    Instant readInstant(String what) {
        int at = pos;
        long v = readVarint(what);
        long z = v >>> 1;
        long seconds = (z >>> 1) ^ -(z & 1);
        long nanos = 0;
        if ((v & 1) != 0) {
            nanos = readVarint(what);
            if (nanos < 1 || nanos > 999_999_999) {
                throw corrupt(what, at, "nanoseconds " + nanos + " outside 1..999999999");
            }
        }
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException e) {
            throw corrupt(what, at, e);
        }
    }

    /**
     * A string, at most {@code maxBytes} encoded bytes.
     */
    String readString(String what, int maxBytes) {
        int at = pos;
        int n = readCount(what, maxBytes);
        int end = pos + n;
        int i = pos;
        while (i < end && buf[i] >= 0) {
            i++;
        }
        if (i == end) { // ASCII: one byte a character
            String s = new String(buf, pos, n, StandardCharsets.ISO_8859_1);
            pos = end;
            return s;
        }
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        int c = 0;
        while (pos < end) {
            int b = buf[pos++] & 0xFF;
            if (b < 0x80) {
                chars[c++] = (char) b;
            } else if ((b & 0xE0) == 0xC0 && pos < end) {
                chars[c++] = (char) ((b & 0x1F) << 6 | continuation(what, at, end));
            } else if ((b & 0xF0) == 0xE0 && pos + 1 < end) {
                int hi = continuation(what, at, end);
                chars[c++] = (char) ((b & 0x0F) << 12 | hi << 6 | continuation(what, at, end));
            } else {
                throw corrupt(what, at, "not CESU-8 text (byte 0x" + Integer.toHexString(b) + " at offset "
                        + (pos - 1) + ")");
            }
        }
        return new String(chars, 0, c);
    }

    private int continuation(String what, int at, int end) {
        int b = buf[pos++] & 0xFF;
        if ((b & 0xC0) != 0x80) {
            throw corrupt(what, at, "not CESU-8 text (byte 0x" + Integer.toHexString(b) + " at offset " + (pos - 1)
                    + ")");
        }
        return b & 0x3F;
    }

    /** A name written by {@link ByteWriter#writeName}: an entry of the table, or text when it was full. */
    NameTable.Entry readName(String what, NameTable names) {
        int at = pos;
        long ref = readVarint(what);
        if (ref == 0) {
            return new NameTable.Entry(readString(what, MAX_NAME_BYTES));
        }
        if (ref > Integer.MAX_VALUE) {
            throw corrupt(what, at, "name index " + (ref - 1) + " out of range");
        }
        try {
            return names.entry((int) ref - 1);
        } catch (IllegalArgumentException e) {
            throw corrupt(what, at, e);
        }
    }

    void skip(String what, int n) {
        if (buf.length - pos < n) {
            throw corrupt(what, pos, "the record ends");
        }
        pos += n;
    }
}
