package io.relevans.spi;

import java.time.Instant;
import java.util.Arrays;

/**
 * Writes a record's bytes into a growing array: unsigned and zig-zag varints, instants, and strings in CESU-8 (UTF-8
 * with each UTF-16 unit on its own, so that any Java string, unpaired surrogates included, reads back exactly).
 */
final class ByteWriter {

    private byte[] buf = new byte[256];
    private int pos;

    int position() {
        return pos;
    }

    void writeByte(int b) {
        if (pos == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[pos++] = (byte) b;
    }

    private void ensure(int more) {
        if (buf.length - pos < more) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }

    /** An unsigned varint: 7 bits a byte, low first. */
    void writeVarint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    /** A signed number as a zig-zag varint: small magnitudes take few bytes. */
    void writeSigned(long v) {
        writeVarint((v << 1) ^ (v >> 63));
    }

    void writeLong(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[pos++] = (byte) (v >>> (8 * i));
        }
    }

    /** Seconds zig-zagged and shifted left by one, the low bit telling whether nanoseconds follow. */
    void writeInstant(Instant t) {
        long s = t.getEpochSecond();
        int nanos = t.getNano();
        writeVarint(((s << 1) ^ (s >> 63)) << 1 | (nanos != 0 ? 1 : 0));
        if (nanos != 0) {
            writeVarint(nanos);
        }
    }

    /** The number of encoded bytes, then the bytes. */
    void writeString(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                bytes += c < 0x800 ? 1 : 2;
            }
        }
        writeVarint(bytes);
        ensure(bytes);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[pos++] = (byte) c;
            } else if (c < 0x800) {
                buf[pos++] = (byte) (0xC0 | c >> 6);
                buf[pos++] = (byte) (0x80 | c & 0x3F);
            } else {
                buf[pos++] = (byte) (0xE0 | c >> 12);
                buf[pos++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[pos++] = (byte) (0x80 | c & 0x3F);
            }
        }
    }

    /** A name of the table as its index plus one, or 0 and its text when the table is full. */
    void writeName(NameTable names, String name) {
        int i = names.indexOf(name);
        writeVarint(i + 1L);
        if (i < 0) {
            writeString(name);
        }
    }

    void writeBytes(byte[] b, int from, int length) {
        ensure(length);
        System.arraycopy(b, from, buf, pos, length);
        pos += length;
    }

    byte[] toArray() {
        return Arrays.copyOf(buf, pos);
    }
}
