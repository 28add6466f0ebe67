package io.relevans.jdbc;

import io.relevans.spi.Outbox;
import io.relevans.spi.OutboxContract;

/** The {@link Outbox} contract on an in-memory H2 database. */
class JdbcOutboxH2Test extends OutboxContract {

    @Override
    protected Outbox newOutbox() {
        TestDatabase db = TestDatabase.of(TestDatabase.Vendor.H2, getClass());
        db.clear();
        return new JdbcOutbox(db.dataSource());
    }

    @Override
    protected boolean claims() {
        return true;
    }
}
