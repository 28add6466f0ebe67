package io.relevans.spi;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The engine's compact, opaque encoding of one customer's features: what the loaded definitions
 * need, never the raw events. Stores keep it as bytes (a {@code bytea} or {@code BLOB} column) and
 * give it back unchanged. Immutable; equal when the bytes are equal.
 */
public final class FeatureState {

    /** A customer with no features yet. */
    public static final FeatureState EMPTY = new FeatureState(new byte[0]);

    private final byte[] bytes;

    private FeatureState(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps bytes previously obtained from {@link #toBytes()}; the array is copied. */
    public static FeatureState of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new FeatureState(bytes.clone());
    }

    /**
     * Wraps the first {@code length} bytes of an array, copied (an encoder writing into a buffer it reuses).
     *
     * @throws IndexOutOfBoundsException when {@code length} is negative or beyond the array
     */
    public static FeatureState of(byte[] bytes, int length) {
        java.util.Objects.checkFromIndexSize(0, length, bytes.length);
        return length == 0 ? EMPTY : new FeatureState(Arrays.copyOf(bytes, length));
    }

    /** A copy of the encoded bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The encoded bytes to read, without a copy. */
    public java.io.InputStream read() {
        return new java.io.ByteArrayInputStream(bytes);
    }

    /** The number of encoded bytes. */
    public int size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureState other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "FeatureState[" + bytes.length + " bytes" + (bytes.length <= 16 ? " " + HexFormat.of().formatHex(bytes) : "")
                + "]";
    }
}
