package io.relevans.prediction;

/**
 * The Gauss hypergeometric function 2F1 by its power series, and the bracket of the BG/NBD expectations
 * built on it.
 *
 * <p><b>Convergence bound.</b> The series sum<sub>k</sub> (a)<sub>k</sub>(b)<sub>k</sub>/((c)<sub>k</sub>
 * k!) z<sup>k</sup> converges for |z| &lt; 1, its term ratio tending to z. It is summed here for
 * 0 &lt;= z &lt;= {@value #MAX_Z} only: past the point where the terms shrink, the tail after a term
 * t<sub>k</sub> is at most |t<sub>k</sub>| &rho;/(1 - &rho;) with &rho; the larger of the current term ratio
 * and z (the ratio is a rational function of k that tends to z monotonically once k exceeds the
 * numerator parameters' sizes, which the sum waits for), and the sum stops when that bound is below
 * {@value #EPSILON} of the sum; a series that terminates (a numerator parameter a negative integer) ends
 * exactly. With z at most {@value #MAX_Z} this
 * takes about ln(&epsilon;)/ln(z) terms (at most about 37,000) plus the terms before the peak, about
 * max(a, b)z/(1 - z); {@value #MAX_TERMS} terms are never exceeded (the sum so far is returned, which the
 * parameter limits of {@link BgNbdModel} keep from happening).
 */
final class Hypergeometric {

    /** The largest argument summed: horizons are limited so that z stays at or below it. */
    static final double MAX_Z = 0.999;
    /** The relative size of the tail bound at which the sum stops. */
    static final double EPSILON = 1e-15;
    /** The most terms ever summed. */
    static final int MAX_TERMS = 50_000_000;
    /** Terms the all-positive form may take before the Euler form is preferred. */
    static final double POSITIVE_SERIES_BUDGET = 2e7;
    private static final double RESCALE = 1e200;
    private static final double LOG_RESCALE = Math.log(RESCALE);

    private Hypergeometric() {
    }

    /**
     * 2F1(a, b; c; z) by its power series.
     *
     * @throws IllegalArgumentException if z is outside [0, {@value #MAX_Z}] or c is 0 or a negative integer
     */
    static double f21(double a, double b, double c, double z) {
        if (!(z >= 0 && z <= MAX_Z)) {
            throw new IllegalArgumentException("2F1 argument z = " + z + " is outside [0, " + MAX_Z
                    + "], where its series is summed to full precision");
        }
        if (c <= 0 && c == Math.rint(c)) {
            throw new IllegalArgumentException("2F1 parameter c = " + c + " is 0 or a negative integer (a pole)");
        }
        double term = 1;
        double sum = 1;
        double settled = Math.max(Math.abs(a), Math.abs(b));
        for (int k = 0; k < MAX_TERMS && term != 0; k++) {
            double ratio = (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            term *= ratio;
            sum += term;
            if (k >= settled && converged(term, sum, Math.abs(ratio), z)) {
                break;
            }
        }
        return sum;
    }

    /**
     * The BG/NBD bracket (a+b+x-1)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z)] with
     * z = t/(alpha+T+t), given as (1 - z): what E[Y(t) | x, t_x, T] is before the probability of being
     * alive, and E[X(t)] for x = 0, T = 0.
     *
     * <p>Summed through Euler's transformation 2F1(r+x, b+x; c; z) = (1-z)^(c-r-b-2x) 2F1(c-r-x, c-b-x; c; z)
     * with c = a+b+x-1, which turns the bracket into c [(1 - (1-z)^q)/q - (1-z)^q S] with q = a - 1 and
     * S = sum over k &gt;= 1 of (p)<sub>k</sub>(a)<sub>k-1</sub>/((c)<sub>k</sub> k!) z<sup>k</sup>,
     * p = a+b-1-r: no division by a - 1 (the bracket is continuous at a = 1) nor by c (at a + b = 1 with
     * x = 0), and the terms fall faster the larger x is, so a large x costs nothing. When r is large against
     * a + b (p below -2) the terms of that form alternate in sign and cancel; then, unless it would take more
     * than {@value #POSITIVE_SERIES_BUDGET} terms (with the model's limits only for x in the thousands and
     * horizons near the bound; there x makes the Euler terms fall fast), the bracket is summed in a form whose
     * terms are all positive ({@link #positive}), as it is when the Euler form overflows.
     */
    static double bgNbdBracket(double r, double a, double b, double x, double z) {
        if (!(z >= 0 && z <= MAX_Z)) {
            throw new IllegalArgumentException("BG/NBD series argument z = " + z + " is outside [0, " + MAX_Z + "]");
        }
        if (z == 0) {
            return 0;
        }
        double p = a + b - 1 - r;
        if (p >= -2 || (r + x) * z / (1 - z) > POSITIVE_SERIES_BUDGET) {
            double value = euler(r, a, b, x, z);
            if (Double.isFinite(value)) {
                return value;
            }
        }
        return positive(r, a, b, x, z);
    }

    /**
     * The bracket as (1-z)^R sum over k &gt;= 1 of (R)<sub>k</sub>/k! z<sup>k</sup> u<sub>k</sub>, R = r + x,
     * with u<sub>1</sub> = 1 and u<sub>k</sub> = (u<sub>k-1</sub>(b+x+k-1) + c)/(c+k-1), c = a+b+x-1: the
     * terms c(1 - (b+x)<sub>k</sub>/(c)<sub>k</sub>)/(a-1) of the difference between (1-z)^-R and 2F1, all
     * positive (no cancellation) but about R z/(1-z) of them before they fall. Used when r is large
     * against a + b, where the Euler form alternates.
     */
    static double positive(double r, double a, double b, double x, double z) {
        double big = r + x;
        double bx = b + x;
        double c = a + b + x - 1;
        double logPower = big * Math.log1p(-z);
        double weight = big * z; // (R)_k / k! z^k at k = 1
        double u = 1;
        double term = weight;
        double sum = term;
        double logScale = 0;
        for (int k = 2; k < MAX_TERMS; k++) {
            double ratio = (big + k - 1) / k * z;
            weight *= ratio;
            u = (u * (bx + k - 1) + c) / (c + k - 1);
            term = weight * u;
            sum += term;
            if (sum > RESCALE) {
                weight /= RESCALE;
                sum /= RESCALE;
                logScale += LOG_RESCALE;
            }
            if (k >= big && converged(term, sum, ratio * (1 + 1.0 / k), z)) {
                break;
            }
        }
        return Math.exp(logPower + logScale + Math.log(sum));
    }

    /**
     * The bracket through Euler's transformation (see {@link #bgNbdBracket}).
     */
    static double euler(double r, double a, double b, double x, double z) {
        double q = a - 1;
        double p = a + b - 1 - r;
        double c = a + b + x - 1;
        double log1mz = Math.log1p(-z);
        double logPower = q * log1mz; // ln (1 - z)^q
        // (1 - (1-z)^q) / q, and its limit -ln(1-z) at q = 0
        double first = q == 0 ? -log1mz : -Math.expm1(logPower) / q;
        // c * S: its first term is p z (c cancels), then each term grows by (p+k)(a+k-1) z / ((c+k)(k+1)).
        // For a large a the terms grow like (1-z)^-a before they fall, and (1-z)^q is as small: the sum is
        // kept scaled by e^-logScale so that neither overflows, and the two meet in logs.
        double term = p * z;
        double sum = term;
        double logScale = 0;
        double settled = Math.max(Math.abs(p), a);
        for (int k = 1; k < MAX_TERMS && term != 0; k++) {
            double ratio = (p + k) * (a + k - 1) / ((c + k) * (k + 1)) * z;
            term *= ratio;
            sum += term;
            if (Math.abs(sum) > RESCALE) {
                term /= RESCALE;
                sum /= RESCALE;
                logScale += LOG_RESCALE;
            }
            if (k >= settled && converged(term, sum, Math.abs(ratio), z)) {
                break;
            }
        }
        double scaled = sum == 0 ? 0 : Math.signum(sum) * Math.exp(logPower + logScale + Math.log(Math.abs(sum)));
        double bracket = c * first - scaled;
        return Math.max(0, bracket);
    }

    private static boolean converged(double term, double sum, double ratio, double z) {
        if (ratio >= 1) {
            return false; // still growing: no bound on the tail yet
        }
        double rho = Math.max(ratio, z);
        return Math.abs(term) * rho / (1 - rho) <= EPSILON * Math.abs(sum);
    }
}
