package io.relevans.internal.feature;

import io.relevans.spi.FeatureState;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One customer's decoded feature state: an accumulator per feature key, and the {@link Evaluation}
 * stamp when the state was written together with memberships evaluated on it. Encoded compactly into
 * {@link FeatureState}: the stamp, then per feature its key, kind and cells, with bucket numbers
 * delta-encoded and only the cell fields the kind uses. Version 3 keeps the stamp's {@code until} (as a
 * distance from its moment, 0 for never); versions 1 (no stamp) and 2 (no {@code until}: expired at once) are
 * still read.
 *
 * <p>The table holds the features of a {@link Layout}, by position: a plan's features sorted by key (the
 * order they are encoded in), so that a plan reads a feature's cells by an index fixed when it was compiled,
 * with no map and no boxed key; a feature of the state outside the layout is left out when decoded
 * ({@link #dropped}). The bytes are parsed and written directly, without streams; a feature whose cells did
 * not change since they were decoded is written again by copying its bytes. Mutable, confined to one update:
 * whoever changes cells says so ({@link #put}, {@link #touched}).
 */
final class FeatureTable {
    private static final int UNSTAMPED = 1;
    private static final int STAMPED = 2;
    private static final int STAMPED_UNTIL = 3;
    private static final Kind[] KINDS = Kind.values();
    /** Scratch buffers kept per thread up to this size (a larger state gets a buffer of its own). */
    private static final int KEPT_BUFFER = 1 << 16;
    /** Per thread, the buffer states are encoded in (then copied out). */
    private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[][] {new byte[1024]});

    /**
     * The features a table may hold: their keys in ascending (signed) order, the order of the encoding,
     * and each one's kind. Immutable once built.
     *
     * @param keys  ascending, no duplicates
     * @param kinds the kind of the feature at each position
     */
    record Layout(long[] keys, Kind[] kinds) {

        /**
         * The position of the key, or -1. A state lists its keys in ascending order, as the layout does: the
         * search walks on from {@code hint} (the position after the key found last), and searches all the
         * keys before it only for a key not above the one found last.
         */
        int find(long key, int hint) {
            int at = hint;
            while (at < keys.length && keys[at] < key) {
                at++;
            }
            if (at < keys.length && keys[at] == key) {
                return at;
            }
            if (hint > 0 && key <= keys[hint - 1]) {
                at = Arrays.binarySearch(keys, 0, hint, key);
                return at >= 0 ? at : -1;
            }
            return -1;
        }
    }

    final Layout layout;
    /** The cells of the feature at each position of the layout; null where it has none. */
    private final @Nullable Accumulator[] accs;
    /**
     * The bytes decoded, and per position where its feature's encoding (key to last cell) lies in them: a
     * feature whose cells did not change since ({@link #changed}) is written again by copying those bytes.
     */
    private byte @Nullable [] source;
    private final int[] from;
    private final int[] to;
    /** Whether the cells at the position were changed or replaced since decoding (or not decoded). */
    private final boolean[] changed;
    /** The stamp read, or null. */
    @Nullable Evaluation evaluation;
    /** Whether the state decoded held features outside the layout, left out: encoding it changes it. */
    boolean dropped;

    FeatureTable(Layout layout) {
        this.layout = layout;
        int n = layout.keys().length;
        this.accs = new Accumulator[n];
        this.from = new int[n];
        this.to = new int[n];
        this.changed = new boolean[n];
    }

    /** The cells of the feature at the position, or null. */
    @Nullable Accumulator at(int position) {
        return accs[position];
    }

    /** Replaces the cells at the position (null: none). */
    void put(int position, @Nullable Accumulator acc) {
        accs[position] = acc;
        changed[position] = true;
    }

    /** Records that the cells at the position were changed in place. */
    void touched(int position) {
        changed[position] = true;
    }

    /**
     * Decodes a state into a table of the layout; features of other keys (or of another kind than the
     * layout's) are left out and {@link #dropped} set.
     *
     * @throws IllegalStateException when the state is corrupt
     */
    static FeatureTable decode(FeatureState state, Layout layout) {
        FeatureTable table = new FeatureTable(layout);
        if (state.size() == 0) {
            return table;
        }
        byte[] bytes = state.toBytes(); // kept: unchanged features are copied from them
        table.source = bytes;
        Reader in = new Reader(bytes, bytes.length);
        try {
            table.evaluation = readStamp(in);
            int features = in.count();
            int hint = 0;
            for (int f = 0; f < features; f++) {
                int start = in.at;
                long key = in.fixedLong();
                Kind kind = KINDS[in.u8()];
                int size = in.count();
                int at = layout.find(key, hint);
                if (at < 0 || layout.kinds()[at] != kind) {
                    skipCells(in, kind, size);
                    table.dropped = true;
                    continue;
                }
                table.accs[at] = readCells(in, kind, size);
                table.from[at] = start;
                table.to[at] = in.at;
                table.changed[at] = false; // a key written twice (never by this encoder): the later one
                hint = at + 1;
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException("corrupt feature state of " + state.size() + " bytes", e);
        }
        return table;
    }

    /**
     * Decodes a state with every feature it holds (a layout of its own keys): for tests and tools that
     * read a state without a plan.
     *
     * @throws IllegalStateException when the state is corrupt
     */
    static FeatureTable decode(FeatureState state) {
        if (state.size() == 0) {
            return new FeatureTable(new Layout(new long[0], new Kind[0]));
        }
        byte[] bytes = state.toBytes();
        Reader in = new Reader(bytes, bytes.length);
        try {
            readStamp(in);
            int features = in.count();
            long[] keys = new long[features];
            Kind[] kinds = new Kind[features];
            int n = 0;
            for (int f = 0; f < features; f++) {
                long key = in.fixedLong();
                Kind kind = KINDS[in.u8()];
                skipCells(in, kind, in.count());
                int at = Arrays.binarySearch(keys, 0, n, key);
                if (at >= 0) {
                    kinds[at] = kind; // a key written twice: the later one counts, as it did in a map
                    continue;
                }
                at = -at - 1;
                System.arraycopy(keys, at, keys, at + 1, n - at);
                System.arraycopy(kinds, at, kinds, at + 1, n - at);
                keys[at] = key;
                kinds[at] = kind;
                n++;
            }
            return decode(state, new Layout(Arrays.copyOf(keys, n), Arrays.copyOf(kinds, n)));
        } catch (RuntimeException e) {
            throw new IllegalStateException("corrupt feature state of " + state.size() + " bytes", e);
        }
    }

    private static Accumulator readCells(Reader in, Kind kind, int size) {
        Accumulator acc = new Accumulator(size);
        long bucket = 0;
        boolean count = kind == Kind.COUNT;
        boolean usesX = kind.usesX();
        boolean usesY = kind.usesY();
        for (int i = 0; i < size; i++) {
            bucket = i == 0 ? in.zigZag() : bucket + in.varLong();
            acc.bucket[i] = bucket;
            if (count) {
                acc.x[i] = in.varLong();
            } else if (usesX) {
                acc.x[i] = Double.longBitsToDouble(in.fixedLong());
            }
            if (usesY) {
                acc.y[i] = in.zigZag();
            }
        }
        acc.size = size;
        return acc;
    }

    private static void skipCells(Reader in, Kind kind, int size) {
        boolean count = kind == Kind.COUNT;
        boolean usesX = kind.usesX();
        boolean usesY = kind.usesY();
        for (int i = 0; i < size; i++) {
            in.varLong(); // the bucket, or its distance from the one before
            if (count) {
                in.varLong();
            } else if (usesX) {
                in.fixedLong();
            }
            if (usesY) {
                in.varLong();
            }
        }
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
        try (InputStream in = state.read()) {
            int n = in.readNBytes(head, 0, head.length);
            return readStamp(new Reader(head, n));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("corrupt feature state of " + state.size() + " bytes", e);
        }
    }

    /** Reads the version and the stamp; null for an unstamped state. */
    private static @Nullable Evaluation readStamp(Reader in) {
        int version = in.u8();
        if (version == UNSTAMPED) {
            return null;
        }
        if (version == STAMPED) {
            return new Evaluation(in.zigZag(), in.fixedLong());
        }
        if (version == STAMPED_UNTIL) {
            long at = in.zigZag();
            long definitions = in.fixedLong();
            long distance = in.varLong();
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
        int features = 0;
        for (Accumulator a : accs) {
            features += a != null && a.size > 0 ? 1 : 0;
        }
        if (features == 0 && stamp == null) {
            return FeatureState.EMPTY;
        }
        Writer out = new Writer(SCRATCH.get());
        if (stamp == null) {
            out.u8(UNSTAMPED);
        } else {
            out.u8(STAMPED_UNTIL);
            out.zigZag(stamp.at());
            out.fixedLong(stamp.definitions());
            // never, or a distance of at least 1 ms (an until at or before the moment is stored as 1 ms)
            out.varLong(stamp.until() == Long.MAX_VALUE ? 0 : Math.max(1, stamp.until() - stamp.at()));
        }
        out.varLong(features);
        long[] keys = layout.keys();
        Kind[] kinds = layout.kinds();
        byte[] read = source;
        for (int p = 0; p < accs.length; p++) {
            Accumulator acc = accs[p];
            if (acc == null || acc.size == 0) {
                continue;
            }
            if (read != null && !changed[p]) {
                out.copy(read, from[p], to[p]); // as decoded: the same bytes
                continue;
            }
            Kind kind = kinds[p];
            boolean count = kind == Kind.COUNT;
            boolean usesX = kind.usesX();
            boolean usesY = kind.usesY();
            out.fixedLong(keys[p]);
            out.u8(kind.ordinal());
            out.varLong(acc.size);
            for (int i = 0; i < acc.size; i++) {
                if (i == 0) {
                    out.zigZag(acc.bucket[0]);
                } else {
                    out.varLong(acc.bucket[i] - acc.bucket[i - 1]);
                }
                if (count) {
                    out.varLong((long) acc.x[i]);
                } else if (usesX) {
                    out.fixedLong(Double.doubleToLongBits(acc.x[i]));
                }
                if (usesY) {
                    out.zigZag(acc.y[i]);
                }
            }
        }
        return out.state();
    }

    /** Reads the encoding from the first {@code n} bytes of an array; fails past them. */
    private static final class Reader {
        private final byte[] bytes;
        private final int n;
        /** The position of the next byte. */
        int at;

        Reader(byte[] bytes, int n) {
            this.bytes = bytes;
            this.n = n;
        }

        int u8() {
            if (at >= n) {
                throw new IllegalStateException("the feature state ends early");
            }
            return bytes[at++] & 0xFF;
        }

        /** Eight bytes, most significant first (as {@code DataOutputStream.writeLong} wrote them). */
        long fixedLong() {
            if (n - at < 8) {
                throw new IllegalStateException("the feature state ends early");
            }
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (bytes[at++] & 0xFF);
            }
            return v;
        }

        long varLong() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = u8();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalStateException("varint too long");
        }

        long zigZag() {
            long v = varLong();
            return (v >>> 1) ^ -(v & 1);
        }

        /** A count of features or cells. */
        int count() {
            long v = varLong();
            if (v < 0 || v > 1_000_000) {
                throw new IllegalStateException("count out of range: " + v);
            }
            return (int) v;
        }
    }

    /** Writes the encoding into this thread's write buffer, growing it as needed. */
    private static final class Writer {
        private final byte[][] scratch;
        private byte[] bytes;
        private int n;

        Writer(byte[][] scratch) {
            this.scratch = scratch;
            this.bytes = scratch[0];
        }

        private void room(int more) {
            if (n + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(n + more, 2 * bytes.length));
                if (bytes.length <= KEPT_BUFFER) {
                    scratch[0] = bytes;
                }
            }
        }

        void u8(int v) {
            room(1);
            bytes[n++] = (byte) v;
        }

        void fixedLong(long v) {
            room(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes[n++] = (byte) (v >>> shift);
            }
        }

        void varLong(long v) {
            room(10);
            while ((v & ~0x7FL) != 0) {
                bytes[n++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes[n++] = (byte) v;
        }

        void zigZag(long v) {
            varLong((v << 1) ^ (v >> 63));
        }

        /** The bytes {@code start..end-1} of the array. */
        void copy(byte[] from, int start, int end) {
            room(end - start);
            System.arraycopy(from, start, bytes, n, end - start);
            n += end - start;
        }

        FeatureState state() {
            return FeatureState.of(bytes, n);
        }
    }
}
