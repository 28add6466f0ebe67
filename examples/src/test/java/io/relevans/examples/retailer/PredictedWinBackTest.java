package io.relevans.examples.retailer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.ProgramResult;
import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.prediction.BgNbdModel;
import io.relevans.prediction.CustomerBaseModel;
import io.relevans.prediction.PurchaseHistory;
import io.relevans.prediction.PurchaseSummary;
import io.relevans.spi.Message;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22 in the Nordhus example: four weeks of 3,000 customers with a year of orders before go-live. The model
 * fitted at go-live is usable and is the one the orders give, the engine refits it every week, the predicted
 * win-back reaches only customers who entered its segment (and never its control group), its segment finds
 * customers who truly lapsed far better than 45 days without purchase does, and the go-live model's prediction of
 * the four weeks is close to what the customers bought.
 */
class PredictedWinBackTest {

    private static final int CUSTOMERS = 3_000;
    private static final int DAYS = 28;
    private static final long SEED = 11;
    private static final Instant START = Instant.parse("2026-09-01T00:00:00Z");

    @TempDir
    static Path dir;

    static RetailerReport run;
    static RunFigures figures;
    static List<Shopper> shoppers;
    static PastOrders.AtGoLive goLive;

    static Retailer.Options options() {
        return new Retailer.Options(CUSTOMERS, DAYS, SEED, START, dir, Optional.empty(), RetailerChannels.simulated(), "h2");
    }

    @BeforeAll
    static void simulate() throws Exception {
        run = Retailer.run(options(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        figures = run.figures();
        shoppers = Population.generate(SEED, CUSTOMERS, DAYS);
        goLive = PastOrders.write(SEED, START, shoppers, ZoneOffset.UTC, new StringWriter());
    }

    @Test
    @DisplayName("the model fitted at go-live is usable, fitted on every buyer's orders before it, and recovers the simulated dropout")
    void aUsableModelAtGoLive() {
        CustomerBaseModel m = figures.models().get(0);
        assertTrue(m.usable(), m.summary());
        assertEquals(1, m.version());
        assertEquals(LocalDate.of(2026, 8, 31), m.calibration().lastDay(), "calibrated through the day before go-live");
        assertEquals(goLive.buyers(), m.purchases().diagnostics().customers(), "every customer who bought before go-live");
        assertEquals(goLive.repeatBuyers(), m.purchases().diagnostics().repeatCustomers());

        List<PurchaseSummary> summaries = new ArrayList<>();
        shoppers.forEach(s -> goLive.history(s.index()).ifPresent(h -> summaries.add(h.summary(m.calibration()))));
        BgNbdModel own = CustomerBaseModel.fit(summaries, m.calibration(), START).purchases().model();
        assertEquals(own, m.purchases().model(), "the engine's summaries of the imported orders are the orders' own");

        BgNbdModel b = m.purchases().model();
        double dropout = b.a() / (b.a() + b.b());
        assertEquals(1 / (1 + Population.DROPOUT_B), dropout, 0.07,
                "the mean chance of lapsing after a repeat purchase, E[p] = a / (a + b), against the simulation's");
    }

    @Test
    @DisplayName("the engine refits every week, at the first hourly tick a week after the fit before, through that day")
    void refitsEveryWeek() {
        List<CustomerBaseModel> models = figures.models();
        assertEquals(1 + DAYS / 7, models.size(), "go-live and one refit a week");
        assertEquals(GoLive.eve(START), models.get(0).fittedAt());
        for (int i = 1; i < models.size(); i++) {
            CustomerBaseModel m = models.get(i);
            assertEquals(models.get(i - 1).version() + 1, m.version());
            Instant due = models.get(i - 1).fittedAt().plus(Retailer.REFIT_EVERY);
            long hours = Math.max(1, Math.floorDiv(Duration.between(START, due).toSeconds() + 3_599, 3_600));
            Instant tick = START.plus(Duration.ofHours(hours)); // the feed ticks on the hour
            assertEquals(tick, m.fittedAt(), "the first tick at or after " + due);
            assertEquals(LocalDate.ofInstant(m.fittedAt(), ZoneOffset.UTC), m.calibration().lastDay(),
                    "calibrated through the engine's day");
            assertTrue(m.usable());
        }
        assertEquals(DAYS / 7, figures.resegmentations(), "every customer segmented again after each refit");
    }

    @Test
    @DisplayName("the predicted win-back decides only for customers who entered its segment, once, and sends nothing to control")
    void winBackOnlyAfterEnteringTheSegment() throws Exception {
        List<Message> decided = Retailer.runDecisions(options()).orElseThrow().stream()
                .filter(m -> m.program().equals("predicted_winback")).toList();
        assertTrue(decided.size() > 30, "decided: " + decided.size());
        Map<CustomerId, Instant> firstEntry = new HashMap<>();
        for (RunFigures.Entry e : figures.lapsingEntries()) {
            firstEntry.merge(e.customer(), e.at(), (a, b) -> a.isBefore(b) ? a : b);
        }
        Set<CustomerId> messaged = new HashSet<>();
        for (Message m : decided) {
            Instant entered = firstEntry.get(m.customer());
            assertTrue(entered != null && !entered.isAfter(m.decidedAt()),
                    "a message only after the customer entered " + RunFigures.PREDICTED_SEGMENT + ": " + m.id());
            assertTrue(messaged.add(m.customer()), "reentry once per 90d: one journey per customer in four weeks");
            if (m.reason().equals("control group")) {
                assertEquals(Message.Status.SUPPRESSED, m.status());
            }
        }
        ProgramResult control = run.results().stream().filter(r -> r.program().equals("predicted_winback") && r.control())
                .findFirst().orElseThrow();
        assertTrue(control.decided() > 0, "a control group was measured");
        assertEquals(0, control.sent(), "and never sent anything");
        assertTrue(decided.stream().anyMatch(m -> m.status() == Message.Status.SENT), "the others were sent");
    }

    @Test
    @DisplayName("customers entering the segment had truly lapsed far more often than those 45 days without purchase")
    void theSegmentFindsLapsedCustomers() {
        Map<String, RunFigures.LapseCheck> checks = new HashMap<>();
        figures.lapseChecks().forEach(c -> checks.put(c.what().split(" ")[0] + " " + c.what().split(" ")[1], c));
        RunFigures.LapseCheck segment = checks.get("entered " + RunFigures.PREDICTED_SEGMENT);
        RunFigures.LapseCheck fixedDays = checks.get("miss_you messages");
        RunFigures.LapseCheck predicted = checks.get("predicted_winback messages");
        double base = goLive.lapsed() / (double) goLive.buyers();
        assertTrue(segment.count() > 50 && fixedDays.count() > 50, checks.toString());
        assertTrue(segment.lapsedShare() > 0.6, "most who entered had lapsed: " + segment);
        assertTrue(segment.lapsedShare() > 2 * base, "against " + base + " of all buyers: " + segment);
        assertTrue(predicted.lapsedShare() > 2 * fixedDays.lapsedShare(), predicted + " against " + fixedDays);
    }

    @Test
    @DisplayName("the go-live model's prediction of the four weeks is within 10% of what was bought, and per x within 0.05")
    void calibration() {
        Holdout c = figures.holdout().orElseThrow();
        assertEquals(goLive.buyers(), c.customers());
        assertEquals(DAYS, c.days());
        assertTrue(Math.abs(c.totalError()) < 0.10, "predicted " + c.totalPredicted() + ", actual " + c.totalActual());
        for (int t = 1; t <= DAYS; t++) {
            assertTrue(c.predicted()[t] > c.predicted()[t - 1] && c.actual()[t] >= c.actual()[t - 1], "cumulative");
        }
        for (int g = 0; g < Holdout.GROUPS; g++) {
            if (c.groups()[g] >= 100) {
                assertEquals(c.meanActual()[g], c.meanPredicted()[g], 0.05, "x = " + g + ": " + c.groups()[g] + " customers");
            }
        }
        assertTrue(c.meanPredicted()[Holdout.GROUPS - 2] > c.meanPredicted()[1], "who bought more often is expected to");
        assertTrue(c.correlation() > 0.1, "per customer: " + c.correlation());
    }

    @Test
    @DisplayName("the engine's p_alive of a customer after the period is the model's on the orders before and during it")
    void theEnginesFeatureIsTheModelsPrediction() throws Exception {
        Map<Identity, Integer> byIdentity = new HashMap<>();
        for (Shopper s : shoppers) {
            byIdentity.put(s.emailIdentity(), s.index());
            s.loyaltyNumber().ifPresent(l -> byIdentity.put(Identity.loyalty(l), s.index()));
            s.appLogin().ifPresent(l -> byIdentity.put(Identity.login(l), s.index()));
        }
        PurchaseHistory[] histories = new PurchaseHistory[shoppers.size()];
        shoppers.forEach(s -> histories[s.index()] = goLive.history(s.index()).orElse(null));
        Instant end = START.plus(Duration.ofDays(DAYS));
        try (HistoryFile events = new HistoryFile(dir.resolve("history").resolve("events.jsonl.gz"))) {
            while (events.hasBefore(end)) {
                Event e = events.next();
                Integer i = byIdentity.get(e.customer());
                if (e.type().equals(EventType.PURCHASE) && i != null) {
                    double amount = Math.max(0, e.total());
                    histories[i] = histories[i] == null ? PurchaseHistory.first(e.time(), amount)
                            : histories[i].with(e.time(), amount);
                }
            }
        }
        int compared = 0;
        try (Storage storage = Retailer.storage(options(), false)) {
            Relevans engine = Retailer.engine(VirtualClock.at(end), storage, RetailerDefinitions.bundled(),
                    RetailerChannels.simulated(), m -> { }, new ServiceDesk());
            CustomerBaseModel model = engine.predictionModel().orElseThrow();
            assertEquals(figures.models().get(figures.models().size() - 1).version(), model.version(),
                    "an engine on the run's database uses the last version");
            for (Shopper s : shoppers.subList(0, 300)) {
                PurchaseHistory h = histories[s.index()];
                Double feature = engine.customer(s.id()).orElseThrow().features().get("p_alive()");
                if (h == null) {
                    assertNull(feature, "no purchase, no prediction");
                    continue;
                }
                assertEquals(model.probabilityAlive(h, LocalDate.ofInstant(end, ZoneOffset.UTC)), feature, 1e-12,
                        s.toString());
                compared++;
            }
        }
        assertTrue(compared > 200, "compared: " + compared);
    }
}
