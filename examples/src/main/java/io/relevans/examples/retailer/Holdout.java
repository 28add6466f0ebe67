package io.relevans.examples.retailer;

import io.relevans.prediction.BgNbdModel;
import io.relevans.prediction.CustomerBaseModel;
import io.relevans.prediction.PurchaseSummary;
import java.util.List;
import java.util.Objects;

/**
 * How well the model fitted at go-live predicted the period that followed, the two validation charts of
 * Fader, Hardie and Lee ("Counting Your Customers the Easy Way", 2005) with the simulated period as the
 * holdout: for the customers who had bought before go-live (the cohort the model was fitted on),
 *
 * <ul>
 * <li>the cumulative repeat purchases over the holdout, day by day: predicted, the sum over customers of
 * E[Y(t) | x, t<sub>x</sub>, T], against actual, their purchase days in the period;</li>
 * <li>the conditional expectations: customers grouped by their repeat purchases x before go-live (0, 1, ...,
 * 7+), the mean predicted purchases over the whole holdout against the mean actual.</li>
 * </ul>
 *
 * A purchase day is a calendar day with a purchase, in the definitions' purchase-day zone, as the model
 * counts them; every purchase day of the period is a repeat purchase for a customer who bought before it.
 *
 * @param model       the model fitted at go-live, on the orders before it
 * @param customers   the cohort: customers with a purchase before go-live
 * @param days        the length of the holdout in days
 * @param predicted   cumulative predicted repeat purchases after each day, index 0 (none) to {@code days}
 * @param actual      cumulative actual purchase days after each day, index 0 to {@code days}
 * @param groups      customers per number of repeat purchases before go-live, the last group 7 or more
 * @param meanPredicted per group, the mean predicted purchases over the holdout
 * @param meanActual  per group, the mean actual purchase days over the holdout
 * @param meanAbsoluteError the mean over customers of |predicted - actual| over the whole holdout
 * @param correlation the correlation over customers of predicted and actual
 */
public record Holdout(CustomerBaseModel model, int customers, int days, double[] predicted, long[] actual,
                      int[] groups, double[] meanPredicted, double[] meanActual, double meanAbsoluteError,
                      double correlation) {

    /** The groups of the conditional expectations: x = 0 to 6 each, and 7 or more. */
    public static final int GROUPS = 8;

    /** Checks the arrays' lengths. */
    public Holdout {
        Objects.requireNonNull(model, "model");
        if (predicted.length != days + 1 || actual.length != days + 1) {
            throw new IllegalArgumentException("a cumulative series needs days + 1 = " + (days + 1) + " points");
        }
        if (groups.length != GROUPS || meanPredicted.length != GROUPS || meanActual.length != GROUPS) {
            throw new IllegalArgumentException("the conditional expectations need " + GROUPS + " groups");
        }
    }

    /**
     * One customer of the cohort: their summary at the model's calibration and the days of the holdout they
     * bought on.
     *
     * @param summary  x, t<sub>x</sub> and T at the end of the calibration, in the model's time unit
     * @param boughtOn the days of the holdout (0 is its first) with a purchase, each once
     */
    public record Customer(PurchaseSummary summary, int[] boughtOn) {
        /** Never null parts. */
        public Customer {
            Objects.requireNonNull(summary, "summary");
            Objects.requireNonNull(boughtOn, "bought on");
        }
    }

    /**
     * Compares the model's predictions for the cohort with what they bought.
     *
     * @param days the holdout's length in days
     * @throws IllegalArgumentException when the cohort is empty or a purchase day is outside the holdout
     */
    public static Holdout of(CustomerBaseModel model, List<Customer> cohort, int days) {
        if (cohort.isEmpty()) {
            throw new IllegalArgumentException("no customer bought before go-live: nothing to compare");
        }
        BgNbdModel bgNbd = model.purchases().model();
        double unit = model.calibration().unit().getDuration().toDays(); // days in the model's time unit
        double[] predicted = new double[days + 1];
        long[] bought = new long[days + 1];
        int[] groups = new int[GROUPS];
        double[] groupPredicted = new double[GROUPS];
        double[] groupActual = new double[GROUPS];
        double absolute = 0;
        double sumP = 0;
        double sumA = 0;
        double sumPP = 0;
        double sumAA = 0;
        double sumPA = 0;
        for (Customer c : cohort) {
            for (int t = 1; t <= days; t++) {
                predicted[t] += bgNbd.expectedPurchases(c.summary(), t / unit);
            }
            for (int d : c.boughtOn()) {
                if (d < 0 || d >= days) {
                    throw new IllegalArgumentException("purchase day " + d + " is outside the holdout of " + days + " days");
                }
                bought[d + 1]++;
            }
            double p = bgNbd.expectedPurchases(c.summary(), days / unit);
            double a = c.boughtOn().length;
            int g = Math.min(GROUPS - 1, c.summary().repeatPurchases());
            groups[g]++;
            groupPredicted[g] += p;
            groupActual[g] += a;
            absolute += Math.abs(p - a);
            sumP += p;
            sumA += a;
            sumPP += p * p;
            sumAA += a * a;
            sumPA += p * a;
        }
        long[] actual = new long[days + 1];
        for (int t = 1; t <= days; t++) {
            actual[t] = actual[t - 1] + bought[t];
        }
        for (int g = 0; g < GROUPS; g++) {
            groupPredicted[g] = groups[g] == 0 ? 0 : groupPredicted[g] / groups[g];
            groupActual[g] = groups[g] == 0 ? 0 : groupActual[g] / groups[g];
        }
        int n = cohort.size();
        double covariance = sumPA / n - (sumP / n) * (sumA / n);
        double variance = Math.sqrt((sumPP / n - (sumP / n) * (sumP / n)) * (sumAA / n - (sumA / n) * (sumA / n)));
        return new Holdout(model, n, days, predicted, actual, groups, groupPredicted, groupActual, absolute / n,
                variance == 0 ? Double.NaN : covariance / variance);
    }

    /** Predicted repeat purchases over the whole holdout. */
    public double totalPredicted() {
        return predicted[days];
    }

    /** Actual purchase days over the whole holdout. */
    public long totalActual() {
        return actual[days];
    }

    /** (predicted - actual) / actual over the whole holdout. */
    public double totalError() {
        return actual[days] == 0 ? Double.NaN : (predicted[days] - actual[days]) / actual[days];
    }
}
