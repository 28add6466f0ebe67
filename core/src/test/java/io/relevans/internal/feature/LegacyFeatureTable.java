package io.relevans.internal.feature;

import io.relevans.spi.FeatureState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The feature state's decoding and encoding before issue 18, kept unchanged as the reference of
 * {@link FeatureTableEquivalenceProperties}: what stored states were written and read with.
 *
 * <p>One customer's decoded feature state: an accumulator per feature key, and the {@link Evaluation}
 * stamp when the state was written together with memberships evaluated on it. Encoded compactly into
 * {@link FeatureState}: the stamp, then per feature its key, kind and cells, with bucket numbers
 * delta-encoded and only the cell fields the kind uses. Version 3 keeps the stamp's {@code until} (as a
 * distance from its moment, 0 for never); versions 1 (no stamp) and 2 (no {@code until}: expired at once) are
 * still read. Mutable, confined to one update.
 */
final class LegacyFeatureTable {
    private static final int UNSTAMPED = 1;
    private static final int STAMPED = 2;
    private static final int STAMPED_UNTIL = 3;

    final TreeMap<Long, Accumulator> byKey = new TreeMap<>();
    final TreeMap<Long, Kind> kinds = new TreeMap<>();
    /** The stamp read, or null. */
    @Nullable Evaluation evaluation;

    static LegacyFeatureTable decode(FeatureState state) {
        LegacyFeatureTable table = new LegacyFeatureTable();
        if (state.size() == 0) {
            return table;
        }
        try (DataInputStream in = new DataInputStream(state.read())) {
            table.evaluation = readStamp(in);
            int features = readVarInt(in);
            for (int f = 0; f < features; f++) {
                long key = in.readLong();
                Kind kind = Kind.values()[in.readUnsignedByte()];
                int size = readVarInt(in);
                Accumulator acc = new Accumulator(size);
                long bucket = 0;
                for (int i = 0; i < size; i++) {
                    bucket = i == 0 ? readZigZag(in) : bucket + readVarLong(in);
                    acc.bucket[i] = bucket;
                    if (kind == Kind.COUNT) {
                        acc.x[i] = readVarLong(in);
                    } else if (kind.usesX()) {
                        acc.x[i] = in.readDouble();
                    }
                    if (kind.usesY()) {
                        acc.y[i] = readZigZag(in);
                    }
                }
                acc.size = size;
                table.byKey.put(key, acc);
                table.kinds.put(key, kind);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("corrupt feature state of " + state.size() + " bytes", e);
        }
        return table;
    }

    /**
     * The stamp of an encoded state, reading only its first bytes; null when it has none.
     *
     * @throws IllegalStateException when the state is corrupt
     */
    static @Nullable Evaluation stampOf(FeatureState state) {
        if (state.size() == 0) {
            return null;
        }
        // the stamp takes at most 1 + 10 + 8 + 10 bytes: read them in one call, parse them here (a re-segmentation
        // reads every customer's stamp)
        byte[] head = new byte[Math.min(state.size(), 29)];
        try (java.io.InputStream in = state.read()) {
            int n = in.readNBytes(head, 0, head.length);
            int[] at = {0};
            int version = head[at[0]++] & 0xFF;
            if (version == UNSTAMPED) {
                return null;
            }
            if (version != STAMPED && version != STAMPED_UNTIL) {
                throw new IllegalStateException("feature state version " + version + " is not supported");
            }
            long moment = unzigzag(varLong(head, n, at));
            long definitions = 0;
            for (int i = 0; i < 8; i++) {
                if (at[0] >= n) {
                    throw new IllegalStateException("the stamp ends early");
                }
                definitions = (definitions << 8) | (head[at[0]++] & 0xFF);
            }
            if (version == STAMPED) {
                return new Evaluation(moment, definitions);
            }
            long distance = varLong(head, n, at);
            return new Evaluation(moment, definitions, distance == 0 ? Long.MAX_VALUE : moment + distance);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("corrupt feature state of " + state.size() + " bytes", e);
        }
    }

    /** A varint at {@code at[0]} of the first {@code n} bytes; moves {@code at[0]} past it. */
    private static long varLong(byte[] bytes, int n, int[] at) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at[0] >= n) {
                throw new IllegalStateException("the stamp ends early");
            }
            int b = bytes[at[0]++];
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalStateException("a varint longer than 64 bits");
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** Reads the version and the stamp; null for an unstamped state. */
    private static @Nullable Evaluation readStamp(DataInputStream in) throws IOException {
        int version = in.readUnsignedByte();
        if (version == UNSTAMPED) {
            return null;
        }
        if (version == STAMPED) {
            return new Evaluation(readZigZag(in), in.readLong());
        }
        if (version == STAMPED_UNTIL) {
            long at = readZigZag(in);
            long definitions = in.readLong();
            long distance = readVarLong(in);
            return new Evaluation(at, definitions, distance == 0 ? Long.MAX_VALUE : at + distance);
        }
        throw new IllegalStateException("feature state version " + version + " is not supported");
    }

    /** The state without a stamp: memberships stored with it are not known to be evaluated on it. */
    FeatureState encode() {
        return encode(null);
    }

    /** The state, stamped when {@code stamp} is not null. */
    FeatureState encode(@Nullable Evaluation stamp) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            int features = 0;
            for (Accumulator a : byKey.values()) {
                features += a.size > 0 ? 1 : 0;
            }
            if (features == 0 && stamp == null) {
                return FeatureState.EMPTY;
            }
            if (stamp == null) {
                out.writeByte(UNSTAMPED);
            } else {
                out.writeByte(STAMPED_UNTIL);
                writeZigZag(out, stamp.at());
                out.writeLong(stamp.definitions());
                // never, or a distance of at least 1 ms (an until at or before the moment is stored as 1 ms)
                writeVarLong(out, stamp.until() == Long.MAX_VALUE ? 0 : Math.max(1, stamp.until() - stamp.at()));
            }
            writeVarLong(out, features);
            for (Map.Entry<Long, Accumulator> e : byKey.entrySet()) {
                Accumulator acc = e.getValue();
                if (acc.size == 0) {
                    continue;
                }
                Kind kind = Objects.requireNonNull(kinds.get(e.getKey()), "a feature's kind is kept with its cells");
                out.writeLong(e.getKey());
                out.writeByte(kind.ordinal());
                writeVarLong(out, acc.size);
                for (int i = 0; i < acc.size; i++) {
                    if (i == 0) {
                        writeZigZag(out, acc.bucket[0]);
                    } else {
                        writeVarLong(out, acc.bucket[i] - acc.bucket[i - 1]);
                    }
                    if (kind == Kind.COUNT) {
                        writeVarLong(out, (long) acc.x[i]);
                    } else if (kind.usesX()) {
                        out.writeDouble(acc.x[i]);
                    }
                    if (kind.usesY()) {
                        writeZigZag(out, acc.y[i]);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return FeatureState.of(bytes.toByteArray());
    }

    private static void writeZigZag(DataOutputStream out, long v) throws IOException {
        writeVarLong(out, (v << 1) ^ (v >> 63));
    }

    private static long readZigZag(DataInputStream in) throws IOException {
        long v = readVarLong(in);
        return (v >>> 1) ^ -(v & 1);
    }

    private static void writeVarLong(DataOutputStream out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static long readVarLong(DataInputStream in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("varint too long");
    }

    private static int readVarInt(DataInputStream in) throws IOException {
        long v = readVarLong(in);
        if (v < 0 || v > 1_000_000) {
            throw new IOException("count out of range: " + v);
        }
        return (int) v;
    }
}
