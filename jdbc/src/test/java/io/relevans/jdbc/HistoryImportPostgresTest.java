package io.relevans.jdbc;

import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;

/** {@link HistoryImportBehaviour} on PostgreSQL, each database a schema of its own (skipped without one). */
class HistoryImportPostgresTest extends HistoryImportBehaviour {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @BeforeAll
    static void requireDatabase() {
        Postgres.assume();
    }

    @Override
    protected DataSource emptyDatabase() {
        return TestDatabase.bare(TestDatabase.Vendor.POSTGRES, "import" + DATABASES.incrementAndGet() % 2).dataSource();
    }
}
