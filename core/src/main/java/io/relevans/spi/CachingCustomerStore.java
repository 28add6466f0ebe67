package io.relevans.spi;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A write-through cache of hot customer records in front of a slower store (a database), using
 * Caffeine with a bounded size. Reads of cached customers skip the delegate; every save and erase
 * goes to the delegate first and updates the cache only when the delegate succeeded, so the cache
 * never holds what the store does not.
 */
public final class CachingCustomerStore implements CustomerStore {

    private final CustomerStore delegate;
    private final Cache<CustomerId, CustomerRecord> cache;

    /**
     * @param delegate   the store of record
     * @param maxRecords how many records to keep in memory, at least 1
     * @throws IllegalArgumentException when maxRecords is below 1
     */
    public CachingCustomerStore(CustomerStore delegate, long maxRecords) {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("cache size must be at least 1, got " + maxRecords);
        }
        this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
        this.cache = Caffeine.newBuilder().maximumSize(maxRecords).build();
    }

    @Override
    public Optional<CustomerRecord> load(CustomerId id) {
        // atomic per id with save and erase: a load cannot put back a record they replaced or removed
        return Optional.ofNullable(cache.get(id, k -> delegate.load(k).orElse(null)));
    }

    @Override
    public Optional<CustomerId> lookup(Identity identity) {
        return delegate.lookup(identity);
    }

    @Override
    public void save(CustomerRecord record) {
        cache.asMap().compute(record.id(), (k, cached) -> {
            delegate.save(record); // when it throws, the cache keeps what it had
            return record;
        });
    }

    @Override
    public boolean erase(CustomerId id) {
        boolean[] erased = new boolean[1];
        cache.asMap().compute(id, (k, cached) -> {
            erased[0] = delegate.erase(k);
            return null;
        });
        return erased[0];
    }

    @Override
    public void forEach(Consumer<CustomerRecord> action) {
        delegate.forEach(action);
    }

    @Override
    public long count() {
        return delegate.count();
    }
}
