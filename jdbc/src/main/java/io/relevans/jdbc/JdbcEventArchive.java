package io.relevans.jdbc;

import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.json.EventJson;
import io.relevans.spi.EventArchive;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The {@link EventArchive} in {@code relevans_event} (migration V5): one row per event, keyed by time,
 * identity and id (partition-friendly by time on PostgreSQL), the event's JSON as {@link EventJson}
 * writes it. Appends are batched inserts of the rows not there yet; reads stream in time order (events
 * of one moment ordered by identity and id, as every archive orders them). Thread-safe; failures are
 * {@link StorageException}s saying what was being done.
 */
final class JdbcEventArchive implements EventArchive {

    private static final String FROM_TIME = "(time_second > ? OR time_second = ? AND time_nano >= ?)";
    /** Rows fetched per round trip when streaming. */
    private static final int FETCH = 1_000;

    private final Jdbc jdbc;

    JdbcEventArchive(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public void append(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        List<Event> inOrder = new ArrayList<>(events); // rows locked in key order: concurrent appends never deadlock
        inOrder.sort(java.util.Comparator.comparing(Event::time).thenComparing(e -> e.customer().type().jsonName())
                .thenComparing(e -> e.customer().value()).thenComparing(Event::id));
        jdbc.doWrite("archive " + events.size() + " event(s)", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO relevans_event (time_second, time_nano, "
                    + "identity_type, identity_value, event_id, event) SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS "
                    + "(SELECT 1 FROM relevans_event WHERE time_second = ? AND time_nano = ? AND identity_type = ? "
                    + "AND identity_value = ? AND event_id = ?)")) {
                for (Event e : inOrder) {
                    Jdbc.setInstant(ps, 1, e.time());
                    ps.setString(3, e.customer().type().jsonName());
                    ps.setString(4, e.customer().value());
                    ps.setString(5, e.id());
                    ps.setString(6, EventJson.write(e));
                    Jdbc.setInstant(ps, 7, e.time());
                    ps.setString(9, e.customer().type().jsonName());
                    ps.setString(10, e.customer().value());
                    ps.setString(11, e.id());
                    ps.addBatch();
                }
                ps.executeBatch(); // an event a concurrent append inserted first fails the batch: run again
            }
        });
    }

    @Override
    public void forEachOf(Collection<Identity> identities, Instant from, Consumer<Event> action) {
        Objects.requireNonNull(from, "from");
        List<Event> out = new ArrayList<>();
        jdbc.doRead("read the archived events of " + identities.size() + " identities", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT event FROM relevans_event WHERE identity_type = ? "
                    + "AND identity_value = ? AND " + FROM_TIME)) {
                for (Identity i : identities) {
                    ps.setString(1, i.type().jsonName());
                    ps.setString(2, i.value());
                    from(ps, 3, from);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(EventJson.read(rs.getString(1)));
                        }
                    }
                }
            }
        });
        out.sort(ORDER);
        out.forEach(action);
    }

    @Override
    public void forEach(Instant from, Consumer<Event> action) {
        Objects.requireNonNull(from, "from");
        jdbc.doRead("read the archived events from " + from, c -> {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (PreparedStatement ps = c.prepareStatement("SELECT time_second, time_nano, event FROM relevans_event "
                    + "WHERE " + FROM_TIME + " ORDER BY time_second, time_nano")) {
                ps.setFetchSize(FETCH);
                from(ps, 1, from);
                List<Event> moment = new ArrayList<>(); // the events of one moment, ordered as every archive does
                long second = Long.MIN_VALUE;
                int nano = -1;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getLong(1) != second || rs.getInt(2) != nano) {
                            flush(moment, action);
                            second = rs.getLong(1);
                            nano = rs.getInt(2);
                        }
                        moment.add(EventJson.read(rs.getString(3)));
                    }
                }
                flush(moment, action);
                c.commit();
            } finally {
                c.setAutoCommit(auto);
            }
        });
    }

    private static void flush(List<Event> moment, Consumer<Event> action) {
        moment.sort(ORDER);
        moment.forEach(action);
        moment.clear();
    }

    @Override
    public long erase(Collection<Identity> identities) {
        return jdbc.write("erase the archived events of " + identities.size() + " identities", c -> {
            long removed = 0;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM relevans_event WHERE identity_type = ? "
                    + "AND identity_value = ?")) {
                for (Identity i : identities) {
                    ps.setString(1, i.type().jsonName());
                    ps.setString(2, i.value());
                    removed += ps.executeUpdate();
                }
            }
            return removed;
        });
    }

    @Override
    public long dropBefore(Instant cutoff) {
        return jdbc.write("drop the archived events before " + cutoff, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM relevans_event WHERE time_second < ? "
                    + "OR time_second = ? AND time_nano < ?")) {
                from(ps, 1, cutoff);
                return (long) ps.executeUpdate();
            }
        });
    }

    private static void from(PreparedStatement ps, int index, Instant t) throws SQLException {
        ps.setLong(index, t.getEpochSecond());
        ps.setLong(index + 1, t.getEpochSecond());
        ps.setInt(index + 2, t.getNano());
    }
}
