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
        CustomerRecord cached = cache.getIfPresent(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<CustomerRecord> loaded = delegate.load(id);
        loaded.ifPresent(r -> cache.put(id, r));
        return loaded;
    }

    @Override
    public Optional<CustomerId> lookup(Identity identity) {
        return delegate.lookup(identity);
    }

    @Override
    public void save(CustomerRecord record) {
        cache.invalidate(record.id());
        delegate.save(record);
        cache.put(record.id(), record);
    }

    @Override
    public boolean erase(CustomerId id) {
        cache.invalidate(id);
        return delegate.erase(id);
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
