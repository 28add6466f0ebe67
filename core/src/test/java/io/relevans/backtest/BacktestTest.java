package io.relevans.backtest;

import static io.relevans.backtest.RetailWeek.END;
import static io.relevans.backtest.RetailWeek.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.ProgramResult;
import io.relevans.customer.Channel;
import io.relevans.customer.IdentityType;
import io.relevans.definition.Definitions;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.json.EventJson;
import io.relevans.spi.Message;
import io.relevans.spi.Suppression;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.io.OutputStreamWriter;
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

/** A backtest replays a period as a live engine ran it, and reports it; the builder refuses what it cannot run. */
class BacktestTest {

    private static final List<Event> EVENTS = RetailWeek.events();

    @TempDir
    Path dir;

    @Test
    @DisplayName("a backtest reproduces a live run's decisions: the same message ids, statuses, reasons and guards")
    void run_reproducesALiveRun() {
        Definitions definitions = RetailWeek.definitions();
        List<Message> live = RetailWeek.live(definitions, EVENTS);

        BacktestReport report = RetailWeek.week();

        assertTrue(live.size() > 40, "the workload decides messages: " + live.size());
        assertTrue(live.stream().anyMatch(m -> m.status() == Message.Status.SUPPRESSED), "and suppresses some");
        assertEquals(live, report.messages());
        assertTrue(Comparison.between(live, report.messages()).isEmpty());
        assertEquals(EVENTS.size(), report.events().replayed());
        assertEquals(0, report.events().late() + report.events().refused());
    }

    @Test
    @DisplayName("the report counts messages by status, suppressions by guard and reason, and results per program, variant and control")
    void report_countsWhatWasDecided() {
        BacktestReport report = RetailWeek.week();

        long suppressed = report.count(Message.Status.SUPPRESSED);
        assertEquals(suppressed, report.suppressionsByGuard().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(suppressed, report.suppressionsByReason().values().stream().mapToLong(Long::longValue).sum());
        assertTrue(report.suppressionsByGuard().containsKey(Suppression.Guard.CONTROL_GROUP), report.summary());
        assertTrue(report.suppressionsByGuard().containsKey(Suppression.Guard.NO_USABLE_CHANNEL), report.summary());
        assertEquals(report.messages().size(), report.byStatus().values().stream().mapToLong(Long::longValue).sum());
        ProgramResult control = report.results().stream().filter(r -> r.program().equals("welcome") && r.control())
                .findFirst().orElseThrow();
        assertEquals(0, control.sent());
        assertEquals(report.count(Message.Status.SENT), report.results().stream().mapToLong(ProgramResult::sent).sum());
        assertEquals(report.messages("cart"), report.messages().stream().filter(m -> m.program().equals("cart")).toList());
        assertTrue(report.summary().contains("messages: " + report.messages().size() + " decided"), report.summary());
    }

    @Test
    @DisplayName("the same backtest run twice decides the same: a comparison of a definition set with itself is empty")
    void compare_ofTheSameDefinitions_isEmpty() {
        Comparison c = RetailWeek.backtest(EVENTS).build().compare(RetailWeek.definitions(), RetailWeek.definitions());

        assertTrue(c.isEmpty(), c.toString());
        assertTrue(c.unchanged() > 40);
        assertTrue(c.programs().stream().noneMatch(Comparison.ProgramDifference::differs));
    }

    @Test
    @DisplayName("events from a gzipped JSON lines file: before the start and after the end are counted, bad lines refused alone, late ones applied")
    void events_fromAFile_periodSemantics() throws IOException {
        Path file = dir.resolve("events.jsonl.gz");
        Event before = Event.builder(EventType.CART_CHANGE, RetailWeek.email(1), START.minusSeconds(60)).id("early")
                .line("tv-0", "tv", 10, 1).build();
        Event after = Event.builder(EventType.CART_CHANGE, RetailWeek.email(1), END).id("late-in-file")
                .line("tv-0", "tv", 10, 1).build();
        try (Writer w = gzip(file)) {
            w.write(EventJson.write(before) + "\n\n");
            for (int i = 0; i < EVENTS.size(); i++) {
                w.write(EventJson.write(EVENTS.get(i)) + "\n");
                if (i == 3) {
                    w.write("{\"type\": \"purchase\"}\n");
                }
            }
            w.write(EventJson.write(after) + "\n");
        }
        Backtest backtest = Backtest.builder().period(START, END).events(file).build();

        BacktestReport fromFile = backtest.run(RetailWeek.definitions());

        BacktestReport.Events e = fromFile.events();
        assertEquals(EVENTS.size() + 3, e.read());
        assertEquals(EVENTS.size(), e.replayed());
        assertEquals(1, e.beforeStart());
        assertEquals(1, e.afterEnd());
        assertEquals(1, e.refused());
        assertEquals(7, e.refusals().get(0).line(), "the line of the bad event, blank lines counted");
        assertTrue(e.refusals().get(0).reason().contains("customer"), e.refusals().toString());
        assertEquals(RetailWeek.week().messages(), fromFile.messages());
    }

    @Test
    @DisplayName("an event earlier than the one before it is applied at the clock's time, as a late event is live, and counted")
    void events_outOfOrder_areAppliedLate() {
        List<Event> shuffled = new ArrayList<>(EVENTS);
        Event last = shuffled.remove(shuffled.size() - 1);
        shuffled.add(shuffled.size() - 5, last);
        Event lateCart = Event.builder(EventType.CART_CHANGE, RetailWeek.email(2), START.plus(Duration.ofDays(1)))
                .id("late-cart").line("tv-9", "tv", 10, 1).build();
        shuffled.add(lateCart);

        BacktestReport report = RetailWeek.backtest(shuffled).build().run(RetailWeek.definitions());

        assertEquals(6, report.events().late(), "the five events after the moved one, and the late cart");
        assertEquals(shuffled.size(), report.events().replayed());
    }

    @Test
    @DisplayName("ticks: hourly by default, so a reminder due at 14:02 is decided at 15:00; with a tick every minute at 14:02")
    void tickEvery_decidesDueWaitsAtTheTick() {
        Event cart = Event.builder(EventType.CART_CHANGE, RetailWeek.email(3), START.plus(Duration.ofHours(10))
                .plusSeconds(120)).id("cart").line("tv-1", "tv", 10, 1).build();
        List<Event> events = List.of(EVENTS.get(0), cart);
        Definitions d = Definitions.builder().program(RetailWeek.cart(Duration.ofHours(4))).build();

        Message hourly = RetailWeek.backtest(events).build().run(d).messages("cart").get(0);
        Message minutely = RetailWeek.backtest(events).tickEvery(Duration.ofMinutes(1)).build().run(d)
                .messages("cart").get(0);

        assertEquals(START.plus(Duration.ofHours(15)), hourly.decidedAt());
        assertEquals(START.plus(Duration.ofHours(14)).plusSeconds(120), minutely.decidedAt());
    }

    @Test
    @DisplayName("a backtest sends nothing and needs no templates; actions are counted, not carried out")
    void run_needsNoTemplates_andCountsActions() {
        Definitions d = Definitions.builder().program(io.relevans.definition.Program.named("care")
                .on(io.relevans.definition.Trigger.event(io.relevans.definition.EventMatch.of(EventType.COMPLAINT)))
                .purpose(io.relevans.customer.Purpose.SERVICE)
                .steps(new io.relevans.definition.Step.CallAction("case", "open_case", new java.util.TreeMap<>()),
                        io.relevans.definition.Steps.send("sorry", io.relevans.definition.ChannelChoice.of(Channel.SMS),
                                "sorry_template").build())
                .build()).build();
        Event complaint = Event.builder(EventType.COMPLAINT, RetailWeek.email(1), START.plus(Duration.ofHours(12)))
                .id("complaint").property("reason", "late").build();

        Event consent = Event.builder(EventType.CONSENT_CHANGE, RetailWeek.email(1), START.plus(Duration.ofHours(11)))
                .id("sms-service").property("channel", "sms").property("purpose", "service").property("granted", true)
                .build();

        BacktestReport report = RetailWeek.backtest(List.of(EVENTS.get(0), EVENTS.get(1), EVENTS.get(2), consent,
                complaint)).build().run(d);

        assertEquals(java.util.Map.of("open_case", 1L), report.actions());
        Message sorry = report.messages("care").get(0);
        assertEquals(Message.Status.SENT, sorry.status(), "sms by the phone the signup linked: " + sorry);
        assertEquals("sorry_template", sorry.template());
    }

    @Test
    @DisplayName("channels: a channel the application does not have is never chosen")
    void channels_onlyThoseGiven() {
        Definitions d = RetailWeek.definitions();
        BacktestReport smsOnly = RetailWeek.backtest(EVENTS).channel(Channel.SMS, IdentityType.PHONE).build().run(d);

        assertEquals(0, smsOnly.count(Message.Status.SENT));
        assertTrue(smsOnly.suppressionsByGuard().containsKey(Suppression.Guard.NO_USABLE_CHANNEL));
    }

    @Test
    @DisplayName("the builder: period and events required, an end after the start, a tick in range, each set once")
    void builder_refusesWhatItCannotRun() {
        assertEquals("a backtest needs a period: call period(start, end)",
                assertThrows(IllegalStateException.class, () -> Backtest.builder().events(EVENTS).build()).getMessage());
        assertEquals("a backtest needs the period's events: call events(...)",
                assertThrows(IllegalStateException.class, () -> Backtest.builder().period(START, END).build())
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Backtest.builder().period(END, START))
                .getMessage().contains("end must be after its start"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Backtest.builder().tickEvery(Duration.ZERO))
                .getMessage().contains("got PT0S"));
        assertTrue(assertThrows(IllegalStateException.class, () -> Backtest.builder().events(EVENTS).events(dir))
                .getMessage().startsWith("events was already set"));
        assertTrue(assertThrows(IllegalStateException.class, () -> Backtest.builder()
                .channel(Channel.SMS, IdentityType.PHONE).channel(Channel.SMS, IdentityType.LOGIN))
                .getMessage().contains("channel sms"));
        Backtest b = RetailWeek.backtest(EVENTS).build();
        assertEquals(Backtest.DEFAULT_TICK, b.tickEvery());
        assertEquals(Backtest.DEFAULT_CHANNELS, b.channels());
    }

    @Test
    @DisplayName("a missing events file is named")
    void run_missingFile_isNamed() {
        Path missing = dir.resolve("nowhere.jsonl");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Backtest.builder().period(START, END)
                .events(missing).build().run(RetailWeek.definitions()));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    @DisplayName("comparisons of backtests of different periods are refused")
    void compare_differentPeriods_refused() {
        BacktestReport a = RetailWeek.week();
        BacktestReport b = Backtest.builder().period(START, END.plusSeconds(1)).events(EVENTS).build()
                .run(RetailWeek.definitions());
        assertThrows(IllegalArgumentException.class, () -> Comparison.of(a, b));
    }

    static Writer gzip(Path file) throws IOException {
        OutputStream out = new GZIPOutputStream(Files.newOutputStream(file));
        return new OutputStreamWriter(out, StandardCharsets.UTF_8);
    }
}
