package io.relevans.jdbc;

import io.relevans.spi.Storage;
import io.relevans.spi.StorageContract;

/** The {@link Storage} contract, versions included, on PostgreSQL in a schema of its own (skipped without one). */
class JdbcStoragePostgresTest extends StorageContract {

    @Override
    protected Storage newStorage() {
        Postgres.assume(); // each test is skipped, with the reason, without a database
        TestDatabase db = TestDatabase.of(TestDatabase.Vendor.POSTGRES, getClass());
        db.clear();
        return JdbcStorage.open(db.dataSource());
    }

    @Override
    protected Storage another() {
        return JdbcStorage.open(TestDatabase.of(TestDatabase.Vendor.POSTGRES, getClass()).dataSource());
    }

    @Override
    protected boolean versioned() {
        return true;
    }
}
