package io.relevans.jdbc;

import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** {@link BatchIngestBehaviour} on in-memory H2 databases. */
class BatchIngestH2Test extends BatchIngestBehaviour {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    protected DataSource emptyDatabase() {
        return TestDatabase.bare(TestDatabase.Vendor.H2, "batch" + DATABASES.incrementAndGet()).dataSource();
    }
}
