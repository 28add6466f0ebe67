package io.relevans.prediction;

import java.util.Objects;
import org.hipparchus.special.Gamma;

/**
 * The BG/NBD model of repeat purchasing (Fader, Hardie and Lee, "Counting Your Customers the Easy Way: An
 * Alternative to the Pareto/NBD Model", Marketing Science 24(2), 2005): while active, a customer buys at
 * a rate &lambda; (gamma distributed over customers with shape r and rate &alpha;), and after each purchase
 * drops out for good with probability p (beta distributed with a and b).
 *
 * <p>Times are in the unit of the summaries the model is fit on (weeks for the published CDNOW figures):
 * &alpha; and every horizon are in that unit. Every method accepts any valid {@link PurchaseSummary}
 * (x = 0, t<sub>x</sub> = T, x in the millions) and returns a finite value in range.
 *
 * @param r     shape of the purchase rate distribution, in [{@value #MIN_PARAMETER}, {@value #MAX_PARAMETER}]
 * @param alpha rate (scale in time units) of the purchase rate distribution, same bounds
 * @param a     first shape of the dropout probability distribution, same bounds
 * @param b     second shape of the dropout probability distribution, same bounds
 */
public record BgNbdModel(double r, double alpha, double a, double b) {

    /** The smallest value of a parameter. */
    public static final double MIN_PARAMETER = 1e-4;
    /** The largest value of a parameter. */
    public static final double MAX_PARAMETER = 1e4;
    /**
     * How far ahead the expectations look, in multiples of &alpha; + T: the bound that keeps their series
     * argument t/(&alpha; + T + t) at or below 0.999 (the convergence bound of the 2F1 series).
     */
    public static final double MAX_HORIZON_FACTOR = 999; // z = t/(alpha+T+t) <= 999/1000 = Hypergeometric.MAX_Z

    /**
     * @throws IllegalArgumentException naming the parameter and its limits, if one is not finite or outside
     *                                  [{@value #MIN_PARAMETER}, {@value #MAX_PARAMETER}]
     */
    public BgNbdModel {
        requireParameter("r", r);
        requireParameter("alpha", alpha);
        requireParameter("a", a);
        requireParameter("b", b);
    }

    /**
     * The probability that a customer with this summary is still active at the end of the calibration
     * period: 1 / (1 + [x &gt; 0] a/(b+x-1) ((&alpha;+T)/(&alpha;+t<sub>x</sub>))<sup>r+x</sup>).
     *
     * @param summary the customer's summary
     * @return a probability in [0, 1]; 1 without repeat purchases (the model lets customers drop out only
     *         right after a repeat purchase)
     * @throws NullPointerException if {@code summary} is null
     */
    public double probabilityAlive(PurchaseSummary summary) {
        Objects.requireNonNull(summary, "summary");
        int x = summary.repeatPurchases();
        if (x == 0) {
            return 1;
        }
        double logOdds = Math.log(a) - Math.log(b + x - 1)
                + (r + x) * (Math.log(alpha + summary.age()) - Math.log(alpha + summary.recency()));
        // 1 / (1 + e^logOdds), without overflow either way
        return logOdds > 0 ? Math.exp(-logOdds) / (1 + Math.exp(-logOdds)) : 1 / (1 + Math.exp(logOdds));
    }

    /**
     * The expected number of purchases of a customer with this summary in the next {@code horizon} time units
     * after the calibration period, E[Y(t) | x, t<sub>x</sub>, T] (equation 10 of the paper, summed as their
     * note "Implementing the BG/NBD Model" says, through Euler's transformation of 2F1).
     *
     * @param summary the customer's summary
     * @param horizon t, in the summary's time unit, from 0 to {@value #MAX_HORIZON_FACTOR} x (&alpha; + T)
     * @return 0 or more
     * @throws NullPointerException     if {@code summary} is null
     * @throws IllegalArgumentException naming the horizon and its bound, if it is negative, not finite or too far
     */
    public double expectedPurchases(PurchaseSummary summary, double horizon) {
        Objects.requireNonNull(summary, "summary");
        double z = argument(horizon, summary.age());
        int x = summary.repeatPurchases();
        return probabilityAlive(summary) * Hypergeometric.bgNbdBracket(r, a, b, x, z);
    }

    /**
     * The expected number of repeat purchases of a new customer in the {@code time} units after their first
     * purchase, E[X(t)] = (a+b-1)/(a-1) [1 - (&alpha;/(&alpha;+t))<sup>r</sup> 2F1(r, b; a+b-1; t/(&alpha;+t))]
     * (equation 7 of the paper; continuous at a = 1 and a + b = 1).
     *
     * @param time t, in the model's time unit, from 0 to {@value #MAX_HORIZON_FACTOR} x &alpha;
     * @return 0 or more
     * @throws IllegalArgumentException naming the time and its bound, if it is negative, not finite or too far
     */
    public double expectedRepeatPurchases(double time) {
        return Hypergeometric.bgNbdBracket(r, a, b, 0, argument(time, 0));
    }

    /**
     * The log-likelihood of a customer's summary under the model (equation 6 of the paper, in logs).
     *
     * @param summary the customer's summary
     * @return a finite number (a log density in t<sub>x</sub>: it may be above 0)
     * @throws NullPointerException if {@code summary} is null
     */
    public double logLikelihood(PurchaseSummary summary) {
        Objects.requireNonNull(summary, "summary");
        int x = summary.repeatPurchases();
        return logCommon(r, alpha, a, b, x) + logBracket(r, alpha, a, b, x, summary.recency(), summary.age());
    }

    /**
     * The terms of equation 6 that depend on x alone, in logs: ln[Gamma(r+x) alpha^r / Gamma(r)] + ln[B(a, b+x)
     * / B(a, b)]. The fit adds them once per group of customers with the same x.
     */
    static double logCommon(double r, double alpha, double a, double b, int x) {
        return Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha)
                + Gamma.logGamma(a + b) + Gamma.logGamma(b + x) - Gamma.logGamma(b) - Gamma.logGamma(a + b + x);
    }

    /** The bracket of equation 6 for one customer (survived, or dropped out after the last purchase), in logs. */
    static double logBracket(double r, double alpha, double a, double b, int x, double recency, double age) {
        double survived = -(r + x) * Math.log(alpha + age);
        if (x == 0) {
            return survived;
        }
        return logSumExp(survived, Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + recency));
    }

    /** Whether a parameter value is within the model's limits. */
    static boolean within(double value) {
        return value >= MIN_PARAMETER && value <= MAX_PARAMETER;
    }

    static double logSumExp(double u, double v) {
        double max = Math.max(u, v);
        return max + Math.log1p(Math.exp(Math.min(u, v) - max));
    }

    private double argument(double horizon, double age) {
        if (!Double.isFinite(horizon) || horizon < 0) {
            throw new IllegalArgumentException("horizon must be a finite time of 0 or more, got " + horizon);
        }
        double limit = MAX_HORIZON_FACTOR * (alpha + age);
        if (horizon > limit) {
            throw new IllegalArgumentException("horizon " + horizon + " is beyond " + limit + " = "
                    + MAX_HORIZON_FACTOR + " x (alpha + T) with alpha " + alpha + " and T " + age
                    + ", the bound within which the 2F1 series is summed");
        }
        return Math.min(horizon / (alpha + age + horizon), Hypergeometric.MAX_Z);
    }

    static void requireParameter(String name, double value) {
        if (!Double.isFinite(value) || value < MIN_PARAMETER || value > MAX_PARAMETER) {
            throw new IllegalArgumentException("BG/NBD parameter " + name + " must be finite and within ["
                    + MIN_PARAMETER + ", " + MAX_PARAMETER + "], got " + value);
        }
    }
}
