package io.relevans.internal.stats;

import io.relevans.spi.SplitDecision;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The winner rule of A/B splits and the uplift interval on simulated figures: the rule never decides
 * before every variant has its minimum sample, picks the better variant when the rates differ strongly,
 * and the interval holds the true uplift in about the share of runs its confidence says.
 */
class ProportionsProperties {

    /** How many of n customers with conversion probability p convert, drawn from the random numbers. */
    private static long draw(Random random, long n, double p) {
        long x = 0;
        for (long i = 0; i < n; i++) {
            x += random.nextDouble() < p ? 1 : 0;
        }
        return x;
    }

    @Property(tries = 300)
    void noWinnerBeforeEveryVariantHasItsMinimum(@ForAll @DoubleRange(min = 0, max = 1) double pa,
                                                 @ForAll @DoubleRange(min = 0, max = 1) double pb,
                                                 @ForAll @IntRange(min = 0, max = 600) int na,
                                                 @ForAll @IntRange(min = 0, max = 600) int nb,
                                                 @ForAll @IntRange(min = 10, max = 500) int minimum,
                                                 @ForAll long seed) {
        Random random = new Random(seed);
        List<SplitDecision.Figures> groups = List.of(new SplitDecision.Figures("a", na, draw(random, na, pa)),
                new SplitDecision.Figures("b", nb, draw(random, nb, pb)));
        Optional<String> winner = Proportions.winner(groups, minimum, 0.9);
        if (na < minimum || nb < minimum) {
            assertEquals(Optional.empty(), winner, "decided before the minimum of " + minimum + ": " + groups);
        }
    }

    @Property(tries = 300)
    void theClearlyBetterVariantWins(@ForAll @DoubleRange(min = 0, max = 0.65) double low,
                                     @ForAll @DoubleRange(min = 0.3, max = 1) double gap,
                                     @ForAll @IntRange(min = 0, max = 2) int bestAt,
                                     @ForAll @IntRange(min = 2, max = 3) int variants,
                                     @ForAll @IntRange(min = 10, max = 200) int minimum,
                                     @ForAll @IntRange(min = 200, max = 800) int n,
                                     @ForAll @DoubleRange(min = 0.8, max = 0.99) double confidence,
                                     @ForAll long seed) {
        Assume.that(low + gap <= 1 && bestAt < variants);
        Random random = new Random(seed);
        List<SplitDecision.Figures> groups = new ArrayList<>();
        for (int i = 0; i < variants; i++) {
            groups.add(new SplitDecision.Figures("v" + i, n, draw(random, n, i == bestAt ? low + gap : low * random.nextDouble())));
        }
        // a gap of 30 points with 200 messages each is over 6 standard errors: a miss is a defect, not chance
        assertEquals(Optional.of("v" + bestAt), Proportions.winner(groups, minimum, confidence), groups.toString());
    }

    @Example
    void equalRatesAndTiesDecideNothing() {
        assertEquals(Optional.empty(), Proportions.winner(List.of(new SplitDecision.Figures("a", 1000, 100),
                new SplitDecision.Figures("b", 1000, 100)), 100, 0.8));
        assertEquals(Optional.empty(), Proportions.winner(List.of(new SplitDecision.Figures("a", 1000, 0),
                new SplitDecision.Figures("b", 1000, 0)), 100, 0.8), "no variance: nothing established");
        // three variants: the best must beat both, at the corrected level
        assertEquals(Optional.empty(), Proportions.winner(List.of(new SplitDecision.Figures("a", 1000, 300),
                new SplitDecision.Figures("b", 1000, 295), new SplitDecision.Figures("c", 1000, 100)), 100, 0.95));
        assertEquals(Optional.of("a"), Proportions.winner(List.of(new SplitDecision.Figures("a", 1000, 300),
                new SplitDecision.Figures("b", 1000, 200), new SplitDecision.Figures("c", 1000, 100)), 100, 0.95));
    }

    @Example
    void theCorrectionForSeveralVariantsIsBonferroni() {
        // z of 120/1000 over 90/1000 is 2.21: above 1.645 (95%, one comparison) and 1.96 (two), below 2.24 (four)
        SplitDecision.Figures a = new SplitDecision.Figures("a", 1000, 120);
        SplitDecision.Figures b = new SplitDecision.Figures("b", 1000, 90);
        assertEquals(2.2, Proportions.z(a, b), 0.02);
        assertEquals(Optional.of("a"), Proportions.winner(List.of(a, b), 100, 0.95));
        assertEquals(Optional.of("a"), Proportions.winner(List.of(a, b, new SplitDecision.Figures("c", 1000, 90)), 100,
                0.95));
        assertEquals(Optional.empty(), Proportions.winner(List.of(a, b, new SplitDecision.Figures("c", 1000, 90),
                new SplitDecision.Figures("d", 1000, 90), new SplitDecision.Figures("e", 1000, 90)), 100, 0.95));
        assertEquals(1.959963984540054, Proportions.quantile(0.975), 1e-12);
        assertEquals(1.6448536269514729, Proportions.quantile(0.95), 1e-12);
    }

    @Example
    void theUpliftIntervalHoldsTheTrueUpliftInAboutItsConfidenceOfRuns() {
        Random random = new Random(20260301L);
        double control = 0.10;
        double variant = 0.13;
        double truth = variant / control - 1;
        int runs = 2000;
        int held = 0;
        for (int run = 0; run < runs; run++) {
            long n = 3000;
            double[] bounds = Proportions.upliftInterval(draw(random, n, variant), n, draw(random, n, control), n, 0.95);
            if (bounds[0] <= truth && truth <= bounds[1]) {
                held++;
            }
        }
        double coverage = held / (double) runs;
        assertTrue(coverage >= 0.93 && coverage <= 0.97, "coverage of the 95% interval: " + coverage);
    }

    @Example
    void theUpliftIntervalIsTheKatzIntervalAndUndefinedWithoutConversions() {
        double[] b = Proportions.upliftInterval(150, 1000, 100, 1000, 0.95);
        double se = Math.sqrt(1 / 150.0 - 1 / 1000.0 + 1 / 100.0 - 1 / 1000.0);
        assertEquals(1.5 * Math.exp(-1.959963984540054 * se) - 1, b[0], 1e-12);
        assertEquals(1.5 * Math.exp(1.959963984540054 * se) - 1, b[1], 1e-12);
        assertEquals(0.183, b[0], 1e-3); // 15% against 10% of 1,000 each: an uplift of 18% to 90%
        assertEquals(0.902, b[1], 1e-3);
        assertTrue(Double.isNaN(Proportions.upliftInterval(0, 1000, 100, 1000, 0.95)[0]));
        assertTrue(Double.isNaN(Proportions.upliftInterval(10, 1000, 0, 1000, 0.95)[1]));
    }
}
