package io.relevans.spi;

/** GDPR erasure on the in-memory stores. */
class InMemoryErasureTest extends ErasureContract {

    @Override
    protected Stores newStores() {
        return new Stores(new InMemoryCustomerStore(), new InMemoryTimerStore(), new InMemoryOutbox());
    }
}
