package io.relevans.jdbc;

import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;

/** {@link BatchIngestBehaviour} on PostgreSQL, each database a schema of its own (skipped without one). */
class BatchIngestPostgresTest extends BatchIngestBehaviour {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @BeforeAll
    static void requireDatabase() {
        Postgres.assume();
    }

    @Override
    protected DataSource emptyDatabase() {
        return TestDatabase.bare(TestDatabase.Vendor.POSTGRES, "batch" + DATABASES.incrementAndGet() % 2).dataSource();
    }
}
