package io.relevans.spi;

import io.relevans.customer.CustomerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link TimerStore}: timers in memory, lost when the process ends. Suited to tests,
 * simulations and backtests. Thread-safe: every operation holds one lock per store.
 *
 * <p>{@link #due(Instant, int)} answers earliest first; timers due at the same moment are ordered by
 * customer id, then program name, then kind, so the answer does not depend on the order of
 * scheduling. {@link #of(CustomerId)} answers in key order (customer, program, kind) although the
 * interface promises no order.
 *
 * <p>The timers by due time are a binary heap whose replaced and cancelled entries are dropped when they
 * come to the top or when they outnumber the live ones: scheduling a timer (most events of a customer in
 * a program move one) costs a comparison or two instead of a walk down and a rebalance of a tree of every
 * timer, twice (the old entry out, the new one in).
 */
public final class InMemoryTimerStore implements TimerStore {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryTimerStore.class);

    /** Orders keys by customer, program, kind. */
    static final Comparator<Timer.Key> KEY_ORDER = Comparator.comparing(Timer.Key::customer)
            .thenComparing(Timer.Key::program)
            .thenComparing(Timer.Key::kind);

    /** Orders timers by due time, then key (customer, program, kind): a total order over stored timers. */
    private static final Comparator<Timer> DUE_ORDER = Comparator.comparing(Timer::due)
            .thenComparing(Timer::customer)
            .thenComparing(Timer::program)
            .thenComparing(Timer::kind);

    private static final Comparator<Entry> ENTRY_ORDER = (a, b) -> DUE_ORDER.compare(a.timer, b.timer);

    /** Fewer dropped entries than this are never worth a rebuild of the heap. */
    private static final int MIN_STALE_TO_COMPACT = 1024;

    /** One scheduling of a timer, in the heap; live while {@link #byKey} maps its key to this very entry. */
    private static final class Entry {
        final Timer timer;

        Entry(Timer timer) {
            this.timer = timer;
        }
    }

    private final Object lock = new Object();
    private final Map<Timer.Key, Entry> byKey = new HashMap<>();
    private PriorityQueue<Entry> byDue = new PriorityQueue<>(ENTRY_ORDER);
    /** Entries in the heap that are no longer live (replaced or cancelled). */
    private int stale;
    private final Map<CustomerId, TreeMap<Timer.Key, Timer>> byCustomer = new HashMap<>();
    /** Each customer's timers in key order, replaced under the lock: read without it. */
    private final Map<CustomerId, List<Timer>> snapshots = new ConcurrentHashMap<>();

    /** An empty store. */
    public InMemoryTimerStore() {
    }

    @Override
    public void schedule(Timer timer) {
        Objects.requireNonNull(timer, "timer");
        Timer.Key key = timer.key();
        synchronized (lock) {
            Entry entry = new Entry(timer);
            Entry replaced = byKey.put(key, entry);
            byDue.add(entry);
            if (replaced != null) {
                dropped(); // after the new entry is in: a rebuild takes the live ones
            }
            TreeMap<Timer.Key, Timer> own = byCustomer.computeIfAbsent(key.customer(), c -> new TreeMap<>(KEY_ORDER));
            own.put(key, timer);
            snapshots.put(key.customer(), List.copyOf(own.values()));
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("scheduled {} timer of program {} for customer {} at {}", key.kind(), key.program(),
                    key.customer(), timer.due());
        }
    }

    @Override
    public boolean cancel(Timer.Key key) {
        Objects.requireNonNull(key, "key");
        synchronized (lock) {
            Entry old = byKey.remove(key);
            if (old == null) {
                return false;
            }
            dropped();
            TreeMap<Timer.Key, Timer> own = Objects.requireNonNull(byCustomer.get(key.customer()), "indexed by customer");
            own.remove(key);
            if (own.isEmpty()) {
                byCustomer.remove(key.customer());
                snapshots.remove(key.customer());
            } else {
                snapshots.put(key.customer(), List.copyOf(own.values()));
            }
            return true;
        }
    }

    /** Counts an entry of the heap that is no longer live; rebuilds the heap when they outnumber the live ones. */
    private void dropped() {
        stale++;
        if (stale >= MIN_STALE_TO_COMPACT && stale > byKey.size()) {
            PriorityQueue<Entry> live = new PriorityQueue<>(Math.max(1, byKey.size()), ENTRY_ORDER);
            live.addAll(byKey.values());
            byDue = live;
            stale = 0;
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the limit is negative
     */
    @Override
    public List<Timer> due(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        List<Timer> result = new ArrayList<>(Math.min(limit, 64));
        synchronized (lock) {
            List<Entry> taken = new ArrayList<>(Math.min(limit, 64));
            for (Entry e = byDue.peek(); e != null && result.size() < limit && !e.timer.due().isAfter(now);
                 e = byDue.peek()) {
                byDue.poll();
                if (byKey.get(e.timer.key()) != e) {
                    stale--; // replaced or cancelled: gone for good
                    continue;
                }
                taken.add(e);
                result.add(e.timer);
            }
            byDue.addAll(taken); // still stored: due until fired and cancelled or replaced
        }
        return result;
    }

    /**
     * {@inheritDoc} This store answers in key order: program, then kind, from a snapshot kept per
     * customer (no lock: ingestion on several threads does not wait here).
     */
    @Override
    public List<Timer> of(CustomerId customer) {
        Objects.requireNonNull(customer, "customer");
        return snapshots.getOrDefault(customer, List.of());
    }

    @Override
    public void eraseCustomer(CustomerId customer) {
        Objects.requireNonNull(customer, "customer");
        int removed;
        synchronized (lock) {
            TreeMap<Timer.Key, Timer> own = byCustomer.remove(customer);
            snapshots.remove(customer);
            if (own == null) {
                return;
            }
            for (Timer t : own.values()) {
                byKey.remove(t.key());
                dropped();
            }
            removed = own.size();
        }
        LOG.debug("erased {} timers of customer {}", removed, customer);
    }
}
