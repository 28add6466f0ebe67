package io.relevans.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.CustomerView;
import io.relevans.Relevans;
import io.relevans.customer.Identity;
import io.relevans.definition.Definitions;
import io.relevans.definition.Features;
import io.relevans.definition.Segment;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import io.relevans.prediction.Cdnow;
import io.relevans.history.ImportReport;
import io.relevans.spi.Storage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Real data no one here wrote: the CDNOW purchase history (Fader and Hardie; 69,659 purchases of 23,570
 * customers, 1997-1998), imported through the library, against the same figures computed with SQL in
 * PostgreSQL over the same rows, at three moments: purchase counts over 90 and 365 days, spend over 365
 * days, days since the last purchase, and RFM-style segments over them. The file is read where the
 * workplace keeps it ({@link Cdnow#file}: the {@code shared/data/cdnow} folder beside the project, or {@code RELEVANS_CDNOW});
 * without it the test is skipped with a message, unless {@code RELEVANS_REQUIRE_CDNOW} is {@code true} (CI).
 */
class CdnowImportTest {

    private static final LocalTime PURCHASE_TIME = LocalTime.NOON; // the file has days; a purchase is at noon UTC
    private static final List<LocalDate> MOMENTS = List.of(LocalDate.of(1997, 3, 31), LocalDate.of(1997, 9, 30),
            LocalDate.of(1998, 6, 30));

    private static final String C90 = "count(purchase) over 90d";
    private static final String C365 = "count(purchase) over 365d";
    private static final String S365 = "sum(purchase.amount) over 365d";
    private static final String SINCE = "days_since(purchase)";

    /** One row of the file. */
    private record Row(long line, String customer, LocalDate day, int cds, BigDecimal dollars) {
        Event event() {
            return Event.builder(EventType.PURCHASE, Identity.loyalty(customer), day.atTime(PURCHASE_TIME).toInstant(ZoneOffset.UTC))
                    .id("cdnow-" + line).origin(Origin.WEB).property("amount", dollars.doubleValue())
                    .line("cd", "music", dollars.doubleValue() / cds, cds).build();
        }
    }

    private static List<Row> rows;

    @BeforeAll
    static void readFile() throws IOException {
        Path file = Cdnow.file("CDNOW_master.txt");
        Postgres.assume();
        rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        for (int i = 1; i < lines.size(); i++) { // a header line first
            String[] f = lines.get(i).trim().split("\\s+");
            if (f.length == 4) {
                rows.add(new Row(i + 1, f[0], LocalDate.parse(f[1], java.time.format.DateTimeFormatter.BASIC_ISO_DATE),
                        Integer.parseInt(f[2]), new BigDecimal(f[3])));
            }
        }
        assertEquals(69_659, rows.size(), "purchases in the master file");
    }

    static Definitions definitions() {
        return Definitions.builder()
                .segment(Segment.named("active").when(Features.daysSince(EventType.PURCHASE).atMost(90)))
                .segment(Segment.named("lapsed").when(Features.daysSince(EventType.PURCHASE).greaterThan(180)))
                .segment(Segment.named("frequent").when(Features.count(EventType.PURCHASE).within(Window.days(365)).atLeast(4)))
                .segment(Segment.named("valuable").when(Features.sum(EventType.PURCHASE, "amount").within(Window.days(365))
                        .atLeast(150)))
                .segment(Segment.named("recent_buyer").when(Features.count(EventType.PURCHASE).within(Window.days(90)).atLeast(2)))
                .build();
    }

    /** The figures SQL gives for a customer at a moment. */
    private record Expected(long c90, long c365, double s365, double since) {
        TreeSet<String> segments() {
            TreeSet<String> in = new TreeSet<>();
            if (since <= 90) {
                in.add("active");
            }
            if (since > 180) {
                in.add("lapsed");
            }
            if (c365 >= 4) {
                in.add("frequent");
            }
            if (s365 >= 150) {
                in.add("valuable");
            }
            if (c90 >= 2) {
                in.add("recent_buyer");
            }
            return in;
        }
    }

    private static Map<String, Expected> sql(Connection c, Instant moment) throws SQLException {
        Map<String, Expected> out = new TreeMap<>();
        String query = """
                SELECT customer,
                       count(*) FILTER (WHERE day > ?::date - 90) AS c90,
                       count(*) FILTER (WHERE day > ?::date - 365) AS c365,
                       coalesce(sum(dollars) FILTER (WHERE day > ?::date - 365), 0) AS s365,
                       extract(epoch FROM (?::timestamp - (max(day) + time '12:00'))) / 86400 AS since
                  FROM cdnow_purchase
                 WHERE day <= ?::date
                 GROUP BY customer""";
        Date day = Date.valueOf(LocalDate.ofInstant(moment, ZoneOffset.UTC));
        try (PreparedStatement ps = c.prepareStatement(query)) {
            ps.setDate(1, day);
            ps.setDate(2, day);
            ps.setDate(3, day);
            ps.setTimestamp(4, Timestamp.valueOf(moment.atOffset(ZoneOffset.UTC).toLocalDateTime()));
            ps.setDate(5, day);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Expected(rs.getLong(2), rs.getLong(3), rs.getBigDecimal(4).doubleValue(),
                            rs.getBigDecimal(5).doubleValue()));
                }
            }
        }
        return out;
    }

    private static void load(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE cdnow_purchase (customer varchar(5) NOT NULL, day date NOT NULL, "
                        + "cds integer NOT NULL, dollars numeric(10, 2) NOT NULL)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cdnow_purchase VALUES (?, ?, ?, ?)")) {
                int n = 0;
                for (Row r : rows) {
                    ps.setString(1, r.customer());
                    ps.setDate(2, Date.valueOf(r.day()));
                    ps.setInt(3, r.cds());
                    ps.setBigDecimal(4, r.dollars());
                    ps.addBatch();
                    if (++n % 5_000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    @Test
    @DisplayName("CDNOW imported: counts, spend, recency and RFM segments at three moments agree with SQL over the same rows")
    void cdnowAgreesWithSql() throws SQLException {
        DataSource ds = TestDatabase.bare(TestDatabase.Vendor.POSTGRES, "cdnow").dataSource();
        load(ds);
        long compared = 0;
        int customersAtLast = 0;
        List<String> differences = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            for (LocalDate day : MOMENTS) {
                Instant moment = day.atTime(23, 59, 59).toInstant(ZoneOffset.UTC);
                boolean last = day.equals(MOMENTS.get(MOMENTS.size() - 1));
                Storage storage = last ? JdbcStorage.open(ds) // the whole file through the JDBC storage
                        : Storage.inMemory();
                Relevans engine = Relevans.builder().clock(Clock.fixed(moment, ZoneOffset.UTC)).storage(storage)
                        .definitions(definitions()).build();
                List<Event> history = rows.stream().filter(r -> !r.day().isAfter(day)).map(Row::event).toList();
                ImportReport report = engine.historyImport().events(history.iterator());
                assertEquals(history.size(), report.imported(), report.summary());

                Map<String, Expected> expected = sql(c, moment);
                assertTrue(expected.size() > 1_000, "customers with purchases by " + day + ": " + expected.size());
                customersAtLast = expected.size();
                for (Map.Entry<String, Expected> e : expected.entrySet()) {
                    CustomerView view = engine.customer(Identity.loyalty(e.getKey())).orElseThrow();
                    Expected want = e.getValue();
                    Map<String, Double> got = view.features();
                    check(differences, day, e.getKey(), C90, want.c90(), got.get(C90));
                    check(differences, day, e.getKey(), C365, want.c365(), got.get(C365));
                    check(differences, day, e.getKey(), S365, want.s365(), got.get(S365));
                    check(differences, day, e.getKey(), SINCE, want.since(), got.get(SINCE));
                    if (!want.segments().equals(view.segments())) {
                        differences.add(day + " " + e.getKey() + " segments: SQL " + want.segments() + ", engine " + view.segments());
                    }
                    compared++;
                }
                System.out.printf("CDNOW at %s: %,d customers, %,d purchases imported in %.1f s (%,.0f events/s), "
                        + "%d differences so far%n", day, expected.size(), report.imported(),
                        report.elapsed().toMillis() / 1000.0, report.eventsPerSecond(), differences.size());
            }
        }
        assertEquals(List.of(), differences.subList(0, Math.min(20, differences.size())),
                differences.size() + " differences in " + compared + " customer-moments");
        assertEquals(23_570, customersAtLast, "the cohort's customers at the end");
    }

    private static void check(List<String> differences, LocalDate day, String customer, String feature, double want,
                              Double got) {
        if (got == null || Math.abs(got - want) > 1e-6 * Math.max(1, Math.abs(want))) {
            differences.add(day + " " + customer + " " + feature + ": SQL " + want + ", engine " + got);
        }
    }
}
