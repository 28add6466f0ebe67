package io.relevans.spi;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * The ids of a record's last applied events ({@link CustomerRecord#recentEvents()}), oldest first, with the
 * hash of each, so that looking an id up (every event is checked against them) reads one small array of
 * hashes instead of the text of every id, which lie wherever the events that brought them were made: at
 * 10,000 customers and more, two cache misses per id. Immutable; equal to any list of the same ids.
 */
final class RecentEvents extends AbstractList<String> implements RandomAccess {

    private static final RecentEvents EMPTY = new RecentEvents(new String[0], new int[0]);

    private final String[] ids;
    private final int[] hashes;

    private RecentEvents(String[] ids, int[] hashes) {
        this.ids = ids;
        this.hashes = hashes;
    }

    /** The last {@link CustomerRecord#RECENT_EVENTS} of the ids, as they are when they are such a list already. */
    static RecentEvents copyOf(List<String> ids) {
        if (ids instanceof RecentEvents r) {
            return r; // immutable, and never longer
        }
        Object[] all = ids.toArray();
        int n = Math.min(all.length, CustomerRecord.RECENT_EVENTS);
        if (n == 0) {
            return EMPTY;
        }
        String[] kept = new String[n];
        int[] hashes = new int[n];
        for (int i = 0; i < n; i++) {
            kept[i] = (String) Objects.requireNonNull(all[all.length - n + i], "event id");
            hashes[i] = kept[i].hashCode();
        }
        return new RecentEvents(kept, hashes);
    }

    /** The last of the ids and one more after them: the ids' hashes are taken as they are, not worked out again. */
    static RecentEvents after(List<String> ids, String id) {
        RecentEvents before = copyOf(ids);
        int keep = Math.min(before.ids.length, CustomerRecord.RECENT_EVENTS - 1);
        int from = before.ids.length - keep;
        String[] kept = new String[keep + 1];
        int[] hashes = new int[keep + 1];
        System.arraycopy(before.ids, from, kept, 0, keep);
        System.arraycopy(before.hashes, from, hashes, 0, keep);
        kept[keep] = Objects.requireNonNull(id, "event id");
        hashes[keep] = id.hashCode();
        return new RecentEvents(kept, hashes);
    }

    @Override
    public String get(int index) {
        return ids[index];
    }

    @Override
    public int size() {
        return ids.length;
    }

    @Override
    public boolean contains(@Nullable Object o) {
        return indexOf(o) >= 0;
    }

    @Override
    public int indexOf(@Nullable Object o) {
        if (o instanceof String s) {
            int h = s.hashCode();
            for (int i = 0; i < hashes.length; i++) {
                if (hashes[i] == h && ids[i].equals(s)) {
                    return i;
                }
            }
        }
        return -1;
    }

    @Override
    public int lastIndexOf(@Nullable Object o) {
        if (o instanceof String s) {
            int h = s.hashCode();
            for (int i = hashes.length - 1; i >= 0; i--) {
                if (hashes[i] == h && ids[i].equals(s)) {
                    return i;
                }
            }
        }
        return -1;
    }
}
