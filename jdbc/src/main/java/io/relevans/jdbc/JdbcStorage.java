package io.relevans.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Relevans storage on one SQL database: applies the schema migrations and creates the three
 * stores over the same {@link DataSource}.
 *
 * <pre>{@code
 * JdbcStorage storage = JdbcStorage.open(dataSource);   // migrates first; a no-op when up to date
 * Relevans engine = Relevans.builder()
 *         .store(storage.customers())
 *         .timers(storage.timers())
 *         .outbox(storage.outbox())
 *         ...
 *         .build();
 * }</pre>
 *
 * Supported databases are PostgreSQL and H2. The migrations are versioned SQL scripts under
 * {@code db/migration/relevans/postgresql} and {@code db/migration/relevans/h2}, applied by Flyway
 * with their own history table, {@code relevans_schema_history}, so the application's own Flyway
 * migrations in the same schema are not disturbed. All tables are named {@code relevans_*} and live in
 * the connection's default schema.
 */
public final class JdbcStorage {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStorage.class);

    /** The table where Flyway records which Relevans migrations were applied. */
    public static final String HISTORY_TABLE = "relevans_schema_history";

    private final JdbcCustomerStore customers;
    private final JdbcTimerStore timers;
    private final JdbcOutbox outbox;

    private JdbcStorage(DataSource dataSource) {
        this.customers = new JdbcCustomerStore(dataSource);
        this.timers = new JdbcTimerStore(dataSource);
        this.outbox = new JdbcOutbox(dataSource);
    }

    /**
     * Migrates the database (see {@link #migrate(DataSource)}) and creates the stores on it.
     *
     * @throws StorageException when the database is not supported or a migration fails
     */
    public static JdbcStorage open(DataSource dataSource) {
        migrate(dataSource);
        return new JdbcStorage(dataSource);
    }

    /**
     * Brings the database's Relevans tables to the current schema version, applying the migrations not
     * applied yet; running it again is a no-op. Safe on a schema that already holds other tables.
     *
     * @return how many migrations were applied now
     * @throws StorageException when the database is not supported or a migration fails
     */
    public static int migrate(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "data source");
        String vendor = vendor(dataSource);
        try {
            MigrateResult result = Flyway.configure(JdbcStorage.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/relevans/" + vendor)
                    .table(HISTORY_TABLE)
                    .baselineOnMigrate(true) // a schema with the application's tables: start from nothing
                    .baselineVersion("0")
                    .cleanDisabled(true)
                    .loggers("slf4j")
                    .load()
                    .migrate();
            LOG.debug("Relevans schema on {}: {} migration(s) applied, now at version {}", vendor,
                    result.migrationsExecuted, result.targetSchemaVersion == null ? result.initialSchemaVersion
                            : result.targetSchemaVersion);
            return result.migrationsExecuted;
        } catch (FlywayException e) {
            throw new StorageException("could not migrate the Relevans schema on " + vendor, e);
        }
    }

    /** The migration folder for the data source's database. */
    private static String vendor(DataSource dataSource) {
        String product;
        try (Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw Jdbc.failure("connect to the database to migrate the Relevans schema", e);
        }
        String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (name.equals("postgresql")) {
            return "postgresql";
        }
        if (name.equals("h2")) {
            return "h2";
        }
        throw new StorageException("the Relevans JDBC stores support PostgreSQL and H2, not '" + product + "'", null);
    }

    /** The customer store. */
    public JdbcCustomerStore customers() {
        return customers;
    }

    /** The timer store. */
    public JdbcTimerStore timers() {
        return timers;
    }

    /** The outbox. */
    public JdbcOutbox outbox() {
        return outbox;
    }
}
