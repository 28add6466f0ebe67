package io.relevans.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database for one test class: an in-memory H2 database, or a schema of its own in the PostgreSQL
 * database named by {@value Postgres#URL}, dropped and created again when the class first uses it.
 * Connections are reused, as from an application's pool.
 * Each database has the Relevans schema unless asked for a bare one; {@link #clear()} empties the
 * tables for the next test.
 */
final class TestDatabase {

    /** The databases the tests run on. */
    enum Vendor { H2, POSTGRES }

    private static final Map<String, TestDatabase> SHARED = new ConcurrentHashMap<>();

    private final Vendor vendor;
    private final Supplier<DataSource> connect;
    private final DataSource dataSource;

    private TestDatabase(Vendor vendor, Supplier<DataSource> connect) {
        this.vendor = vendor;
        this.connect = connect;
        this.dataSource = connect.get();
    }

    /**
     * The migrated database of a test class, created on first use: the JUnit and the jqwik engines
     * both run a contract kit's tests and share it.
     */
    static TestDatabase of(Vendor vendor, Class<?> owner) {
        return SHARED.computeIfAbsent(vendor + ":" + owner.getName(), k -> {
            TestDatabase db = bare(vendor, owner.getSimpleName());
            JdbcStorage.migrate(db.dataSource());
            return db;
        });
    }

    /** A new database without the Relevans schema, for tests of the migrations themselves. */
    static TestDatabase bare(Vendor vendor, String name) {
        return switch (vendor) {
            case H2 -> h2("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            case POSTGRES -> postgres(name);
        };
    }

    /** An H2 database at the URL (in memory, or a file). */
    static TestDatabase h2(String url) {
        return new TestDatabase(Vendor.H2, () -> {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL(url);
            return new ReusingDataSource(ds);
        });
    }

    private static TestDatabase postgres(String name) {
        String url = Postgres.url();
        String schema = schema(name);
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setURL(url);
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test schema " + schema + " on " + Postgres.URL, e);
        }
        return new TestDatabase(Vendor.POSTGRES, () -> {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(url);
            ds.setCurrentSchema(schema);
            return new ReusingDataSource(ds);
        });
    }

    /** The PostgreSQL schema of a test class's database, by the class's simple name. */
    static String schema(String name) {
        return ("relevans_test_" + name).toLowerCase(Locale.ROOT);
    }

    Vendor vendor() {
        return vendor;
    }

    /** The data source the database was opened with. */
    DataSource dataSource() {
        return dataSource;
    }

    /**
     * Another data source on the same database, as a restarted application would have; close it with
     * {@link #disconnect(DataSource)}.
     */
    DataSource reconnect() {
        return connect.get();
    }

    /** Closes the connections a data source of this class keeps, as an application does when it stops. */
    static void disconnect(DataSource dataSource) {
        try {
            ((ReusingDataSource) dataSource).close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close the test connections", e);
        }
    }

    /** Deletes every row of the Relevans tables. */
    void clear() {
        execute("DELETE FROM relevans_identity", "DELETE FROM relevans_customer", "DELETE FROM relevans_timer",
                "DELETE FROM relevans_message", "DELETE FROM relevans_split_decision", "DELETE FROM relevans_event",
                "DELETE FROM relevans_prediction_model");
    }

    /** Runs statements, in order, outside the stores. */
    void execute(String... sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test database statement failed", e);
        }
    }
}
