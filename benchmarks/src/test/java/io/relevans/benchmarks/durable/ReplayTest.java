package io.relevans.benchmarks.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.benchmarks.workload.Workload;
import io.relevans.event.Event;
import io.relevans.jdbc.JdbcStorage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The raw-JDBC baseline of {@link DurableIngestBenchmark} writes what the engines wrote: two engines ingest
 * live events on one H2 file database with their writes logged; the log replayed on a second database
 * from the same start leaves every Relevans table with the same rows, byte for byte.
 */
class ReplayTest {

    private static final List<String> TABLES = List.of("relevans_customer", "relevans_identity", "relevans_message",
            "relevans_timer");

    @Test
    void theReplayOfTheEnginesWritesLeavesTheSameRows() throws SQLException {
        Workload workload = Workload.generate(7, 300);
        List<Event> live = workload.live(1_500, Duration.ofMinutes(3));
        try (Database engines = Medium.H2_FILE.create("engines"); Database replayed = Medium.H2_FILE.create("replay")) {
            DataSource pool = engines.pool(Fleet.POOL);
            List<WriteLog.Transaction> preload = Fleet.preloadLogged(pool, workload);
            List<List<List<WriteLog.Transaction>>> slices = new ArrayList<>();
            List<WriteLog> logs = new ArrayList<>();
            try (Fleet fleet = Fleet.on(engines, workload, 2, logs)) {
                for (List<List<Event>> slice : DurableIngestBenchmark.slices(live, 2)) {
                    assertEquals(slice.stream().mapToLong(List::size).sum(), fleet.ingest(slice, 100));
                    slices.add(logs.stream().map(WriteLog::take).toList());
                }
            }
            DataSource target = replayed.pool(2);
            JdbcStorage.migrate(target);
            try (Replay r = new Replay(target)) {
                r.write(preload);
                for (List<List<WriteLog.Transaction>> slice : slices) {
                    for (List<WriteLog.Transaction> ofEngine : slice) {
                        r.write(ofEngine);
                    }
                }
            }
            Map<String, List<String>> expected = rows(pool);
            assertTrue(expected.get("relevans_message").size() > 20, "the programs decided messages");
            assertTrue(expected.get("relevans_timer").size() > 100, "the programs set timers");
            assertEquals(expected, rows(target));

            // the same writes again find other versions: the replay says so instead of writing less
            try (Replay again = new Replay(target)) {
                assertThrows(IllegalStateException.class, () -> again.write(slices.get(0).get(0)));
            }
        }
    }

    /** Every row of the Relevans tables as text, sorted; the message's sequence number left out. */
    private static Map<String, List<String>> rows(DataSource ds) throws SQLException {
        Map<String, List<String>> out = new TreeMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= columns; i++) {
                            if (!rs.getMetaData().getColumnName(i).equalsIgnoreCase("seq")) {
                                row.append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i))
                                        .append(' ');
                            }
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                out.put(table, rows);
            }
        }
        return out;
    }
}
