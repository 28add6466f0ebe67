package io.relevans.history;

import static io.relevans.history.HistoryImportProperties.NOW;
import static io.relevans.history.HistoryImportProperties.email;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.IngestResult;
import io.relevans.Relevans;
import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.json.EventJson;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.InMemoryOutbox;
import io.relevans.spi.InMemoryTimerStore;
import io.relevans.spi.Message;
import io.relevans.spi.Timer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Going live with history: what an import stores, what it tells programs, how it reads files. */
class HistoryImportTest {

    private final InMemoryCustomerStore store = new InMemoryCustomerStore();
    private final InMemoryTimerStore timers = new InMemoryTimerStore();
    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private final Relevans engine = HistoryImportProperties.engine(HistoryImportProperties.definitions(), store, timers,
            outbox);

    private static Event purchase(Identity who, Instant at, double amount) {
        return Event.builder(EventType.PURCHASE, who, at).property("amount", amount).line("sku-1", "tv", amount, 1)
                .build();
    }

    private List<Message> messages() {
        List<Message> out = new ArrayList<>();
        outbox.forEach(out::add);
        return out;
    }

    @Test
    @DisplayName("going live: a segment over a year of purchases holds on day one, and nothing is sent for the history")
    void segmentsHoldOnDayOne_andNothingIsDecided() {
        Identity anna = email(1);
        List<Event> history = List.of(purchase(anna, NOW.minus(Duration.ofDays(300)), 100),
                Event.builder(EventType.CART_CHANGE, anna, NOW.minus(Duration.ofDays(200))).line("sku-2", "tv", 10, 1).build(),
                purchase(anna, NOW.minus(Duration.ofDays(100)), 200), purchase(anna, NOW.minus(Duration.ofDays(50)), 300));

        ImportReport report = engine.historyImport().events(history.iterator());

        assertEquals(4, report.imported(), report.summary());
        assertEquals(1, report.customers());
        assertTrue(engine.customer(anna).orElseThrow().segments().containsAll(List.of("buyer", "spender")),
                "three purchases in a year and 600 spent: " + engine.customer(anna).orElseThrow().segments());
        assertEquals(List.of(), messages(), "no cart reminder for a cart of 200 days ago, no vip thanks for the history");
        engine.tick();
        assertEquals(List.of(), messages(), "nothing due after the import either");
    }

    @Test
    @DisplayName("a program that starts once knows from the history who had their start: the welcome is not sent again")
    void onceProgramsKnowTheHistory() {
        Identity old = email(1);
        Identity fresh = email(2);
        engine.historyImport().events(List.of(
                Event.builder(EventType.SIGNUP, old, NOW.minus(Duration.ofDays(700))).build(),
                purchase(fresh, NOW.minus(Duration.ofDays(3)), 50)).iterator());

        engine.ingest(Event.builder(EventType.SIGNUP, old, NOW.minus(Duration.ofMinutes(5))).build());
        engine.ingest(Event.builder(EventType.SIGNUP, fresh, NOW.minus(Duration.ofMinutes(4))).build());

        List<String> welcomed = messages().stream().filter(m -> m.program().equals("welcome"))
                .map(m -> m.customer().value()).toList();
        assertEquals(List.of(engine.customer(fresh).orElseThrow().customer().id().value()), welcomed,
                "only the customer without a signup in the history is welcomed");
    }

    @Test
    @DisplayName("time-based starts: win-back waits for 60 days after the last purchase when that is ahead; none for the long gone")
    void inactivityStartsAheadOnly() {
        Identity recent = email(1);
        Identity gone = email(2);
        engine.historyImport().events(List.of(purchase(recent, NOW.minus(Duration.ofDays(20)), 10),
                purchase(gone, NOW.minus(Duration.ofDays(200)), 10)).iterator());

        List<Timer> mine = engine.waiting(engine.customer(recent).orElseThrow().customer().id());
        assertEquals(1, mine.size(), "win-back scheduled: " + mine);
        assertEquals(Timer.Kind.TRIGGER, mine.get(0).kind());
        assertEquals(NOW.minus(Duration.ofDays(20)).plus(Duration.ofDays(60)), mine.get(0).due());
        assertEquals(List.of(), engine.waiting(engine.customer(gone).orElseThrow().customer().id()),
                "inactive since before go-live: their win-back moment was then");
        engine.tick();
        assertEquals(List.of(), messages());
    }

    @Test
    @DisplayName("an event imported again is recognised by its id and counted once; live ingestion after an import goes on from it")
    void importThenLive() {
        Identity anna = email(1);
        Event first = purchase(anna, NOW.minus(Duration.ofDays(10)), 100);
        ImportReport report = engine.historyImport().events(List.of(first, first).iterator());
        assertEquals(1, report.imported());
        assertEquals(1, report.repeated());

        IngestResult again = engine.ingest(first);
        assertTrue(again.features().isEmpty(), "delivered again after the import: nothing changes");
        engine.ingest(purchase(anna, NOW.minus(Duration.ofDays(1)), 100));
        engine.ingest(purchase(anna, NOW.minus(Duration.ofHours(1)), 100));
        assertTrue(engine.customer(anna).orElseThrow().segments().contains("buyer"));
        assertTrue(messages().stream().anyMatch(m -> m.program().equals("vip")),
                "entering a segment live after the import starts its program");
    }

    @Test
    @DisplayName("JSON lines, gzipped: bad lines refused with their number and reason, an over-long line skipped, the rest imported")
    void jsonLinesWithBadLines(@TempDir Path dir) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append(EventJson.write(purchase(email(1), NOW.minus(Duration.ofDays(3)), 10))).append('\n');
        text.append("{\"type\": \"purchase\", \"customer\": {\"email\": \"b@example.com\"}}\n"); // line 2: no time
        text.append('\n'); // line 3: blank, skipped
        text.append("{\"type\": \"purchase\", ").append("x".repeat(17 * 1024 * 1024)).append("\r\n"); // line 4: too long
        text.append(EventJson.write(purchase(email(2), NOW.minus(Duration.ofDays(2)), 20))).append("\r\n");
        text.append(EventJson.write(purchase(email(3), NOW.plus(Duration.ofDays(30)), 20))).append('\n'); // line 6
        Path file = dir.resolve("history.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        List<ImportProgress> seen = new ArrayList<>();

        ImportReport report = engine.historyImport().batchSize(2).progressEvery(Duration.ZERO).onProgress(seen::add)
                .jsonLines(file);

        assertEquals(5, report.read(), report.summary());
        assertEquals(2, report.imported());
        assertEquals(3, report.refused());
        assertEquals(List.of(2L, 4L, 6L), report.refusals().stream().map(ImportRefusal::line).toList());
        assertTrue(report.refusals().get(0).reason().contains("line 2") && report.refusals().get(0).reason().contains("time"),
                report.refusals().get(0).reason());
        assertTrue(report.refusals().get(1).reason().contains("longer than"), report.refusals().get(1).reason());
        assertTrue(report.refusals().get(2).reason().contains("after the engine's clock"), report.refusals().get(2).reason());
        assertTrue(engine.customer(email(2)).isPresent(), "the line after the over-long one is read");
        assertTrue(seen.size() >= 2, "progress after batches and at the end: " + seen);
        ImportProgress last = seen.get(seen.size() - 1);
        assertEquals(1.0, last.done().orElseThrow());
        assertEquals(6, last.storedThrough());
        assertTrue(seen.get(0).done().isPresent() && seen.get(0).done().getAsDouble() > 0, "the share of the file done");
    }

    @Test
    @DisplayName("JSON lines from a stream, plain; an import imports once; options out of range say which and the limit")
    void streamsAndLimits() {
        String text = EventJson.write(purchase(email(1), NOW.minus(Duration.ofDays(3)), 10)) + "\n";
        HistoryImport once = engine.historyImport();
        ImportReport report = once.jsonLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, report.imported());
        assertThrows(IllegalStateException.class, () -> once.events(List.<Event>of().iterator()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.historyImport().workers(0));
        assertTrue(e.getMessage().contains("256"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> engine.historyImport().batchSize(2_000_000));
        assertTrue(e.getMessage().contains("1000000"), e.getMessage());
        ByteArrayOutputStream none = new ByteArrayOutputStream();
        assertEquals(0, engine.historyImport().jsonLines(new ByteArrayInputStream(none.toByteArray())).read());
    }
}
