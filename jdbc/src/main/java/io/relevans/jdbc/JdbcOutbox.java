package io.relevans.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Purpose;
import io.relevans.spi.Message;
import io.relevans.spi.Outbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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

    private final Jdbc jdbc;
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
        String details = details(message);
        boolean added = jdbc.write("add message " + message.id() + " for customer " + message.customer(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO relevans_message (" + COLUMNS + ") "
                    + "SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS "
                    + "(SELECT 1 FROM relevans_message WHERE message_id = ?)")) {
                ps.setString(1, message.id());
                setColumns(ps, 2, message, details);
                ps.setString(9, message.id());
                return ps.executeUpdate() > 0;
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

    /** {@inheritDoc} An id that is not stored is ignored. */
    @Override
    public void update(Message message) {
        Objects.requireNonNull(message, "message");
        String details = details(message);
        int updated = jdbc.write("update message " + message.id() + " for customer " + message.customer(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE relevans_message SET customer_id = ?, "
                    + "status = ?, next_attempt_second = ?, next_attempt_nano = ?, decided_second = ?, "
                    + "decided_nano = ?, details = ? WHERE message_id = ?")) {
                setColumns(ps, 1, message, details);
                ps.setString(8, message.id());
                return ps.executeUpdate();
            }
        });
        if (updated == 0) {
            LOG.debug("ignored update of message {}: not stored", message.id());
        }
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

    /**
     * {@inheritDoc} Ties are ordered by id.
     *
     * @throws IllegalArgumentException when the limit is negative
     */
    @Override
    public List<Message> due(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        return jdbc.read("read messages due at " + now, c -> merge(waiting(c, Message.Status.PENDING, now, limit),
                waiting(c, Message.Status.RETRYING, now, limit), limit));
    }

    /** The due messages of one status: each status has its own index range, read in order. */
    private static List<Message> waiting(Connection c, Message.Status status, Instant now, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(WAITING)) {
            ps.setString(1, status.name());
            ps.setLong(2, now.getEpochSecond());
            ps.setLong(3, now.getEpochSecond());
            ps.setInt(4, now.getNano());
            ps.setInt(5, limit);
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
        ObjectNode n = StoredJson.NODES.objectNode();
        n.put("program", m.program());
        n.put("step", m.step());
        n.put("variant", m.variant());
        m.channel().ifPresent(ch -> n.put("channel", ch.name()));
        n.put("template", m.template());
        n.put("purpose", m.purpose().name());
        n.set("data", StoredJson.values(m.data()));
        n.set("lines", StoredJson.lines(m.lines()));
        n.put("reason", m.reason());
        n.put("attempts", m.attempts());
        n.set("outcomes", StoredJson.instants(m.outcomes()));
        return StoredJson.write(n);
    }

    private static Message message(ResultSet rs) throws SQLException {
        String id = rs.getString("message_id");
        String customer = rs.getString("customer_id");
        String status = rs.getString("status");
        Instant next = Jdbc.instant(rs, "next_attempt_second", "next_attempt_nano");
        Instant decided = Jdbc.instant(rs, "decided_second", "decided_nano");
        String details = rs.getString("details");
        try {
            JsonNode n = StoredJson.read(details);
            JsonNode channel = n.get("channel");
            return new Message(id, CustomerId.of(customer), StoredJson.text(n, "program"), StoredJson.text(n, "step"),
                    StoredJson.text(n, "variant"),
                    channel == null || channel.isNull() ? Optional.empty() : Optional.of(Channel.of(channel.asText())),
                    StoredJson.text(n, "template"), Purpose.of(StoredJson.text(n, "purpose")),
                    StoredJson.values(StoredJson.field(n, "data")), StoredJson.lines(StoredJson.field(n, "lines")),
                    decided, Message.Status.valueOf(status), StoredJson.text(n, "reason"),
                    StoredJson.field(n, "attempts").intValue(), next,
                    StoredJson.instants(StoredJson.field(n, "outcomes")));
        } catch (RuntimeException e) {
            throw new StorageException("the stored message " + id + " of customer " + customer + " is unreadable", e);
        }
    }
}
