package io.relevans.spi;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link CustomerStore} that hands every call to another one: the base of the test stores that fail,
 * block, crash or switch at chosen calls and override only those.
 */
public abstract class ForwardingCustomerStore implements CustomerStore {

    /** The store the calls go to (may change between calls). */
    protected abstract CustomerStore delegate();

    @Override
    public Optional<CustomerRecord> load(CustomerId id) {
        return delegate().load(id);
    }

    @Override
    public Optional<CustomerId> lookup(Identity identity) {
        return delegate().lookup(identity);
    }

    @Override
    public void save(CustomerRecord record) {
        delegate().save(record);
    }

    @Override
    public boolean erase(CustomerId id) {
        return delegate().erase(id);
    }

    @Override
    public void forEach(Consumer<CustomerRecord> action) {
        delegate().forEach(action);
    }

    @Override
    public long count() {
        return delegate().count();
    }
}
