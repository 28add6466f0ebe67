package io.relevans.prediction;

import java.util.Objects;
import org.hipparchus.special.Gamma;

/**
 * The Gamma-Gamma model of spend per purchase (Fader, Hardie and Lee, "RFM and CLV: Using Iso-Value Curves
 * for Customer Base Analysis", 2005, and Fader and Hardie's note "The Gamma-Gamma Model of Monetary Value"):
 * the amount of each purchase of a customer is gamma distributed with shape p and rate &nu;, and &nu; is
 * gamma distributed over customers with shape q and rate &gamma;.
 *
 * <p>Fit and used on the repeat purchases of the calibration period, the first purchase left out, as in
 * the literature (this reproduces its CDNOW figures), and on the days with a positive amount only: a day of
 * zero-value purchases says nothing of spend (a gamma amount is never 0), so {@link PurchaseSummary} counts
 * it as a purchase for {@link BgNbdModel} but not in {@link PurchaseSummary#repeatSpendCount()}.
 *
 * @param p     shape of a purchase's amount, in [{@value #MIN_SHAPE}, {@value #MAX_SHAPE}]
 * @param q     shape of the customers' rates, above 1 (so that the mean spend p&gamma;/(q-1) is finite): in
 *              [1 + {@value #MIN_SHAPE}, {@value #MAX_SHAPE}]
 * @param gamma rate of the customers' rates (a scale in money), in [{@value #MIN_SCALE}, {@value #MAX_SCALE}]
 */
public record GammaGammaModel(double p, double q, double gamma) {

    /** The smallest shape p, and how far above 1 the shape q must be. */
    public static final double MIN_SHAPE = 1e-4;
    /** The largest shape p or q. */
    public static final double MAX_SHAPE = 1e4;
    /** The smallest &gamma;. */
    public static final double MIN_SCALE = 1e-6;
    /** The largest &gamma;. */
    public static final double MAX_SCALE = 1e12;

    /**
     * @throws IllegalArgumentException naming the parameter and its limits, if one is not finite or outside them
     */
    public GammaGammaModel {
        require("p", p, MIN_SHAPE, MAX_SHAPE);
        require("q", q, 1 + MIN_SHAPE, MAX_SHAPE);
        require("gamma", gamma, MIN_SCALE, MAX_SCALE);
    }

    /**
     * The expected amount of a purchase of a customer of whom nothing is known: p&gamma;/(q-1).
     *
     * @return a positive amount
     */
    public double meanSpend() {
        return p * gamma / (q - 1);
    }

    /**
     * The expected amount of a purchase of a customer given the repeat purchases with spend in their summary:
     * (&gamma; + m<sub>x</sub> x) p / (p x + q - 1), a weighted mean of {@link #meanSpend()} and the customer's
     * own mean.
     *
     * @param summary the customer's summary ({@link PurchaseSummary#repeatSpendCount()} and
     *                {@link PurchaseSummary#meanRepeatSpend()})
     * @return a positive amount; {@link #meanSpend()} without repeat spend
     * @throws NullPointerException if {@code summary} is null
     */
    public double expectedAverageSpend(PurchaseSummary summary) {
        Objects.requireNonNull(summary, "summary");
        return expectedAverageSpend(summary.repeatSpendCount(), summary.meanRepeatSpend());
    }

    /**
     * The expected amount of a purchase of a customer with {@code count} purchases of mean {@code meanSpend}.
     *
     * @param count     x, 0 or more
     * @param meanSpend m<sub>x</sub>, positive when {@code count} is, ignored when it is 0
     * @return a positive amount
     * @throws IllegalArgumentException naming the value, if the count is negative or the mean is not a
     *                                  positive finite amount while the count is positive
     */
    public double expectedAverageSpend(int count, double meanSpend) {
        requireObservation(count, meanSpend, true);
        if (count == 0) {
            return meanSpend();
        }
        double weight = p * count / (p * count + q - 1); // of the customer's own mean
        return (1 - weight) * meanSpend() + weight * meanSpend;
    }

    /**
     * The log-likelihood of a customer's mean spend m<sub>x</sub> over x purchases (the log density of the mean).
     *
     * @param count     x, 1 or more
     * @param meanSpend m<sub>x</sub>, a positive amount
     * @return a finite number
     * @throws IllegalArgumentException naming the value, if the count is below 1 or the mean is not a positive
     *                                  finite amount
     */
    public double logLikelihood(int count, double meanSpend) {
        requireObservation(count, meanSpend, false);
        return logCommon(p, q, gamma, count) + logOwn(p, q, gamma, count, meanSpend);
    }

    /** The terms of the log density that depend on the count alone; the fit adds them once per count. */
    static double logCommon(double p, double q, double gamma, int count) {
        double px = p * count;
        return Gamma.logGamma(px + q) - Gamma.logGamma(px) - Gamma.logGamma(q) + q * Math.log(gamma) + px * Math.log(count);
    }

    /** The terms of the log density that depend on the customer's own mean spend. */
    static double logOwn(double p, double q, double gamma, int count, double meanSpend) {
        double px = p * count;
        return (px - 1) * Math.log(meanSpend) - (px + q) * Math.log(gamma + meanSpend * count);
    }

    /** Whether the parameters are within the model's limits. */
    static boolean within(double p, double q, double gamma) {
        return p >= MIN_SHAPE && p <= MAX_SHAPE && q >= 1 + MIN_SHAPE && q <= MAX_SHAPE && gamma >= MIN_SCALE
                && gamma <= MAX_SCALE;
    }

    static void requireObservation(int count, double meanSpend, boolean zeroAllowed) {
        if (count < (zeroAllowed ? 0 : 1)) {
            throw new IllegalArgumentException("purchase count must be " + (zeroAllowed ? 0 : 1) + " or more, got "
                    + count);
        }
        if (count > 0 && (!Double.isFinite(meanSpend) || meanSpend <= 0)) {
            throw new IllegalArgumentException("mean spend of " + count + " purchases must be a positive finite amount, got "
                    + meanSpend);
        }
    }

    private static void require(String name, double value, double min, double max) {
        if (!Double.isFinite(value) || value < min || value > max) {
            throw new IllegalArgumentException("Gamma-Gamma parameter " + name + " must be finite and within [" + min
                    + ", " + max + "], got " + value);
        }
    }
}
