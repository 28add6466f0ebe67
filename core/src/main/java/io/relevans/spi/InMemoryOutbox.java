package io.relevans.spi;

import io.relevans.customer.CustomerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link Outbox}: messages in memory, lost when the process ends. Suited to tests,
 * simulations and backtests. Thread-safe: every change holds one lock per outbox; {@link
 * #of(CustomerId)} reads a per-customer snapshot without it, {@link #forEach(Consumer)} calls its action
 * outside the lock, on a snapshot.
 *
 * <p>Orders: {@link #due(Instant, int)} answers earliest next attempt first, ties by id; {@link
 * #of(CustomerId)} oldest decision first, ties by id (kept in an index per customer, so it does not
 * scan every message); {@link #forEach(Consumer)} in the order the messages were added.
 *
 * <p>An {@link #update(Message)} of an id that is not stored (erased meanwhile) is ignored, so a late
 * status change cannot bring back an erased customer's message.
 */
public final class InMemoryOutbox implements Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryOutbox.class);

    private static final Comparator<Message> DUE_ORDER = Comparator.comparing(Message::nextAttempt)
            .thenComparing(Message::id);
    private static final Comparator<Message> DECIDED_ORDER = Comparator.comparing(Message::decidedAt)
            .thenComparing(Message::id);

    private final Object lock = new Object();
    /** Insertion order, for forEach. */
    private final Map<String, Message> byId = new LinkedHashMap<>();
    /** Only pending and retrying messages. */
    private final TreeSet<Message> waiting = new TreeSet<>(DUE_ORDER);
    private final Map<CustomerId, TreeSet<Message>> byCustomer = new HashMap<>();
    /** Each customer's messages in decision order, replaced under the lock: read without it. */
    private final Map<CustomerId, List<Message>> snapshots = new ConcurrentHashMap<>();

    /** An empty outbox. */
    public InMemoryOutbox() {
    }

    @Override
    public boolean add(Message message) {
        Objects.requireNonNull(message, "message");
        synchronized (lock) {
            if (byId.containsKey(message.id())) {
                return false;
            }
            byId.put(message.id(), message);
            index(message);
            publish(message.customer());
        }
        LOG.debug("added message {} of program {} for customer {} as {}", message.id(), message.program(),
                message.customer(), message.status());
        return true;
    }

    /** {@inheritDoc} An id that is not stored is ignored. */
    @Override
    public void update(Message message) {
        Objects.requireNonNull(message, "message");
        synchronized (lock) {
            Message old = byId.get(message.id());
            if (old == null) {
                LOG.debug("ignored update of message {}: not stored", message.id());
                return;
            }
            unindex(old);
            byId.put(message.id(), message); // keeps the insertion position
            index(message);
            publish(old.customer());
            if (!message.customer().equals(old.customer())) {
                publish(message.customer());
            }
        }
    }

    @Override
    public Optional<Message> find(String id) {
        Objects.requireNonNull(id, "id");
        synchronized (lock) {
            return Optional.ofNullable(byId.get(id));
        }
    }

    /**
     * {@inheritDoc} Ties are ordered by id.
     *
     * @throws IllegalArgumentException when the limit is negative
     */
    @Override
    public List<Message> due(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        List<Message> result = new ArrayList<>(Math.min(limit, 64));
        synchronized (lock) {
            for (Message m : waiting) {
                if (result.size() >= limit || m.nextAttempt().isAfter(now)) {
                    break;
                }
                result.add(m);
            }
        }
        return result;
    }

    /**
     * {@inheritDoc} Ties are ordered by id. Answered from a snapshot kept per customer (no lock:
     * ingestion on several threads does not wait here).
     */
    @Override
    public List<Message> of(CustomerId customer) {
        Objects.requireNonNull(customer, "customer");
        return snapshots.getOrDefault(customer, List.of());
    }

    /** {@inheritDoc} In the order the messages were added, on a snapshot taken when the call starts. */
    @Override
    public void forEach(Consumer<Message> action) {
        Objects.requireNonNull(action, "action");
        List<Message> snapshot;
        synchronized (lock) {
            snapshot = List.copyOf(byId.values());
        }
        snapshot.forEach(action);
    }

    /** {@inheritDoc} Counted from the index of waiting messages, under the outbox's lock. */
    @Override
    public OptionalLong waiting() {
        synchronized (lock) {
            return OptionalLong.of(waiting.size());
        }
    }

    @Override
    public void eraseCustomer(CustomerId customer) {
        Objects.requireNonNull(customer, "customer");
        int removed;
        synchronized (lock) {
            TreeSet<Message> own = byCustomer.remove(customer);
            snapshots.remove(customer);
            if (own == null) {
                return;
            }
            for (Message m : own) {
                byId.remove(m.id());
                waiting.remove(m);
            }
            removed = own.size();
        }
        LOG.debug("erased {} messages of customer {}", removed, customer);
    }

    private void index(Message m) {
        if (isWaiting(m)) {
            waiting.add(m);
        }
        byCustomer.computeIfAbsent(m.customer(), c -> new TreeSet<>(DECIDED_ORDER)).add(m);
    }

    private void unindex(Message m) {
        if (isWaiting(m)) {
            waiting.remove(m);
        }
        TreeSet<Message> own = Objects.requireNonNull(byCustomer.get(m.customer()), "indexed by customer");
        own.remove(m);
        if (own.isEmpty()) {
            byCustomer.remove(m.customer());
        }
    }

    /** Publishes the customer's messages as they are now (called once per change, under the lock). */
    private void publish(CustomerId customer) {
        TreeSet<Message> own = byCustomer.get(customer);
        if (own == null) {
            snapshots.remove(customer);
        } else {
            snapshots.put(customer, List.copyOf(own));
        }
    }

    private static boolean isWaiting(Message m) {
        return m.status() == Message.Status.PENDING || m.status() == Message.Status.RETRYING;
    }
}
