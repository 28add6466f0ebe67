package io.relevans.internal.engine;

import io.relevans.definition.Operator;

/**
 * Rule fact: everything the rules test about the customer under evaluation, in one object, reduced to
 * numbers (feature values by plan position, attributes and yes-facts by compiled slot), so no text of
 * customers or definitions appears in generated rules. Each rule tests it with alpha constraints only
 * and records a change of membership with {@link #enter(int)} or {@link #leave(int)}, starting from the
 * memberships the customer had ({@link #was(int)}); the engine reads the result back from the fact
 * instead of querying the session. One instance per evaluation; confined to it. Public only because
 * generated rules must see it.
 */
public final class CustomerFacts {

    /** Attribute kind code of text. */
    static final int TEXT = 1;
    /** Attribute kind code of numbers. */
    static final int NUMBER = 2;
    /** Attribute kind code of flags. */
    static final int FLAG = 3;
    /** Attribute kind code of dates (compared as epoch days). */
    static final int DATE = 4;

    private static final Operator[] OPERATORS = Operator.values();

    private final double[] features;
    private final int[] attrKind;
    private final int[] attrValue;
    private final double[] attrNum;
    private final long[] attrAge;
    private final boolean[] keys;
    private final boolean[] was;
    private final boolean[] held;
    private final boolean[] nodes;
    private final boolean[] changed;
    private final int key;
    private int previousCount;

    CustomerFacts(double[] features, int attributes, int keys, int verdicts, int nodes) {
        this.key = -1;
        this.features = features;
        this.attrKind = new int[attributes];
        this.attrValue = new int[attributes];
        this.attrNum = new double[attributes];
        this.attrAge = new long[attributes];
        this.keys = new boolean[keys];
        this.was = new boolean[verdicts];
        this.held = new boolean[verdicts];
        this.nodes = new boolean[nodes];
        this.changed = new boolean[verdicts];
        java.util.Arrays.fill(changed, true);
    }

    /** A view of the same customer for the rules with the key: the same arrays. */
    private CustomerFacts(CustomerFacts of, int key) {
        this.key = key;
        this.features = of.features;
        this.attrKind = of.attrKind;
        this.attrValue = of.attrValue;
        this.attrNum = of.attrNum;
        this.attrAge = of.attrAge;
        this.keys = of.keys;
        this.was = of.was;
        this.held = of.held;
        this.nodes = of.nodes;
        this.changed = of.changed;
    }

    /**
     * The same profile at an earlier moment with other feature values, for comparing tests only (no
     * memberships): attributes and yes-facts as here, ages {@code earlier} milliseconds younger.
     */
    private CustomerFacts(CustomerFacts of, double[] features, long earlier) {
        this.key = -1;
        this.features = features;
        this.attrKind = of.attrKind;
        this.attrValue = of.attrValue;
        this.attrNum = of.attrNum;
        this.attrAge = new long[of.attrAge.length];
        for (int slot = 0; slot < attrAge.length; slot++) {
            attrAge[slot] = of.attrAge[slot] - earlier;
        }
        this.keys = of.keys;
        this.was = new boolean[0];
        this.held = was;
        this.nodes = was;
        this.changed = was;
    }

    /**
     * The facts of the same profile {@code earlier} milliseconds before, with the feature values then: what
     * building them from the profile at that moment gives for every test of the segments (yes-facts of
     * "since trigger", which only programs test, aside), without reading the profile again.
     */
    CustomerFacts asOf(double[] featuresThen, long earlier) {
        return new CustomerFacts(this, featuresThen, earlier);
    }

    /** This customer as seen by the rules with the view key (each view is a fact of its own). */
    CustomerFacts view(int key) {
        return new CustomerFacts(this, key);
    }

    /** The key of the rules this view is for: a segment's and a depth (see {@link DrlWriter}). */
    public int getKey() {
        return key;
    }

    void attribute(int slot, int kind, int valueId, double num, long ageMillis) {
        attrKind[slot] = kind;
        attrValue[slot] = valueId;
        attrNum[slot] = num;
        attrAge[slot] = ageMillis;
    }

    void key(int id, boolean yes) {
        if (id >= 0 && id < keys.length) {
            keys[id] = yes;
        }
    }

    /** Records that the customer was in the segment with the id before this evaluation. */
    void wasIn(int id) {
        if (!was[id]) {
            previousCount++;
            was[id] = true;
            held[id] = true;
        }
    }

    /** How many segments the customer was in, as recorded with {@link #wasIn(int)}. */
    int previousCount() {
        return previousCount;
    }

    boolean[] held() {
        return held;
    }

    boolean[] was() {
        return was;
    }

    /** Which segments' rules are evaluated, by id: all by default; a baseline clears the unchanged ones. */
    boolean[] changed() {
        return changed;
    }

    /** The value of the feature at plan position {@code f} (NaN: none). */
    double featureValue(int f) {
        return features[f];
    }

    /** Whether the attribute in the slot has the same kind, literal and number here and in {@code other}. */
    boolean sameAttribute(int slot, CustomerFacts other) {
        return attrKind[slot] == other.attrKind[slot] && attrValue[slot] == other.attrValue[slot]
                && Double.compare(attrNum[slot], other.attrNum[slot]) == 0;
    }

    /** Whether the feature at plan position {@code f} compares to {@code x} with the operator; false without a value. */
    public boolean feature(int f, int operator, double x) {
        return OPERATORS[operator].test(features[f], x);
    }

    /** Whether the yes-fact with the symbol id holds (a granted consent, a declared interest, a "since trigger"). */
    public boolean key(int id) {
        return keys[id];
    }

    /** Whether the attribute in the slot is known. */
    public boolean attr(int slot) {
        return attrKind[slot] != 0;
    }

    /** Whether the attribute is known and was set or confirmed more than {@code millis} ago. */
    public boolean attrOlder(int slot, long millis) {
        return attrKind[slot] != 0 && attrAge[slot] > millis;
    }

    /** Whether the attribute is known and its value has the literal id. */
    public boolean attrIs(int slot, int valueId) {
        return attrKind[slot] != 0 && attrValue[slot] == valueId;
    }

    /** Whether the attribute is known and its value has another literal id. */
    public boolean attrIsNot(int slot, int valueId) {
        return attrKind[slot] != 0 && attrValue[slot] != valueId;
    }

    /** Whether the attribute is a number or date (by kind) that compares to {@code x} with the operator. */
    public boolean attrCmp(int slot, int kind, int operator, double x) {
        return attrKind[slot] == kind && OPERATORS[operator].test(attrNum[slot], x);
    }

    /** Whether the customer was in the segment with the id before this evaluation. */
    public boolean was(int id) {
        return was[id];
    }

    /** Whether the segment with the id holds, as decided by the views before this one. */
    public boolean member(int id) {
        return held[id];
    }

    /** Whether the inner condition node holds, as decided by the views before this one. */
    public boolean node(int node) {
        return nodes[node];
    }

    /** Records that the segment or hidden condition with the id holds; whether this is news. */
    public boolean enter(int id) {
        boolean news = !held[id];
        held[id] = true;
        return news;
    }

    /** Records that the segment with the id no longer holds; whether this is news. */
    public boolean leave(int id) {
        boolean news = held[id];
        held[id] = false;
        return news;
    }

    /** Records that the inner condition node holds; whether this is news. */
    public boolean holdNode(int node) {
        boolean news = !nodes[node];
        nodes[node] = true;
        return news;
    }
}
