package io.relevans.spi;

import io.relevans.customer.CustomerId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
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

    /**
     * Records a delivery attempt of a stored message: its status, reason, attempts and next attempt
     * become those of {@code attempt}, whatever else changed since it was claimed (the customer it was
     * moved to by a merge, outcomes), and a claim on it ends. An id that is not stored (erased meanwhile)
     * is ignored. This default reads and replaces the message; the engine calls it under the customer's
     * lock, as it stores the customer's other changes. An outbox shared by several processes must do it
     * atomically.
     */
    default void recordAttempt(Message attempt) {
        find(attempt.id()).ifPresent(current -> update(current.with(attempt.status(), attempt.reason(),
                attempt.attempts(), attempt.nextAttempt())));
    }

    /** The message with the id, if stored. */
    Optional<Message> find(String id);

    /** Up to {@code limit} pending or retrying messages whose next attempt is due, earliest first. */
    List<Message> due(Instant now, int limit);

    /**
     * Claims up to {@code limit} due messages, earliest first, for the caller until {@code until}: an
     * outbox shared by several processes hands a message to one dispatcher at a time, and again only after
     * the claim runs out (the dispatcher died) or once the message was stored anew ({@link #update(Message)}
     * ends a claim). An outbox used by one process, whose engine dispatches one call at a time, may answer
     * {@link #due(Instant, int)}, as this default does.
     *
     * @param until when the claim runs out, on the engine's clock
     */
    default List<Message> claimDue(Instant now, int limit, Instant until) {
        return due(now, limit);
    }

    /** The customer's messages, oldest decision first. */
    List<Message> of(CustomerId customer);

    /** Calls the action with every message, for reports and results. */
    void forEach(Consumer<Message> action);

    /** Removes the customer's messages (GDPR erasure). */
    void eraseCustomer(CustomerId customer);

    /**
     * How many messages wait for delivery (pending or retrying, due or not), for the engine's backlog
     * ({@link EngineObserver.Backlog}), read once per tick when an observer is set. An outbox that cannot
     * count them cheaply answers empty, as this default does.
     */
    default OptionalLong waiting() {
        return OptionalLong.empty();
    }
}
