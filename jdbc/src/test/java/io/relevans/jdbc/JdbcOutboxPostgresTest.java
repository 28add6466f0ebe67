package io.relevans.jdbc;

import io.relevans.spi.Outbox;
import io.relevans.spi.OutboxContract;

/** The {@link Outbox} contract on PostgreSQL, in a schema of its own (skipped without a database). */
class JdbcOutboxPostgresTest extends OutboxContract {

    @Override
    protected Outbox newOutbox() {
        Postgres.assume(); // each test is skipped, with the reason, without a database
        TestDatabase db = TestDatabase.of(TestDatabase.Vendor.POSTGRES, getClass());
        db.clear();
        return new JdbcOutbox(db.dataSource());
    }

    @Override
    protected boolean claims() {
        return true;
    }
}
