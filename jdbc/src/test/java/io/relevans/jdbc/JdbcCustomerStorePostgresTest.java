package io.relevans.jdbc;

import io.relevans.spi.CustomerStore;
import io.relevans.spi.CustomerStoreContract;

/** The {@link CustomerStore} contract on PostgreSQL, in a schema of its own (skipped without a database). */
class JdbcCustomerStorePostgresTest extends CustomerStoreContract {

    @Override
    protected CustomerStore newStore() {
        Postgres.assume(); // each test is skipped, with the reason, without a database
        TestDatabase db = TestDatabase.of(TestDatabase.Vendor.POSTGRES, getClass());
        db.clear();
        return new JdbcCustomerStore(db.dataSource());
    }
}
