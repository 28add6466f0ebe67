package io.relevans.spi;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The engine's storage as one unit: the three stores, versioned reads of customer records, and commits
 * that store what one step decided for a customer. A storage shared by several processes (the JDBC one)
 * stores a commit in one transaction and only while the rows it was derived from still have the
 * versions read, so that engines in several processes on one database never overwrite each other's
 * work; {@link #of(CustomerStore, TimerStore, Outbox)} puts separate stores together for one process,
 * whose engine serialises the writes to a customer itself.
 */
public interface Storage {

    /** The customer records. */
    CustomerStore customers();

    /** The waiting programs and time-based triggers. */
    TimerStore timers();

    /** The message log. */
    Outbox outbox();

    /** The record with the id and the version of its row, if stored. */
    Optional<StoredCustomer> load(CustomerId id);

    /**
     * The customer with the id as the engine works on them: record and version, timers, messages. A
     * storage may answer from what it read or committed before: a commit derived from an answer that is
     * no longer current is refused ({@link #commit(Commit)}), after which the storage answers afresh.
     */
    default Optional<CustomerState> read(CustomerId id) {
        return load(id).map(s -> new CustomerState(s, timers().of(id), outbox().of(id)));
    }

    /**
     * The customer an identity leads to, if any; like {@link #read(CustomerId)}, possibly from what the
     * storage read before, and afresh after a refused commit that involved the customer.
     */
    default Optional<CustomerId> lookup(Identity identity) {
        return customers().lookup(identity);
    }

    /**
     * Stores what a step decided. A storage that keeps versions stores nothing and answers false when
     * the customer's row (or a merged customer's) no longer has the version the commit names, or when
     * an identity of the record belongs to another customer that is not merged into it: the engine then
     * reads again and redoes the step. Otherwise everything is stored, and a failure leaves what was
     * stored before intact or, for a storage that cannot store everything at once, re-done identically
     * when the same input is given again (the record is stored last, as the commit point).
     *
     * @return whether the commit was stored; false on a conflict with another writer
     */
    boolean commit(Commit commit);

    /**
     * Stores commits of different customers together, in order: a storage that can stores them in one
     * transaction (all or none) and with fewer round trips than one by one. Commits of one group never
     * name the same customer twice.
     *
     * @return how many of the first commits were stored: all of them, or, when one was refused, those
     *         before it (a storage that stores all or none answers 0); the engine decides the others again
     */
    default int commitAll(List<Commit> commits) {
        for (int i = 0; i < commits.size(); i++) {
            if (!commit(commits.get(i))) {
                return i;
            }
        }
        return commits.size();
    }

    /**
     * The winners of A/B splits that pick one: the first decision stored for a split is the one every
     * engine on this storage uses. This default keeps none: an engine on such a storage refuses
     * definitions with a split that picks a winner.
     *
     * @throws UnsupportedOperationException when the storage keeps no decisions
     */
    default SplitDecisionStore splitDecisions() {
        throw new UnsupportedOperationException(getClass().getName() + " keeps no split decisions: a split that picks "
                + "a winner needs a storage that implements Storage.splitDecisions()");
    }

    /**
     * The fitted customer-base models the prediction features use: the latest version stored is the one every
     * engine on this storage uses. This default keeps none: an engine on such a storage keeps the models it
     * fits in its own memory, and engines in other processes do not see them.
     *
     * @throws UnsupportedOperationException when the storage keeps no models
     */
    default PredictionModelStore predictionModels() {
        throw new UnsupportedOperationException(getClass().getName() + " keeps no prediction models: models shared "
                + "by several engines need a storage that implements Storage.predictionModels()");
    }

    /**
     * Separate stores used by engines in one process: no versions are kept, and a commit stores the
     * timers and messages first and the record after them (then removes merged customers, then the
     * fired timer's own change). Engines in several processes on such stores would overwrite each
     * other's writes. Split decisions and prediction models are kept in memory, by this storage
     * ({@link #of(CustomerStore, TimerStore, Outbox, SplitDecisionStore)} takes a store for them).
     */
    static Storage of(CustomerStore customers, TimerStore timers, Outbox outbox) {
        return of(customers, timers, outbox, SplitDecisionStore.inMemory());
    }

    /** {@link #of(CustomerStore, TimerStore, Outbox)} with a store of split decisions. */
    static Storage of(CustomerStore customers, TimerStore timers, Outbox outbox, SplitDecisionStore splitDecisions) {
        return new OrderedStorage(Objects.requireNonNull(customers, "customers"), Objects.requireNonNull(timers,
                "timers"), Objects.requireNonNull(outbox, "outbox"), Objects.requireNonNull(splitDecisions,
                "split decisions"), PredictionModelStore.inMemory());
    }

    /** In-memory stores for one process: tests, simulations, backtests. */
    static Storage inMemory() {
        return of(new InMemoryCustomerStore(), new InMemoryTimerStore(), new InMemoryOutbox());
    }
}
