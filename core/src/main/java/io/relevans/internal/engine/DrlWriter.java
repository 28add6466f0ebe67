package io.relevans.internal.engine;

import io.relevans.customer.Value;
import io.relevans.definition.Condition;
import io.relevans.definition.Operator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes segment conditions as DRL. Every name and literal of a definition is replaced by a number
 * from the {@link SymbolTable} or written by this class from a Java number, so the text of a
 * definition can never become rule code. Conditions are first put in negation normal form (not only
 * on single conditions); a nested "or" becomes a node of its own whose rules insert a {@link Holds}
 * fact, so the rule count grows linearly with the size of a condition.
 *
 * <p>Fact shape (docs/engine.md): a rule tests the one {@link CustomerFacts} of the evaluation with
 * alpha constraints, joined only with the {@link Member} and {@link Holds} facts of the segments and
 * nodes it refers to. Those are inserted (plainly, no truth maintenance) only for segments something
 * refers to. Rules are stratified by salience: a rule fires after every rule of the segments and nodes
 * it refers to, so {@code not Member(...)} sees the final memberships (references are acyclic).
 *
 * <p>Rules fire on changes only: the fact carries the memberships the customer had before
 * ({@link CustomerFacts#was}), a segment's entering rules test "was not in it and the condition holds",
 * its leaving rules "was in it and the condition does not hold" (the negation, in negation normal form).
 * Most events change no membership or one, so few rules fire, however many segments a customer is in;
 * the alpha constraints of every rule are still evaluated, so the result is exact whatever the previous
 * memberships were. {@link Member} facts of the previous memberships are inserted before firing, and a
 * leaving rule deletes its segment's.
 */
final class DrlWriter {

    private final StringBuilder drl = new StringBuilder(4096);
    private final SymbolTable symbols;
    private final FeatureIds features;
    private final java.util.Set<Integer> referenced;
    private final java.util.Map<String, Integer> attributeSlots = new java.util.LinkedHashMap<>();
    private final java.util.Map<Integer, Integer> segmentDepth = new java.util.HashMap<>();
    private final java.util.Map<Integer, Integer> nodeDepth = new java.util.HashMap<>();
    private int nextNode;
    private String scope = "";
    private int ruleCount;

    /** Maps features of the definitions to their ids in the feature plan. */
    interface FeatureIds {
        int idOf(io.relevans.definition.Feature feature);
    }

    /**
     * @param referenced the ids of the segments that conditions refer to: only their rules insert a
     *                   {@link Member} fact
     */
    DrlWriter(String packageName, SymbolTable symbols, FeatureIds features, java.util.Set<Integer> referenced) {
        this.symbols = symbols;
        this.features = features;
        this.referenced = referenced;
        drl.append("package ").append(packageName).append(";\n\n");
        for (Class<?> fact : List.of(CustomerFacts.class, Holds.class, Member.class)) {
            drl.append("import ").append(fact.getName()).append(";\n");
        }
        drl.append('\n');
    }

    /**
     * Adds the rules of one segment (or hidden program condition) with the given id; {@code scope} names
     * the program whose "since trigger" conditions are meant. A {@code tracked} one gets leaving rules
     * too; an untracked one (a hidden condition, whose previous value is never known) only entering rules.
     */
    void segment(int segmentId, Condition condition, String scope, boolean tracked) {
        this.scope = scope;
        boolean member = referenced.contains(segmentId);
        String enter = member
                ? "if ($c.enter(" + segmentId + ")) { insert(new Member(" + segmentId + ")); }"
                : "$c.enter(" + segmentId + ");";
        int depth = rules("segment_" + segmentId, "was(" + segmentId + ") == false", nnf(condition, false), null,
                enter);
        if (tracked) {
            String leave = member ? "if ($c.leave(" + segmentId + ")) { delete($m); }" : "$c.leave(" + segmentId + ");";
            depth = Math.max(depth, rules("segment_" + segmentId + "_out", "was(" + segmentId + ")",
                    nnf(condition, true), member ? "$m : Member( segment == " + segmentId + " )" : null, leave));
        }
        segmentDepth.put(segmentId, depth);
    }

    /**
     * The rules of a condition in negation normal form, one per part of a top-level "or", each with the
     * guard constraint and the extra pattern; returns the deepest stratum they fire in.
     */
    private int rules(String name, String guard, Condition nnf, String extra, String head) {
        List<Condition> parts = nnf instanceof Condition.AnyOf any ? any.parts() : List.of(nnf);
        int depth = 0;
        int part = 0;
        for (Condition c : parts) {
            int[] d = new int[1];
            List<String> patterns = new ArrayList<>(conjunction(c, guard, d));
            if (extra != null) {
                patterns.add(extra);
            }
            rule(parts.size() == 1 ? name : name + "_" + part, d[0], patterns, head);
            part++;
            depth = Math.max(depth, d[0]);
        }
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

    /** The number of inner condition nodes. */
    int nodeCount() {
        return nextNode;
    }

    private void rule(String name, int depth, List<String> patterns, String head) {
        ruleCount++;
        drl.append("rule \"").append(name).append("\"\nsalience ").append(-depth).append("\nwhen\n");
        for (String p : patterns) {
            drl.append("    ").append(p).append('\n');
        }
        drl.append("then\n    ").append(head).append("\nend\n\n");
    }

    /**
     * The patterns whose conjunction is the condition: the customer fact with the guard and the part's
     * constraints, then Member and Holds patterns; a nested "or" becomes a Holds node (its rules carry
     * the same guard, so they fire only where the rule that needs them can). {@code depth[0]} becomes
     * the stratum the rule must fire in: one more than anything it refers to.
     */
    private List<String> conjunction(Condition c, String guard, int[] depth) {
        List<String> constraints = new ArrayList<>();
        constraints.add(guard);
        List<String> joins = new ArrayList<>();
        collect(c, guard, constraints, joins, depth);
        List<String> out = new ArrayList<>();
        out.add("$c : CustomerFacts( " + String.join(", ", constraints) + " )");
        out.addAll(joins);
        return out;
    }

    private void collect(Condition c, String guard, List<String> constraints, List<String> joins, int[] depth) {
        if (c instanceof Condition.AllOf all) {
            for (Condition p : all.parts()) {
                collect(p, guard, constraints, joins, depth);
            }
        } else if (c instanceof Condition.AnyOf any) {
            int node = nextNode++;
            int part = 0;
            int nd = 0;
            for (Condition p : any.parts()) {
                int[] d = new int[1];
                List<String> patterns = conjunction(p, guard, d);
                rule("node_" + node + "_" + part++, d[0], patterns,
                        "if ($c.holdNode(" + node + ")) { insert(new Holds(" + node + ")); }");
                nd = Math.max(nd, d[0]);
            }
            nodeDepth.put(node, nd);
            joins.add("Holds( node == " + node + " )");
            depth[0] = Math.max(depth[0], nd + 1);
        } else if (c instanceof Condition.Not not && not.part() instanceof Condition.InSegment s) {
            int id = symbols.find(SegmentSymbols.segment(s.segment()));
            joins.add("not Member( segment == " + id + " )");
            depth[0] = Math.max(depth[0], segmentDepth.getOrDefault(id, 0) + 1);
        } else if (c instanceof Condition.InSegment s) {
            int id = symbols.find(SegmentSymbols.segment(s.segment()));
            joins.add("Member( segment == " + id + " )");
            depth[0] = Math.max(depth[0], segmentDepth.getOrDefault(id, 0) + 1);
        } else if (c instanceof Condition.Not not) {
            constraints.add(test(not.part()) + " == false");
        } else {
            constraints.add(test(c));
        }
    }

    /** A constraint on the customer fact that holds exactly when the single condition does. */
    private String test(Condition c) {
        if (c instanceof Condition.FeatureCompare f) {
            return "feature(" + features.idOf(f.feature()) + ", " + f.operator().ordinal() + ", " + number(f.operand())
                    + ")";
        }
        if (c instanceof Condition.SinceTrigger t) {
            return "key(" + symbols.intern(SegmentSymbols.since(scope, t.match())) + ")";
        }
        if (c instanceof Condition.HasConsent h) {
            return "key(" + symbols.intern(SegmentSymbols.consent(h.channel(), h.purpose())) + ")";
        }
        if (c instanceof Condition.DeclaredInterest d) {
            return "key(" + symbols.intern(SegmentSymbols.interest(d.category(), d.interest())) + ")";
        }
        String name = ConditionEvaluator.attributeName(c);
        int slot = attributeSlots.computeIfAbsent(name, n -> attributeSlots.size());
        if (c instanceof Condition.AttributePresent) {
            return "attr(" + slot + ")";
        }
        if (c instanceof Condition.AttributeOlderThan old) {
            return "attrOlder(" + slot + ", " + old.age().toMillis() + "L)";
        }
        Condition.AttributeCompare cmp = (Condition.AttributeCompare) c;
        Value v = cmp.operand();
        if (cmp.operator() == Operator.EQ || cmp.operator() == Operator.NE) {
            return (cmp.operator() == Operator.EQ ? "attrIs(" : "attrIsNot(") + slot + ", "
                    + symbols.intern(SegmentSymbols.value(v)) + ")";
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
