package io.relevans.spi;

/** The in-memory store passes the store contract. */
class InMemoryCustomerStoreTest extends CustomerStoreContract {

    @Override
    protected CustomerStore newStore() {
        return new InMemoryCustomerStore();
    }
}
