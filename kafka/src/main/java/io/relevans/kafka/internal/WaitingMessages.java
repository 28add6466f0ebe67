package io.relevans.kafka.internal;

import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.FeatureState;
import io.relevans.spi.Message;
import io.relevans.spi.Outbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What a dispatcher on the outbox topic knows: the messages still waiting for delivery (pending or
 * retrying), as the topic last gave them, with their customers' identities; the attempts made since the
 * last {@link #attempts()} call. Final messages (sent, dead, suppressed) are dropped.
 */
final class WaitingMessages implements Outbox {

    private final Map<String, Message> waiting = new HashMap<>();
    private final Map<CustomerId, List<Identity>> identities = new HashMap<>();
    private final List<Message> attempts = new ArrayList<>();
    /** The attempts made of messages whose outcome the topic has not given back yet, by id. */
    private final Map<String, Integer> attempted = new HashMap<>();

    /**
     * Takes a message as the outbox topic gives it now: it waits here when released to the dispatcher. A
     * version older than an attempt this dispatcher made (fewer attempts: the topic has not given the
     * outcome back yet) is not due again.
     */
    void accept(Message m, List<Identity> of, boolean released) {
        if (!of.isEmpty()) {
            identities.put(m.customer(), List.copyOf(of));
        }
        Integer made = attempted.get(m.id());
        if (made != null) {
            if (m.attempts() < made) {
                return; // decided before the attempt: its outcome is on its way
            }
            attempted.remove(m.id());
        }
        if (released && (m.status() == Message.Status.PENDING || m.status() == Message.Status.RETRYING)) {
            waiting.put(m.id(), m);
        } else if (!released) {
            waiting.remove(m.id()); // decided, stopped or answered: delivered only once released
        }
    }

    /** The customer as the dispatcher addresses them: their identities, in the profile's order. */
    Optional<CustomerRecord> recipient(CustomerId id) {
        List<Identity> of = identities.get(id);
        if (of == null || of.isEmpty()) {
            return Optional.empty();
        }
        TreeSet<Identity> sorted = new TreeSet<>(of);
        Customer c = Customer.newCustomer(id, sorted.first());
        for (Identity i : sorted) {
            c = c.withIdentity(i);
        }
        return Optional.of(new CustomerRecord(c, new TreeSet<>(), FeatureState.EMPTY));
    }

    /** The attempts recorded since the last call, in order. */
    List<Message> attempts() {
        List<Message> out = List.copyOf(attempts);
        attempts.clear();
        return out;
    }

    /** How many messages wait. */
    int size() {
        return waiting.size();
    }

    @Override
    public boolean add(Message message) {
        throw new UnsupportedOperationException("a dispatcher adds no messages");
    }

    @Override
    public void update(Message message) {
        throw new UnsupportedOperationException("a dispatcher records attempts only");
    }

    @Override
    public void recordAttempt(Message attempt) {
        attempts.add(attempt);
        waiting.remove(attempt.id()); // a retry comes back released when its partition's time has come
        attempted.put(attempt.id(), attempt.attempts());
    }

    @Override
    public Optional<Message> find(String id) {
        return Optional.ofNullable(waiting.get(id));
    }

    @Override
    public List<Message> due(Instant now, int limit) {
        List<Message> out = new ArrayList<>();
        for (Message m : waiting.values()) {
            if (!m.nextAttempt().isAfter(now)) {
                out.add(m);
            }
        }
        out.sort(Comparator.comparing(Message::nextAttempt).thenComparing(Message::id));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    @Override
    public List<Message> of(CustomerId customer) {
        return waiting.values().stream().filter(m -> m.customer().equals(customer))
                .sorted(Comparator.comparing(Message::decidedAt).thenComparing(Message::id)).toList();
    }

    @Override
    public void forEach(Consumer<Message> action) {
        waiting.values().forEach(action);
    }

    @Override
    public void eraseCustomer(CustomerId customer) {
        waiting.values().removeIf(m -> m.customer().equals(customer));
        identities.remove(customer);
    }
}
