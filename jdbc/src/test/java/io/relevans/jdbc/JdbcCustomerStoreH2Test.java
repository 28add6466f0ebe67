package io.relevans.jdbc;

import io.relevans.spi.CustomerStore;
import io.relevans.spi.CustomerStoreContract;

/** The {@link CustomerStore} contract on an in-memory H2 database. */
class JdbcCustomerStoreH2Test extends CustomerStoreContract {

    @Override
    protected CustomerStore newStore() {
        TestDatabase db = TestDatabase.of(TestDatabase.Vendor.H2, getClass());
        db.clear();
        return new JdbcCustomerStore(db.dataSource());
    }
}
