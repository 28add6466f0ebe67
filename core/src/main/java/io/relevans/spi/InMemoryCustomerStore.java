package io.relevans.spi;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The default {@link CustomerStore}: records in memory, lost when the process ends. Suited to tests,
 * simulations and backtests. Thread-safe; a save that changes a record's identities replaces the
 * record and its identity index entries under one lock per store, a save that keeps them (most saves)
 * replaces the record atomically without it.
 */
public final class InMemoryCustomerStore implements CustomerStore {

    private final ConcurrentHashMap<CustomerId, CustomerRecord> records = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Identity, CustomerId> identities = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();

    /** An empty store. */
    public InMemoryCustomerStore() {
    }

    @Override
    public Optional<CustomerRecord> load(CustomerId id) {
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public Optional<CustomerId> lookup(Identity identity) {
        return Optional.ofNullable(identities.get(identity));
    }

    @Override
    public void save(CustomerRecord record) {
        CustomerRecord current = records.get(record.id());
        if (current != null && current.customer().identities().equals(record.customer().identities())
                && records.replace(record.id(), current, record)) {
            return; // the same identities: the index stays as it is, no lock to wait for
        }
        synchronized (writeLock) {
            CustomerRecord old = records.put(record.id(), record);
            if (old != null) {
                old.customer().identities().forEach(i -> identities.remove(i, record.id()));
            }
            record.customer().identities().forEach(i -> identities.put(i, record.id()));
        }
    }

    @Override
    public boolean erase(CustomerId id) {
        synchronized (writeLock) {
            CustomerRecord old = records.remove(id);
            if (old == null) {
                return false;
            }
            old.customer().identities().forEach(i -> identities.remove(i, id));
            return true;
        }
    }

    @Override
    public void forEach(Consumer<CustomerRecord> action) {
        records.values().forEach(action);
    }

    @Override
    public long count() {
        return records.size();
    }
}
