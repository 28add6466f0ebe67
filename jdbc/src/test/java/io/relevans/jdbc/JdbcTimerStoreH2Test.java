package io.relevans.jdbc;

import io.relevans.spi.TimerStore;
import io.relevans.spi.TimerStoreContract;

/** The {@link TimerStore} contract on an in-memory H2 database. */
class JdbcTimerStoreH2Test extends TimerStoreContract {

    @Override
    protected TimerStore newStore() {
        TestDatabase db = TestDatabase.of(TestDatabase.Vendor.H2, getClass());
        db.clear();
        return new JdbcTimerStore(db.dataSource());
    }

    @Override
    protected boolean claims() {
        return true;
    }
}
