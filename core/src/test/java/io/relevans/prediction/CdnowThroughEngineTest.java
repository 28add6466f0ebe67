package io.relevans.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.Explanation;
import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.definition.Definitions;
import io.relevans.definition.Features;
import io.relevans.definition.Segment;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.history.ImportReport;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The published CDNOW figures through the engine, as a retailer would get them: the sample's purchases of the
 * calibration period imported as purchase events ({@code HistoryImport}), a segment on {@code p_alive} loaded
 * so that the engine keeps each customer's purchase summary, and {@code Relevans.fitPredictions()} on the
 * last day of the calibration period.
 */
class CdnowThroughEngineTest {

    static Relevans engine;
    static CustomerBaseModel model;
    static ImportReport imported;

    @BeforeAll
    static void importAndFit() {
        List<Cdnow.Customer> sample = Cdnow.sample();
        VirtualClock clock = VirtualClock.at(Instant.parse("1997-09-30T12:00:00Z"));
        engine = Relevans.builder().clock(clock)
                .definitions(Definitions.builder()
                        .segment(Segment.named("at_risk").when(Features.probabilityAlive().lessThan(0.3)))
                        .segment(Segment.named("valuable").when(
                                Features.expectedSpend(Duration.ofDays(364)).discounted(0.1).atLeast(100)))
                        .build())
                .build();
        List<Event> events = new ArrayList<>();
        for (Cdnow.Customer c : sample) {
            int n = 0;
            for (Cdnow.Purchase p : c.purchases()) {
                if (p.day().isAfter(Cdnow.CALIBRATION.lastDay())) {
                    continue;
                }
                events.add(Event.builder(EventType.PURCHASE, Identity.loyalty(c.id()),
                                p.day().atStartOfDay(ZoneOffset.UTC).toInstant())
                        .id("cdnow-" + c.id() + "-" + n++).line("cd", "music", p.dollars(), 1).build());
            }
        }
        imported = engine.historyImport().events(events.iterator());
        model = engine.fitPredictions();
    }

    @Test
    void importedCalibrationPurchases_fitThePublishedParameters() {
        assertEquals(0, imported.refused(), imported.summary());
        assertTrue(model.usable(), model.summary());
        assertEquals(1, model.version());
        BgNbdModel m = model.purchases().model();
        assertEquals(0.243, m.r(), 0.005);
        assertEquals(4.414, m.alpha(), 0.005);
        assertEquals(0.793, m.a(), 0.005);
        assertEquals(2.426, m.b(), 0.005);
        assertEquals(-9582.4, model.purchases().diagnostics().logLikelihood(), 0.05);
        assertEquals(2_357, model.purchases().diagnostics().customers());
        assertEquals(946, model.purchases().diagnostics().repeatCustomers());
        GammaGammaModel spend = model.usableSpend().orElseThrow().model();
        assertEquals(6.25, spend.p(), 0.005);
        assertEquals(3.74, spend.q(), 0.005);
        assertEquals(15.44, spend.gamma(), 0.005);
        assertEquals(engine.predictionModel().orElseThrow(), model);
    }

    @Test
    void firstSampleCustomer_predictsThePapersThirtyNineWeeks_andExplainsTheSummary() {
        // sample id 0001: x = 2, t_x = 30.43, T = 38.86; E[Y(39 weeks)] = 1.226 with the paper's parameters
        CustomerId id = engine.customer(Identity.loyalty("0001")).orElseThrow().customer().id();
        Explanation e = engine.explain(id, "at_risk");
        String seen = e.root().seen();
        assertTrue(seen.contains("x = 2, t_x = 30.43, T = 38.86 weeks; model v1"), seen);
        PurchaseHistory h = PurchaseHistory.first(Instant.parse("1997-01-01T00:00:00Z"), 29.33)
                .with(Instant.parse("1997-01-18T00:00:00Z"), 29.73).with(Instant.parse("1997-08-02T00:00:00Z"), 14.96);
        double expected = model.expectedPurchases(h, Cdnow.CALIBRATION.lastDay(), 273);
        assertEquals(1.226, expected, 0.002); // the fitted, unrounded parameters: within 0.002 of the paper's
        double alive = engine.customer(id).orElseThrow().features().get("p_alive()");
        assertEquals(model.probabilityAlive(h, Cdnow.CALIBRATION.lastDay()), alive, 1e-12);
    }
}
