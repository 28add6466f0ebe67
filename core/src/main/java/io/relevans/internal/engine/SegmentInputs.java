package io.relevans.internal.engine;

import io.relevans.definition.Operator;

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

    /** Collects the tests of one segment while its rules are written; each test once. */
    static final class Builder {
        private final java.util.LinkedHashSet<java.util.List<Object>> features = new java.util.LinkedHashSet<>();
        private final java.util.TreeSet<Integer> attributes = new java.util.TreeSet<>();
        private final java.util.LinkedHashSet<java.util.List<Long>> older = new java.util.LinkedHashSet<>();
        private final java.util.TreeSet<Integer> keys = new java.util.TreeSet<>();
        private final java.util.TreeSet<Integer> references = new java.util.TreeSet<>();

        void feature(int id, Operator operator, double operand) {
            features.add(java.util.List.of(id, operator, operand));
        }

        void attribute(int slot) {
            attributes.add(slot);
        }

        void older(int slot, long millis) {
            older.add(java.util.List.of((long) slot, millis));
        }

        void key(int id) {
            keys.add(id);
        }

        void reference(int segmentId) {
            references.add(segmentId);
        }

        SegmentInputs build() {
            int[] ids = new int[features.size()];
            int[] ops = new int[ids.length];
            double[] operands = new double[ids.length];
            int i = 0;
            for (java.util.List<Object> f : features) {
                ids[i] = (Integer) f.get(0);
                ops[i] = ((Operator) f.get(1)).ordinal();
                operands[i] = (Double) f.get(2);
                i++;
            }
            int[] olderSlots = new int[older.size()];
            long[] olderMillis = new long[olderSlots.length];
            i = 0;
            for (java.util.List<Long> o : older) {
                olderSlots[i] = o.get(0).intValue();
                olderMillis[i] = o.get(1);
                i++;
            }
            return new SegmentInputs(ids, ops, operands, ints(attributes), olderSlots, olderMillis, ints(keys),
                    ints(references));
        }

        private static int[] ints(java.util.Set<Integer> set) {
            return set.stream().mapToInt(Integer::intValue).toArray();
        }
    }
}
