package io.relevans.prediction;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A fitted customer-base model as the engine uses it: BG/NBD for purchases and activity, Gamma-Gamma for
 * spend, fitted on every customer's purchase summary at a calibration moment, with a version that the
 * model store ({@code io.relevans.spi.PredictionModelStore}) gives it so that every engine on a storage
 * uses the same one. Its predictions are what the prediction features ({@code p_alive},
 * {@code expected_purchases}, {@code expected_spend}) are worth for a customer at a day.
 *
 * <p>A model whose purchase fit is not {@link FitDiagnostics#reliable() reliable} (not converged, or fewer
 * than {@value FitDiagnostics#MIN_REPEAT_CUSTOMERS} repeat customers) is kept with its diagnostics but not
 * used: {@link #usable()} is false and the features have no value. Without a usable spend fit the spend
 * feature has none.
 *
 * @param version   the version the store gave it, 1 or more; 0 before it is stored
 * @param fittedAt  when it was fitted
 * @param purchases the BG/NBD fit, with its calibration (time unit)
 * @param spend     the Gamma-Gamma fit on the repeat customers' spend, or null when there was none
 */
public record CustomerBaseModel(long version, Instant fittedAt, BgNbdFit purchases, @Nullable GammaGammaFit spend) {

    /** The shortest step a discounted spend is summed in: about a quarter (92 days). */
    static final int DISCOUNT_STEP_DAYS = 92;
    /** The most steps a discounted spend is summed in. */
    static final int MAX_DISCOUNT_STEPS = 12;

    /**
     * @throws NullPointerException     if {@code fittedAt} or {@code purchases} is null
     * @throws IllegalArgumentException if the version is negative, or the two fits were made for different
     *                                  calibrations
     */
    public CustomerBaseModel {
        Objects.requireNonNull(fittedAt, "fittedAt");
        Objects.requireNonNull(purchases, "purchases");
        if (version < 0) {
            throw new IllegalArgumentException("model version must be 0 or more, got " + version);
        }
        if (spend != null && !spend.diagnostics().calibration().equals(purchases.diagnostics().calibration())) {
            throw new IllegalArgumentException("the spend fit (" + spend.diagnostics().calibration()
                    + ") and the purchase fit (" + purchases.diagnostics().calibration()
                    + ") were made for different calibrations");
        }
    }

    /**
     * Fits both models on the summaries of a customer base (version 0, until a store gives it one).
     *
     * @param summaries   one per customer who bought, all made for {@code calibration}
     * @param calibration the calibration they were made for
     * @param fittedAt    the moment of the fit
     * @return the model, with both fits' diagnostics; check {@link #usable()}
     * @throws IllegalArgumentException if there are no summaries
     */
    public static CustomerBaseModel fit(java.util.Collection<PurchaseSummary> summaries, Calibration calibration,
                                        Instant fittedAt) {
        return new CustomerBaseModel(0, fittedAt, BgNbdFit.fit(summaries, calibration),
                GammaGammaFit.fit(summaries, calibration));
    }

    /** This model with the version a store gave it. */
    public CustomerBaseModel withVersion(long newVersion) {
        return new CustomerBaseModel(newVersion, fittedAt, purchases, spend);
    }

    /** The calibration the fits were made for: its last day and time unit. */
    public Calibration calibration() {
        return purchases.diagnostics().calibration();
    }

    /** Whether the purchase fit is reliable, so that the features have values. */
    public boolean usable() {
        return purchases.diagnostics().reliable();
    }

    /** The spend fit, when there is a reliable one. */
    public Optional<GammaGammaFit> usableSpend() {
        return spend != null && spend.diagnostics().reliable() ? Optional.of(spend) : Optional.empty();
    }

    /**
     * The customer's summary for a prediction made on {@code today}: the history's purchases, with the age
     * T counted to the end of {@code today} (or of the last purchase day, when a purchase is dated later) in
     * the model's time unit.
     */
    public PurchaseSummary summaryOn(PurchaseHistory history, LocalDate today) {
        LocalDate end = today.isBefore(history.lastDay()) ? history.lastDay() : today;
        return history.summary(new Calibration(end, calibration().unit()));
    }

    /**
     * P(alive) of the customer on the day.
     *
     * @return a probability, or NaN when the model is not {@link #usable()}
     */
    public double probabilityAlive(PurchaseHistory history, LocalDate today) {
        return usable() ? purchases.model().probabilityAlive(summaryOn(history, today)) : Double.NaN;
    }

    /**
     * The expected number of purchase days in the {@code days} after {@code today}.
     *
     * @return 0 or more, or NaN when the model is not {@link #usable()} or the horizon is beyond what the model
     *         can sum for this customer ({@link BgNbdModel#MAX_HORIZON_FACTOR})
     */
    public double expectedPurchases(PurchaseHistory history, LocalDate today, int days) {
        if (!usable()) {
            return Double.NaN;
        }
        PurchaseSummary s = summaryOn(history, today);
        return purchasesAhead(s, days);
    }

    /**
     * The expected spend in the {@code days} after {@code today}: expected purchases times the expected spend
     * per purchase (Gamma-Gamma's E[M | x, m<sub>x</sub>]). With a yearly discount rate the expected purchases
     * are taken in equal steps of at least {@value #DISCOUNT_STEP_DAYS} days (at most {@value #MAX_DISCOUNT_STEPS}
     * steps: four for a year), each discounted by (1 + rate)<sup>-t</sup> with t the years from today to the
     * middle of its step (the midpoint rule: within 0.1% of daily discounting at 10% a year over a year, for
     * the purchase rates of the CDNOW fit).
     *
     * @param discount the yearly discount rate, 0 for none
     * @return 0 or more, or NaN without a usable purchase and spend fit or beyond the summable horizon
     */
    public double expectedSpend(PurchaseHistory history, LocalDate today, int days, double discount) {
        Optional<GammaGammaFit> spendFit = usableSpend();
        if (!usable() || spendFit.isEmpty()) {
            return Double.NaN;
        }
        PurchaseSummary s = summaryOn(history, today);
        double perPurchase = spendFit.get().model().expectedAverageSpend(s);
        if (discount == 0) {
            return purchasesAhead(s, days) * perPurchase;
        }
        int steps = Math.min(MAX_DISCOUNT_STEPS, (days + DISCOUNT_STEP_DAYS - 1) / DISCOUNT_STEP_DAYS);
        double total = 0;
        double before = 0;
        for (int k = 1; k <= steps; k++) {
            int from = (int) ((long) days * (k - 1) / steps);
            int to = (int) ((long) days * k / steps);
            double upTo = purchasesAhead(s, to);
            if (Double.isNaN(upTo)) {
                return Double.NaN;
            }
            double years = (from + to) / 2.0 / 365.25;
            total += (upTo - before) * Math.pow(1 + discount, -years);
            before = upTo;
        }
        return total * perPurchase;
    }

    private double purchasesAhead(PurchaseSummary s, int days) {
        double horizon = days / calibration().daysPerUnit();
        BgNbdModel model = purchases.model();
        if (horizon > BgNbdModel.MAX_HORIZON_FACTOR * (model.alpha() + s.age())) {
            return Double.NaN;
        }
        return model.expectedPurchases(s, horizon);
    }

    /** One line for logs: version, parameters and both fits' diagnostics. */
    public String summary() {
        return "model v" + version + " fitted " + fittedAt + ": " + purchases.model() + " (" + purchases.diagnostics()
                .summary() + ")" + (spend == null ? ", no spend fit" : "; " + spend.model() + " ("
                + spend.diagnostics().summary() + ")");
    }
}
