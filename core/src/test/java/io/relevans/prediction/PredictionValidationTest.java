package io.relevans.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Wrong values are refused with errors that name them; thin fits are flagged, not thrown. */
class PredictionValidationTest {

    static final Instant T0 = Instant.parse("1997-01-01T10:00:00Z");

    static void refused(String fragment, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should name " + fragment);
    }

    @Test
    void purchase_withANegativeOrNonFiniteAmount_isRefusedNamingAmountAndDay() {
        refused("-5.0", () -> PurchaseHistory.first(T0, -5));
        refused("1997-01-01", () -> PurchaseHistory.first(T0, Double.NaN));
        PurchaseHistory h = PurchaseHistory.first(T0, 10);
        refused("Infinity", () -> h.with(T0.plusSeconds(86_400), Double.POSITIVE_INFINITY));
        refused("spend total overflows", () -> PurchaseHistory.first(T0, Double.MAX_VALUE).with(T0, Double.MAX_VALUE));
    }

    @Test
    void summary_asOfACalibrationBeforeThePurchases_isRefusedNamingBothDays() {
        PurchaseHistory h = PurchaseHistory.first(T0, 10).with(T0.plusSeconds(10 * 86_400), 5);
        refused("1996-12-31, before the first purchase day 1997-01-01",
                () -> h.summary(Calibration.through(LocalDate.of(1996, 12, 31))));
        refused("before the last purchase day 1997-01-11", () -> h.summary(Calibration.through(LocalDate.of(1997, 1, 5))));
    }

    @Test
    void purchasesOnOneCalendarDay_countOnce_inTheHistorysZone() {
        Instant evening = Instant.parse("1997-01-01T23:30:00Z");
        Instant nextMorningUtc = Instant.parse("1997-01-02T00:30:00Z");
        PurchaseSummary utc = PurchaseHistory.first(evening, 10).with(nextMorningUtc, 5)
                .summary(Calibration.through(LocalDate.of(1997, 1, 8)));
        assertEquals(1, utc.repeatPurchases());
        assertEquals(1 / 7.0, utc.recency());
        assertEquals(5, utc.repeatSpend());
        // in New York both are on 1 January
        PurchaseSummary ny = PurchaseHistory.first(evening, 10, ZoneId.of("America/New_York")).with(nextMorningUtc, 5)
                .summary(Calibration.through(LocalDate.of(1997, 1, 8)).in(ChronoUnit.DAYS));
        assertEquals(PurchaseSummary.of(0, 0, 7), ny);
    }

    @Test
    void zeroValuePurchaseDays_countAsPurchases_butNotInTheSpendCount() {
        PurchaseSummary s = PurchaseHistory.first(T0, 10).with(T0.plusSeconds(7 * 86_400), 0)
                .with(T0.plusSeconds(14 * 86_400), 30).summary(Calibration.through(LocalDate.of(1997, 1, 31)));
        assertEquals(2, s.repeatPurchases());
        assertEquals(1, s.repeatSpendCount());
        assertEquals(30, s.meanRepeatSpend());
    }

    @Test
    void inconsistentSummaries_areRefusedNamingTheFigures() {
        refused("-1", () -> PurchaseSummary.of(-1, 0, 1));
        refused("recency (t_x) 5.0 is after age (T) 4.0", () -> PurchaseSummary.of(1, 5, 4));
        refused("recency (t_x) 0 with 2 repeat purchases", () -> PurchaseSummary.of(2, 0, 4));
        refused("recency (t_x) 1.0 without repeat purchases", () -> PurchaseSummary.of(0, 1, 4));
        refused("NaN", () -> PurchaseSummary.of(0, 0, Double.NaN));
        refused("repeat spend count 3", () -> new PurchaseSummary(2, 1, 4, 30, 3));
        refused("repeat spend must be a finite number of 0 or more, got -1.0", () -> new PurchaseSummary(2, 1, 4, -1, 1));
    }

    @Test
    void modelParameters_outsideTheirLimits_areRefusedNamingParameterAndLimits() {
        refused("parameter alpha must be finite and within [1.0E-4, 10000.0], got 0.0", () -> new BgNbdModel(1, 0, 1, 1));
        refused("parameter b", () -> new BgNbdModel(1, 1, 1, Double.POSITIVE_INFINITY));
        refused("parameter r", () -> new BgNbdModel(1e5, 1, 1, 1));
        refused("parameter q must be finite and within [1.0001", () -> new GammaGammaModel(1, 1, 1));
        refused("parameter gamma", () -> new GammaGammaModel(1, 2, -3));
        refused("mean spend of 2 purchases", () -> new GammaGammaModel(1, 2, 3).expectedAverageSpend(2, 0));
    }

    @Test
    void horizons_beyondTheSeriesBound_areRefusedNamingTheBound() {
        BgNbdModel m = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
        refused("999.0 x (alpha + T)", () -> m.expectedRepeatPurchases(1e6));
        refused("got -1.0", () -> m.expectedPurchases(PurchaseSummary.of(0, 0, 1), -1));
        assertTrue(m.expectedRepeatPurchases(998 * 4.414) > 0);
        refused("outside [0, 0.999]", () -> Hypergeometric.f21(1, 1, 2, 0.9995));
    }

    @Test
    void fit_withTooFewRepeatCustomers_isFlaggedNotThrown() {
        Calibration calibration = Calibration.through(LocalDate.of(1997, 9, 30));
        List<PurchaseSummary> few = List.of(PurchaseSummary.of(0, 0, 30), PurchaseSummary.of(0, 0, 20),
                PurchaseSummary.of(2, 10, 30), new PurchaseSummary(1, 5, 25, 20, 1));
        BgNbdFit fit = BgNbdFit.fit(few, calibration);
        assertFalse(fit.diagnostics().enoughRepeatCustomers());
        assertFalse(fit.diagnostics().reliable(), fit.diagnostics().summary());
        assertTrue(fit.diagnostics().summary().contains("too few"), fit.diagnostics().summary());
        GammaGammaFit spend = GammaGammaFit.fit(List.of(PurchaseSummary.of(0, 0, 30)), calibration);
        assertEquals(0, spend.diagnostics().repeatCustomers());
        assertFalse(spend.diagnostics().reliable());
        refused("no summaries", () -> BgNbdFit.fit(List.of(), calibration));
    }
}
