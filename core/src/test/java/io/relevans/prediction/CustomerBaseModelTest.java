package io.relevans.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The model as the prediction features use it: predictions on a day from a purchase history, discounted spend
 * close to daily discounting, no value from an unreliable fit, and never an exception whatever the history.
 */
class CustomerBaseModelTest {

    static final Calibration CALIBRATION = Calibration.through(LocalDate.of(1997, 9, 30));
    static final CustomerBaseModel PAPER = new CustomerBaseModel(3, Instant.parse("1997-10-01T00:00:00Z"),
            new BgNbdFit(new BgNbdModel(0.243, 4.414, 0.793, 2.426),
                    new FitDiagnostics(2357, 946, -9582.4, 100, 200, true, CALIBRATION)),
            new GammaGammaFit(new GammaGammaModel(6.25, 3.74, 15.44),
                    new FitDiagnostics(2357, 946, -4000, 100, 200, true, CALIBRATION)));
    static final LocalDate TODAY = CALIBRATION.lastDay();

    static PurchaseHistory firstSampleCustomer() {
        return PurchaseHistory.first(day(1997, 1, 1), 29.33).with(day(1997, 1, 18), 29.73).with(day(1997, 8, 2), 14.96);
    }

    static Instant day(int y, int m, int d) {
        return LocalDate.of(y, m, d).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    @Test
    void predictionsOnTheCalibrationDay_areThePapers() {
        PurchaseHistory h = firstSampleCustomer();
        assertEquals(1.226, PAPER.expectedPurchases(h, TODAY, 273), 0.001);
        double alive = PAPER.probabilityAlive(h, TODAY);
        assertEquals(PAPER.purchases().model().probabilityAlive(PurchaseSummary.of(2, 30.43, 38.86)), alive, 1e-3);
        double spend = PAPER.expectedSpend(h, TODAY, 273, 0);
        assertEquals(PAPER.expectedPurchases(h, TODAY, 273) * 24.65, spend, 0.05); // customer 1: E[M] = 24.65
    }

    @Test
    void discountedSpend_isWithinAThousandthOfDailyDiscounting() {
        PurchaseHistory h = firstSampleCustomer();
        double stepped = PAPER.expectedSpend(h, TODAY, 365, 0.10);
        double daily = 0;
        double before = 0;
        for (int d = 1; d <= 365; d++) {
            double upTo = PAPER.expectedPurchases(h, TODAY, d);
            daily += (upTo - before) * Math.pow(1.10, -(d - 0.5) / 365.25);
            before = upTo;
        }
        daily *= PAPER.usableSpend().orElseThrow().model().expectedAverageSpend(h.summary(CALIBRATION));
        assertEquals(daily, stepped, daily * 0.001);
        assertTrue(stepped < PAPER.expectedSpend(h, TODAY, 365, 0));
        assertTrue(PAPER.expectedSpend(h, TODAY, 365, 0.5) < stepped);
    }

    @Test
    void aPredictionLaterThanTheCalibrationDay_agesTheSummary() {
        PurchaseHistory h = firstSampleCustomer();
        double now = PAPER.probabilityAlive(h, TODAY);
        double later = PAPER.probabilityAlive(h, TODAY.plusDays(200));
        assertTrue(later < now, now + " -> " + later);
        // a purchase dated after "today" (a clock behind the shop's) counts today as its day
        PurchaseHistory ahead = h.with(day(1997, 10, 5), 10);
        assertEquals(PAPER.probabilityAlive(ahead, LocalDate.of(1997, 10, 5)), PAPER.probabilityAlive(ahead, TODAY));
    }

    @Test
    void anUnreliableFit_predictsNothing() {
        FitDiagnostics few = new FitDiagnostics(40, 10, -100, 50, 90, true, CALIBRATION);
        CustomerBaseModel m = new CustomerBaseModel(0, Instant.EPOCH,
                new BgNbdFit(PAPER.purchases().model(), few), new GammaGammaFit(PAPER.spend().model(), few));
        assertFalse(m.usable());
        assertTrue(Double.isNaN(m.probabilityAlive(firstSampleCustomer(), TODAY)));
        assertTrue(Double.isNaN(m.expectedPurchases(firstSampleCustomer(), TODAY, 90)));
        assertTrue(Double.isNaN(m.expectedSpend(firstSampleCustomer(), TODAY, 90, 0)));
        CustomerBaseModel noSpend = new CustomerBaseModel(0, Instant.EPOCH, PAPER.purchases(), null);
        assertTrue(Double.isNaN(noSpend.expectedSpend(firstSampleCustomer(), TODAY, 90, 0)));
        assertFalse(Double.isNaN(noSpend.expectedPurchases(firstSampleCustomer(), TODAY, 90)));
    }

    @Property(tries = 300)
    void predictionsNeverThrow_andAreInRangeOrAbsent(@ForAll @IntRange(min = 1, max = 5_000) int purchases,
                                                     @ForAll @IntRange(min = 0, max = 20_000) int spanDays,
                                                     @ForAll @IntRange(min = 0, max = 40_000) int daysAfter,
                                                     @ForAll @IntRange(min = 1, max = 3_660) int horizon,
                                                     @ForAll @DoubleRange(min = 0, max = 1) double discount,
                                                     @ForAll @DoubleRange(min = 0, max = 1e9) double amount) {
        Instant first = day(1990, 1, 1);
        PurchaseHistory h = PurchaseHistory.first(first, amount);
        for (int i = 1; i < purchases; i++) {
            h = h.with(first.plusSeconds(86_400L * Math.max(1, (long) spanDays * i / purchases)), amount);
        }
        LocalDate today = h.lastDay().plusDays(daysAfter);
        double alive = PAPER.probabilityAlive(h, today);
        assertTrue(alive >= 0 && alive <= 1, "p_alive " + alive);
        double n = PAPER.expectedPurchases(h, today, horizon);
        assertTrue(Double.isNaN(n) || n >= 0 && Double.isFinite(n), "expected purchases " + n);
        double spend = PAPER.expectedSpend(h, today, horizon, discount);
        assertTrue(Double.isNaN(spend) || spend >= 0 && Double.isFinite(spend), "expected spend " + spend);
    }
}
