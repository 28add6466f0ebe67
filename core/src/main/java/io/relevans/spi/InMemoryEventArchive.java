package io.relevans.spi;

import io.relevans.customer.Identity;
import io.relevans.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The in-memory {@link EventArchive}: per identity, its events by time and id; lost on restart.
 * Thread-safe: calls are serialised; readers work on a copy taken when the call starts.
 */
final class InMemoryEventArchive implements EventArchive {

    private final Object lock = new Object();
    private final Map<Identity, TreeMap<Key, Event>> byIdentity = new HashMap<>();
    private final Map<Identity, java.util.Set<String>> ids = new HashMap<>();

    /** An event's place under its identity. */
    private record Key(Instant time, String id) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = time.compareTo(o.time);
            return c != 0 ? c : id.compareTo(o.id);
        }
    }

    @Override
    public void append(List<Event> events) {
        synchronized (lock) {
            for (Event e : events) {
                if (ids.computeIfAbsent(e.customer(), k -> new java.util.HashSet<>()).add(e.id())) {
                    byIdentity.computeIfAbsent(e.customer(), k -> new TreeMap<>()).put(new Key(e.time(), e.id()), e);
                }
            }
        }
    }

    @Override
    public void forEachOf(Collection<Identity> identities, Instant from, Consumer<Event> action) {
        Objects.requireNonNull(from, "from");
        List<Event> out = new ArrayList<>();
        synchronized (lock) {
            for (Identity i : identities) {
                TreeMap<Key, Event> own = byIdentity.get(i);
                if (own != null) {
                    out.addAll(own.tailMap(new Key(from, ""), true).values());
                }
            }
        }
        out.sort(ORDER);
        out.forEach(action);
    }

    @Override
    public void forEach(Instant from, Consumer<Event> action) {
        List<Event> out = new ArrayList<>();
        synchronized (lock) {
            for (TreeMap<Key, Event> own : byIdentity.values()) {
                out.addAll(own.tailMap(new Key(from, ""), true).values());
            }
        }
        out.sort(ORDER);
        out.forEach(action);
    }

    @Override
    public long erase(Collection<Identity> identities) {
        long removed = 0;
        synchronized (lock) {
            for (Identity i : identities) {
                TreeMap<Key, Event> own = byIdentity.remove(i);
                ids.remove(i);
                removed += own == null ? 0 : own.size();
            }
        }
        return removed;
    }

    @Override
    public long dropBefore(Instant cutoff) {
        long removed = 0;
        synchronized (lock) {
            for (var it = byIdentity.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Identity, TreeMap<Key, Event>> own = it.next();
                var old = own.getValue().headMap(new Key(cutoff, ""), false);
                removed += old.size();
                java.util.Set<String> known = Objects.requireNonNull(ids.get(own.getKey()), "indexed by identity");
                old.values().forEach(e -> known.remove(e.id()));
                old.clear();
                if (own.getValue().isEmpty()) {
                    it.remove();
                    ids.remove(own.getKey());
                }
            }
        }
        return removed;
    }
}
