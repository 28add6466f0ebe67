package io.relevans.prediction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link GammaGammaModel} fit by maximum likelihood to the repeat spend of a customer base, with its
 * diagnostics.
 *
 * <p>Only customers with repeat purchases of a positive amount ({@link PurchaseSummary#repeatSpendCount()}
 * above 0) say anything of spend; the others are counted in the diagnostics but left out. The fit maximizes
 * the total log-likelihood of their mean repeat spend over ln p, ln(q - 1) and ln &gamma; (within the model's
 * limits) with a restarted Nelder-Mead simplex from p = 1, q = 2 and &gamma; = the customers' mean spend. The
 * log-gamma terms are computed once per distinct count. Deterministic: the same summaries, in any order, give
 * the same result.
 *
 * @param model       the fitted model
 * @param diagnostics how the fit went ({@link FitDiagnostics#repeatCustomers()}: the customers fit);
 *                    check {@link FitDiagnostics#reliable()} before using the model
 */
public record GammaGammaFit(GammaGammaModel model, FitDiagnostics diagnostics) {


    private static final Logger LOG = LoggerFactory.getLogger(GammaGammaFit.class);

    /**
     * @throws NullPointerException if an argument is null
     */
    public GammaGammaFit {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(diagnostics, "diagnostics");
    }

    /**
     * Fits the model to the repeat spend in the summaries of a customer base.
     *
     * @param summaries   one per customer, all made for {@code calibration}
     * @param calibration the calibration period they were made for (reported in the diagnostics)
     * @return the fit; not {@link FitDiagnostics#reliable() reliable} when it did not converge or had fewer
     *         than {@value FitDiagnostics#MIN_REPEAT_CUSTOMERS} customers with repeat spend (with none at all, the model is
     *         the start: p = 1, q = 2, &gamma; = 1)
     * @throws NullPointerException     if an argument or a summary is null
     * @throws IllegalArgumentException if there are no summaries
     */
    public static GammaGammaFit fit(Collection<PurchaseSummary> summaries, Calibration calibration) {
        MaximumLikelihood.requireSummaries(summaries, calibration, "Gamma-Gamma");
        long started = System.nanoTime();
        List<PurchaseSummary> spenders = new ArrayList<>();
        for (PurchaseSummary s : summaries) {
            Objects.requireNonNull(s, "a summary is null");
            if (s.repeatSpendCount() > 0) {
                spenders.add(s);
            }
        }
        spenders.sort(Comparator.comparingInt(PurchaseSummary::repeatSpendCount)
                .thenComparingDouble(PurchaseSummary::meanRepeatSpend));
        Table table = new Table(spenders);
        double[] start = {0, 0, Math.log(clampScale(table.meanSpend))};
        MaximumLikelihood.Result result = spenders.isEmpty()
                ? new MaximumLikelihood.Result(new double[] {0, 0, 0}, 0, 0, 0, false)
                : MaximumLikelihood.maximize(table::logLikelihood, start);
        double[] x = result.point();
        GammaGammaModel model = new GammaGammaModel(clampShape(Math.exp(x[0])),
                1 + Math.min(GammaGammaModel.MAX_SHAPE - 1, Math.max(GammaGammaModel.MIN_SHAPE, Math.exp(x[1]))),
                clampScale(Math.exp(x[2])));
        FitDiagnostics diagnostics = FitDiagnostics.of(summaries.size(), spenders.size(), result, calibration);
        LOG.debug("Gamma-Gamma fit {} in {} ms: {}", model, (System.nanoTime() - started) / 1_000_000,
                diagnostics.summary());
        return new GammaGammaFit(model, diagnostics);
    }

    private static double clampShape(double value) {
        return Math.min(GammaGammaModel.MAX_SHAPE, Math.max(GammaGammaModel.MIN_SHAPE, value));
    }

    private static double clampScale(double value) {
        return Math.min(GammaGammaModel.MAX_SCALE, Math.max(GammaGammaModel.MIN_SCALE, value));
    }

    /** The customers with repeat spend grouped by their count. */
    private static final class Table {
        final int[] counts;     // distinct counts, ascending
        final int[] groupEnd;
        final double[] mean;
        final double meanSpend;

        Table(List<PurchaseSummary> spenders) {
            int n = spenders.size();
            mean = new double[n];
            List<Integer> distinct = new ArrayList<>();
            List<Integer> ends = new ArrayList<>();
            double sum = 0;
            for (int i = 0; i < n; i++) {
                PurchaseSummary s = spenders.get(i);
                int k = s.repeatSpendCount();
                if (i == 0 || spenders.get(i - 1).repeatSpendCount() != k) {
                    if (i > 0) {
                        ends.add(i);
                    }
                    distinct.add(k);
                }
                mean[i] = s.meanRepeatSpend();
                sum += mean[i];
            }
            ends.add(n);
            counts = distinct.stream().mapToInt(Integer::intValue).toArray();
            groupEnd = ends.stream().mapToInt(Integer::intValue).toArray();
            meanSpend = n == 0 ? 1 : sum / n;
        }

        /** The total log-likelihood at (ln p, ln(q - 1), ln gamma); -infinity outside the model's limits. */
        double logLikelihood(double[] logs) {
            double p = Math.exp(logs[0]);
            double q = 1 + Math.exp(logs[1]);
            double gamma = Math.exp(logs[2]);
            if (!GammaGammaModel.within(p, q, gamma)) {
                return Double.NEGATIVE_INFINITY;
            }
            double total = 0;
            int from = 0;
            for (int j = 0; j < counts.length; j++) {
                int k = counts[j];
                double group = 0;
                for (int i = from; i < groupEnd[j]; i++) {
                    group += GammaGammaModel.logOwn(p, q, gamma, k, mean[i]);
                }
                total += group + (groupEnd[j] - from) * GammaGammaModel.logCommon(p, q, gamma, k);
                from = groupEnd[j];
            }
            return total;
        }
    }
}
