package io.relevans.internal.engine;

import io.relevans.definition.Operator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tests one segment's condition makes, reduced to what {@link CustomerFacts} holds: feature
 * comparisons, attribute slots (with the ages some tests compare), yes-facts and referenced segments.
 * A segment whose tests all give the same answers for two states of a customer has the same
 * membership in both; {@link #changed} tells whether one might not.
 */
final class SegmentInputs {

    private static final Operator[] OPERATORS = Operator.values();

    private final int[] featureIds;
    private final int[] featureOperators;
    private final double[] featureOperands;
    private final int[] attributeSlots;
    private final int[] olderSlots;
    private final long[] olderMillis;
    private final int[] keys;
    private final int[] references;

    SegmentInputs(int[] featureIds, int[] featureOperators, double[] featureOperands, int[] attributeSlots,
                  int[] olderSlots, long[] olderMillis, int[] keys, int[] references) {
        this.featureIds = featureIds;
        this.featureOperators = featureOperators;
        this.featureOperands = featureOperands;
        this.attributeSlots = attributeSlots;
        this.olderSlots = olderSlots;
        this.olderMillis = olderMillis;
        this.keys = keys;
        this.references = references;
    }

    /**
     * Whether a test of the segment may answer differently for {@code now} than for {@code then}, or a
     * segment it refers to may have changed ({@code changed} holds that for every segment before it in
     * dependency order).
     */
    boolean changed(CustomerFacts then, CustomerFacts now, boolean[] changed) {
        for (int r : references) {
            if (changed[r]) {
                return true;
            }
        }
        for (int i = 0; i < featureIds.length; i++) {
            int f = featureIds[i];
            double a = then.featureValue(f);
            double b = now.featureValue(f);
            if (Double.compare(a, b) == 0) {
                continue; // the same value answers the same
            }
            Operator op = OPERATORS[featureOperators[i]];
            double x = featureOperands[i];
            if (op.test(a, x) != op.test(b, x)) {
                return true;
            }
        }
        for (int slot : attributeSlots) {
            if (!then.sameAttribute(slot, now)) {
                return true;
            }
        }
        for (int i = 0; i < olderSlots.length; i++) {
            if (then.attrOlder(olderSlots[i], olderMillis[i]) != now.attrOlder(olderSlots[i], olderMillis[i])) {
                return true;
            }
        }
        for (int k : keys) {
            if (then.key(k) != now.key(k)) {
                return true;
            }
        }
        return false;
    }

    /** A comparison of the feature at a plan position with a number. */
    record FeatureTest(int id, Operator operator, double operand) {
    }

    /** The segment's feature comparisons. */
    List<FeatureTest> featureTests() {
        List<FeatureTest> out = new java.util.ArrayList<>(featureIds.length);
        for (int i = 0; i < featureIds.length; i++) {
            out.add(new FeatureTest(featureIds[i], OPERATORS[featureOperators[i]], featureOperands[i]));
        }
        return out;
    }

    /** Gives each "older than" test of the segment: the attribute slot and the age in milliseconds. */
    void olderTests(java.util.function.ObjLongConsumer<Integer> each) {
        for (int i = 0; i < olderSlots.length; i++) {
            each.accept(olderSlots[i], olderMillis[i]);
        }
    }

    /** Collects the tests of one segment while its rules are written; each test once. */
    static final class Builder {

        private record OlderTest(int slot, long millis) {
        }

        private final Set<FeatureTest> features = new LinkedHashSet<>();
        private final Set<Integer> attributes = new TreeSet<>();
        private final Set<OlderTest> older = new LinkedHashSet<>();
        private final Set<Integer> keys = new TreeSet<>();
        private final Set<Integer> references = new TreeSet<>();

        void feature(int id, Operator operator, double operand) {
            features.add(new FeatureTest(id, operator, operand));
        }

        void attribute(int slot) {
            attributes.add(slot);
        }

        void older(int slot, long millis) {
            older.add(new OlderTest(slot, millis));
        }

        void key(int id) {
            keys.add(id);
        }

        void reference(int segmentId) {
            references.add(segmentId);
        }

        SegmentInputs build() {
            List<FeatureTest> f = List.copyOf(features);
            List<OlderTest> o = List.copyOf(older);
            return new SegmentInputs(f.stream().mapToInt(FeatureTest::id).toArray(),
                    f.stream().mapToInt(t -> t.operator().ordinal()).toArray(),
                    f.stream().mapToDouble(FeatureTest::operand).toArray(), ints(attributes),
                    o.stream().mapToInt(OlderTest::slot).toArray(), o.stream().mapToLong(OlderTest::millis).toArray(),
                    ints(keys), ints(references));
        }

        private static int[] ints(Set<Integer> set) {
            return set.stream().mapToInt(Integer::intValue).toArray();
        }
    }
}
