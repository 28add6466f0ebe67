package io.relevans.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.event.Event;
import io.relevans.history.ImportReport;
import io.relevans.jdbc.SharedWorkload.Snapshot;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.InMemoryOutbox;
import io.relevans.spi.InMemoryTimerStore;
import io.relevans.spi.Storage;
import io.relevans.spi.Timer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An import of history on the JDBC storage stores what the same import stores in memory (customers
 * merged, features, memberships, time-based starts ahead), decides nothing, and a second import of
 * more history onto it goes on from what the first stored.
 */
abstract class HistoryImportBehaviour {

    /** A new, empty database with the Relevans schema. */
    protected abstract DataSource emptyDatabase();

    private static List<Event> history(SharedWorkload w) {
        List<Event> events = new ArrayList<>();
        w.steps.stream().filter(s -> !s.isTick()).forEach(s -> events.add(s.event()));
        events.sort(Comparator.comparing(Event::time));
        return events;
    }

    private static Snapshot imported(Storage storage, Instant at, List<List<Event>> parts, int workers) {
        Relevans engine = SharedWorkload.engine(storage, VirtualClock.at(at), SharedWorkload.recording(m -> { }));
        for (List<Event> part : parts) {
            ImportReport report = engine.historyImport().workers(workers).batchSize(500).events(part.iterator());
            assertEquals(0, report.refused(), report.summary());
        }
        return Snapshot.of(storage);
    }

    @Test
    @DisplayName("an import on the JDBC storage stores what the same import stores in memory, and decides nothing")
    void importStoresWhatMemoryStores() {
        SharedWorkload w = SharedWorkload.of(7, 60, 3_000);
        List<Event> events = history(w);
        Instant at = events.get(events.size() - 1).time();
        Snapshot expected = imported(Storage.of(new InMemoryCustomerStore(), new InMemoryTimerStore(),
                new InMemoryOutbox()), at, List.of(events), 1);

        Snapshot actual = imported(JdbcStorage.open(emptyDatabase()), at,
                List.of(events.subList(0, events.size() / 2), events.subList(events.size() / 2, events.size())), 2);

        assertEquals(expected.records().size(), actual.records().size(), "customers");
        for (int i = 0; i < expected.records().size(); i++) {
            CustomerRecord want = expected.records().get(i);
            CustomerRecord got = actual.records().get(i);
            assertEquals(want.customer(), got.customer(), "profile " + i);
            assertEquals(want.segments(), got.segments(), "segments of " + want.id());
            assertEquals(want.starts(), got.starts(), "starts of " + want.id());
            assertEquals(want.recentEvents(), got.recentEvents(), "recent events of " + want.id());
            assertEquals(want.features(), got.features(), "features of " + want.id());
        }
        assertEquals(expected.timers(), actual.timers(), "time-based starts");
        assertEquals(List.of(), actual.messages(), "no message decided");
        assertTrue(actual.timers().stream().allMatch(t -> t.kind() == Timer.Kind.TRIGGER), "no journey started");
        assertTrue(actual.records().size() > 30 && actual.records().stream().anyMatch(r -> !r.segments().isEmpty()),
                "the workload leaves customers in segments: " + actual.records().size());
    }
}
