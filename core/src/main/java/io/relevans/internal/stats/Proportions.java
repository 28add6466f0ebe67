package io.relevans.internal.stats;

import io.relevans.spi.SplitDecision;
import java.util.List;
import java.util.Optional;
import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * Comparisons of conversion rates (proportions), deterministic and closed-form:
 * <ul>
 * <li>{@link #winner}: the winner rule of an A/B split, a one-sided two-proportion z-test (pooled
 * standard error) of the best variant against each other one, each at the Bonferroni-corrected level
 * {@code (1 - confidence) / (k - 1)} for k variants;</li>
 * <li>{@link #upliftInterval}: the interval of the relative uplift {@code p1 / p0 - 1} of a rate over a
 * control rate, from the Katz log interval of the rate ratio (the delta method on {@code log(p1 / p0)}).</li>
 * </ul>
 */
public final class Proportions {

    private static final NormalDistribution STANDARD = new NormalDistribution(0, 1);

    private Proportions() {
    }

    /** The standard normal quantile: the z with P(Z <= z) = p. */
    public static double quantile(double p) {
        return STANDARD.inverseCumulativeProbability(p);
    }

    /**
     * The winner of the groups: the one with the highest rate, when every group has at least
     * {@code minimum} messages and a one-sided two-proportion z-test finds its rate higher than each other
     * group's at the confidence, corrected for the {@code k - 1} comparisons (Bonferroni). Empty otherwise:
     * too few messages, a tie at the top, or a difference the figures do not establish.
     */
    public static Optional<String> winner(List<SplitDecision.Figures> groups, int minimum, double confidence) {
        if (groups.size() < 2 || groups.stream().anyMatch(g -> g.messages() < minimum || g.messages() == 0)) {
            return Optional.empty();
        }
        SplitDecision.Figures best = groups.get(0);
        for (SplitDecision.Figures g : groups) {
            if (g.conversionRate() > best.conversionRate()) {
                best = g;
            }
        }
        double critical = quantile(1 - (1 - confidence) / (groups.size() - 1));
        for (SplitDecision.Figures g : groups) {
            if (g == best) {
                continue;
            }
            double z = z(best, g);
            if (!(z > critical)) { // NaN (no variance at all) decides nothing either
                return Optional.empty();
            }
        }
        return Optional.of(best.variant());
    }

    /** The two-proportion z statistic of a over b, with the pooled standard error; NaN when it is zero. */
    static double z(SplitDecision.Figures a, SplitDecision.Figures b) {
        double pooled = (a.converted() + b.converted()) / (double) (a.messages() + b.messages());
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / a.messages() + 1.0 / b.messages()));
        return se == 0 ? Double.NaN : (a.conversionRate() - b.conversionRate()) / se;
    }

    /**
     * The two-sided interval, at the confidence, of the relative uplift {@code p1 / p0 - 1} of group 1's
     * rate over group 0's: {@code exp(log(p1 / p0) +- z * sqrt(1/x1 - 1/n1 + 1/x0 - 1/n0)) - 1} (Katz).
     *
     * @return lower and upper bound; both NaN when either group has no conversions or no messages, where
     *         the ratio's logarithm has no finite estimate
     */
    public static double[] upliftInterval(long x1, long n1, long x0, long n0, double confidence) {
        if (x1 <= 0 || n1 <= 0 || x0 <= 0 || n0 <= 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double log = Math.log((x1 / (double) n1) / (x0 / (double) n0));
        double se = Math.sqrt(1.0 / x1 - 1.0 / n1 + 1.0 / x0 - 1.0 / n0);
        double z = quantile(1 - (1 - confidence) / 2);
        return new double[] {Math.exp(log - z * se) - 1, Math.exp(log + z * se) - 1};
    }
}
