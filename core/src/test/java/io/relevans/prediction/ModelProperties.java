package io.relevans.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;

/**
 * The models never throw for a valid summary and stay finite and in range; the 2F1 series meets its
 * convergence bound; fits are deterministic.
 */
class ModelProperties {

    static final Calibration CALIBRATION = Calibration.through(LocalDate.of(2026, 1, 31));

    @Provide
    Arbitrary<BgNbdModel> models() {
        Arbitrary<Double> parameter = Arbitraries.doubles().between(-9.21, 9.21).ofScale(6)
                .map(Math::exp); // ln 1e-4 to ln 1e4
        Arbitrary<Double> typical = Arbitraries.doubles().between(0.05, 20).ofScale(4);
        Arbitrary<Double> either = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, parameter),
                net.jqwik.api.Tuple.of(2, typical), net.jqwik.api.Tuple.of(1, Arbitraries.of(1.0, 1e-4, 1e4)));
        return Combinators.combine(either, either, either, either).as(BgNbdModel::new);
    }

    @Provide
    Arbitrary<PurchaseSummary> summaries() {
        Arbitrary<Integer> x = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(1, 100)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, Integer.MAX_VALUE)));
        Arbitrary<Double> age = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.just(0.0)),
                net.jqwik.api.Tuple.of(5, Arbitraries.doubles().between(0, 1e4).ofScale(4)));
        Arbitrary<Double> share = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.just(1.0)),
                net.jqwik.api.Tuple.of(4, Arbitraries.doubles().between(0, 1).ofScale(6)));
        return Combinators.combine(x, age, share).as((n, t, s) -> {
            if (n == 0 || t == 0) {
                return PurchaseSummary.of(0, 0, t);
            }
            double recency = Math.max(Math.min(t, 1e-9), t * s);
            return new PurchaseSummary(n, recency, t, n * 10.0, n);
        });
    }

    @Property(tries = 300)
    void bgNbd_neverThrows_andStaysFiniteAndInRange(@ForAll("models") BgNbdModel model,
                                                    @ForAll("summaries") PurchaseSummary summary,
                                                    @ForAll @Scale(6) @DoubleRange(min = 0, max = 1) double horizonShare) {
        double alive = model.probabilityAlive(summary);
        assertTrue(alive >= 0 && alive <= 1, "P(alive) " + alive);
        double limit = BgNbdModel.MAX_HORIZON_FACTOR * (model.alpha() + summary.age());
        double horizon = limit * horizonShare * horizonShare; // shorter horizons more often
        double expected = model.expectedPurchases(summary, horizon);
        assertTrue(Double.isFinite(expected) && expected >= 0, "E[Y(" + horizon + ")] = " + expected);
        double later = model.expectedPurchases(summary, Math.min(limit, horizon * 1.5 + 1));
        assertTrue(later >= expected * (1 - 1e-9) - 1e-12, "E[Y(t)] falls from " + expected + " to " + later);
        double newCustomer = model.expectedRepeatPurchases(model.alpha() * BgNbdModel.MAX_HORIZON_FACTOR * horizonShare);
        assertTrue(Double.isFinite(newCustomer) && newCustomer >= 0, "E[X(t)] = " + newCustomer);
        assertTrue(Double.isFinite(model.logLikelihood(summary)), "log-likelihood " + model.logLikelihood(summary));
    }

    @Property(tries = 200)
    void gammaGamma_expectedSpend_liesBetweenThePopulationsAndTheCustomersMean(
            @ForAll @Scale(6) @DoubleRange(min = 0.01, max = 100) double p, @ForAll @Scale(6) @DoubleRange(min = 1.01, max = 100) double q,
            @ForAll @Scale(6) @DoubleRange(min = 0.01, max = 1e4) double gamma, @ForAll @IntRange(min = 0, max = 100_000) int count,
            @ForAll @Scale(6) @DoubleRange(min = 0.01, max = 1e6) double mean) {
        GammaGammaModel model = new GammaGammaModel(p, q, gamma);
        double spend = model.expectedAverageSpend(count, mean);
        double low = count == 0 ? model.meanSpend() : Math.min(model.meanSpend(), mean);
        double high = count == 0 ? model.meanSpend() : Math.max(model.meanSpend(), mean);
        assertTrue(spend >= low * (1 - 1e-12) && spend <= high * (1 + 1e-12), spend + " outside [" + low + ", " + high + "]");
        if (count > 0) {
            assertTrue(Double.isFinite(model.logLikelihood(count, mean)));
        }
    }

    @Property(tries = 300)
    void f21_withinItsConvergenceBound_matchesClosedForms(@ForAll @Scale(6) @DoubleRange(min = 0, max = 0.999) double z,
                                                          @ForAll @Scale(6) @DoubleRange(min = 0.01, max = 50) double a,
                                                          @ForAll @Scale(6) @DoubleRange(min = 0.01, max = 50) double b) {
        // 2F1(a, b; b; z) = (1 - z)^-a
        assertEquals(Math.pow(1 - z, -a), Hypergeometric.f21(a, b, b, z), 1e-12 * Math.pow(1 - z, -a));
        // 2F1(1, 1; 2; z) = -ln(1 - z) / z
        double log = z == 0 ? 1 : -Math.log1p(-z) / z;
        assertEquals(log, Hypergeometric.f21(1, 1, 2, z), 1e-13 * log);
        // 2F1(-3, b; c; z) is a polynomial: 1 - 3bz/c + 3b(b+1)z^2/(c(c+1)) - b(b+1)(b+2)z^3/(c(c+1)(c+2))
        double c = a + 0.5;
        double poly = 1 - 3 * b * z / c + 3 * b * (b + 1) * z * z / (c * (c + 1))
                - b * (b + 1) * (b + 2) * z * z * z / (c * (c + 1) * (c + 2));
        assertEquals(poly, Hypergeometric.f21(-3, b, c, z), 1e-9 * (1 + Math.abs(poly) + b * b * b));
    }

    @Property(tries = 300)
    void bgNbdBracket_equalsItsDefinitionThrough2F1(@ForAll @Scale(6) @DoubleRange(min = 0.05, max = 5) double r,
                                                    @ForAll @Scale(6) @DoubleRange(min = 0.05, max = 5) double a,
                                                    @ForAll @Scale(6) @DoubleRange(min = 0.05, max = 5) double b,
                                                    @ForAll @IntRange(min = 0, max = 20) int x,
                                                    @ForAll @Scale(6) @DoubleRange(min = 0, max = 0.95) double z) {
        double c = a + b + x - 1;
        if (Math.abs(a - 1) < 0.05 || Math.abs(c) < 0.05) {
            return; // the definition divides by a - 1 and 2F1 has a pole at c = 0: the Euler form has neither
        }
        double definition = c / (a - 1) * (1 - Math.pow(1 - z, r + x) * Hypergeometric.f21(r + x, b + x, c, z));
        double bracket = Hypergeometric.bgNbdBracket(r, a, b, x, z);
        assertEquals(definition, bracket, 1e-8 * (1 + Math.abs(definition)), "r=" + r + " a=" + a + " b=" + b + " x=" + x);
    }

    @Property(tries = 300)
    void bgNbdBracket_bothForms_agree(@ForAll @Scale(6) @DoubleRange(min = 0.05, max = 30) double r,
                                      @ForAll @Scale(6) @DoubleRange(min = 0.05, max = 5) double a,
                                      @ForAll @Scale(6) @DoubleRange(min = 0.05, max = 5) double b,
                                      @ForAll @IntRange(min = 0, max = 50) int x,
                                      @ForAll @Scale(6) @DoubleRange(min = 0, max = 0.99) double z) {
        if (a + b - 1 - r < -8) {
            return; // the Euler form cancels there: that is why the other one exists
        }
        double euler = Hypergeometric.euler(r, a, b, x, z);
        double positive = Hypergeometric.positive(r, a, b, x, z);
        assertEquals(positive, euler, 1e-8 * (1 + positive), "r=" + r + " a=" + a + " b=" + b + " x=" + x + " z=" + z);
    }

    @Property(tries = 100)
    void bgNbdBracket_isContinuousAtAEqualsOne(@ForAll @Scale(6) @DoubleRange(min = 0.05, max = 5) double r,
                                              @ForAll @Scale(6) @DoubleRange(min = 0.05, max = 5) double b,
                                              @ForAll @IntRange(min = 0, max = 20) int x,
                                              @ForAll @Scale(6) @DoubleRange(min = 0.01, max = 0.99) double z) {
        double at = Hypergeometric.bgNbdBracket(r, 1, b, x, z);
        double below = Hypergeometric.bgNbdBracket(r, 1 - 1e-7, b, x, z);
        double above = Hypergeometric.bgNbdBracket(r, 1 + 1e-7, b, x, z);
        assertEquals(at, below, 1e-5 * (1 + at));
        assertEquals(at, above, 1e-5 * (1 + at));
    }

    @Property(tries = 15)
    void fits_areDeterministic_whateverTheOrderOfTheSummaries(@ForAll long seed) {
        List<PurchaseSummary> summaries = synthetic(new Random(seed), 300);
        List<PurchaseSummary> shuffled = new ArrayList<>(summaries);
        Collections.shuffle(shuffled, new Random(seed + 1));
        assertEquals(BgNbdFit.fit(summaries, CALIBRATION), BgNbdFit.fit(shuffled, CALIBRATION));
        assertEquals(BgNbdFit.fit(summaries, CALIBRATION), BgNbdFit.fit(summaries, CALIBRATION));
        assertEquals(GammaGammaFit.fit(summaries, CALIBRATION), GammaGammaFit.fit(shuffled, CALIBRATION));
    }

    /** Day-counted summaries in weeks over a 39-week calibration, some customers coming back. */
    static List<PurchaseSummary> synthetic(Random random, int customers) {
        List<PurchaseSummary> list = new ArrayList<>();
        for (int i = 0; i < customers; i++) {
            int ageDays = random.nextInt(273);
            int x = random.nextInt(4) == 0 ? 1 + random.nextInt(Math.max(1, Math.min(10, ageDays))) : 0;
            if (ageDays == 0 || x == 0) {
                list.add(PurchaseSummary.of(0, 0, ageDays / 7.0));
                continue;
            }
            int recencyDays = Math.max(x, random.nextInt(ageDays + 1));
            recencyDays = Math.min(recencyDays, ageDays);
            int spending = random.nextInt(x + 1);
            list.add(new PurchaseSummary(x, recencyDays / 7.0, ageDays / 7.0, spending * (5 + random.nextInt(50)), spending));
        }
        return list;
    }
}
