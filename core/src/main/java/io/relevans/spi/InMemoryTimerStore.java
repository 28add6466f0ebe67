package io.relevans.spi;

import io.relevans.customer.CustomerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
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
 */
public final class InMemoryTimerStore implements TimerStore {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryTimerStore.class);

    /** Orders keys by customer, program, kind. */
    static final Comparator<Timer.Key> KEY_ORDER = Comparator.comparing(Timer.Key::customer)
            .thenComparing(Timer.Key::program)
            .thenComparing(Timer.Key::kind);

    /** Orders timers by due time, then key: a total order over stored timers, as keys are unique. */
    private static final Comparator<Timer> DUE_ORDER = Comparator.comparing(Timer::due)
            .thenComparing(Timer::key, KEY_ORDER);

    private final Object lock = new Object();
    private final Map<Timer.Key, Timer> byKey = new HashMap<>();
    private final TreeSet<Timer> byDue = new TreeSet<>(DUE_ORDER);
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
            Timer old = byKey.put(key, timer);
            if (old != null) {
                byDue.remove(old);
            }
            byDue.add(timer);
            TreeMap<Timer.Key, Timer> own = byCustomer.computeIfAbsent(key.customer(), c -> new TreeMap<>(KEY_ORDER));
            own.put(key, timer);
            snapshots.put(key.customer(), List.copyOf(own.values()));
        }
        LOG.debug("scheduled {} timer of program {} for customer {} at {}", key.kind(), key.program(),
                key.customer(), timer.due());
    }

    @Override
    public boolean cancel(Timer.Key key) {
        Objects.requireNonNull(key, "key");
        synchronized (lock) {
            Timer old = byKey.remove(key);
            if (old == null) {
                return false;
            }
            byDue.remove(old);
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
            for (Timer t : byDue) {
                if (result.size() >= limit || t.due().isAfter(now)) {
                    break;
                }
                result.add(t);
            }
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
                byDue.remove(t);
            }
            removed = own.size();
        }
        LOG.debug("erased {} timers of customer {}", removed, customer);
    }
}
