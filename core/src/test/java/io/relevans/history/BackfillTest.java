package io.relevans.history;

import static io.relevans.history.HistoryImportProperties.email;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.CustomerView;
import io.relevans.Explanation;
import io.relevans.ReloadReport;
import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.Channel;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.customer.Purpose;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.Features;
import io.relevans.definition.Program;
import io.relevans.definition.Segment;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.spi.EventArchive;
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.InMemoryOutbox;
import io.relevans.spi.InMemoryTimerStore;
import io.relevans.spi.Message;
import io.relevans.spi.SimpleTemplates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The event archive and backfills: a feature a reload adds is filled from the archive and equals the
 * feature of an engine that had it from the start; entries caused by the filling start no program.
 */
class BackfillTest {

    private static final Instant START = Instant.parse("2025-01-01T10:00:00Z");

    private static Definitions before() {
        return Definitions.builder()
                .segment(Segment.named("viewer").when(Features.count(EventType.PRODUCT_VIEW).within(Window.days(30)).atLeast(1)))
                .build();
    }

    /** Adds a year of purchases (a new feature), the spend, recency, and a program on entering "loyal". */
    private static Definitions after() {
        return Definitions.builder()
                .segment(Segment.named("viewer").when(Features.count(EventType.PRODUCT_VIEW).within(Window.days(30)).atLeast(1)))
                .segment(Segment.named("loyal").when(Features.count(EventType.PURCHASE).within(Window.days(365)).atLeast(3)))
                .segment(Segment.named("big").when(Features.sum(EventType.PURCHASE, "amount").within(Window.days(365))
                        .atLeast(1_000)))
                .segment(Segment.named("lapsed").when(Features.daysSince(EventType.PURCHASE).greaterThan(60)))
                .program(Program.named("thanks").on(Trigger.entered("loyal")).purpose(Purpose.SERVICE)
                        .steps(Steps.send("thank", ChannelChoice.of(Channel.EMAIL), "thanks").build()).build())
                .build();
    }

    private record Engine(Relevans relevans, VirtualClock clock, InMemoryOutbox outbox) {
        List<Message> messages() {
            List<Message> out = new ArrayList<>();
            outbox.forEach(out::add);
            return out;
        }
    }

    private static Engine engine(Definitions d, EventArchive archive) {
        VirtualClock clock = VirtualClock.at(START);
        InMemoryOutbox outbox = new InMemoryOutbox();
        Relevans.Builder b = Relevans.builder().clock(clock).store(new InMemoryCustomerStore()).timers(new InMemoryTimerStore())
                .outbox(outbox).channel(new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL))
                .templates(SimpleTemplates.builder().template("thanks", "thanks", "thanks").build()).definitions(d);
        if (archive != null) {
            b.archive(archive);
        }
        return new Engine(b.build(), clock, outbox);
    }

    /** Events of a few customers over 500 days, in time order. */
    private static List<Event> history(long seed) {
        Random random = new Random(seed);
        List<Event> out = new ArrayList<>();
        Instant at = START;
        for (int k = 0; k < 300; k++) {
            at = at.plus(Duration.ofHours(1 + random.nextInt(40)));
            Identity who = email(random.nextInt(8));
            out.add(random.nextInt(3) == 0
                    ? Event.builder(EventType.PURCHASE, who, at).property("amount", 50 + random.nextInt(400))
                            .line("sku-" + k, "tv", 100, 1).build()
                    : Event.builder(EventType.PRODUCT_VIEW, who, at).property("sku", "sku-1").property("category", "tv").build());
        }
        return out;
    }

    /** Three purchases by the customer a day apart after the moment; the moment of the last. */
    private static Instant buyThrice(Engine e, Identity who, Instant at) {
        for (int k = 0; k < 3; k++) {
            at = at.plus(Duration.ofDays(1));
            e.clock().advanceTo(at);
            e.relevans().ingest(Event.builder(EventType.PURCHASE, who, at).property("amount", 10).line("s", "tv", 10, 1).build());
        }
        return at;
    }

    private static void play(Engine e, List<Event> events) {
        for (Event event : events) {
            e.clock().advanceTo(event.time());
            e.relevans().ingest(event);
        }
    }

    private static BackfillProgress awaitBackfill(Relevans r) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            BackfillProgress p = r.backfill().orElseThrow();
            if (!p.running()) {
                return p;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the backfill did not end: " + r.backfill());
    }

    @Test
    @DisplayName("a feature a reload adds is filled from the archive: the same features and segments as an engine that had it from the start; the filling starts no program")
    void backfilledEqualsFromTheStart() throws InterruptedException {
        List<Event> events = history(7);
        List<Event> first = events.subList(0, 220);
        List<Event> rest = events.subList(220, events.size());
        Engine reloaded = engine(before(), EventArchive.inMemory());
        Engine always = engine(after(), null);
        play(reloaded, first);
        play(always, first);

        ReloadReport report = reloaded.relevans().load(after());
        assertEquals(List.of(), report.startEmpty());
        assertTrue(report.added().containsAll(List.of("count(purchase) over 365d", "sum(purchase.amount) over 365d")),
                report.added().toString());
        BackfillProgress done = awaitBackfill(reloaded.relevans());
        assertEquals(done.customers(), done.done(), done.toString());
        assertTrue(done.failure().isEmpty(), done.toString());
        assertTrue(done.segments().containsAll(List.of("loyal", "big", "lapsed")), done.segments().toString());
        assertEquals(List.of(), reloaded.messages(), "entering loyal because of the filling starts no program");

        play(reloaded, rest);
        play(always, rest);
        int loyal = 0;
        for (int w = 0; w < 8; w++) {
            CustomerView mine = reloaded.relevans().customer(email(w)).orElseThrow();
            CustomerView theirs = always.relevans().customer(email(w)).orElseThrow();
            assertEquals(theirs.features(), mine.features(), "features of " + email(w));
            assertEquals(theirs.segments(), mine.segments(), "segments of " + email(w));
            loyal += mine.segments().contains("loyal") ? 1 : 0;
        }
        assertTrue(loyal > 0, "the history makes loyal customers");
    }

    /** An archive whose reads wait for a latch: holds a backfill at its first customer. */
    private static final class HeldArchive implements EventArchive {
        final EventArchive inner = EventArchive.inMemory();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch reading = new CountDownLatch(1);

        @Override
        public void append(List<Event> events) {
            inner.append(events);
        }

        @Override
        public void forEachOf(Collection<Identity> identities, Instant from, Consumer<Event> action) {
            reading.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inner.forEachOf(identities, from, action);
        }

        @Override
        public void forEach(Instant from, Consumer<Event> action) {
            inner.forEach(from, action);
        }

        @Override
        public long erase(Collection<Identity> identities) {
            return inner.erase(identities);
        }

        @Override
        public long dropBefore(Instant cutoff) {
            return inner.dropBefore(cutoff);
        }
    }

    @Test
    @DisplayName("while a feature fills, explain says so and entering a segment that tests it starts no program; after, entries start programs again")
    void whileFilling() throws InterruptedException {
        HeldArchive archive = new HeldArchive();
        Engine e = engine(before(), archive);
        Identity anna = email(1);
        Identity bo = email(2);
        Instant at = START;
        at = buyThrice(e, anna, at);
        e.relevans().load(after());
        archive.reading.await(60, TimeUnit.SECONDS); // held at its first customer
        Explanation why = e.relevans().explain(e.relevans().customer(anna).orElseThrow().customer().id(), "loyal");
        assertTrue(why.filling().isPresent() && why.toString().contains("being filled"), why.toString());
        assertTrue(e.relevans().resegment().filling().contains("loyal"), "segment sizes say which are filling");
        at = buyThrice(e, bo, at); // bo enters loyal live while the feature fills
        assertTrue(e.relevans().customer(bo).orElseThrow().segments().contains("loyal"));
        assertEquals(List.of(), e.messages(), "no program starts on a segment whose feature is filling");

        archive.release.countDown();
        awaitBackfill(e.relevans());
        assertTrue(e.relevans().customer(anna).orElseThrow().segments().contains("loyal"), "filled from her history");
        assertFalse(e.relevans().explain(e.relevans().customer(anna).orElseThrow().customer().id(), "loyal").filling().isPresent());
        assertTrue(e.relevans().resegment().filling().isEmpty());
        Identity cy = email(3);
        at = buyThrice(e, cy, at);
        assertEquals(List.of("thanks"), e.messages().stream().map(Message::program).toList(),
                "after the filling, entering loyal starts the program again");
    }

    @Test
    @DisplayName("a program that asks for it ('including backfill') starts on the entries a backfill makes")
    void optIn() throws InterruptedException {
        Engine e = engine(before(), EventArchive.inMemory());
        Identity anna = email(1);
        Instant at = START;
        at = buyThrice(e, anna, at);
        Definitions optIn = Definitions.builder()
                .segment(Segment.named("loyal").when(Features.count(EventType.PURCHASE).within(Window.days(365)).atLeast(3)))
                .program(Program.named("thanks").on(Trigger.entered("loyal").includingBackfill()).purpose(Purpose.SERVICE)
                        .steps(Steps.send("thank", ChannelChoice.of(Channel.EMAIL), "thanks").build()).build())
                .build();
        e.relevans().load(optIn);
        awaitBackfill(e.relevans());
        assertEquals(List.of("thanks"), e.messages().stream().map(Message::program).toList());
    }

    @Test
    @DisplayName("without an archive the reload names the features that start empty; erasing a customer erases their archived events; retention drops old ones")
    void withoutArchive_eraseAndRetention() {
        Engine plain = engine(before(), null);
        ReloadReport report = plain.relevans().load(after());
        assertEquals(report.added(), report.startEmpty());
        assertTrue(report.backfill().isEmpty());

        EventArchive archive = EventArchive.inMemory();
        VirtualClock clock = VirtualClock.at(START);
        Relevans r = Relevans.builder().clock(clock).store(new InMemoryCustomerStore()).archive(archive)
                .archiveRetention(Duration.ofDays(30)).definitions(before()).build();
        Identity anna = email(1);
        Identity bo = email(2);
        r.ingest(Event.builder(EventType.PRODUCT_VIEW, anna, START).property("sku", "s").property("category", "tv").build());
        r.ingest(Event.builder(EventType.PRODUCT_VIEW, bo, START).property("sku", "s").property("category", "tv").build());
        clock.advanceTo(START.plus(Duration.ofDays(20)));
        r.ingest(Event.builder(EventType.PRODUCT_VIEW, bo, clock.instant()).property("sku", "t").property("category", "tv").build());
        List<Event> kept = new ArrayList<>();
        archive.forEach(Event.EARLIEST, kept::add);
        assertEquals(3, kept.size(), "every applied event is archived");

        assertTrue(r.erase(r.customer(anna).orElseThrow().customer().id()));
        kept.clear();
        archive.forEach(Event.EARLIEST, kept::add);
        assertEquals(List.of(bo, bo), kept.stream().map(Event::customer).toList(), "her archived events are erased");

        clock.advanceTo(START.plus(Duration.ofDays(40)));
        r.tick();
        kept.clear();
        archive.forEach(Event.EARLIEST, kept::add);
        assertEquals(List.of(START.plus(Duration.ofDays(20))), kept.stream().map(Event::time).toList(), "older than 30 days dropped");
    }

    @Test
    @DisplayName("an import keeps its events in the archive, so a later reload fills new features from the imported history")
    void importThenBackfill() throws InterruptedException {
        List<Event> events = history(11);
        EventArchive archive = EventArchive.inMemory();
        VirtualClock clock = VirtualClock.at(events.get(events.size() - 1).time());
        Relevans r = Relevans.builder().clock(clock).store(new InMemoryCustomerStore()).archive(archive)
                .channel(new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL))
                .templates(SimpleTemplates.builder().template("thanks", "thanks", "thanks").build())
                .definitions(before()).build();
        r.historyImport().events(events.iterator());
        r.load(after());
        awaitBackfill(r);

        VirtualClock clock2 = VirtualClock.at(clock.instant());
        Relevans direct = Relevans.builder().clock(clock2).store(new InMemoryCustomerStore())
                .channel(new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL))
                .templates(SimpleTemplates.builder().template("thanks", "thanks", "thanks").build())
                .definitions(after()).build();
        direct.historyImport().events(events.iterator());
        for (int w = 0; w < 8; w++) {
            assertEquals(direct.customer(email(w)).orElseThrow().features(), r.customer(email(w)).orElseThrow().features(),
                    "features of " + email(w));
            assertEquals(direct.customer(email(w)).orElseThrow().segments(), r.customer(email(w)).orElseThrow().segments());
        }
    }
}
