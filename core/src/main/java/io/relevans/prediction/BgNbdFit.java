package io.relevans.prediction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BgNbdModel} fit by maximum likelihood to a customer base's summaries, with its diagnostics.
 *
 * <p>The fit maximizes the total log-likelihood over the logarithms of r, &alpha;, a and b (kept within the
 * model's parameter limits) with a Nelder-Mead simplex restarted from its best point until it no longer
 * improves, starting from r = a = b = 1 and &alpha; = mean T / (mean x + 1). Summaries with equal x,
 * t<sub>x</sub> and T are counted once with their number (day-counted summaries repeat a lot), and the
 * log-gamma terms are computed once per distinct x, so a million summaries fit in seconds. Deterministic:
 * the same summaries, in any order, give the same result.
 *
 * @param model       the fitted model
 * @param diagnostics how the fit went; check {@link FitDiagnostics#reliable()} before using the model
 */
public record BgNbdFit(BgNbdModel model, FitDiagnostics diagnostics) {


    private static final Logger LOG = LoggerFactory.getLogger(BgNbdFit.class);
    private static final Comparator<PurchaseSummary> ORDER = Comparator.comparingInt(PurchaseSummary::repeatPurchases)
            .thenComparingDouble(PurchaseSummary::recency).thenComparingDouble(PurchaseSummary::age);

    /**
     * @throws NullPointerException if an argument is null
     */
    public BgNbdFit {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(diagnostics, "diagnostics");
    }

    /**
     * Fits the model to the summaries of a customer base.
     *
     * @param summaries   one per customer, all made for {@code calibration}
     * @param calibration the calibration period they were made for (reported in the diagnostics; its unit is
     *                    the unit of &alpha;)
     * @return the fit; not {@link FitDiagnostics#reliable() reliable} when it did not converge or had fewer
     *         than {@value FitDiagnostics#MIN_REPEAT_CUSTOMERS} repeat customers
     * @throws NullPointerException     if an argument or a summary is null
     * @throws IllegalArgumentException if there are no summaries
     */
    public static BgNbdFit fit(Collection<PurchaseSummary> summaries, Calibration calibration) {
        MaximumLikelihood.requireSummaries(summaries, calibration, "BG/NBD");
        long started = System.nanoTime();
        Table table = Table.of(summaries);
        double[] start = {0, Math.log(clamp(table.meanAge / (table.meanRepeats + 1))), 0, 0};
        MaximumLikelihood.Result result = MaximumLikelihood.maximize(table::logLikelihood, start);
        double[] e = exp(result.point());
        BgNbdModel model = new BgNbdModel(e[0], e[1], e[2], e[3]);
        FitDiagnostics diagnostics = FitDiagnostics.of(table.customers, table.repeatCustomers, result, calibration);
        LOG.debug("BG/NBD fit {} in {} ms: {}", model, (System.nanoTime() - started) / 1_000_000, diagnostics.summary());
        return new BgNbdFit(model, diagnostics);
    }

    private static double clamp(double value) {
        return Math.min(BgNbdModel.MAX_PARAMETER, Math.max(BgNbdModel.MIN_PARAMETER, value));
    }

    private static double[] exp(double[] logs) {
        double[] e = new double[logs.length];
        for (int i = 0; i < logs.length; i++) {
            e[i] = clamp(Math.exp(logs[i]));
        }
        return e;
    }

    /** The distinct summaries with their counts, grouped by x. */
    private static final class Table {
        final int customers;
        final int repeatCustomers;
        final double meanAge;
        final double meanRepeats;
        final int[] xs;          // distinct x, ascending
        final int[] groupEnd;    // rows of xs[j] end (exclusive) at groupEnd[j]
        final double[] recency;
        final double[] age;
        final double[] weight;

        private Table(int customers, int repeatCustomers, double meanAge, double meanRepeats, int[] xs, int[] groupEnd,
                      double[] recency, double[] age, double[] weight) {
            this.customers = customers;
            this.repeatCustomers = repeatCustomers;
            this.meanAge = meanAge;
            this.meanRepeats = meanRepeats;
            this.xs = xs;
            this.groupEnd = groupEnd;
            this.recency = recency;
            this.age = age;
            this.weight = weight;
        }

        static Table of(Collection<PurchaseSummary> summaries) {
            List<PurchaseSummary> sorted = new ArrayList<>(summaries);
            for (PurchaseSummary s : sorted) {
                Objects.requireNonNull(s, "a summary is null");
            }
            sorted.sort(ORDER);
            int n = sorted.size();
            double[] recency = new double[n];
            double[] age = new double[n];
            double[] weight = new double[n];
            List<Integer> xs = new ArrayList<>();
            List<Integer> ends = new ArrayList<>();
            int rows = 0;
            int repeat = 0;
            double ageSum = 0;
            double repeatSum = 0;
            PurchaseSummary previous = null;
            for (PurchaseSummary s : sorted) {
                ageSum += s.age();
                repeatSum += s.repeatPurchases();
                repeat += s.repeatPurchases() > 0 ? 1 : 0;
                if (previous != null && ORDER.compare(previous, s) == 0) {
                    weight[rows - 1]++;
                    continue;
                }
                if (previous == null || previous.repeatPurchases() != s.repeatPurchases()) {
                    if (previous != null) {
                        ends.add(rows);
                    }
                    xs.add(s.repeatPurchases());
                }
                recency[rows] = s.recency();
                age[rows] = s.age();
                weight[rows] = 1;
                rows++;
                previous = s;
            }
            ends.add(rows);
            return new Table(n, repeat, ageSum / n, repeatSum / n, xs.stream().mapToInt(Integer::intValue).toArray(),
                    ends.stream().mapToInt(Integer::intValue).toArray(), java.util.Arrays.copyOf(recency, rows),
                    java.util.Arrays.copyOf(age, rows), java.util.Arrays.copyOf(weight, rows));
        }

        /** The total log-likelihood at (ln r, ln alpha, ln a, ln b); -infinity outside the parameter limits. */
        double logLikelihood(double[] logs) {
            double r = Math.exp(logs[0]);
            double alpha = Math.exp(logs[1]);
            double a = Math.exp(logs[2]);
            double b = Math.exp(logs[3]);
            if (!(BgNbdModel.within(r) && BgNbdModel.within(alpha) && BgNbdModel.within(a) && BgNbdModel.within(b))) {
                return Double.NEGATIVE_INFINITY;
            }
            double total = 0;
            int from = 0;
            for (int j = 0; j < xs.length; j++) {
                int x = xs[j];
                double group = 0;
                double groupWeight = 0;
                for (int i = from; i < groupEnd[j]; i++) {
                    group += weight[i] * BgNbdModel.logBracket(r, alpha, a, b, x, recency[i], age[i]);
                    groupWeight += weight[i];
                }
                total += group + groupWeight * BgNbdModel.logCommon(r, alpha, a, b, x);
                from = groupEnd[j];
            }
            return total;
        }
    }
}
