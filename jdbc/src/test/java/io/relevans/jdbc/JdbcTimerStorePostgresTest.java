package io.relevans.jdbc;

import io.relevans.spi.TimerStore;
import io.relevans.spi.TimerStoreContract;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/** The {@link TimerStore} contract on PostgreSQL, in a schema of its own (skipped without a database). */
@AddLifecycleHook(Postgres.class) // skips the jqwik property when there is no database
class JdbcTimerStorePostgresTest extends TimerStoreContract {

    @Override
    protected TimerStore newStore() {
        Postgres.assume(); // each test is skipped, with the reason, without a database
        TestDatabase db = TestDatabase.of(TestDatabase.Vendor.POSTGRES, getClass());
        db.clear();
        return new JdbcTimerStore(db.dataSource());
    }

    @Override
    protected boolean claims() {
        return true;
    }
}
