package io.relevans.spi;

import io.relevans.customer.Identity;
import io.relevans.event.Event;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the events an engine applied are kept, so that a feature added later can be filled from them
 * (a backfill, docs/import.md), and history replayed (backtests). Optional: an engine without an
 * archive keeps only aggregates. Events are kept under the identity that names them ({@link
 * Event#customer()}), so that a customer's events are those of all their identities, whatever profiles
 * were merged since. Appending an event kept already (the same identity and id) changes nothing.
 * Implementations must be safe to call from several threads; {@link #inMemory()} is the default, the
 * JDBC module and {@code JsonLinesEventArchive} keep them durably. {@code EventArchiveContract} is the
 * kit every implementation passes.
 */
public interface EventArchive {

    /** The order in which an archive gives events: time, then identity, then id. */
    Comparator<Event> ORDER = Comparator.comparing(Event::time).thenComparing(Event::customer).thenComparing(Event::id);

    /** Keeps the events; each one already kept (its identity and id) is skipped. */
    void append(List<Event> events);

    /**
     * The events of the identities from a moment on (inclusive), in time order (then identity, then id),
     * to the consumer.
     */
    void forEachOf(Collection<Identity> identities, Instant from, Consumer<Event> action);

    /** Every event from a moment on (inclusive), in time order (then identity, then id), to the consumer. */
    void forEach(Instant from, Consumer<Event> action);

    /**
     * Removes the events of the identities (GDPR erasure of the customer who has them).
     *
     * @return how many were removed
     */
    long erase(Collection<Identity> identities);

    /**
     * Removes the events before the moment (retention).
     *
     * @return how many were removed
     */
    long dropBefore(Instant cutoff);

    /** An archive in this process's memory, lost on restart. */
    static EventArchive inMemory() {
        return new InMemoryEventArchive();
    }
}
