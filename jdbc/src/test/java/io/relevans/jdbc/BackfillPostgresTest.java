package io.relevans.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;

/** {@link BackfillBehaviour} on PostgreSQL, in a schema of its own (skipped without one). */
class BackfillPostgresTest extends BackfillBehaviour {

    @BeforeAll
    static void requireDatabase() {
        Postgres.assume();
    }

    @Override
    protected DataSource emptyDatabase() {
        return TestDatabase.bare(TestDatabase.Vendor.POSTGRES, "backfill").dataSource();
    }
}
