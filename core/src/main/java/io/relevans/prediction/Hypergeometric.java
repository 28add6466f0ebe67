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
     * x = 0), and the terms fall faster the larger x is, so a large x costs nothing.
     */
    static double bgNbdBracket(double r, double a, double b, double x, double z) {
        if (!(z >= 0 && z <= MAX_Z)) {
            throw new IllegalArgumentException("BG/NBD series argument z = " + z + " is outside [0, " + MAX_Z + "]");
        }
        if (z == 0) {
            return 0;
        }
        double q = a - 1;
        double p = a + b - 1 - r;
        double c = a + b + x - 1;
        double log1mz = Math.log1p(-z);
        double power = Math.exp(q * log1mz); // (1 - z)^q
        // (1 - (1-z)^q) / q, and its limit -ln(1-z) at q = 0
        double first = q == 0 ? -log1mz : -Math.expm1(q * log1mz) / q;
        // c * S: its first term is p z (c cancels), then each term grows by (p+k)(a+k-1) z / ((c+k)(k+1))
        double term = p * z;
        double sum = term;
        double settled = Math.max(Math.abs(p), a);
        for (int k = 1; k < MAX_TERMS && term != 0; k++) {
            double ratio = (p + k) * (a + k - 1) / ((c + k) * (k + 1)) * z;
            term *= ratio;
            sum += term;
            if (k >= settled && converged(term, sum, Math.abs(ratio), z)) {
                break;
            }
        }
        double bracket = c * first - power * sum;
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
