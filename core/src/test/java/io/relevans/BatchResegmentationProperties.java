package io.relevans;

import static io.relevans.definition.Conditions.allOf;
import static io.relevans.definition.Conditions.anyOf;
import static io.relevans.definition.Conditions.attribute;
import static io.relevans.definition.Conditions.hasConsent;
import static io.relevans.definition.Conditions.inSegment;
import static io.relevans.definition.Conditions.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.Purpose;
import io.relevans.definition.Definitions;
import io.relevans.definition.Feature;
import io.relevans.definition.Features;
import io.relevans.definition.Segment;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import io.relevans.internal.engine.CompiledSegments;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.InMemoryCustomerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Memberships kept up to date event by event agree with a batch re-segmentation at the same moment;
 * after time passes, {@link Relevans#resegment()} reports exactly the changes that bring the stored
 * memberships to a fresh evaluation, and nothing more on a second run. With time passing between
 * events, each event leaves its customer's memberships equal to a fresh evaluation (the engine
 * evaluates only segments whose tests may answer differently than at the customer's last evaluation).
 */
class BatchResegmentationProperties {

    private static final long DAY = 86_400_000L;
    private static final Instant BASE = Instant.parse("2026-03-01T00:00:00Z");
    private static final int CUSTOMERS = 20;

    private static final Feature.Aggregate BOUGHT_7D = Features.count(EventType.PURCHASE).within(Window.days(7));
    private static final Feature.Aggregate BOUGHT_30D = Features.count(EventType.PURCHASE).within(Window.days(30));
    private static final Feature.Aggregate SPENT_30D =
            Features.sum(EventType.PURCHASE, "line.amount").within(Window.days(30));
    private static final Feature.Aggregate VIEWS_48H = Features.count(EventType.PRODUCT_VIEW).within(Window.hours(48));
    private static final Feature CHANNELS_14D = Features.channelsUsed(Window.days(14));

    private static final Definitions DEFINITIONS = Definitions.builder()
            .segment(Segment.named("recent_buyer").when(BOUGHT_7D.atLeast(1)))
            .segment(Segment.named("frequent").when(BOUGHT_30D.atLeast(3)))
            .segment(Segment.named("big_spender").when(SPENT_30D.atLeast(10_000)))
            .segment(Segment.named("omnichannel").when(CHANNELS_14D.atLeast(2)))
            .segment(Segment.named("browsing").when(allOf(VIEWS_48H.atLeast(2), not(inSegment("recent_buyer")))))
            .segment(Segment.named("vip").when(allOf(inSegment("frequent"),
                    anyOf(inSegment("big_spender"), inSegment("omnichannel")))))
            .segment(Segment.named("lapsed").when(allOf(not(inSegment("recent_buyer")),
                    Features.daysSince(EventType.PURCHASE).atMost(45))))
            .segment(Segment.named("winback").when(allOf(inSegment("lapsed"), not(inSegment("vip")),
                    hasConsent(Channel.EMAIL, Purpose.MARKETING))))
            .segment(Segment.named("stale_city").when(attribute("city").olderThan(Duration.ofDays(20))))
            .build();

    /** The reference: the same definitions evaluated in plain Java, independent of the engine's rules. */
    private static final CompiledSegments REFERENCE = CompiledSegments.compile(DEFINITIONS);

    @Property(tries = 20)
    void resegment_agreesWithIncrementalThenReportsExactlyTheChangesOfTime(
            @ForAll("streams") List<Ev> stream,
            @ForAll @IntRange(min = 0, max = 1439) int startMinute,
            @ForAll @IntRange(min = 0, max = 60) int advanceDays,
            @ForAll @IntRange(min = 0, max = 23) int advanceHours) {
        VirtualClock clock = VirtualClock.at(BASE.plus(Duration.ofMinutes(startMinute)));
        InMemoryCustomerStore store = new InMemoryCustomerStore();
        Relevans engine = Relevans.builder().clock(clock).store(store).definitions(DEFINITIONS).build();
        List<Event> events = new ArrayList<>();
        for (Ev e : stream) {
            // each generated event is a distinct event, even when two have the same content: its own id
            Event event = e.toEvent(clock.instant(), "ev-" + events.size());
            events.add(event);
            engine.ingest(event);
        }

        // 1. incremental memberships are what a batch run at the same moment computes
        Map<CustomerId, Set<String>> fresh = freshEvaluation(store, clock.millis());
        assertEquals(fresh, storedSegments(store), "incremental memberships differ from a fresh evaluation");
        checkViews(engine, store, events, fresh, clock.millis());
        List<Event> emitted = new ArrayList<>();
        ResegmentationReport atOnce = engine.resegment(emitted::add);
        assertEquals(0, atOnce.changed());
        assertEquals(Map.of(), atOnce.entered());
        assertEquals(Map.of(), atOnce.exited());
        assertEquals(List.of(), emitted);
        assertEquals(store.count(), atOnce.customers());
        assertEquals(sizes(fresh), atOnce.sizes());

        // 2. time passes without events: resegment reports exactly what changed
        clock.advance(Duration.ofDays(advanceDays).plusHours(advanceHours));
        Map<CustomerId, Set<String>> before = storedSegments(store);
        Map<CustomerId, Set<String>> after = freshEvaluation(store, clock.millis());
        emitted.clear();
        ResegmentationReport later = engine.resegment(emitted::add);

        TreeMap<String, Long> entered = new TreeMap<>();
        TreeMap<String, Long> exited = new TreeMap<>();
        Map<List<Object>, Integer> expectedEvents = new HashMap<>();
        long changed = 0;
        for (CustomerId id : before.keySet()) {
            Set<String> was = before.get(id);
            Set<String> is = after.get(id);
            changed += was.equals(is) ? 0 : 1;
            for (String s : is) {
                if (!was.contains(s)) {
                    entered.merge(s, 1L, Long::sum);
                    expectedEvents.merge(List.of(EventType.SEGMENT_ENTERED, s, id, clock.instant()), 1, Integer::sum);
                }
            }
            for (String s : was) {
                if (!is.contains(s)) {
                    exited.merge(s, 1L, Long::sum);
                    expectedEvents.merge(List.of(EventType.SEGMENT_EXITED, s, id, clock.instant()), 1, Integer::sum);
                }
            }
        }
        Map<List<Object>, Integer> seenEvents = new HashMap<>();
        for (Event e : emitted) {
            CustomerId who = store.lookup(e.customer()).orElseThrow();
            seenEvents.merge(List.of(e.type(), e.text("segment").orElseThrow(), who, e.time()), 1, Integer::sum);
            assertEquals(Origin.SYSTEM, e.origin());
        }
        assertEquals(changed, later.changed());
        assertEquals(entered, later.entered());
        assertEquals(exited, later.exited());
        assertEquals(expectedEvents, seenEvents);
        assertEquals(sizes(after), later.sizes());
        assertEquals(store.count(), later.customers());
        assertEquals(after, storedSegments(store), "stored memberships after resegment differ from a fresh evaluation");
        checkViews(engine, store, events, after, clock.millis());

        // 3. nothing left to do
        emitted.clear();
        ResegmentationReport again = engine.resegment(emitted::add);
        assertEquals(0, again.changed());
        assertEquals(Map.of(), again.entered());
        assertEquals(Map.of(), again.exited());
        assertEquals(List.of(), emitted);
        assertEquals(after, storedSegments(store));
    }

    @Property(tries = 30)
    void eachEventLeavesFreshMembershipsWhileTimePasses(@ForAll("streams") List<Ev> stream,
                                                        @ForAll("gaps") List<Integer> gapMinutes) {
        VirtualClock clock = VirtualClock.at(BASE);
        InMemoryCustomerStore store = new InMemoryCustomerStore();
        Relevans engine = Relevans.builder().clock(clock).store(store).definitions(DEFINITIONS).build();
        for (int i = 0; i < stream.size(); i++) {
            clock.advance(Duration.ofMinutes(gapMinutes.get(i % gapMinutes.size())));
            Event event = stream.get(i).toEvent(clock.instant(), "ev-" + i);
            IngestResult result = engine.ingest(event);
            CustomerRecord rec = store.load(result.customer()).orElseThrow();
            Set<String> fresh = Set.copyOf(REFERENCE.evaluateDirectly(rec.customer(),
                    REFERENCE.plan().values(rec.features(), clock.millis()), clock.millis()));
            int at = i;
            assertEquals(fresh, Set.copyOf(rec.segments()), () -> "after event " + at + " at " + clock.instant());
            assertEquals(fresh, Set.copyOf(result.segments()));
        }
    }

    /**
     * Daily, weekly, hourly passes with events between some of them: after each pass the stored memberships
     * are a fresh evaluation's, and a second pass at the same moment evaluates no one (each customer's stamp
     * holds: those just evaluated were stamped then, the others' stamps say nothing they test has changed).
     */
    @Property(tries = 15)
    void repeatedPasses_stayFresh_andSkipWhatCannotHaveChanged(@ForAll("streams") List<Ev> stream,
                                                              @ForAll("gaps") List<Integer> passGaps) {
        VirtualClock clock = VirtualClock.at(BASE);
        InMemoryCustomerStore store = new InMemoryCustomerStore();
        java.util.concurrent.atomic.AtomicLong evaluations = new java.util.concurrent.atomic.AtomicLong();
        Relevans engine = Relevans.builder().clock(clock).store(store).definitions(DEFINITIONS)
                .observer(new io.relevans.spi.EngineObserver() {
                    @Override
                    public void evaluated(Evaluation evaluation) {
                        evaluations.incrementAndGet();
                    }
                }).build();
        int next = 0;
        for (int pass = 0; pass < passGaps.size(); pass++) {
            // some of the stream between passes
            int upTo = Math.min(stream.size(), next + stream.size() / Math.max(1, passGaps.size()) + 1);
            for (; next < upTo; next++) {
                engine.ingest(stream.get(next).toEvent(clock.instant(), "ev-" + next));
            }
            clock.advance(Duration.ofMinutes(passGaps.get(pass)));
            Map<CustomerId, Set<String>> before = storedSegments(store);
            Map<CustomerId, Set<String>> fresh = freshEvaluation(store, clock.millis());
            ResegmentationReport report = engine.resegment();
            int at = pass;
            assertEquals(fresh, storedSegments(store), () -> "after pass " + at + " at " + clock.instant());
            long changed = before.keySet().stream().filter(id -> !before.get(id).equals(fresh.get(id))).count();
            assertEquals(changed, report.changed(), "customers changed by pass " + pass);
            evaluations.set(0);
            ResegmentationReport again = engine.resegment();
            assertEquals(0, again.changed());
            assertEquals(0, evaluations.get(), "a second pass at the same moment evaluated customers again");
        }
    }

    /** Minutes between two events: often none or a few, sometimes across window edges, sometimes weeks. */
    @Provide
    Arbitrary<List<Integer>> gaps() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 10)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 3 * 24 * 60)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 40 * 24 * 60))).list().ofMinSize(1).ofMaxSize(50);
    }

    /** The segments of every stored customer evaluated now, in plain Java, from the stored profile and state. */
    private static Map<CustomerId, Set<String>> freshEvaluation(InMemoryCustomerStore store, long now) {
        Map<CustomerId, Set<String>> out = new TreeMap<>();
        store.forEach(r -> out.put(r.id(), Set.copyOf(REFERENCE.evaluateDirectly(r.customer(),
                REFERENCE.plan().values(r.features(), now), now))));
        return out;
    }

    private static Map<CustomerId, Set<String>> storedSegments(InMemoryCustomerStore store) {
        Map<CustomerId, Set<String>> out = new TreeMap<>();
        store.forEach(r -> out.put(r.id(), Set.copyOf(r.segments())));
        return out;
    }

    private static TreeMap<String, Long> sizes(Map<CustomerId, Set<String>> memberships) {
        TreeMap<String, Long> sizes = new TreeMap<>();
        DEFINITIONS.segments().forEach(s -> sizes.put(s.name(), 0L));
        memberships.values().forEach(in -> in.forEach(s -> sizes.merge(s, 1L, Long::sum)));
        return sizes;
    }

    /**
     * The engine's view (rules) agrees with the reference evaluation, and its windowed counts and sums
     * agree with counting the raw events by the documented bucket semantics.
     */
    private static void checkViews(Relevans engine, InMemoryCustomerStore store, List<Event> events,
                                   Map<CustomerId, Set<String>> expected, long now) {
        for (CustomerId id : expected.keySet()) {
            CustomerView v = engine.customer(id).orElseThrow();
            assertEquals(expected.get(id), v.segments(), "segments of " + id + " by the rules");
            List<Event> mine = events.stream().filter(e -> store.lookup(e.customer()).orElseThrow().equals(id)).toList();
            assertEquals(count(mine, EventType.PURCHASE, DAY, 7, now), v.features().get(BOUGHT_7D.describe()),
                    BOUGHT_7D.describe() + " of " + id);
            assertEquals(count(mine, EventType.PURCHASE, DAY, 30, now), v.features().get(BOUGHT_30D.describe()),
                    BOUGHT_30D.describe() + " of " + id);
            assertEquals(count(mine, EventType.PRODUCT_VIEW, DAY / 24, 48, now), v.features().get(VIEWS_48H.describe()),
                    VIEWS_48H.describe() + " of " + id);
            double spent = mine.stream().filter(e -> e.type().equals(EventType.PURCHASE)
                    && inWindow(e, DAY, 30, now)).mapToDouble(Event::total).sum();
            assertEquals(spent, v.features().get(SPENT_30D.describe()), SPENT_30D.describe() + " of " + id);
        }
    }

    private static double count(List<Event> events, EventType type, long bucket, int buckets, long now) {
        return events.stream().filter(e -> e.type().equals(type) && inWindow(e, bucket, buckets, now)).count();
    }

    /** The documented window rule: the event's bucket is the current one or one of the previous buckets - 1. */
    private static boolean inWindow(Event e, long bucket, int buckets, long now) {
        long b = Math.floorDiv(e.time().toEpochMilli(), bucket);
        long current = Math.floorDiv(now, bucket);
        return b > current - buckets && b <= current;
    }

    // ---------------------------------------------------------------- generated streams

    /**
     * One generated event: which customer, what, from where, and how long before the ingestion moment.
     */
    record Ev(int customer, int kind, Origin origin, long minutesAgo, int amount) {
        Event toEvent(Instant now, String id) {
            Identity who = Identity.email("u" + customer + "@example.com");
            Instant at = now.minus(Duration.ofMinutes(minutesAgo));
            Event.Builder b = switch (kind) {
                case 0 -> Event.builder(EventType.PURCHASE, who, at).line("sku-" + amount, "tv", amount, 1);
                case 1 -> Event.builder(EventType.PRODUCT_VIEW, who, at).property("sku", "sku-1").property("category", "tv");
                case 2 -> Event.builder(EventType.ATTRIBUTE_CONFIRMED, who, at).property("attribute", "city")
                        .property("value", amount % 2 == 0 ? "Oslo" : "Bergen");
                default -> Event.builder(EventType.CONSENT_CHANGE, who, at).property("channel", "email")
                        .property("purpose", "marketing").property("granted", amount % 3 != 0);
            };
            return b.origin(origin).id(id).build();
        }
    }

    @Provide
    Arbitrary<List<Ev>> streams() {
        Arbitrary<Integer> kind = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(5, 0), net.jqwik.api.Tuple.of(3, 1), net.jqwik.api.Tuple.of(1, 2),
                net.jqwik.api.Tuple.of(1, 3));
        // mostly recent events, some old enough to be outside every window
        Arbitrary<Long> minutesAgo = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 3 * 24 * 60),
                Arbitraries.longs().between(0, 40L * 24 * 60),
                Arbitraries.longs().between(0, 70L * 24 * 60));
        Arbitrary<Ev> ev = Combinators.combine(Arbitraries.integers().between(0, CUSTOMERS - 1), kind,
                Arbitraries.of(Origin.WEB, Origin.APP, Origin.STORE, Origin.SERVICE), minutesAgo,
                Arbitraries.integers().between(1, 12).map(k -> k * 1000)).as(Ev::new);
        return ev.list().ofMinSize(0).ofMaxSize(120);
    }
}
