package io.relevans.jdbc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.program.CrashWorkload;
import io.relevans.program.CrashWorkload.Stores;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash safety on the JDBC stores: the seeded {@link CrashWorkload} crashed at one of its writes (a
 * customer save or erase, a timer or outbox write, a delivery the channel accepted), restarted on the
 * same database with the interrupted event delivered again, ends where the uncrashed run ends. Every
 * run starts from empty tables. By default every {@link #stride()}-th write is a crash point; with
 * {@code -Drelevans.soak=true} every write is.
 */
abstract class CrashRecoveryBehaviour {

    private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryBehaviour.class);

    /** The migrated database of the test class. */
    abstract TestDatabase database();

    /** Every how many writes a crash is tried in the default run. */
    abstract int stride();

    @Test
    @DisplayName("a crash at a write, then a restart on the same database, loses and repeats nothing")
    void crashAtWrites_endsAsTheUncrashedRun() {
        TestDatabase db = database();
        Stores tables = new Stores(new JdbcCustomerStore(db.dataSource()), new JdbcTimerStore(db.dataSource()),
                new JdbcOutbox(db.dataSource()));
        Supplier<Stores> stores = () -> {
            db.clear();
            return tables;
        };
        CrashWorkload w = CrashWorkload.of(20260302L, 40);
        int stride = Boolean.getBoolean("relevans.soak") ? 1 : stride();
        int tried = w.crashAtWrites(stores, stride, db.vendor().name());
        assertTrue(tried >= 3, "crash points tried: " + tried);
        LOG.info("{}: {} events, {} crash points tried", db.vendor(), w.events(), tried);
    }
}
