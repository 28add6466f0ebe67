package io.relevans.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.spi.Commit;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.CustomerState;
import io.relevans.spi.Message;
import io.relevans.spi.StoredCustomer;
import io.relevans.spi.Timer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What {@link JdbcStorage} read or committed of the customers it worked on lately, so that the next
 * event of a customer needs no reads: the record with its row's version, timers, messages, and which
 * customer each of its identities leads to. An entry is as the storage last saw the rows; another
 * process may have changed them since, and then a commit derived from the entry is refused by the row's
 * version (or a message's delivery state) and the entries of the customers it names are dropped, so the
 * engine's next attempt reads afresh. Writes through the storage's own stores drop the customer's entry.
 * Identities are kept only for customers whose entry is kept. Thread-safe; bounded (least recently used
 * entries go).
 */
final class ReadCache {

    /** The order of the JDBC timer store's answers: program, then kind. */
    private static final Comparator<Timer.Key> BY_KEY = Comparator.comparing(Timer.Key::program)
            .thenComparing(Timer.Key::kind);
    /** The order of the JDBC outbox's answers: decision time, then id. */
    private static final Comparator<Message> BY_DECISION = Comparator.comparing(Message::decidedAt)
            .thenComparing(Message::id);

    /** A cache that keeps nothing: the watcher of a store used on its own. */
    static final ReadCache NONE = new ReadCache(0);

    private final boolean keeps;
    private final Cache<CustomerId, CustomerState> customers;
    private final Cache<Identity, CustomerId> identities;

    /** A cache of at most {@code size} customers (and four times as many identities); 0 keeps nothing. */
    ReadCache(long size) {
        this.keeps = size > 0;
        this.identities = Caffeine.newBuilder().maximumSize(size * 4).build();
        // an identity is kept only while the customer it leads to is: a lookup never leads to a customer
        // whose entry went (whom another process may have merged away meanwhile)
        this.customers = Caffeine.newBuilder().maximumSize(size)
                .<CustomerId, CustomerState>evictionListener((id, state, cause) -> unlink(id, state))
                .build();
    }

    Optional<CustomerState> customer(CustomerId id) {
        return keeps ? Optional.ofNullable(customers.getIfPresent(id)) : Optional.empty();
    }

    Optional<CustomerId> identity(Identity identity) {
        return keeps ? Optional.ofNullable(identities.getIfPresent(identity)) : Optional.empty();
    }

    /** Keeps what was read of the customer. */
    void read(CustomerState state) {
        if (keeps) {
            customers.put(state.stored().record().id(), state);
            remember(state.stored().record());
        }
    }

    /** Forgets the customer, and where its identities lead. */
    void forget(CustomerId id) {
        if (!keeps) {
            return;
        }
        unlink(id, customers.asMap().remove(id));
    }

    /** Forgets where the identities of a customer's entry that went lead, as far as they led to it. */
    private void unlink(@Nullable CustomerId id, @Nullable CustomerState gone) {
        if (id != null && gone != null) {
            gone.stored().record().customer().identities().forEach(i -> identities.asMap().remove(i, id));
        }
    }

    /** Forgets every customer a refused commit names, and where their identities lead. */
    void refused(Commit commit) {
        if (!keeps) {
            return;
        }
        forget(commit.customer());
        commit.merged().keySet().forEach(this::forget);
        commit.record().customer().identities().forEach(identities::invalidate);
    }

    /**
     * Brings the committing customer's entry to what the commit stored, at the row's version now, when there
     * is one (or when the customer is new); merged customers are forgotten.
     */
    void committed(Commit commit, long version) {
        if (!keeps) {
            return;
        }
        commit.merged().keySet().forEach(this::forget);
        CustomerState kept = customers.asMap().compute(commit.customer(), (id, before) -> {
            if (before == null && commit.version() != Commit.NEW
                    || before != null && before.stored().version() != commit.version()) {
                return null; // nothing kept, or not what the commit was derived from
            }
            return after(before, commit, version);
        });
        if (kept != null) {
            remember(commit.record());
        }
    }

    private static CustomerState after(@Nullable CustomerState before, Commit commit, long version) {
        Map<Timer.Key, Timer> timers = new TreeMap<>(BY_KEY);
        if (before != null) {
            before.timers().forEach(t -> timers.put(t.key(), t));
        }
        commit.cancelled().forEach(timers::remove);
        commit.scheduled().forEach(t -> timers.put(t.key(), t));
        Map<String, Message> messages = new LinkedHashMap<>();
        if (before != null) {
            before.messages().forEach(m -> messages.put(m.id(), m));
        }
        commit.added().forEach(m -> messages.putIfAbsent(m.id(), m));
        commit.updated().forEach(m -> messages.put(m.id(), m)); // moved from merged customers too
        List<Message> all = new ArrayList<>(messages.values());
        all.sort(BY_DECISION);
        return new CustomerState(new StoredCustomer(commit.record(), version), List.copyOf(timers.values()), all);
    }

    /** Records a delivery attempt on the message in its customer's entry, if kept. */
    void attempted(Message stored) {
        if (!keeps) {
            return;
        }
        customers.asMap().computeIfPresent(stored.customer(), (id, state) -> {
            List<Message> messages = new ArrayList<>(state.messages());
            messages.replaceAll(m -> m.id().equals(stored.id()) ? stored : m);
            return new CustomerState(state.stored(), state.timers(), messages);
        });
    }

    private void remember(CustomerRecord record) {
        record.customer().identities().forEach(i -> identities.put(i, record.id()));
    }
}
