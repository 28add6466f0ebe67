package io.relevans.spi;

import io.relevans.customer.CustomerId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The message log: every decision to contact a customer is stored here before a channel is called,
 * with what became of it. Implementations must be safe to call from several threads.
 */
public interface Outbox {

    /**
     * Stores a new message unless one with the same id exists (idempotency).
     *
     * @return whether it was stored
     */
    boolean add(Message message);

    /**
     * Replaces a stored message: status and outcome changes, and the customer when a merged profile's
     * messages move to the surviving profile ({@link #of(CustomerId)} then lists it under the new one).
     */
    void update(Message message);

    /** The message with the id, if stored. */
    Optional<Message> find(String id);

    /** Up to {@code limit} pending or retrying messages whose next attempt is due, earliest first. */
    List<Message> due(Instant now, int limit);

    /** The customer's messages, oldest decision first. */
    List<Message> of(CustomerId customer);

    /** Calls the action with every message, for reports and results. */
    void forEach(Consumer<Message> action);

    /** Removes the customer's messages (GDPR erasure). */
    void eraseCustomer(CustomerId customer);
}
