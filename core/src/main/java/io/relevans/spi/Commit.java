package io.relevans.spi;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything one step of the engine decided for one customer, to be stored together by
 * {@link Storage#commit(Commit)}: the new customer record (the commit point), the versions of the rows
 * it was derived from, and the timers and messages that go with it.
 *
 * @param record    the record to store
 * @param version   the version of the stored row the record was derived from, or {@link #NEW} when it
 *                  was not stored (a new customer)
 * @param merged    the customers merged into this one, by id, with the versions read: their records and
 *                  timers go (their messages are among {@code updated}, moved to this customer)
 * @param claimed   the record's identities that the record it was derived from did not have (all of them
 *                  for a new customer): a storage shared by several processes refuses the commit when
 *                  another customer, not merged into this one, has one of them
 * @param added     messages decided, each stored unless one with its id exists
 * @param updated   stored messages replaced: outcomes, suppressions, moves from merged customers
 * @param read      the stored messages {@code updated} replace, as the step read them: a storage shared
 *                  by several processes replaces a message only while it has the status and next attempt
 *                  read (no delivery attempt was recorded since), and refuses the commit otherwise
 * @param scheduled timers to store, replacing those with the same keys
 * @param cancelled keys of timers to remove
 * @param fired     the key of the due timer this step worked on, if any: a storage that cannot store
 *                  everything at once stores that timer's own change last, after the record, so that
 *                  until then a crash leaves it due
 */
public record Commit(CustomerRecord record, long version, SortedMap<CustomerId, Long> merged, List<Identity> claimed,
                     List<Message> added,
                     List<Message> updated, List<Message> read, List<Timer> scheduled, List<Timer.Key> cancelled,
                     Optional<Timer.Key> fired) {

    /** The version a commit of a new customer names: no row may exist for it yet. */
    public static final long NEW = 0;

    /** Copies the collections; never null parts. */
    public Commit {
        Objects.requireNonNull(record, "record");
        if (version < 0) {
            throw new IllegalArgumentException("a commit's version is 0 (new) or more, got " + version);
        }
        merged = merged.isEmpty() ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(new TreeMap<>(merged));
        claimed = List.copyOf(claimed);
        added = List.copyOf(added);
        updated = List.copyOf(updated);
        read = List.copyOf(read);
        scheduled = List.copyOf(scheduled);
        cancelled = List.copyOf(cancelled);
        Objects.requireNonNull(fired, "fired");
    }

    /** The customer's id. */
    public CustomerId customer() {
        return record.id();
    }
}
