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

    /** The customer's timers, in no particular order. */
    List<Timer> of(CustomerId customer);

    /** Removes all of the customer's timers (GDPR erasure, merges). */
    void eraseCustomer(CustomerId customer);
}
