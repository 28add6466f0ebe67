package io.relevans;

import static io.relevans.definition.Conditions.allOf;
import static io.relevans.definition.Conditions.anyOf;
import static io.relevans.definition.Conditions.attribute;
import static io.relevans.definition.Conditions.hasConsent;
import static io.relevans.definition.Conditions.inSegment;
import static io.relevans.definition.Conditions.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.Purpose;
import io.relevans.definition.Definitions;
import io.relevans.definition.Features;
import io.relevans.definition.Segment;
import io.relevans.definition.Tier;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.json.EventJson;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import io.relevans.spi.CachingCustomerStore;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.CustomerStore;
import io.relevans.spi.InMemoryCustomerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Replaying the same events on the same virtual clock gives the same results and the same store. */
class ReplayDeterminismTest {

    private static final Instant START = Instant.parse("2026-01-01T08:00:00Z");

    private static final Definitions DEFINITIONS = Definitions.builder()
            .priceRange("tv", 2_000, 30_000)
            .segment(Segment.named("buyers").when(Features.count(EventType.PURCHASE).within(Window.days(30)).atLeast(2)))
            .segment(Segment.named("spenders").when(
                    Features.sum(EventType.PURCHASE, "line.amount").within(Window.days(90)).atLeast(20_000)))
            .segment(Segment.named("premium_tv").when(anyOf(
                    Features.max(EventType.PURCHASE, "line.price").where("line.category", "tv").atLeast(15_000),
                    Features.priceTier(Category.of("tv")).is(Tier.PREMIUM))))
            .segment(Segment.named("cheap_first").when(
                    Features.min(EventType.PURCHASE, "line.price").within(Window.days(60)).atMost(3_000)))
            .segment(Segment.named("unhappy").when(Features.last(EventType.REVIEW, "rating").atMost(2)))
            .segment(Segment.named("lapsing").when(Features.daysSince(EventType.PURCHASE).greaterThan(14)))
            .segment(Segment.named("omnichannel").when(Features.channelsUsed(Window.days(30)).atLeast(2)))
            .segment(Segment.named("vip").when(allOf(inSegment("buyers"), inSegment("spenders"), not(inSegment("unhappy")))))
            .segment(Segment.named("oslo_vip_mail").when(allOf(inSegment("vip"), attribute("city").is("Oslo"),
                    hasConsent(Channel.EMAIL, Purpose.MARKETING))))
            .build();

    /** Events with the moment each is ingested (its time plus a delay; some arrive days late). */
    private static List<Timed> script;
    /** The script run once on a fresh engine with an in-memory store; every test compares another run to it. */
    private static Run baseline;

    record Timed(Event event, Instant ingestedAt) {
    }

    @BeforeAll
    static void generateScript() {
        Random random = new Random(20260301);
        List<Timed> out = new ArrayList<>();
        Instant t = START;
        for (int n = 0; n < 400; n++) {
            t = t.plus(Duration.ofMinutes(1 + random.nextInt(240)));
            int c = random.nextInt(40);
            Identity who = identityOf(c, random.nextInt(3));
            Origin origin = Origin.values()[random.nextInt(4)];
            Instant at = random.nextInt(10) == 0 ? t.minus(Duration.ofHours(random.nextInt(24 * 20))) : t;
            Event.Builder b = switch (random.nextInt(9)) {
                case 0, 1, 2 -> {
                    Event.Builder p = Event.builder(EventType.PURCHASE, who, at).property("order_id", "o-" + n);
                    for (int l = 0; l <= random.nextInt(3); l++) {
                        boolean tv = random.nextBoolean();
                        p.line((tv ? "tv-" : "hifi-") + random.nextInt(5), tv ? "tv" : "audio",
                                1_000 + random.nextInt(29) * 1_000, 1 + random.nextInt(2));
                    }
                    yield p;
                }
                case 3 -> Event.builder(EventType.PRODUCT_VIEW, who, at).property("sku", "tv-1").property("category", "tv");
                case 4 -> Event.builder(EventType.REVIEW, who, at).property("rating", 1 + random.nextInt(5));
                case 5 -> Event.builder(EventType.CONSENT_CHANGE, who, at).property("channel", "email")
                        .property("purpose", "marketing").property("granted", random.nextInt(4) != 0);
                case 6 -> Event.builder(EventType.ATTRIBUTE_CONFIRMED, who, at).property("attribute", "city")
                        .property("value", random.nextBoolean() ? "Oslo" : "Bergen");
                case 7 -> Event.builder(EventType.PREFERENCE_DECLARED, who, at).property("category", "tv")
                        .property("interest", random.nextBoolean() ? "interested" : "not_interested");
                default -> {
                    // links another identity of the same person, or of another customer: merges profiles
                    int other = random.nextInt(4) == 0 ? random.nextInt(40) : c;
                    yield Event.builder(EventType.SIGNUP, who, at).link(identityOf(other, random.nextInt(3)));
                }
            };
            Event e = b.origin(origin).build();
            Instant ingested = t.plus(Duration.ofSeconds(random.nextInt(3_600)));
            if (!out.isEmpty() && ingested.isBefore(out.get(out.size() - 1).ingestedAt())) {
                ingested = out.get(out.size() - 1).ingestedAt(); // the clock never goes back
            }
            out.add(new Timed(e, ingested));
        }
        script = List.copyOf(out);
        baseline = run(new InMemoryCustomerStore(), e -> e);
    }

    private static Identity identityOf(int customer, int kind) {
        return switch (kind) {
            case 0 -> Identity.email("person" + customer + "@example.com");
            case 1 -> Identity.loyalty("L-" + customer);
            default -> Identity.phone("+47 4000 " + (1000 + customer));
        };
    }

    @Test
    @DisplayName("two fresh engines fed the same events on the same virtual clock give equal results and stores")
    void sameEventsOnSameClock_giveEqualResultsAndRecords() {
        Run a = baseline;
        Run b = run(new InMemoryCustomerStore(), e -> e);

        assertEquals(a.results().size(), b.results().size());
        for (int i = 0; i < a.results().size(); i++) {
            assertEquals(a.results().get(i), b.results().get(i), "result of event " + i);
        }
        assertEquals(a.records(), b.records());
        assertEquals(a.resegmentation(), b.resegmentation());
        assertEquals(a.resegmentationEvents(), b.resegmentationEvents());
        assertEquals(a.recordsAfterResegmentation(), b.recordsAfterResegmentation());
        assertNonTrivial(a);
    }

    @Test
    @DisplayName("replaying the events from their JSON form gives the same results and store")
    void replayFromJson_givesEqualResultsAndRecords() {
        Run direct = baseline;
        Run replayed = run(new InMemoryCustomerStore(), e -> EventJson.read(EventJson.write(e)));

        assertEquals(direct.results(), replayed.results());
        assertEquals(direct.records(), replayed.records());
        assertEquals(direct.resegmentation(), replayed.resegmentation());
        assertEquals(direct.resegmentationEvents(), replayed.resegmentationEvents());
    }

    @Test
    @DisplayName("the results do not depend on the store implementation")
    void cachingStore_givesEqualResultsAndRecords() {
        Run plain = baseline;
        Run cached = run(new CachingCustomerStore(new InMemoryCustomerStore(), 8), e -> e);

        assertEquals(plain.results(), cached.results());
        assertEquals(plain.records(), cached.records());
        assertEquals(plain.resegmentation(), cached.resegmentation());
        assertEquals(plain.recordsAfterResegmentation(), cached.recordsAfterResegmentation());
    }

    private static void assertNonTrivial(Run r) {
        assertTrue(r.results().stream().anyMatch(x -> !x.merged().isEmpty()), "the script merges profiles");
        assertTrue(r.results().stream().anyMatch(x -> !x.entered().isEmpty()), "customers enter segments");
        assertTrue(r.results().stream().anyMatch(x -> !x.exited().isEmpty()), "customers leave segments");
        assertTrue(r.resegmentation().changed() > 0, "time passing changes memberships");
        assertTrue(r.records().size() > 10);
    }

    record Report(long customers, long changed, Object entered, Object exited, Object sizes) {
        static Report of(ResegmentationReport r) {
            // elapsed is wall-clock time, not part of the deterministic result
            return new Report(r.customers(), r.changed(), r.entered(), r.exited(), r.sizes());
        }
    }

    record Run(List<IngestResult> results, TreeMap<CustomerId, CustomerRecord> records, Report resegmentation,
               List<Event> resegmentationEvents, TreeMap<CustomerId, CustomerRecord> recordsAfterResegmentation) {
    }

    private static Run run(CustomerStore store, Function<Event, Event> transport) {
        VirtualClock clock = VirtualClock.at(START);
        Relevans engine = Relevans.builder().clock(clock).store(store).definitions(DEFINITIONS).build();
        List<IngestResult> results = new ArrayList<>();
        for (Timed t : script) {
            clock.advanceTo(t.ingestedAt());
            results.add(engine.ingest(transport.apply(t.event())));
        }
        TreeMap<CustomerId, CustomerRecord> records = snapshot(store);
        clock.advanceTo(script.get(script.size() - 1).ingestedAt().plus(Duration.ofDays(21)));
        List<Event> changes = new ArrayList<>();
        Report report = Report.of(engine.resegment(changes::add));
        return new Run(results, records, report, sortedByContent(changes), snapshot(store));
    }

    /** Resegmentation visits customers in the store's order, which the contract leaves open. */
    private static List<Event> sortedByContent(List<Event> events) {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(java.util.Comparator.comparing(EventJson::write));
        return sorted;
    }

    private static TreeMap<CustomerId, CustomerRecord> snapshot(CustomerStore store) {
        TreeMap<CustomerId, CustomerRecord> out = new TreeMap<>();
        store.forEach(r -> out.put(r.id(), r));
        return out;
    }
}
