package io.relevans.kafka.internal;

import io.relevans.customer.CustomerId;
import io.relevans.internal.json.StoredJson;
import io.relevans.spi.Message;
import io.relevans.spi.Outbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jspecify.annotations.Nullable;

/**
 * The message log of one partition's customers, in its state stores: messages by id, an index by
 * customer in decision order, and the messages waiting for delivery by their next attempt. A waiting
 * message is released to the dispatcher once the partition's time has passed its next attempt
 * ({@link #release}), as the embedded engine's tick hands due messages to the channels; until its
 * outcome comes back ({@link #recordAttempt}) it counts as sent, as a message the embedded engine handed
 * to a channel does, so a stop that comes after the release does not undo the delivery. Every message
 * added or changed is handed to {@code changed}, every release to the release callback: both go to the
 * outbox topic. Used by the partition's one stream thread only.
 */
final class PartitionOutbox implements Outbox {

    /** How many messages are kept decoded per customer kept decoded. */
    static final int RECENT_PER_CUSTOMER = 32;

    private final KeyValueStore<String, String> messages;
    private final KeyValueStore<String, String> byCustomer;
    private final KeyValueStore<String, String> waiting;
    private final KeyValueStore<String, String> inFlight;
    private final Consumer<Message> changed;
    /** The messages of the customers worked on lately, by id. */
    private final Recent<String, Message> recent;

    /**
     * @param messages   messages by id
     * @param byCustomer message ids by customer and decision moment
     * @param waiting    ids of messages waiting for release, by next attempt
     * @param inFlight   ids of messages released and not yet answered, with the version released
     * @param changed    told of every message added or changed
     * @param recent     how many customers' messages are kept decoded ({@value #RECENT_PER_CUSTOMER} each)
     */
    PartitionOutbox(KeyValueStore<String, String> messages, KeyValueStore<String, String> byCustomer,
                    KeyValueStore<String, String> waiting, KeyValueStore<String, String> inFlight,
                    Consumer<Message> changed, int recent) {
        this.messages = Objects.requireNonNull(messages, "messages");
        this.byCustomer = Objects.requireNonNull(byCustomer, "by customer");
        this.waiting = Objects.requireNonNull(waiting, "waiting");
        this.inFlight = Objects.requireNonNull(inFlight, "in flight");
        this.changed = Objects.requireNonNull(changed, "changed");
        this.recent = new Recent<>(Math.multiplyExact(recent, RECENT_PER_CUSTOMER));
    }

    private static String index(Message m) {
        return Keys.of(m.customer()) + Keys.moment(m.decidedAt()) + Keys.SEP + m.id();
    }

    private static String waitingKey(Message m) {
        return Keys.moment(m.nextAttempt()) + Keys.SEP + m.id();
    }

    private static boolean waits(Message m) {
        return m.status() == Message.Status.PENDING || m.status() == Message.Status.RETRYING;
    }

    /** What a released message is while its outcome is on its way: handed to its channel, as sent. */
    private static Message handedOver(Message m) {
        return m.with(Message.Status.SENT, "", m.attempts() + 1, m.nextAttempt());
    }

    @Override
    public boolean add(Message message) {
        if (!restore(message)) {
            return false;
        }
        changed.accept(message);
        return true;
    }

    /** Stores a message handed over by a merged customer, as it was: not written to the outbox topic again. */
    boolean restore(Message message) {
        if (recent.get(message.id()) != null || messages.get(message.id()) != null) {
            return false;
        }
        write(null, message);
        byCustomer.put(index(message), message.id());
        return true;
    }

    /** Stores the message, keeping the index of waiting messages in step. */
    private void write(@Nullable Message old, Message now) {
        if (old != null && waits(old)) {
            waiting.delete(waitingKey(old));
        }
        messages.put(now.id(), StoredJson.writeMessage(now));
        recent.put(now.id(), now);
        if (waits(now) && inFlight.get(now.id()) == null) {
            waiting.put(waitingKey(now), now.id());
        }
    }

    private Optional<Message> stored(String id) {
        return recent.get(id, key -> Optional.ofNullable(messages.get(key)).map(StoredJson::readMessage));
    }

    @Override
    public void update(Message message) {
        Optional<Message> old = stored(message.id());
        if (old.isEmpty()) {
            return; // erased meanwhile
        }
        if (!old.get().customer().equals(message.customer())) {
            byCustomer.delete(index(old.get()));
            byCustomer.put(index(message), message.id());
        }
        write(old.get(), message);
        changed.accept(message);
    }

    /** The outcome of a released message: stored as it came; a retry waits for release again. */
    @Override
    public void recordAttempt(Message attempt) {
        Optional<Message> current = stored(attempt.id());
        inFlight.delete(attempt.id());
        current.ifPresent(c -> update(c.with(attempt.status(), attempt.reason(), attempt.attempts(),
                attempt.nextAttempt())));
    }

    /**
     * Releases the waiting messages whose next attempt has come (of the customers the filter takes), earliest
     * first: each is handed to {@code released} and counts as sent until its outcome comes back.
     *
     * @return how many were released
     */
    int release(Instant now, Predicate<Message> of, Consumer<Message> released) {
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = waiting.range(null, Keys.after(Keys.moment(now)))) {
            it.forEachRemaining(due::add);
        }
        int n = 0;
        for (KeyValue<String, String> kv : due) {
            Optional<Message> m = stored(kv.value);
            if (m.isEmpty() || !waits(m.get())) {
                waiting.delete(kv.key);
                continue;
            }
            if (of.test(m.get())) {
                hand(m.get(), released);
                n++;
            }
        }
        return n;
    }

    /**
     * {@link #release} for one customer: reads the customer's own messages, not every message of the
     * partition that is due.
     */
    int releaseOf(CustomerId customer, Instant now, Consumer<Message> released) {
        String until = Keys.moment(now);
        List<Message> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = byCustomer.prefixScan(Keys.of(customer), Keys.SERIALIZER)) {
            it.forEachRemaining(kv -> stored(kv.value).filter(m -> waits(m) && inFlight.get(m.id()) == null
                    && Keys.moment(m.nextAttempt()).compareTo(until) <= 0).ifPresent(due::add));
        }
        due.sort(Comparator.comparing(PartitionOutbox::waitingKey));
        due.forEach(m -> hand(m, released));
        return due.size();
    }

    /** Hands a waiting message to the dispatcher: it counts as sent until its outcome comes back. */
    private void hand(Message m, Consumer<Message> released) {
        waiting.delete(waitingKey(m));
        inFlight.put(m.id(), "1");
        released.accept(m);
    }

    @Override
    public Optional<Message> find(String id) {
        return stored(id).map(m -> inFlight.get(id) != null ? handedOver(m) : m);
    }

    /** {@link #find(String)} on stores that may be another thread's (interactive queries read them). */
    private static Optional<Message> find(ReadOnlyKeyValueStore<String, String> messages,
                                          ReadOnlyKeyValueStore<String, String> inFlight, String id) {
        String json = messages.get(id);
        if (json == null) {
            return Optional.empty();
        }
        Message m = StoredJson.readMessage(json);
        return Optional.of(inFlight.get(id) != null ? handedOver(m) : m);
    }

    @Override
    public List<Message> due(Instant now, int limit) {
        List<Message> out = new ArrayList<>();
        forEach(m -> {
            if (waits(m) && !m.nextAttempt().isAfter(now)) {
                out.add(m);
            }
        });
        out.sort(Comparator.comparing(Message::nextAttempt).thenComparing(Message::id));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    @Override
    public List<Message> of(CustomerId customer) {
        List<Message> out = new ArrayList<>();
        try (KeyValueIterator<String, String> it = byCustomer.prefixScan(Keys.of(customer), Keys.SERIALIZER)) {
            it.forEachRemaining(kv -> find(kv.value).ifPresent(out::add));
        }
        return out;
    }

    /**
     * A customer's messages in decision order, as {@link #of(CustomerId)} reads them, from a partition's stores
     * read by another thread than the partition's (interactive queries).
     */
    static List<Message> of(ReadOnlyKeyValueStore<String, String> messages,
                            ReadOnlyKeyValueStore<String, String> byCustomer,
                            ReadOnlyKeyValueStore<String, String> inFlight, CustomerId customer) {
        List<Message> out = new ArrayList<>();
        String prefix = Keys.of(customer);
        try (KeyValueIterator<String, String> it = byCustomer.prefixScan(prefix, Keys.SERIALIZER)) {
            it.forEachRemaining(kv -> find(messages, inFlight, kv.value).ifPresent(out::add));
        }
        return out;
    }

    @Override
    public void forEach(Consumer<Message> action) {
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, String> it = messages.all()) {
            it.forEachRemaining(kv -> ids.add(kv.key));
        }
        ids.forEach(id -> find(id).ifPresent(action));
    }

    @Override
    public void eraseCustomer(CustomerId customer) {
        List<String> keys = new ArrayList<>();
        List<Message> gone = new ArrayList<>();
        String prefix = Keys.of(customer);
        try (KeyValueIterator<String, String> it = byCustomer.prefixScan(prefix, Keys.SERIALIZER)) {
            it.forEachRemaining(kv -> {
                keys.add(kv.key);
                stored(kv.value).ifPresent(gone::add);
            });
        }
        keys.forEach(byCustomer::delete);
        for (Message m : gone) {
            if (waits(m)) {
                waiting.delete(waitingKey(m));
            }
            inFlight.delete(m.id());
            messages.delete(m.id());
            recent.remove(m.id());
        }
    }
}
