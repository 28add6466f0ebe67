package io.relevans.jdbc;

import io.relevans.customer.CustomerId;
import io.relevans.internal.json.StoredJson;
import io.relevans.spi.Message;
import io.relevans.spi.Outbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Outbox} in a SQL database: one row per message in {@code relevans_message}, keyed by the
 * message id (the idempotency key), with the customer, status, next attempt and decision time in
 * indexed columns and the rest (program, step, channel, template, data, lines, reason, attempts,
 * outcomes) as JSON. The schema comes from {@link JdbcStorage#migrate(DataSource)}.
 *
 * <p>Orders are those of the in-memory outbox: {@link #due(Instant, int)} earliest next attempt first,
 * ties by id; {@link #of(CustomerId)} oldest decision first, ties by id; {@link #forEach(Consumer)} in
 * the order the messages were added. Ids compare as text in code point order, whatever the database's
 * collation. An {@link #update(Message)} of an id that is not stored (erased meanwhile) is ignored.
 *
 * <p>Thread-safe: every call takes its own connection from the data source. Failures are
 * {@link StorageException}s naming the operation, the message id and the customer id.
 */
public final class JdbcOutbox implements Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcOutbox.class);
    private static final int PAGE = 500;
    private static final String COLUMNS = "message_id, customer_id, status, next_attempt_second, "
            + "next_attempt_nano, decided_second, decided_nano, details";
    private static final String WAITING = "SELECT " + COLUMNS + " FROM relevans_message WHERE status = ? "
            + "AND next_attempt_second <= ? AND (next_attempt_second < ? OR next_attempt_nano <= ?) "
            + "ORDER BY next_attempt_second, next_attempt_nano, message_id LIMIT ?";
    private static final String CLAIMABLE = "SELECT " + COLUMNS + " FROM relevans_message WHERE status = ? "
            + "AND next_attempt_second <= ? AND (next_attempt_second < ? OR next_attempt_nano <= ?) "
            + "AND (claimed_until IS NULL OR claimed_until <= ?) "
            + "ORDER BY next_attempt_second, next_attempt_nano, message_id LIMIT ?";

    private final Jdbc jdbc;
    /** The cache of the storage this store belongs to, told of every write; none for a store on its own. */
    private volatile ReadCache watcher = ReadCache.NONE;
    private final int page;

    /**
     * An outbox on the data source, whose database must have the Relevans schema.
     *
     * @param dataSource where connections come from
     */
    public JdbcOutbox(DataSource dataSource) {
        this(dataSource, PAGE);
    }

    /** An outbox that reads {@code page} messages per query in {@link #forEach(Consumer)}. */
    JdbcOutbox(DataSource dataSource, int page) {
        this.jdbc = new Jdbc(dataSource);
        if (page < 1) {
            throw new IllegalArgumentException("page size must be at least 1, got " + page);
        }
        this.page = page;
    }

    /** {@inheritDoc} An existing id is detected in the database, also when two adds race. */
    @Override
    public boolean add(Message message) {
        Objects.requireNonNull(message, "message");
        watcher.forget(message.customer());
        boolean added = jdbc.write("add message " + message.id() + " for customer " + message.customer(), c -> {
            try {
                return add(c, message);
            } catch (SQLException e) {
                if (Jdbc.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    c.rollback(); // another add of the id won the race
                    return false;
                }
                throw e;
            }
        });
        if (added) {
            LOG.debug("added message {} of program {} for customer {} as {}", message.id(), message.program(),
                    message.customer(), message.status());
        } else {
            LOG.debug("did not add message {}: its id is stored", message.id());
        }
        return added;
    }

    /**
     * In the connection's transaction, stores the message unless its id is stored; whether it was. An add
     * of the same id racing in another transaction fails on the primary key.
     */
    static boolean add(Connection c, Message message) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO relevans_message (" + COLUMNS + ") "
                + "SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS "
                + "(SELECT 1 FROM relevans_message WHERE message_id = ?)")) {
            ps.setString(1, message.id());
            setColumns(ps, 2, message, details(message));
            ps.setString(9, message.id());
            return ps.executeUpdate() > 0;
        }
    }

    /** {@inheritDoc} An id that is not stored is ignored; a claim on the message ends. */
    @Override
    public void update(Message message) {
        Objects.requireNonNull(message, "message");
        watcher.forget(message.customer());
        int updated = jdbc.write("update message " + message.id() + " for customer " + message.customer(),
                c -> update(c, message));
        if (updated == 0) {
            LOG.debug("ignored update of message {}: not stored", message.id());
        }
    }

    /** {@inheritDoc} In one transaction that locks the message's row while it reads and replaces it. */
    @Override
    public void recordAttempt(Message attempt) {
        Objects.requireNonNull(attempt, "attempt");
        Optional<Message> stored = jdbc.write("record a delivery attempt of message " + attempt.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM relevans_message WHERE message_id = ? FOR UPDATE")) {
                ps.setString(1, attempt.id());
                List<Message> found = messages(ps);
                if (found.isEmpty()) {
                    LOG.debug("ignored the delivery attempt of message {}: not stored", attempt.id());
                    return Optional.empty();
                }
                Message now = found.get(0).with(attempt.status(), attempt.reason(), attempt.attempts(),
                        attempt.nextAttempt());
                update(c, now);
                return Optional.of(now);
            }
        });
        stored.ifPresent(watcher::attempted);
    }

    /** In the connection's transaction, stores each message unless its id is stored; in one batch. */
    static void addAll(Connection c, List<Message> messages) throws SQLException {
        if (messages.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO relevans_message (" + COLUMNS + ") "
                + "SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS "
                + "(SELECT 1 FROM relevans_message WHERE message_id = ?)")) {
            for (Message m : messages) {
                ps.setString(1, m.id());
                setColumns(ps, 2, m, details(m));
                ps.setString(9, m.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * In the connection's transaction, replaces the stored messages, in one batch: one in {@code read} only
     * while it still has the status and next attempt read there.
     *
     * @return false when one of those had a delivery attempt recorded since (then the transaction must be
     *         rolled back)
     */
    static boolean updateAll(Connection c, List<Message> messages, Map<String, Message> read) throws SQLException {
        List<Message> checked = messages.stream().filter(m -> read.containsKey(m.id())).toList();
        List<Message> plain = messages.stream().filter(m -> !read.containsKey(m.id())).toList();
        if (!checked.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE relevans_message SET customer_id = ?, "
                    + "status = ?, next_attempt_second = ?, next_attempt_nano = ?, decided_second = ?, "
                    + "decided_nano = ?, details = ? WHERE message_id = ? AND status = ? AND next_attempt_second = ? "
                    + "AND next_attempt_nano = ?")) {
                for (Message m : checked) {
                    Message was = Objects.requireNonNull(read.get(m.id()), "a checked message was read");
                    setColumns(ps, 1, m, details(m));
                    ps.setString(8, m.id());
                    ps.setString(9, was.status().name());
                    Jdbc.setInstant(ps, 10, was.nextAttempt());
                    ps.addBatch();
                }
                for (int count : ps.executeBatch()) {
                    if (count != 1) {
                        return false;
                    }
                }
            }
        }
        for (Message m : plain) {
            update(c, m);
        }
        return true;
    }

    /** In the connection's transaction, replaces the stored message with the id, unclaimed; how many rows. */
    static int update(Connection c, Message message) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE relevans_message SET customer_id = ?, "
                + "status = ?, next_attempt_second = ?, next_attempt_nano = ?, decided_second = ?, "
                + "decided_nano = ?, details = ?, claimed_until = NULL WHERE message_id = ?")) {
            setColumns(ps, 1, message, details(message));
            ps.setString(8, message.id());
            return ps.executeUpdate();
        }
    }

    /**
     * {@inheritDoc} Reads candidates in due order, then claims them with conditional updates in one
     * transaction, so of dispatchers claiming at once each message goes to one.
     */
    @Override
    public List<Message> claimDue(Instant now, int limit, Instant until) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(until, "until");
        Jdbc.checkLimit(limit);
        if (limit == 0) {
            return List.of();
        }
        List<Message> candidates = jdbc.read("read messages due at " + now, c -> merge(
                waiting(c, true, Message.Status.PENDING, now, limit),
                waiting(c, true, Message.Status.RETRYING, now, limit), limit));
        return jdbc.claim("claim " + candidates.size() + " due messages", "UPDATE relevans_message "
                + "SET claimed_until = ? WHERE message_id = ? AND status = ? AND next_attempt_second = ? "
                + "AND next_attempt_nano = ? AND (claimed_until IS NULL OR claimed_until <= ?)", candidates, (ps, m) -> {
                    ps.setLong(1, until.toEpochMilli());
                    ps.setString(2, m.id());
                    ps.setString(3, m.status().name());
                    Jdbc.setInstant(ps, 4, m.nextAttempt());
                    ps.setLong(6, now.toEpochMilli());
                });
    }

    @Override
    public Optional<Message> find(String id) {
        Objects.requireNonNull(id, "id");
        return jdbc.read("find message " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM relevans_message WHERE message_id = ?")) {
                ps.setString(1, id);
                List<Message> found = messages(ps);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    /** {@inheritDoc} One count over the index by status (the due index leads with it). */
    @Override
    public OptionalLong waiting() {
        return jdbc.read("count waiting messages", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM relevans_message WHERE status IN (?, ?)")) {
                ps.setString(1, Message.Status.PENDING.name());
                ps.setString(2, Message.Status.RETRYING.name());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return OptionalLong.of(rs.getLong(1));
                }
            }
        });
    }

    /**
     * {@inheritDoc} Ties are ordered by id.
     *
     * @throws IllegalArgumentException when the limit is negative
     */
    @Override
    public List<Message> due(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        Jdbc.checkLimit(limit);
        if (limit == 0) {
            return List.of();
        }
        return jdbc.read("read messages due at " + now, c -> merge(waiting(c, false, Message.Status.PENDING, now,
                limit), waiting(c, false, Message.Status.RETRYING, now, limit), limit));
    }

    /**
     * The due messages of one status (only those no claim holds, if {@code unclaimed}): each status has its
     * own index range, read in order.
     */
    private static List<Message> waiting(Connection c, boolean unclaimed, Message.Status status, Instant now,
                                         int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(unclaimed ? CLAIMABLE : WAITING)) {
            int i = 1;
            ps.setString(i++, status.name());
            ps.setLong(i++, now.getEpochSecond());
            ps.setLong(i++, now.getEpochSecond());
            ps.setInt(i++, now.getNano());
            if (unclaimed) {
                ps.setLong(i++, now.toEpochMilli());
            }
            ps.setInt(i, limit);
            return messages(ps);
        }
    }

    /** The first {@code limit} of two lists in due order, merged. */
    private static List<Message> merge(List<Message> a, List<Message> b, int limit) {
        List<Message> out = new ArrayList<>(Math.min(limit, a.size() + b.size()));
        int i = 0;
        int j = 0;
        while (out.size() < limit && (i < a.size() || j < b.size())) {
            if (j >= b.size() || (i < a.size() && dueFirst(a.get(i), b.get(j)))) {
                out.add(a.get(i++));
            } else {
                out.add(b.get(j++));
            }
        }
        return out;
    }

    private static boolean dueFirst(Message x, Message y) {
        int byTime = x.nextAttempt().compareTo(y.nextAttempt());
        return byTime < 0 || (byTime == 0 && x.id().compareTo(y.id()) < 0);
    }

    /** {@inheritDoc} Ties are ordered by id. */
    @Override
    public List<Message> of(CustomerId customer) {
        Objects.requireNonNull(customer, "customer");
        return jdbc.read("read the messages of customer " + customer, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM relevans_message "
                    + "WHERE customer_id = ? ORDER BY decided_second, decided_nano, message_id")) {
                ps.setString(1, customer.value());
                return messages(ps);
            }
        });
    }

    /**
     * {@inheritDoc} In the order the messages were added, reading a page of messages per query; the
     * action runs between queries, holding no connection.
     */
    @Override
    public void forEach(Consumer<Message> action) {
        Objects.requireNonNull(action, "action");
        long after = Long.MIN_VALUE;
        while (true) {
            long from = after;
            long[] last = new long[1];
            List<Message> messages = jdbc.read("read messages", c -> page(c, from, last));
            messages.forEach(action);
            if (messages.size() < page) {
                return;
            }
            after = last[0];
        }
    }

    private List<Message> page(Connection c, long after, long[] last) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, " + COLUMNS + " FROM relevans_message "
                + "WHERE seq > ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, after);
            ps.setInt(2, page);
            List<Message> messages = new ArrayList<>(page);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    last[0] = rs.getLong("seq");
                    messages.add(message(rs));
                }
            }
            return messages;
        }
    }

    @Override
    public void eraseCustomer(CustomerId customer) {
        Objects.requireNonNull(customer, "customer");
        watcher.forget(customer);
        int removed = jdbc.write("erase the messages of customer " + customer, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM relevans_message WHERE customer_id = ?")) {
                ps.setString(1, customer.value());
                return ps.executeUpdate();
            }
        });
        LOG.debug("erased {} messages of customer {}", removed, customer);
    }

    /** Sets the seven columns of {@link #COLUMNS} after the id, in order, from parameter {@code index} on. */
    private static void setColumns(PreparedStatement ps, int index, Message m, String details) throws SQLException {
        ps.setString(index, m.customer().value());
        ps.setString(index + 1, m.status().name());
        Jdbc.setInstant(ps, index + 2, m.nextAttempt());
        Jdbc.setInstant(ps, index + 4, m.decidedAt());
        ps.setString(index + 6, details);
    }

    private static List<Message> messages(PreparedStatement ps) throws SQLException {
        List<Message> messages = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                messages.add(message(rs));
            }
        }
        return messages;
    }

    private static String details(Message m) {
        return StoredJson.messageDetails(m);
    }

    private static Message message(ResultSet rs) throws SQLException {
        String id = rs.getString("message_id");
        String customer = rs.getString("customer_id");
        String status = rs.getString("status");
        Instant next = Jdbc.instant(rs, "next_attempt_second", "next_attempt_nano");
        Instant decided = Jdbc.instant(rs, "decided_second", "decided_nano");
        String details = rs.getString("details");
        try {
            return StoredJson.message(id, CustomerId.of(customer), Message.Status.valueOf(status), decided, next, details);
        } catch (RuntimeException e) {
            throw new StorageException("the stored message " + id + " of customer " + customer + " is unreadable", e);
        }
    }

    /** Tells the storage's cache of every write from now on. */
    void watch(ReadCache cache) {
        this.watcher = cache;
    }
}
