package io.relevans.internal.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.relevans.definition.Feature;
import io.relevans.definition.Operator;
import io.relevans.event.Event;
import io.relevans.spi.FeatureState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

/**
 * The feature state's decoding and encoding of issue 18 (byte arrays parsed directly, features by slot
 * instead of a {@code TreeMap} of boxed keys) against the code it replaced, kept as {@link LegacyFeaturePlan}
 * and {@link LegacyFeatureTable}: over random event streams, random features and random comparisons,
 * every operation gives the same bytes (so stored states read as before, and states written now read as
 * the old code read them) and the same values, bit for bit; states the old code wrote are read the same
 * (unstamped, stamped and stamped with {@code until}), also by a plan that needs only some of their features.
 */
class FeatureTableEquivalenceProperties {

    private static final long DEFINITIONS = 0x5EED_CAFE_F00DL;
    private final FeatureRecomputeProperties generators = new FeatureRecomputeProperties();

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void everyUpdate_givesTheOldBytesAndValues(
            @ForAll("histories") FeatureRecomputeProperties.History history,
            @ForAll("featureLists") List<Feature> features,
            @ForAll("operatorPicks") List<Integer> picks,
            @ForAll("afterwards") long extra) {
        Plans plans = plans(features, picks);
        FeatureState now = FeatureState.EMPTY;
        FeatureState old = FeatureState.EMPTY;
        int i = 0;
        for (FeatureRecomputeProperties.Ingest in : history.ingests()) {
            // the engine's update (stamped) and the baselines' (unstamped), alternately
            if (i++ % 3 == 2) {
                FeaturePlan.Update a = plans.now.update(now, in.event(), in.now());
                LegacyFeaturePlan.Update b = plans.old.update(old, in.event(), in.now());
                same(plans, a, b, "update");
                now = a.state();
                old = b.state();
            } else {
                FeaturePlan.Update a = plans.now.update(now, in.event(), in.now(), DEFINITIONS);
                LegacyFeaturePlan.Update b = plans.old.update(old, in.event(), in.now(), DEFINITIONS);
                same(plans, a, b, "stamped update");
                now = a.state();
                old = b.state();
            }
        }
        long at = history.lastNow() + extra;
        assertArrayEquals(plans.old.values(old, at), plans.now.values(now, at), "values");
        assertEquals(plans.old.stampOf(old), plans.now.stampOf(now), "stamp");
        FeaturePlan.Update a = plans.now.refresh(now, at, DEFINITIONS);
        LegacyFeaturePlan.Update b = plans.old.refresh(old, at, DEFINITIONS);
        same(plans, a, b, "stamped refresh");
        a = plans.now.refresh(now, at);
        b = plans.old.refresh(old, at);
        same(plans, a, b, "refresh");
        assertEquals(plans.old.prune(old, at), plans.now.prune(now, at), "prune");
        FeaturePlan.AtStamp s = plans.now.atStamp(now, DEFINITIONS);
        LegacyFeaturePlan.AtStamp t = plans.old.atStamp(old, DEFINITIONS);
        assertEquals(t == null, s == null, "a baseline at the stamp");
        if (s != null && t != null) {
            assertArrayEquals(t.values(), s.values(), "values at the stamp");
            assertEquals(t.stamp(), s.stamp(), "the stamp");
        }
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void batchesMergesAndBackfills_giveTheOldBytes(
            @ForAll("histories") FeatureRecomputeProperties.History a,
            @ForAll("historiesOneMilliLater") FeatureRecomputeProperties.History b,
            @ForAll("featureLists") List<Feature> features,
            @ForAll("operatorPicks") List<Integer> picks,
            @ForAll("afterwards") long extra) {
        Plans plans = plans(features, picks);
        long at = Math.max(a.lastNow(), b.lastNow()) + extra;
        FeatureState sa = plans.now.applyAll(FeatureState.EMPTY, a.events(), a.lastNow());
        assertEquals(plans.old.applyAll(FeatureState.EMPTY, a.events(), a.lastNow()), sa, "applyAll");
        FeatureState sb = a.replay(plans.now);
        FeatureState sbOld = FeatureState.EMPTY;
        for (FeatureRecomputeProperties.Ingest in : a.ingests()) {
            sbOld = plans.old.apply(sbOld, in.event(), in.now());
        }
        assertEquals(sbOld, sb, "apply one by one");
        FeatureState other = b.replay(plans.now);
        assertEquals(plans.old.merge(sb, other), plans.now.merge(sb, other), "merge");
        assertEquals(plans.old.merge(other, sb), plans.now.merge(other, sb), "merge the other way");
        Set<Long> keys = Set.of(CompiledFeature.keyOf(features.get(0)));
        assertEquals(plans.old.withFeaturesOf(sb, other, keys), plans.now.withFeaturesOf(sb, other, keys),
                "features of a backfill");
        FeaturePlan.Update x = plans.now.applyAllAndRefresh(sa, b.events(), at, DEFINITIONS);
        LegacyFeaturePlan.Update y = plans.old.applyAllAndRefresh(sa, b.events(), at, DEFINITIONS);
        same(plans, x, y, "applyAllAndRefresh");
    }

    /**
     * States the old code wrote for more features than a plan needs (a definition removed) read as the old
     * code read them: the others left out, and the state written again without them.
     */
    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void oldStatesOfMoreFeatures_readTheSame(
            @ForAll("histories") FeatureRecomputeProperties.History history,
            @ForAll("featureLists") List<Feature> features,
            @ForAll("operatorPicks") List<Integer> picks,
            @ForAll("arrivals") FeatureRecomputeProperties.Arrival next,
            @ForAll("afterwards") long extra) {
        Plans all = plans(features, picks);
        FeatureState written = FeatureState.EMPTY;
        for (FeatureRecomputeProperties.Ingest in : history.ingests()) {
            written = all.old.update(written, in.event(), in.now(), DEFINITIONS).state();
        }
        // the canonical encoding: the old decoder and encoder give the same bytes, and so does the new one
        LegacyFeatureTable oldTable = LegacyFeatureTable.decode(written);
        FeatureTable table = FeatureTable.decode(written);
        assertEquals(written, oldTable.encode(oldTable.evaluation));
        assertEquals(written, table.encode(table.evaluation));
        assertEquals(oldTable.evaluation, table.evaluation);
        Plans fewer = plans(features.subList(0, (features.size() + 1) / 2), picks);
        long now = Math.max(history.lastNow(), next.event().time().toEpochMilli());
        assertArrayEquals(fewer.old.values(written, now + extra), fewer.now.values(written, now + extra), "values");
        // fewer features: other definitions, another fingerprint
        FeaturePlan.Update a = fewer.now.update(written, next.event(), now, DEFINITIONS + 1);
        LegacyFeaturePlan.Update b = fewer.old.update(written, next.event(), now, DEFINITIONS + 1);
        same(fewer, a, b, "stamped update with fewer features");
        a = fewer.now.update(written, next.event(), now);
        b = fewer.old.update(written, next.event(), now);
        same(fewer, a, b, "update with fewer features");
        assertEquals(fewer.old.prune(written, now), fewer.now.prune(written, now), "prune with fewer features");
    }

    // ------------------------------------------------------------------ helpers

    /** The same features and watched comparisons compiled by the new code and the old. */
    private record Plans(FeaturePlan now, LegacyFeaturePlan old, int[] positions, Operator[] operators,
                         double[] operands) {
    }

    private static Plans plans(List<Feature> features, List<Integer> picks) {
        FeaturePlan now = FeaturePlan.compile(features, FeatureRecomputeProperties.RANGES);
        LegacyFeaturePlan old = LegacyFeaturePlan.compile(features, FeatureRecomputeProperties.RANGES);
        // a comparison or two per feature, with thresholds from the picks
        List<Integer> positions = new ArrayList<>();
        List<Operator> operators = new ArrayList<>();
        List<Double> operands = new ArrayList<>();
        Operator[] all = Operator.values();
        for (int f = 0; f < now.features().size(); f++) {
            for (int k = 0; k <= picks.get(f % picks.size()) % 2; k++) {
                int pick = picks.get((f + k) % picks.size());
                positions.add(f);
                operators.add(all[pick % all.length]);
                operands.add((double) (pick % 7) - 1);
            }
        }
        int[] p = positions.stream().mapToInt(Integer::intValue).toArray();
        Operator[] o = operators.toArray(Operator[]::new);
        double[] x = operands.stream().mapToDouble(Double::doubleValue).toArray();
        return new Plans(now.watching(p, o, x), old.watching(p, o, x), p, o, x);
    }

    private static void same(Plans plans, FeaturePlan.Update now, LegacyFeaturePlan.Update old, String what) {
        same(plans, now.state(), now.before(), now.after(), now.baseline(), now.stamp(), old.state(), old.before(),
                old.after(), old.baseline(), old.stamp(), what);
    }

    private static void same(Plans plans, FeatureState state, double @Nullable [] before, double[] after,
                             double @Nullable [] baseline, @Nullable Evaluation stamp, FeatureState oldState,
                             double @Nullable [] oldBefore, double[] oldAfter, double @Nullable [] oldBaseline,
                             @Nullable Evaluation oldStamp, String what) {
        assertEquals(oldState, state, what + ": the state's bytes");
        assertArrayEquals(oldBefore, before, what + ": values before");
        assertArrayEquals(oldAfter, after, what + ": values after");
        assertEquals(oldBaseline == null, baseline == null, what + ": values at the stamp or none");
        if (baseline != null && oldBaseline != null && !java.util.Arrays.equals(baseline, oldBaseline)) {
            // while the stamp holds, the values now stand for those at the stamp: every comparison answers the same
            for (int t = 0; t < plans.positions().length; t++) {
                int f = plans.positions()[t];
                Operator op = plans.operators()[t];
                double x = plans.operands()[t];
                assertEquals(op.test(oldBaseline[f], x), op.test(baseline[f], x), what + ": " + op + " " + x
                        + " at the stamp for " + plans.now().definitions().get(f).describe());
            }
        }
        assertEquals(oldStamp, stamp, what + ": the stamp");
    }

    // ------------------------------------------------------------------ generators (FeatureRecomputeProperties')

    @Provide
    Arbitrary<FeatureRecomputeProperties.History> histories() {
        return generators.histories();
    }

    @Provide
    Arbitrary<FeatureRecomputeProperties.History> historiesOneMilliLater() {
        return generators.historiesOneMilliLater();
    }

    @Provide
    Arbitrary<FeatureRecomputeProperties.Arrival> arrivals() {
        return generators.arrivals();
    }

    @Provide
    Arbitrary<List<Feature>> featureLists() {
        return generators.featureLists();
    }

    @Provide
    Arbitrary<Long> afterwards() {
        return generators.afterwards();
    }

    @Provide
    Arbitrary<List<Integer>> operatorPicks() {
        return Arbitraries.integers().between(0, 1000).list().ofMinSize(1).ofMaxSize(20);
    }
}
