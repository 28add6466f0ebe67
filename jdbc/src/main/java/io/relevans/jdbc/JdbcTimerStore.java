package io.relevans.jdbc;

import io.relevans.customer.CustomerId;
import io.relevans.internal.json.StoredJson;
import io.relevans.spi.Timer;
import io.relevans.spi.TimerStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TimerStore} in a SQL database, so waiting programs survive a restart: one row per timer in
 * {@code relevans_timer}, keyed by customer, program and kind, with the due time in columns indexed
 * for {@link #due(Instant, int)} and the rest (step, start, variant, control group, trigger event,
 * matches since the trigger) as JSON. The schema comes from {@link JdbcStorage#migrate(DataSource)}.
 *
 * <p>Orders are those of the in-memory store: {@link #due(Instant, int)} earliest first, ties by
 * customer id, program and kind (compared as text in code point order, whatever the database's
 * collation); {@link #of(CustomerId)} by program, then kind. Due times keep their nanoseconds.
 *
 * <p>Thread-safe: every call takes its own connection from the data source. Failures are
 * {@link StorageException}s naming the operation and the customer id.
 */
public final class JdbcTimerStore implements TimerStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcTimerStore.class);
    private static final String COLUMNS = "customer_id, program, kind, due_second, due_nano, details";

    private final Jdbc jdbc;
    /** The cache of the storage this store belongs to, told of every write; none for a store on its own. */
    private volatile ReadCache watcher = ReadCache.NONE;

    /**
     * A store on the data source, whose database must have the Relevans schema.
     *
     * @param dataSource where connections come from
     */
    public JdbcTimerStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public void schedule(Timer timer) {
        Objects.requireNonNull(timer, "timer");
        watcher.forget(timer.customer());
        jdbc.doWrite("schedule the " + timer.kind() + " timer of program " + timer.program() + " for customer "
                + timer.customer(), c -> {
            replaceAll(c, List.of(), List.of(timer));
        });
        LOG.debug("scheduled {} timer of program {} for customer {} at {}", timer.kind(), timer.program(),
                timer.customer(), timer.due());
    }

    /**
     * In the connection's transaction, removes the timers with the keys and stores the timers, unclaimed,
     * in place of any with their keys: one batch of deletions, one of insertions.
     */
    static void replaceAll(Connection c, List<Timer.Key> cancelled, List<Timer> scheduled) throws SQLException {
        if (cancelled.isEmpty() && scheduled.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM relevans_timer WHERE customer_id = ? AND program = ? AND kind = ?")) {
            for (Timer.Key k : cancelled) {
                setKey(delete, 1, k);
                delete.addBatch();
            }
            for (Timer t : scheduled) {
                setKey(delete, 1, t.key());
                delete.addBatch();
            }
            delete.executeBatch();
        }
        if (!scheduled.isEmpty()) {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO relevans_timer (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Timer t : scheduled) {
                    setKey(insert, 1, t.key());
                    Jdbc.setInstant(insert, 4, t.due());
                    insert.setString(6, details(t));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    @Override
    public boolean cancel(Timer.Key key) {
        Objects.requireNonNull(key, "key");
        watcher.forget(key.customer());
        return jdbc.write("cancel the " + key.kind() + " timer of program " + key.program() + " for customer "
                + key.customer(), c -> cancel(c, key));
    }

    /** In the connection's transaction, removes the timer with the key; whether there was one. */
    static boolean cancel(Connection c, Timer.Key key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM relevans_timer WHERE customer_id = ? AND program = ? AND kind = ?")) {
            setKey(ps, 1, key);
            return ps.executeUpdate() > 0;
        }
    }

    /**
     * {@inheritDoc} Reads candidates in due order, then claims them with conditional updates in one
     * transaction, so of engines claiming at once each timer goes to one.
     */
    @Override
    public List<Timer> claimDue(Instant now, int limit, Instant until) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(until, "until");
        Jdbc.checkLimit(limit);
        if (limit == 0) {
            return List.of();
        }
        List<Timer> candidates = jdbc.read("read timers due at " + now, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM relevans_timer "
                    + "WHERE due_second <= ? AND (due_second < ? OR due_nano <= ?) "
                    + "AND (claimed_until IS NULL OR claimed_until <= ?) "
                    + "ORDER BY due_second, due_nano, customer_id, program, kind LIMIT ?")) {
                ps.setLong(1, now.getEpochSecond());
                ps.setLong(2, now.getEpochSecond());
                ps.setInt(3, now.getNano());
                ps.setLong(4, now.toEpochMilli());
                ps.setInt(5, limit);
                return timers(ps);
            }
        });
        return jdbc.claim("claim " + candidates.size() + " due timers", "UPDATE relevans_timer SET claimed_until = ? "
                + "WHERE customer_id = ? AND program = ? AND kind = ? AND due_second = ? AND due_nano = ? "
                + "AND (claimed_until IS NULL OR claimed_until <= ?)", candidates, (ps, t) -> {
                    ps.setLong(1, until.toEpochMilli());
                    setKey(ps, 2, t.key());
                    Jdbc.setInstant(ps, 5, t.due());
                    ps.setLong(7, now.toEpochMilli());
                });
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the limit is negative
     */
    @Override
    public List<Timer> due(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        Jdbc.checkLimit(limit);
        if (limit == 0) {
            return List.of();
        }
        return jdbc.read("read timers due at " + now, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM relevans_timer "
                    + "WHERE due_second <= ? AND (due_second < ? OR due_nano <= ?) "
                    + "ORDER BY due_second, due_nano, customer_id, program, kind LIMIT ?")) {
                ps.setLong(1, now.getEpochSecond());
                ps.setLong(2, now.getEpochSecond());
                ps.setInt(3, now.getNano());
                ps.setInt(4, limit);
                return timers(ps);
            }
        });
    }

    /** {@inheritDoc} This store answers in key order: program, then kind. */
    @Override
    public List<Timer> of(CustomerId customer) {
        Objects.requireNonNull(customer, "customer");
        return jdbc.read("read the timers of customer " + customer, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM relevans_timer "
                    + "WHERE customer_id = ? ORDER BY program, kind")) {
                ps.setString(1, customer.value());
                return timers(ps);
            }
        });
    }

    @Override
    public void eraseCustomer(CustomerId customer) {
        Objects.requireNonNull(customer, "customer");
        watcher.forget(customer);
        int removed = jdbc.write("erase the timers of customer " + customer, c -> eraseCustomer(c, customer));
        LOG.debug("erased {} timers of customer {}", removed, customer);
    }

    /** In the connection's transaction, removes the customer's timers; how many there were. */
    static int eraseCustomer(Connection c, CustomerId customer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM relevans_timer WHERE customer_id = ?")) {
            ps.setString(1, customer.value());
            return ps.executeUpdate();
        }
    }

    private static void setKey(PreparedStatement ps, int index, Timer.Key key) throws SQLException {
        ps.setString(index, key.customer().value());
        ps.setString(index + 1, key.program());
        ps.setString(index + 2, key.kind().name());
    }

    private static List<Timer> timers(PreparedStatement ps) throws SQLException {
        List<Timer> timers = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                timers.add(timer(rs));
            }
        }
        return timers;
    }

    private static String details(Timer t) {
        return StoredJson.timerDetails(t);
    }

    private static Timer timer(ResultSet rs) throws SQLException {
        String customer = rs.getString("customer_id");
        String program = rs.getString("program");
        String kind = rs.getString("kind");
        Instant due = Jdbc.instant(rs, "due_second", "due_nano");
        String details = rs.getString("details");
        try {
            return StoredJson.timer(CustomerId.of(customer), program, Timer.Kind.valueOf(kind), due, details);
        } catch (RuntimeException e) {
            throw new StorageException("the stored " + kind + " timer of program " + program + " for customer "
                    + customer + " is unreadable", e);
        }
    }

    /** Tells the storage's cache of every write from now on. */
    void watch(ReadCache cache) {
        this.watcher = cache;
    }
}
