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
 * on single facts); a nested "or" becomes a node of its own whose rules insert a {@link Holds} fact,
 * so the rule count grows linearly with the size of a condition.
 */
final class DrlWriter {

    private final StringBuilder drl = new StringBuilder(4096);
    private final SymbolTable symbols;
    private final FeatureIds features;
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
        for (Class<?> fact : List.of(AttrFact.class, FeatureFact.class, KeyFact.class, Holds.class, Member.class)) {
            drl.append("import ").append(fact.getName()).append(";\n");
        }
        drl.append('\n');
    }

    /**
     * Adds the rules of one segment (or hidden program condition) with the given id; {@code scope} names
     * the program whose "since trigger" conditions are meant.
     */
    void segment(int segmentId, Condition condition, String scope) {
        this.scope = scope;
        Condition nnf = nnf(condition, false);
        String head = "insertLogical(new Member(" + segmentId + "));";
        if (nnf instanceof Condition.AnyOf any) {
            int part = 0;
            for (Condition c : any.parts()) {
                rule("segment_" + segmentId + "_" + part++, conjunction(c), head);
            }
        } else {
            rule("segment_" + segmentId, conjunction(nnf), head);
        }
    }

    String text() {
        return drl.toString();
    }

    int ruleCount() {
        return ruleCount;
    }

    private void rule(String name, List<String> patterns, String head) {
        ruleCount++;
        drl.append("rule \"").append(name).append("\"\nwhen\n");
        for (String p : patterns) {
            drl.append("    ").append(p).append('\n');
        }
        drl.append("then\n    ").append(head).append("\nend\n\n");
    }

    /** The patterns whose conjunction is the condition; a nested "or" becomes a Holds node. */
    private List<String> conjunction(Condition c) {
        List<String> out = new ArrayList<>();
        if (c instanceof Condition.AllOf all) {
            for (Condition p : all.parts()) {
                out.addAll(conjunction(p));
            }
        } else if (c instanceof Condition.AnyOf any) {
            int node = nextNode++;
            int part = 0;
            for (Condition p : any.parts()) {
                rule("node_" + node + "_" + part++, conjunction(p), "insertLogical(new Holds(" + node + "));");
            }
            out.add("Holds( node == " + node + " )");
        } else if (c instanceof Condition.Not not) {
            out.add("not " + pattern(not.part()));
        } else {
            out.add(pattern(c));
        }
        return out;
    }

    private String pattern(Condition c) {
        if (c instanceof Condition.FeatureCompare f) {
            return "FeatureFact( feature == " + features.idOf(f.feature()) + ", value " + f.operator().symbol() + " "
                    + number(f.operand()) + " )";
        }
        if (c instanceof Condition.InSegment s) {
            return "Member( segment == " + symbols.find(SegmentSymbols.segment(s.segment())) + " )";
        }
        if (c instanceof Condition.SinceTrigger t) {
            return "KeyFact( key == " + symbols.intern(SegmentSymbols.since(scope, t.match())) + " )";
        }
        if (c instanceof Condition.HasConsent h) {
            return "KeyFact( key == " + symbols.intern(SegmentSymbols.consent(h.channel(), h.purpose())) + " )";
        }
        if (c instanceof Condition.DeclaredInterest d) {
            return "KeyFact( key == " + symbols.intern(SegmentSymbols.interest(d.category(), d.interest())) + " )";
        }
        String attr = "attr == " + symbols.intern(SegmentSymbols.attribute(ConditionEvaluator.attributeName(c)));
        if (c instanceof Condition.AttributePresent) {
            return "AttrFact( " + attr + " )";
        }
        if (c instanceof Condition.AttributeOlderThan old) {
            return "AttrFact( " + attr + ", ageMillis > " + old.age().toMillis() + "L )";
        }
        Condition.AttributeCompare cmp = (Condition.AttributeCompare) c;
        Value v = cmp.operand();
        if (cmp.operator() == Operator.EQ || cmp.operator() == Operator.NE) {
            return "AttrFact( " + attr + ", valueId " + cmp.operator().symbol() + " "
                    + symbols.intern(SegmentSymbols.value(v)) + " )";
        }
        int kind = v instanceof Value.Date ? AttrFact.DATE : AttrFact.NUMBER;
        return "AttrFact( " + attr + ", kind == " + kind + ", num " + cmp.operator().symbol() + " "
                + number(v.asNumber()) + " )";
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
