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
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The message log of one partition's customers, in its state stores: messages by id, and an index by
 * customer in decision order. Every message added or changed is also handed to {@code changed}, which
 * writes it to the outbox topic for the dispatcher and for other systems. Used by the partition's one
 * stream thread only.
 */
final class PartitionOutbox implements Outbox {

    private final KeyValueStore<String, String> messages;
    private final KeyValueStore<String, String> byCustomer;
    private final Consumer<Message> changed;

    PartitionOutbox(KeyValueStore<String, String> messages, KeyValueStore<String, String> byCustomer,
                    Consumer<Message> changed) {
        this.messages = Objects.requireNonNull(messages, "messages");
        this.byCustomer = Objects.requireNonNull(byCustomer, "by customer");
        this.changed = Objects.requireNonNull(changed, "changed");
    }

    private static String index(Message m) {
        return Keys.of(m.customer()) + Keys.moment(m.decidedAt()) + Keys.SEP + m.id();
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
        if (messages.get(message.id()) != null) {
            return false;
        }
        messages.put(message.id(), StoredJson.writeMessage(message));
        byCustomer.put(index(message), message.id());
        return true;
    }

    @Override
    public void update(Message message) {
        Optional<Message> old = find(message.id());
        if (old.isEmpty()) {
            return; // erased meanwhile
        }
        if (!old.get().customer().equals(message.customer())) {
            byCustomer.delete(index(old.get()));
            byCustomer.put(index(message), message.id());
        }
        messages.put(message.id(), StoredJson.writeMessage(message));
        changed.accept(message);
    }

    @Override
    public Optional<Message> find(String id) {
        String json = messages.get(id);
        return json == null ? Optional.empty() : Optional.of(StoredJson.readMessage(json));
    }

    @Override
    public List<Message> due(Instant now, int limit) {
        List<Message> out = new ArrayList<>();
        forEach(m -> {
            if ((m.status() == Message.Status.PENDING || m.status() == Message.Status.RETRYING)
                    && !m.nextAttempt().isAfter(now)) {
                out.add(m);
            }
        });
        out.sort(Comparator.comparing(Message::nextAttempt).thenComparing(Message::id));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    @Override
    public List<Message> of(CustomerId customer) {
        List<Message> out = new ArrayList<>();
        String prefix = Keys.of(customer);
        try (KeyValueIterator<String, String> it = byCustomer.prefixScan(prefix, Keys.SERIALIZER)) {
            it.forEachRemaining(kv -> find(kv.value).ifPresent(out::add));
        }
        return out;
    }

    @Override
    public void forEach(Consumer<Message> action) {
        try (KeyValueIterator<String, String> it = messages.all()) {
            it.forEachRemaining(kv -> action.accept(StoredJson.readMessage(kv.value)));
        }
    }

    @Override
    public void eraseCustomer(CustomerId customer) {
        List<String> ids = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        String prefix = Keys.of(customer);
        try (KeyValueIterator<String, String> it = byCustomer.prefixScan(prefix, Keys.SERIALIZER)) {
            it.forEachRemaining(kv -> {
                keys.add(kv.key);
                ids.add(kv.value);
            });
        }
        keys.forEach(byCustomer::delete);
        ids.forEach(messages::delete);
    }
}
