package io.relevans.spi;

import io.relevans.customer.CustomerId;
import java.time.Instant;
import java.util.List;

/**
 * Where waiting programs and time-based triggers are kept until due. Implementations must survive a
 * restart when the application needs that (the in-memory default does not), and be safe to call
 * from several threads.
 */
public interface TimerStore {

    /** Stores the timer, replacing the one with the same key. */
    void schedule(Timer timer);

    /**
     * Removes the timer with the key.
     *
     * @return whether there was one
     */
    boolean cancel(Timer.Key key);

    /** Up to {@code limit} timers due at or before the moment, earliest first (ties by key). */
    List<Timer> due(Instant now, int limit);

    /**
     * Claims up to {@code limit} timers due at or before {@code now}, earliest first, for the caller until
     * {@code until}: a store shared by several processes gives a timer to one caller at a time, and gives
     * it again only after the claim runs out (the claimer died) or once the timer was stored anew
     * ({@link #schedule(Timer)} ends a claim). A store used by one process, whose engine ticks one call
     * at a time, may answer {@link #due(Instant, int)}, as this default does.
     *
     * @param until when the claim runs out, on the engine's clock
     */
    default List<Timer> claimDue(Instant now, int limit, Instant until) {
        return due(now, limit);
    }

    /** The customer's timers, in no particular order. */
    List<Timer> of(CustomerId customer);

    /** Removes all of the customer's timers (GDPR erasure, merges). */
    void eraseCustomer(CustomerId customer);
}
