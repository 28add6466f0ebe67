package io.relevans.jdbc;

import io.relevans.spi.EventArchive;
import io.relevans.spi.EventArchiveContract;

/** The {@link EventArchive} contract on an in-memory H2 database. */
class JdbcEventArchiveH2Test extends EventArchiveContract {

    @Override
    protected EventArchive newArchive() {
        TestDatabase db = TestDatabase.of(TestDatabase.Vendor.H2, getClass());
        db.clear();
        return new JdbcEventArchive(db.dataSource());
    }
}
