package io.relevans.jdbc;

import io.relevans.spi.EventArchive;
import io.relevans.spi.EventArchiveContract;
import org.junit.jupiter.api.BeforeAll;

/** The {@link EventArchive} contract on PostgreSQL (skipped without one). */
class JdbcEventArchivePostgresTest extends EventArchiveContract {

    @BeforeAll
    static void requireDatabase() {
        Postgres.assume();
    }

    @Override
    protected EventArchive newArchive() {
        TestDatabase db = TestDatabase.of(TestDatabase.Vendor.POSTGRES, getClass());
        db.clear();
        return new JdbcEventArchive(db.dataSource());
    }
}
