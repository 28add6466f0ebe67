package io.relevans.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.CustomerView;
import io.relevans.ReloadReport;
import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.Identity;
import io.relevans.definition.Definitions;
import io.relevans.definition.Features;
import io.relevans.definition.Segment;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.history.BackfillProgress;
import io.relevans.spi.InMemoryCustomerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A reload on the JDBC storage with the database's event archive: the features it adds are filled from
 * {@code relevans_event}, and equal those of an engine that had them from the start; a new engine on the
 * same database (a restart) reads them.
 */
abstract class BackfillBehaviour {

    private static final Instant START = Instant.parse("2025-02-01T10:00:00Z");

    /** A new, empty database with the Relevans schema. */
    protected abstract DataSource emptyDatabase();

    private static Definitions before() {
        return Definitions.builder()
                .segment(Segment.named("viewer").when(Features.count(EventType.PRODUCT_VIEW).within(Window.days(30)).atLeast(1)))
                .build();
    }

    private static Definitions after() {
        return Definitions.builder()
                .segment(Segment.named("viewer").when(Features.count(EventType.PRODUCT_VIEW).within(Window.days(30)).atLeast(1)))
                .segment(Segment.named("loyal").when(Features.count(EventType.PURCHASE).within(Window.days(365)).atLeast(3)))
                .segment(Segment.named("big").when(Features.sum(EventType.PURCHASE, "amount").within(Window.days(365))
                        .atLeast(800)))
                .build();
    }

    private static Identity who(int k) {
        return Identity.email("p" + k + "@example.com");
    }

    private static List<Event> history() {
        Random random = new Random(3);
        List<Event> out = new ArrayList<>();
        Instant at = START;
        for (int k = 0; k < 200; k++) {
            at = at.plus(Duration.ofHours(1 + random.nextInt(30)));
            out.add(random.nextBoolean()
                    ? Event.builder(EventType.PURCHASE, who(random.nextInt(6)), at).property("amount", 100 + random.nextInt(300))
                            .line("sku", "tv", 100, 1).build()
                    : Event.builder(EventType.PRODUCT_VIEW, who(random.nextInt(6)), at).property("sku", "s")
                            .property("category", "tv").build());
        }
        return out;
    }

    @Test
    @DisplayName("a feature a reload adds is filled from the database's event archive and survives a restart")
    void backfillFromTheDatabase() throws InterruptedException {
        DataSource db = emptyDatabase();
        JdbcStorage storage = JdbcStorage.open(db);
        VirtualClock clock = VirtualClock.at(START);
        Relevans engine = Relevans.builder().clock(clock).storage(storage).archive(storage.archive())
                .definitions(before()).build();
        Relevans always = Relevans.builder().clock(clock).store(new InMemoryCustomerStore()).definitions(after()).build();
        for (Event e : history()) {
            clock.advanceTo(e.time());
            engine.ingest(e);
            always.ingest(e);
        }

        ReloadReport report = engine.load(after());
        assertTrue(report.backfill().isPresent(), report.toString());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        BackfillProgress p = engine.backfill().orElseThrow();
        while (p.running() && System.nanoTime() < until) {
            Thread.sleep(10);
            p = engine.backfill().orElseThrow();
        }
        assertEquals(p.customers(), p.done(), p.toString());

        Relevans restarted = Relevans.builder().clock(clock).storage(JdbcStorage.open(db)).definitions(after()).build();
        int loyal = 0;
        for (int k = 0; k < 6; k++) {
            CustomerView mine = restarted.customer(who(k)).orElseThrow();
            CustomerView theirs = always.customer(who(k)).orElseThrow();
            assertEquals(theirs.features(), mine.features(), "features of " + who(k));
            assertEquals(theirs.segments(), mine.segments(), "segments of " + who(k));
            loyal += mine.segments().contains("loyal") ? 1 : 0;
        }
        assertTrue(loyal > 0, "the history makes loyal customers");
    }
}
