package io.relevans.spi;

import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.Purpose;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The names a {@link RecordCodec} writes as small indices instead of their text: attribute, segment and program
 * names, categories, channels and purposes, which come from the retailer's schema and definitions, not from
 * customers. Append-only and bounded: once it holds {@link #MAX_NAMES} names, further names are written as text
 * (so a flood of distinct names costs bytes, never an unbounded table). Thread-safe; looking a name up by index
 * takes no lock.
 *
 * <p>Each entry also keeps the channel, purpose and category of its name once one was asked for, so that
 * decoding does not validate the same name again and again.
 */
final class NameTable {

    /** At most this many names; later names are written as text. */
    static final int MAX_NAMES = 1 << 16;

    private final int capacity;
    private final ConcurrentHashMap<String, Integer> indices = new ConcurrentHashMap<>();
    // replaced on growth; an entry is written before its index is published through `indices`, and a reader only
    // asks for indices read from bytes encoded after that (published through the store's map)
    private volatile Entry[] entries = new Entry[64];
    private int size; // guarded by this

    /** An empty table of up to {@link #MAX_NAMES} names. */
    NameTable() {
        this(MAX_NAMES);
    }

    /** An empty table of up to {@code capacity} names (tests of the limit). */
    NameTable(int capacity) {
        this.capacity = capacity;
    }

    /** The index of the name, adding it when new; -1 when the table is full and the name not in it. */
    int indexOf(String name) {
        Integer i = indices.get(name);
        return i != null ? i : add(name);
    }

    private synchronized int add(String name) {
        Integer known = indices.get(name);
        if (known != null) {
            return known;
        }
        if (size >= capacity) {
            return -1;
        }
        Entry[] e = entries;
        if (size == e.length) {
            e = Arrays.copyOf(e, e.length * 2);
        }
        e[size] = new Entry(name);
        entries = e;
        indices.put(name, size);
        return size++;
    }

    /** How many names the table holds. */
    int size() {
        return indices.size();
    }

    /**
     * The entry at the index.
     *
     * @throws IllegalArgumentException when there is no name at the index
     */
    Entry entry(int index) {
        Entry[] e = entries;
        Entry found = index >= 0 && index < e.length ? e[index] : null;
        if (found == null) {
            throw new IllegalArgumentException("no name at index " + index + " of the name table");
        }
        return found;
    }

    /** One name, with the channel, purpose and category of that name once made (benign races: all immutable). */
    static final class Entry {
        final String name;
        private @Nullable Channel channel;
        private @Nullable Purpose purpose;
        private @Nullable Category category;

        Entry(String name) {
            this.name = name;
        }

        Channel channel() {
            Channel c = channel;
            return c != null ? c : (channel = Channel.of(name));
        }

        Purpose purpose() {
            Purpose p = purpose;
            return p != null ? p : (purpose = Purpose.of(name));
        }

        Category category() {
            Category c = category;
            return c != null ? c : (category = Category.of(name));
        }
    }
}
