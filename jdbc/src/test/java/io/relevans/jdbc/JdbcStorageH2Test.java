package io.relevans.jdbc;

import io.relevans.spi.Storage;
import io.relevans.spi.StorageContract;

/** The {@link Storage} contract, versions included, on an in-memory H2 database. */
class JdbcStorageH2Test extends StorageContract {

    @Override
    protected Storage newStorage() {
        TestDatabase db = TestDatabase.of(TestDatabase.Vendor.H2, getClass());
        db.clear();
        return JdbcStorage.open(db.dataSource());
    }

    @Override
    protected Storage another() {
        return JdbcStorage.open(TestDatabase.of(TestDatabase.Vendor.H2, getClass()).dataSource());
    }

    @Override
    protected boolean versioned() {
        return true;
    }
}
