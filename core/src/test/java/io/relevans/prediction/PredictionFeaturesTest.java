package io.relevans.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.definition.Definitions;
import io.relevans.definition.Features;
import io.relevans.definition.Segment;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.spi.Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Prediction features in the engine: no value before a model, values after a fit, decay with time between
 * events ({@code resegment()} moves a lapsed frequent buyer into {@code at_risk}), summaries that merge
 * with profiles, unreliable fits not used, and one model version for every engine on a storage.
 */
public class PredictionFeaturesTest {

    public static final Instant START = Instant.parse("2025-01-01T10:00:00Z");
    public static final Definitions DEFINITIONS = Definitions.builder()
            .segment(Segment.named("at_risk").when(Features.probabilityAlive().lessThan(0.3)))
            .segment(Segment.named("coming_back").when(Features.expectedPurchases(Duration.ofDays(90)).atLeast(1)))
            .build();

    /** Customers c0.. buying at their own rate for a year, some stopping half way; a steady and a lapsed buyer. */
    public static List<Event> history(int customers, long seed) {
        Random random = new Random(seed);
        List<Event> events = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            double perWeek = 0.05 + random.nextDouble() * 0.5;
            int stopDay = random.nextInt(3) == 0 ? 120 + random.nextInt(200) : 366;
            for (int day = random.nextInt(30); day < stopDay && day < 365; day++) {
                if (random.nextDouble() < perWeek / 7) {
                    events.add(purchase("c" + c, START.plus(Duration.ofDays(day)), 20 + random.nextInt(80), c + "-" + day));
                }
            }
        }
        for (int day = 0; day < 365; day += 7) { // steady: every week all year
            events.add(purchase("steady", START.plus(Duration.ofDays(day)), 40, "steady-" + day));
        }
        for (int day = 0; day < 140; day += 7) { // lapsed: every week for 20 weeks, then nothing
            events.add(purchase("lapsed", START.plus(Duration.ofDays(day)), 40, "lapsed-" + day));
        }
        events.sort(java.util.Comparator.comparing(Event::time));
        return events;
    }

    static Event purchase(String loyalty, Instant at, double amount, String id) {
        return Event.builder(EventType.PURCHASE, Identity.loyalty(loyalty), at).id("p-" + id)
                .line("sku-1", "shoes", amount, 1).build();
    }

    static Relevans engine(VirtualClock clock, Storage storage) {
        return Relevans.builder().clock(clock).storage(storage).definitions(DEFINITIONS).build();
    }

    static CustomerId id(Relevans engine, String loyalty) {
        return engine.customer(Identity.loyalty(loyalty)).orElseThrow().customer().id();
    }

    @Test
    void beforeAFit_predictionsHaveNoValue_andExplainSaysNoModel() {
        VirtualClock clock = VirtualClock.at(START.plus(Duration.ofDays(365)));
        Relevans engine = engine(clock, Storage.inMemory());
        engine.historyImport().events(history(50, 1).iterator());
        CustomerId lapsed = id(engine, "lapsed");
        assertFalse(engine.customer(lapsed).orElseThrow().features().containsKey("p_alive()"));
        String seen = engine.explain(lapsed, "at_risk").root().seen();
        assertTrue(seen.startsWith("no value (no model"), seen);
        assertTrue(engine.predictionModel().isEmpty());
    }

    @Test
    void afterAFit_theLapsedBuyerIsAtRisk_theSteadyOneIsNot_andTimeAloneMovesTheSteadyOne() {
        VirtualClock clock = VirtualClock.at(START.plus(Duration.ofDays(365)));
        Relevans engine = engine(clock, Storage.inMemory());
        engine.historyImport().events(history(400, 2).iterator());
        CustomerBaseModel model = engine.fitPredictions();
        assertTrue(model.usable(), model.summary());
        assertEquals(1, model.version());
        engine.resegment();
        CustomerId lapsed = id(engine, "lapsed");
        CustomerId steady = id(engine, "steady");
        assertTrue(engine.customer(lapsed).orElseThrow().segments().contains("at_risk"),
                engine.explain(lapsed, "at_risk").toString());
        assertFalse(engine.customer(steady).orElseThrow().segments().contains("at_risk"));
        assertTrue(engine.customer(steady).orElseThrow().segments().contains("coming_back"));
        double before = engine.customer(steady).orElseThrow().features().get("p_alive()");

        clock.advance(Duration.ofDays(150)); // no purchase for five months: the steady buyer lapses too
        engine.resegment();
        double after = engine.customer(steady).orElseThrow().features().get("p_alive()");
        assertTrue(after < before, before + " -> " + after);
        assertTrue(engine.customer(steady).orElseThrow().segments().contains("at_risk"),
                engine.explain(steady, "at_risk").toString());

        engine.ingest(purchase("steady", clock.instant(), 40, "steady-back")); // and back: alive again
        assertFalse(engine.customer(steady).orElseThrow().segments().contains("at_risk"));
    }

    @Test
    void twoProfilesOfOnePerson_mergeTheirSummaries() {
        VirtualClock clock = VirtualClock.at(START.plus(Duration.ofDays(365)));
        Relevans engine = engine(clock, Storage.inMemory());
        engine.historyImport().events(history(400, 3).iterator());
        engine.fitPredictions();
        for (int week = 0; week < 10; week++) {
            engine.ingest(purchase("web-1", START.plus(Duration.ofDays(200 + 7 * week)), 30, "web-" + week));
        }
        engine.ingest(purchase("till-1", START.plus(Duration.ofDays(10)), 30, "till-0"));
        CustomerBaseModel model = engine.predictionModel().orElseThrow();
        Event link = Event.builder(EventType.of("store_visit"), Identity.loyalty("web-1"), clock.instant())
                .id("link").property("store", "oslo").link(Identity.loyalty("till-1")).build();
        engine.ingest(link);
        CustomerId merged = id(engine, "web-1");
        assertEquals(merged, id(engine, "till-1"));
        PurchaseHistory h = PurchaseHistory.first(START.plus(Duration.ofDays(10)), 30);
        for (int week = 0; week < 10; week++) {
            h = h.with(START.plus(Duration.ofDays(200 + 7 * week)), 30);
        }
        double alive = engine.customer(merged).orElseThrow().features().get("p_alive()");
        assertEquals(model.probabilityAlive(h, clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate()), alive,
                1e-12);
        String seen = engine.explain(merged, "at_risk").root().seen();
        assertTrue(seen.contains("x = 10, t_x = 36.14, T = 50.71 weeks"), seen); // 11 purchase days, days 10 to 263 of 365
    }

    @Test
    void aFitOnTooFewRepeatCustomers_isReportedAndNotUsed() {
        VirtualClock clock = VirtualClock.at(START.plus(Duration.ofDays(365)));
        Relevans engine = engine(clock, Storage.inMemory());
        engine.historyImport().events(history(5, 4).iterator());
        CustomerBaseModel fit = engine.fitPredictions();
        assertFalse(fit.usable());
        assertFalse(fit.purchases().diagnostics().enoughRepeatCustomers(), fit.summary());
        assertEquals(0, fit.version());
        assertTrue(engine.predictionModel().isEmpty());
        String seen = engine.explain(id(engine, "lapsed"), "at_risk").root().seen();
        assertTrue(seen.startsWith("no value (no model"), seen);
    }

    @Test
    void withoutPredictionsOrPurchases_aFitSaysWhy() {
        VirtualClock clock = VirtualClock.at(START);
        Relevans none = Relevans.builder().clock(clock).definitions(Definitions.builder().build()).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, none::fitPredictions);
        assertTrue(e.getMessage().contains("use no prediction"), e.getMessage());
        Relevans empty = engine(clock, Storage.inMemory());
        e = assertThrows(IllegalStateException.class, empty::fitPredictions);
        assertTrue(e.getMessage().contains("no stored customer has a purchase"), e.getMessage());
    }

    @Test
    void enginesOnOneStorage_useTheVersionOneOfThemFitted_andRefitOnSchedule() {
        VirtualClock clock = VirtualClock.at(START.plus(Duration.ofDays(365)));
        Storage storage = Storage.inMemory();
        Relevans first = engine(clock, storage);
        Relevans second = Relevans.builder().clock(clock).storage(storage).definitions(DEFINITIONS)
                .refitPredictionsEvery(Duration.ofDays(7)).build();
        first.historyImport().events(history(400, 5).iterator());
        second.tick(); // the scheduled fit: there is no model yet
        CustomerBaseModel v1 = second.predictionModel().orElseThrow();
        assertEquals(1, v1.version());
        first.tick(); // takes the stored version
        assertEquals(v1, first.predictionModel().orElseThrow());
        CustomerId lapsed = id(first, "lapsed");
        assertEquals(second.customer(lapsed).orElseThrow().features().get("p_alive()"),
                first.customer(lapsed).orElseThrow().features().get("p_alive()"));

        clock.advance(Duration.ofDays(3));
        second.tick();
        assertEquals(1, second.predictionModel().orElseThrow().version()); // not due yet
        clock.advance(Duration.ofDays(4));
        second.tick();
        CustomerBaseModel v2 = second.predictionModel().orElseThrow();
        assertEquals(2, v2.version());
        assertEquals(clock.instant(), v2.fittedAt());
        first.tick();
        assertEquals(v2, first.predictionModel().orElseThrow());
        assertNotNull(storage.predictionModels().latest().orElseThrow());
        assertEquals(2, storage.predictionModels().all().size());
    }
}
