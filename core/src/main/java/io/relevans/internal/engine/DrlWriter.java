package io.relevans.internal.engine;

import io.relevans.customer.Category;
import io.relevans.customer.Consent;
import io.relevans.customer.Interest;
import io.relevans.customer.Value;
import io.relevans.definition.Condition;
import io.relevans.definition.Operator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes segment conditions as DRL. Every name and literal of a definition is replaced by a number
 * from the {@link SymbolTable} or written by this class from a Java number, so the text of a
 * definition can never become rule code. Conditions are first put in negation normal form (not only
 * on single conditions); a nested "or" becomes a node of its own whose rules record that it holds, so
 * the rule count grows linearly with the size of a condition.
 *
 * <p>Fact shape (docs/engine.md): every rule is one pattern of alpha constraints on a
 * {@link CustomerFacts}; there are no joins. Each rule tests {@code key == k} first: the key of the
 * view of the customer it is meant for, made of its group's number (segments are grouped by
 * {@link #GROUP} consecutive ids, in dependency order) and its depth: a rule that reads an inner "or"
 * node ({@code node(2)}) or a segment of its group ({@code member(7)}) is one deeper than the rules
 * it reads; each hidden condition has keys of its own, by depth, so that it can be evaluated alone, on
 * demand. The {@code key} tests are alpha nodes on one field with literals, which Drools hashes: a view
 * meets only its own rules. The engine inserts views one by one, firing after each: group by group, one
 * per depth, then the views of a hidden condition when its answer is asked for, so a reference reads
 * what was decided before. A group none of whose segments' tests can answer differently than when the
 * stored memberships were evaluated gets no view at all (see {@link SegmentInputs}).
 *
 * <p>Rules fire on changes only: the fact carries the memberships the customer had before
 * ({@link CustomerFacts#was}), a segment's entering rules test "was not in it and the condition holds",
 * its leaving rules "was in it and the condition does not hold" (the negation, in negation normal form).
 * Most events change no membership or one, so few rules fire, however many segments a customer is in;
 * every rule of a viewed segment is evaluated, so its result is exact whatever its previous membership
 * was.
 */
final class DrlWriter {

    /** Depths a view key leaves room for per group. */
    static final int MAX_DEPTH = 64;
    /**
     * Segments per group (consecutive ids): each group's rules have views of their own. Larger groups
     * cost fewer views when every segment is evaluated, smaller ones fewer rules when one is (a view
     * costs about as much as the rules of three segments; measured in docs/engine.md).
     */
    static final int GROUP = 8;
    /** The first view key of the hidden conditions, after every segment's. */
    static final int HIDDEN = 1 << 30;
    /** How many hidden conditions the view keys leave room for. */
    static final int MAX_HIDDEN = (Integer.MAX_VALUE - HIDDEN) / MAX_DEPTH;

    private final StringBuilder drl = new StringBuilder(4096);
    private final SymbolTable symbols;
    private final FeatureIds features;
    private final java.util.Map<String, Integer> attributeSlots = new java.util.LinkedHashMap<>();
    private final java.util.Map<Value, Integer> literals = new java.util.HashMap<>();
    private final java.util.Set<Integer> equalitySlots = new java.util.HashSet<>();
    private final java.util.Map<Consent.Key, Integer> consents = new java.util.HashMap<>();
    private final java.util.Map<Category, java.util.Map<Interest, Integer>> interests = new java.util.HashMap<>();
    private final java.util.Map<Integer, java.util.TreeSet<Integer>> depths = new java.util.HashMap<>();
    private final java.util.Map<Integer, Integer> segmentDepth = new java.util.HashMap<>();
    private final java.util.Map<Integer, java.util.TreeSet<Integer>> hiddenDepths = new java.util.HashMap<>();
    /** The id of the segment whose rules are being written; -1 for a hidden condition. */
    private int owner;
    /** The index of the hidden condition whose rules are being written (in the order written); -1 for a segment. */
    private int hidden = -1;
    private int hiddenCount;
    private final java.util.Map<Integer, SegmentInputs> segmentInputs = new java.util.HashMap<>();
    /** The tests of the segment being written (of a hidden condition too, and not kept). */
    private SegmentInputs.Builder inputs = new SegmentInputs.Builder();
    private int nextNode;
    private String scope = "";
    private int ruleCount;

    /** Maps features of the definitions to their ids in the feature plan. */
    interface FeatureIds {
        int idOf(io.relevans.definition.Feature feature);
    }

    DrlWriter(String packageName, SymbolTable symbols, FeatureIds features) {
        this.symbols = symbols;
        this.features = features;
        drl.append("package ").append(packageName).append(";\n\n");
        drl.append("import ").append(CustomerFacts.class.getName()).append(";\n\n");
    }

    /**
     * Adds the rules of one segment (or hidden program condition) with the given id; {@code scope} names
     * the program whose "since trigger" conditions are meant. A {@code tracked} one gets leaving rules
     * too; an untracked one (a hidden condition, whose previous value is never known) only entering rules.
     */
    void segment(int segmentId, Condition condition, String scope, boolean tracked) {
        if (segmentId >= HIDDEN / MAX_DEPTH) {
            throw new IllegalArgumentException("too many segments: " + segmentId);
        }
        if (!tracked && hiddenCount >= MAX_HIDDEN) {
            throw new IllegalArgumentException("too many program conditions: " + hiddenCount);
        }
        this.scope = scope;
        this.owner = tracked ? segmentId : -1;
        this.hidden = tracked ? -1 : hiddenCount++;
        this.inputs = new SegmentInputs.Builder();
        int depth = rules("segment_" + segmentId, "was(" + segmentId + ") == false", nnf(condition, false),
                "$c.enter(" + segmentId + ");");
        if (tracked) {
            depth = Math.max(depth, rules("segment_" + segmentId + "_out", "was(" + segmentId + ")",
                    nnf(condition, true), "$c.leave(" + segmentId + ");"));
            segmentInputs.put(segmentId, inputs.build());
            segmentDepth.put(segmentId, depth);
        }
    }

    /** The key of the view a segment's rule matches: its segment's group's and its depth. */
    static int viewKey(int owner, int depth) {
        return owner / GROUP * MAX_DEPTH + depth;
    }

    /** The key of the view a hidden condition's rule matches: the condition's (by index) and its depth. */
    static int hiddenKey(int hidden, int depth) {
        return HIDDEN + hidden * MAX_DEPTH + depth;
    }

    /** The depths of each group's rules, ascending, by group: a view of the customer for each. */
    java.util.Map<Integer, java.util.TreeSet<Integer>> depths() {
        return depths;
    }

    /** The depths of each hidden condition's rules, ascending, by its index (the order they were written in). */
    java.util.Map<Integer, java.util.TreeSet<Integer>> hiddenDepths() {
        return hiddenDepths;
    }

    /** The tests of each tracked segment, by segment id. */
    java.util.Map<Integer, SegmentInputs> segmentInputs() {
        return segmentInputs;
    }

    /**
     * The rules of a condition in negation normal form, one per part of a top-level "or", each with the
     * guard constraint; returns the highest depth they are at.
     */
    private int rules(String name, String guard, Condition nnf, String head) {
        List<Condition> parts = nnf instanceof Condition.AnyOf any ? any.parts() : List.of(nnf);
        int depth = 0;
        for (int part = 0; part < parts.size(); part++) {
            depth = Math.max(depth, rule(parts.size() == 1 ? name : name + "_" + part, guard, parts.get(part), head));
        }
        return depth;
    }

    /** One rule: the guard and the constraints of a conjunction; returns the depth it is at. */
    private int rule(String name, String guard, Condition conjunction, String head) {
        List<String> constraints = new ArrayList<>();
        constraints.add(guard);
        int depth = collect(conjunction, guard, constraints);
        rule(name, depth, constraints, head);
        return depth;
    }

    String text() {
        return drl.toString();
    }

    int ruleCount() {
        return ruleCount;
    }

    /** The attributes the rules test, by name, with their slot in {@link CustomerFacts}. */
    java.util.Map<String, Integer> attributeSlots() {
        return attributeSlots;
    }

    /** The literal values equality tests compare attributes with, and their symbol ids. */
    java.util.Map<Value, Integer> literals() {
        return literals;
    }

    /** The attribute slots some rule tests for equality with a literal. */
    java.util.Set<Integer> equalitySlots() {
        return equalitySlots;
    }

    /** The consents rules test, with their symbol ids. */
    java.util.Map<Consent.Key, Integer> consents() {
        return consents;
    }

    /** The declared interests (and disinterests) rules test, by category, with their symbol ids. */
    java.util.Map<Category, java.util.Map<Interest, Integer>> interests() {
        return interests;
    }

    /** The number of inner condition nodes. */
    int nodeCount() {
        return nextNode;
    }

    private void rule(String name, int depth, List<String> constraints, String head) {
        if (depth >= MAX_DEPTH) {
            throw new IllegalArgumentException("conditions nest \"or\" more than " + MAX_DEPTH + " deep");
        }
        ruleCount++;
        (owner < 0 ? hiddenDepths.computeIfAbsent(hidden, k -> new java.util.TreeSet<>())
                : depths.computeIfAbsent(owner / GROUP, k -> new java.util.TreeSet<>())).add(depth);
        drl.append("rule \"").append(name).append("\"\nwhen\n    $c : CustomerFacts( key == ")
                .append(owner < 0 ? hiddenKey(hidden, depth) : viewKey(owner, depth));
        for (String c : constraints) {
            drl.append(", ").append(c);
        }
        drl.append(" )\nthen\n    ").append(head).append("\nend\n\n");
    }

    /**
     * Adds the constraints whose conjunction is the condition; a nested "or" becomes a node with rules
     * of its own (carrying the same guard, so they are evaluated only where the rule that needs them can
     * fire). Returns the depth the constraints can be tested at: one more than the nodes they refer to
     * (segments they refer to are decided before any rule of the segment is evaluated).
     */
    private int collect(Condition c, String guard, List<String> constraints) {
        if (c instanceof Condition.AllOf all) {
            int depth = 0;
            for (Condition p : all.parts()) {
                depth = Math.max(depth, collect(p, guard, constraints));
            }
            return depth;
        }
        if (c instanceof Condition.AnyOf any) {
            int node = nextNode++;
            int depth = 0;
            for (int part = 0; part < any.parts().size(); part++) {
                depth = Math.max(depth, rule("node_" + node + "_" + part, guard, any.parts().get(part),
                        "$c.holdNode(" + node + ");"));
            }
            constraints.add("node(" + node + ")");
            return depth + 1;
        }
        if (c instanceof Condition.Not not && not.part() instanceof Condition.InSegment s) {
            int id = symbols.find(SegmentSymbols.segment(s.segment()));
            inputs.reference(id);
            constraints.add("member(" + id + ") == false");
            return referenceDepth(id);
        }
        if (c instanceof Condition.InSegment s) {
            int id = symbols.find(SegmentSymbols.segment(s.segment()));
            inputs.reference(id);
            constraints.add("member(" + id + ")");
            return referenceDepth(id);
        }
        if (c instanceof Condition.Not not) {
            constraints.add(test(not.part()) + " == false");
        } else {
            constraints.add(test(c));
        }
        return 0;
    }

    /**
     * The depth a rule reading the segment is at: one more than the segment's own rules when they are
     * in the same group; else 0 (another group's views come before, or all segments' before the hidden
     * conditions').
     */
    private int referenceDepth(int segmentId) {
        if (owner < 0 || segmentId / GROUP != owner / GROUP) {
            return 0;
        }
        // segments are written after those they refer to
        return Objects.requireNonNull(segmentDepth.get(segmentId), "a segment referred to is written") + 1;
    }

    /** A constraint on the customer fact that holds exactly when the single condition does. */
    private String test(Condition c) {
        if (c instanceof Condition.FeatureCompare f) {
            inputs.feature(features.idOf(f.feature()), f.operator(), f.operand());
            return "feature(" + features.idOf(f.feature()) + ", " + f.operator().ordinal() + ", " + number(f.operand())
                    + ")";
        }
        if (c instanceof Condition.SinceTrigger t) {
            return "key(" + symbols.intern(SegmentSymbols.since(scope, t.match())) + ")";
        }
        if (c instanceof Condition.HasConsent h) {
            int id = symbols.intern(SegmentSymbols.consent(h.channel(), h.purpose()));
            consents.put(new Consent.Key(h.channel(), h.purpose()), id);
            inputs.key(id);
            return "key(" + id + ")";
        }
        if (c instanceof Condition.DeclaredInterest d) {
            int id = symbols.intern(SegmentSymbols.interest(d.category(), d.interest()));
            interests.computeIfAbsent(d.category(), k -> new java.util.EnumMap<>(Interest.class)).put(d.interest(), id);
            inputs.key(id);
            return "key(" + id + ")";
        }
        String name = ConditionEvaluator.attributeName(c);
        int slot = attributeSlots.computeIfAbsent(name, n -> attributeSlots.size());
        if (c instanceof Condition.AttributeOlderThan old) {
            inputs.older(slot, old.age().toMillis());
            return "attrOlder(" + slot + ", " + old.age().toMillis() + "L)";
        }
        inputs.attribute(slot); // presence, equality or comparison: same kind, value and number, same answer
        if (c instanceof Condition.AttributePresent) {
            return "attr(" + slot + ")";
        }
        Condition.AttributeCompare cmp = (Condition.AttributeCompare) c;
        Value v = cmp.operand();
        if (cmp.operator() == Operator.EQ || cmp.operator() == Operator.NE) {
            int id = symbols.intern(SegmentSymbols.value(v));
            literals.put(v, id);
            equalitySlots.add(slot);
            return (cmp.operator() == Operator.EQ ? "attrIs(" : "attrIsNot(") + slot + ", " + id + ")";
        }
        int kind = v instanceof Value.Date ? CustomerFacts.DATE : CustomerFacts.NUMBER;
        return "attrCmp(" + slot + ", " + kind + ", " + cmp.operator().ordinal() + ", " + number(v.asNumber()) + ")";
    }

    /** A finite double as a DRL literal that parses back to exactly the same double. */
    static String number(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("not a finite number: " + d);
        }
        String plain = BigDecimal.valueOf(d).toPlainString();
        return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }

    /** Negation normal form: "not" is pushed down to single conditions. */
    static Condition nnf(Condition c, boolean negated) {
        if (c instanceof Condition.Not not) {
            return nnf(not.part(), !negated);
        }
        if (c instanceof Condition.AllOf all) {
            List<Condition> parts = all.parts().stream().map(p -> nnf(p, negated)).toList();
            return negated ? new Condition.AnyOf(parts) : new Condition.AllOf(parts);
        }
        if (c instanceof Condition.AnyOf any) {
            List<Condition> parts = any.parts().stream().map(p -> nnf(p, negated)).toList();
            return negated ? new Condition.AllOf(parts) : new Condition.AnyOf(parts);
        }
        return negated ? new Condition.Not(c) : c;
    }
}
