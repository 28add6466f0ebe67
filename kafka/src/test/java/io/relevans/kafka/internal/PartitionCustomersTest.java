package io.relevans.kafka.internal;

import io.relevans.spi.CustomerStore;
import io.relevans.spi.CustomerStoreContract;

/** A partition's customer records pass the customer store contract. */
class PartitionCustomersTest extends CustomerStoreContract {

    @Override
    protected CustomerStore newStore() {
        return new PartitionCustomers(PartitionStores.store("records"), PartitionStores.store("identities"), 2);
    }
}
