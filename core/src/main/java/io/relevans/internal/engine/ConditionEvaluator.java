package io.relevans.internal.engine;

import io.relevans.customer.Attribute;
import io.relevans.customer.Customer;
import io.relevans.customer.Value;
import io.relevans.definition.Condition;
import io.relevans.internal.feature.FeaturePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates conditions directly in Java with the same semantics as the compiled rules, and records
 * each step for {@link Explanation}s. The rules and this evaluator are checked against each other by
 * property tests.
 */
public final class ConditionEvaluator {

    private final Customer customer;
    private final double[] features;
    private final FeaturePlan plan;
    private final long now;
    private final Set<String> segments;
    private final String scope;
    private final Set<String> since;
    /** What a feature's value was computed from, for people (predictions), or null; null: no notes. */
    private java.util.function.@Nullable Function<io.relevans.definition.Feature, String> notes;

    /**
     * @param customer the profile
     * @param features the feature values at {@code now}, in plan order
     * @param plan     the feature plan the values follow
     * @param now      the moment, epoch millis
     * @param segments the segments the customer is in (for segment conditions)
     * @param scope    the program whose "since trigger" conditions are meant, empty for segments
     * @param since    the "since trigger" keys that have happened ({@link SegmentSymbols#since})
     */
    public ConditionEvaluator(Customer customer, double[] features, FeaturePlan plan, long now, Set<String> segments,
                              String scope, Set<String> since) {
        this.customer = customer;
        this.features = features;
        this.plan = plan;
        this.now = now;
        this.segments = segments;
        this.scope = scope;
        this.since = since;
    }

    /**
     * Adds to each feature's value what it was computed from, where {@code notes} says (the summary and model of
     * a prediction, or why it has none).
     *
     * @return this evaluator
     */
    public ConditionEvaluator withNotes(java.util.function.Function<io.relevans.definition.Feature, String> notes) {
        this.notes = notes;
        return this;
    }

    /** Whether the condition holds. */
    public boolean test(Condition c) {
        return explain(c).held();
    }

    /** Evaluates the condition, recording every step. */
    public Verdict explain(Condition c) {
        if (c instanceof Condition.AllOf all) {
            List<Verdict> parts = new ArrayList<>();
            boolean held = true;
            for (Condition p : all.parts()) {
                Verdict s = explain(p);
                parts.add(s);
                held &= s.held();
            }
            return new Verdict("all of", held, "", parts);
        }
        if (c instanceof Condition.AnyOf any) {
            List<Verdict> parts = new ArrayList<>();
            boolean held = false;
            for (Condition p : any.parts()) {
                Verdict s = explain(p);
                parts.add(s);
                held |= s.held();
            }
            return new Verdict("any of", held, "", parts);
        }
        if (c instanceof Condition.Not not) {
            Verdict s = explain(not.part());
            return new Verdict("not", !s.held(), "", List.of(s));
        }
        if (c instanceof Condition.FeatureCompare f) {
            int i = plan.indexOf(f.feature());
            double v = i < 0 ? Double.NaN : features[i];
            String note = notes == null ? null : notes.apply(f.feature());
            String seen = Double.isNaN(v) ? "no value" : number(v);
            return leaf(c, f.operator().test(v, f.operand()), note == null ? seen : seen + " (" + note + ")");
        }
        if (c instanceof Condition.InSegment s) {
            boolean in = segments.contains(s.segment());
            return leaf(c, in, in ? "member" : "not a member");
        }
        if (c instanceof Condition.SinceTrigger t) {
            boolean happened = since.contains(SegmentSymbols.since(scope, t.match()));
            return leaf(c, happened, happened ? "happened" : "not since the trigger");
        }
        if (c instanceof Condition.HasConsent h) {
            var consent = customer.consents().get(new io.relevans.customer.Consent.Key(h.channel(), h.purpose()));
            return leaf(c, consent != null && consent.granted(), consent == null ? "no answer"
                    : (consent.granted() ? "granted " : "withdrawn ") + consent.time());
        }
        if (c instanceof Condition.DeclaredInterest d) {
            var pref = customer.preferences().get(d.category());
            return leaf(c, pref != null && pref.interest() == d.interest(), pref == null ? "nothing declared"
                    : pref.interest().name().toLowerCase(java.util.Locale.ROOT) + " " + pref.time());
        }
        String name = attributeName(c);
        Attribute a = customer.attributes().get(name);
        String seen = a == null ? "no value" : Conditions.literal(a.value()) + " (" + a.source().name()
                .toLowerCase(java.util.Locale.ROOT) + ", " + a.time() + ")";
        return leaf(c, a != null && attributeHolds(c, a), seen);
    }

    private boolean attributeHolds(Condition c, Attribute a) {
        if (c instanceof Condition.AttributePresent) {
            return true;
        }
        if (c instanceof Condition.AttributeOlderThan old) {
            return now - a.time().toEpochMilli() > old.age().toMillis();
        }
        Condition.AttributeCompare cmp = (Condition.AttributeCompare) c;
        Value want = cmp.operand();
        Value seen = a.value();
        return switch (cmp.operator()) {
            case EQ -> ValueKeys.key(seen).equals(ValueKeys.key(want));
            case NE -> !ValueKeys.key(seen).equals(ValueKeys.key(want));
            default -> seen.kind().equals(want.kind()) && cmp.operator().test(seen.asNumber(), want.asNumber());
        };
    }

    /** A number for people: whole numbers as such, others with at most 4 decimals. */
    static String number(double v) {
        return new java.math.BigDecimal(v).setScale(4, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString();
    }

    static String attributeName(Condition c) {
        if (c instanceof Condition.AttributeCompare a) {
            return a.attribute();
        }
        if (c instanceof Condition.AttributePresent a) {
            return a.attribute();
        }
        return ((Condition.AttributeOlderThan) c).attribute();
    }

    private static Verdict leaf(Condition c, boolean held, String seen) {
        return new Verdict(c.describe(), held, seen, List.of());
    }

    /** Literal formatting shared with condition descriptions. */
    private static final class Conditions {
        static String literal(Value v) {
            return v instanceof Value.Text ? "\"" + v.asText() + "\"" : v.asText();
        }
    }
}
