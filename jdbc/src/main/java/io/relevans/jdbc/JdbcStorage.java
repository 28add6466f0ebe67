package io.relevans.jdbc;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.spi.Commit;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.CustomerState;
import io.relevans.spi.Message;
import io.relevans.spi.EventArchive;
import io.relevans.spi.SplitDecisionStore;
import io.relevans.spi.Storage;
import io.relevans.spi.StoredCustomer;
import io.relevans.spi.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Relevans storage on one SQL database: applies the schema migrations, creates the three stores (and
 * the store of A/B split decisions)
 * over the same {@link DataSource}, and stores what the engine decided for a customer in one transaction
 * ({@link #commit(Commit)}), only while the customer's row still has the version the engine read. Engines
 * in several processes (instances of the application behind a load balancer) can therefore share one
 * database: each gives the work it lost a race on to be redone from fresh reads, due timers and messages
 * are claimed by one engine at a time, and no identity is ever given to two customers.
 *
 * <pre>{@code
 * JdbcStorage storage = JdbcStorage.open(dataSource);   // migrates first; a no-op when up to date
 * Relevans engine = Relevans.builder()
 *         .storage(storage)
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
public final class JdbcStorage implements Storage {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStorage.class);

    /** The table where Flyway records which Relevans migrations were applied. */
    public static final String HISTORY_TABLE = "relevans_schema_history";

    private final JdbcCustomerStore customers;
    private final JdbcTimerStore timers;
    private final JdbcOutbox outbox;
    private final JdbcSplitDecisionStore splitDecisions;
    private final JdbcPredictionModelStore predictionModels;
    private final JdbcEventArchive archive;
    private final Jdbc jdbc;
    private final ReadCache cache;

    /** How many customers a storage keeps what it read or committed of by default. */
    public static final int CACHED_CUSTOMERS = 10_000;

    private JdbcStorage(DataSource dataSource, int cachedCustomers) {
        this.jdbc = new Jdbc(dataSource);
        this.cache = new ReadCache(cachedCustomers);
        this.customers = new JdbcCustomerStore(dataSource);
        this.timers = new JdbcTimerStore(dataSource);
        this.outbox = new JdbcOutbox(dataSource);
        this.splitDecisions = new JdbcSplitDecisionStore(dataSource);
        this.predictionModels = new JdbcPredictionModelStore(dataSource);
        this.archive = new JdbcEventArchive(dataSource);
        customers.watch(cache);
        timers.watch(cache);
        outbox.watch(cache);
    }

    /**
     * Migrates the database (see {@link #migrate(DataSource)}) and creates the stores on it.
     *
     * @throws StorageException when the database is not supported or a migration fails
     */
    public static JdbcStorage open(DataSource dataSource) {
        return open(dataSource, CACHED_CUSTOMERS);
    }

    /**
     * Migrates the database and creates the stores on it, keeping what was read or committed of up to
     * {@code cachedCustomers} customers (the least recently used go), so that the next event of such a
     * customer needs no reads. Another process's writes make a kept entry outdated: a commit derived from
     * it is refused by the row's version, the entry is dropped and the engine reads afresh. Each entry
     * holds a customer's record, timers and messages (a few kilobytes).
     *
     * @param cachedCustomers from 0 (read every time) to 10,000,000
     * @throws IllegalArgumentException when out of range
     * @throws StorageException         when the database is not supported or a migration fails
     */
    public static JdbcStorage open(DataSource dataSource, int cachedCustomers) {
        if (cachedCustomers < 0 || cachedCustomers > 10_000_000) {
            throw new IllegalArgumentException("cached customers must be from 0 to 10,000,000, got " + cachedCustomers);
        }
        migrate(dataSource);
        return new JdbcStorage(dataSource, cachedCustomers);
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

    /** {@inheritDoc} With the row's version, read now. */
    @Override
    public Optional<StoredCustomer> load(CustomerId id) {
        return customers.loadStored(id);
    }

    /** {@inheritDoc} From what this storage read or committed lately, else read now (and kept). */
    @Override
    public Optional<CustomerState> read(CustomerId id) {
        Objects.requireNonNull(id, "id");
        Optional<CustomerState> kept = cache.customer(id);
        if (kept.isPresent()) {
            return kept;
        }
        Optional<StoredCustomer> stored = customers.loadStored(id);
        if (stored.isEmpty()) {
            cache.forget(id);
            return Optional.empty();
        }
        CustomerState state = new CustomerState(stored.get(), timers.of(id), outbox.of(id));
        cache.read(state);
        return Optional.of(state);
    }

    /** {@inheritDoc} From the customers this storage keeps what it read or committed of, else looked up now. */
    @Override
    public Optional<CustomerId> lookup(Identity identity) {
        Optional<CustomerId> kept = cache.identity(identity);
        return kept.isPresent() ? kept : customers.lookup(identity);
    }

    /**
     * {@inheritDoc} In one transaction: the customer's row if it still has the commit's version (or, for a
     * new customer, if there is none), the merged customers' identities, timers and rows if they still
     * have the versions read, the record's identities (refused if another customer has one), then the
     * messages (an update only while the message has the status and next attempt read: no delivery
     * attempt was recorded since) and timers. Losing a race to a concurrent transaction on any of these rows refuses the
     * whole commit.
     *
     * @throws StorageException when the database fails otherwise; nothing is stored then
     */
    @Override
    public boolean commit(Commit commit) {
        Objects.requireNonNull(commit, "commit");
        return commitAll(List.of(commit)) == 1;
    }

    /**
     * {@inheritDoc} In one transaction, each commit as {@link #commit(Commit)} stores it: all or none.
     *
     * @return all of them, or 0 when one was refused
     */
    @Override
    public int commitAll(List<Commit> commits) {
        if (commits.isEmpty()) {
            return 0;
        }
        List<@Nullable CustomerRecord> before = new ArrayList<>(commits.size());
        for (Commit commit : commits) {
            before.add(cache.customer(commit.customer()).map(CustomerState::stored)
                    .filter(s -> s.version() == commit.version()).map(StoredCustomer::record).orElse(null));
        }
        long[] versions = new long[commits.size()];
        String what = commits.size() == 1 ? "commit customer " + commits.get(0).customer()
                : "commit " + commits.size() + " customers from " + commits.get(0).customer() + " on";
        boolean stored = jdbc.attempt(what, c -> {
            long[] written = write(c, commits, before);
            if (written == null) {
                return false;
            }
            System.arraycopy(written, 0, versions, 0, written.length);
            return true;
        });
        for (int i = 0; i < commits.size(); i++) {
            if (stored) {
                cache.committed(commits.get(i), versions[i]);
            } else {
                cache.refused(commits.get(i));
            }
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} at version {}: {}", what, commits.get(0).version(),
                    stored ? "stored" : "refused, the rows changed meanwhile");
        }
        return stored ? commits.size() : 0;
    }

    /**
     * Writes the commits in the connection's transaction, statements of one shape in one batch: merged
     * customers' timers and identities go, the records (on their versions), the merged customers' rows
     * (on theirs), messages, timers.
     *
     * @return per commit, the customer row's version now, or null when the commits must be refused
     */
    private static long @Nullable [] write(Connection c, List<Commit> commits, List<@Nullable CustomerRecord> before)
            throws SQLException {
        for (Commit commit : commits) {
            for (CustomerId merged : commit.merged().keySet()) {
                JdbcTimerStore.eraseCustomer(c, merged);
                JdbcCustomerStore.release(c, merged);
            }
        }
        long[] versions = JdbcCustomerStore.writeAll(c, commits, before);
        if (versions == null) {
            return null;
        }
        List<Message> added = new ArrayList<>();
        List<Message> updated = new ArrayList<>();
        Map<String, Message> read = new HashMap<>();
        List<Timer.Key> cancelled = new ArrayList<>();
        List<Timer> scheduled = new ArrayList<>();
        for (Commit commit : commits) {
            for (Map.Entry<CustomerId, Long> merged : commit.merged().entrySet()) {
                if (!JdbcCustomerStore.remove(c, merged.getKey(), merged.getValue())) {
                    return null;
                }
            }
            added.addAll(commit.added());
            updated.addAll(commit.updated());
            commit.read().forEach(m -> read.put(m.id(), m));
            cancelled.addAll(commit.cancelled());
            scheduled.addAll(commit.scheduled());
        }
        JdbcOutbox.addAll(c, added);
        if (!JdbcOutbox.updateAll(c, updated, read)) {
            return null; // a delivery attempt was recorded since a step read the message: redo the steps
        }
        JdbcTimerStore.replaceAll(c, cancelled, scheduled);
        return versions;
    }

    /** The customer store. */
    @Override
    public JdbcCustomerStore customers() {
        return customers;
    }

    /** The timer store. */
    @Override
    public JdbcTimerStore timers() {
        return timers;
    }

    /** The outbox. */
    @Override
    public JdbcOutbox outbox() {
        return outbox;
    }

    /**
     * The event archive in this database ({@code relevans_event}), for {@code Relevans.builder().archive(...)}:
     * the events the engine applies are kept for backfills of features added later and for backtests.
     */
    public EventArchive archive() {
        return archive;
    }

    /**
     * {@inheritDoc} In {@code relevans_split_decision}: every engine on the database reads the first
     * decision stored for a split.
     */
    @Override
    public SplitDecisionStore splitDecisions() {
        return splitDecisions;
    }

    /** The fitted prediction models, one row per version, shared by every engine on the database. */
    @Override
    public io.relevans.spi.PredictionModelStore predictionModels() {
        return predictionModels;
    }
}
