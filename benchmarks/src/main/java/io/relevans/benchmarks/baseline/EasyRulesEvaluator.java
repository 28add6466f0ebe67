package io.relevans.benchmarks.baseline;

import io.relevans.benchmarks.workload.SegmentSpec;
import io.relevans.benchmarks.workload.Workload;
import io.relevans.customer.Attribute;
import io.relevans.customer.CategoryPreference;
import io.relevans.customer.Consent;
import io.relevans.customer.Customer;
import io.relevans.customer.Value;
import io.relevans.definition.Condition;
import io.relevans.definition.Operator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jeasy.rules.api.Facts;
import org.jeasy.rules.api.Rules;
import org.jeasy.rules.api.RulesEngine;
import org.jeasy.rules.core.DefaultRulesEngine;
import org.jeasy.rules.core.RuleBuilder;

/**
 * Easy Rules (org.jeasy) on the same definitions: each segment's {@link Condition} tree becomes an Easy
 * Rules condition (composed lambdas), one rule per segment with its position in dependency order as
 * priority, and the action records the membership. Facts: the profile, the feature values, the moment
 * and the memberships so far.
 *
 * <p>What Easy Rules cannot express, and gets from the engine's code instead: windowed aggregates and
 * price tiers (it keeps no state between evaluations and has no aggregation: the feature values come
 * from the engine's {@code FeaturePlan}); nested segments only work because priorities follow the
 * dependency order (no truth maintenance: a rule sees memberships of rules fired before it).
 */
final class EasyRulesEvaluator extends FeatureStateEvaluator {

    private final Rules rules = new Rules();
    private final RulesEngine engine = new DefaultRulesEngine();
    private final Map<String, Integer> position = new HashMap<>();

    EasyRulesEvaluator(Workload workload, Clock clock, int segments) {
        super(workload, clock, segments);
        for (int i = 0; i < names.length; i++) {
            position.put(names[i], i);
        }
        for (int i = 0; i < names.length; i++) {
            SegmentSpec s = specs.get(i);
            int index = i;
            org.jeasy.rules.api.Condition when = translate(s.condition());
            rules.register(new RuleBuilder().name(s.name()).priority(i).when(when)
                    .then(f -> ((boolean[]) f.get("in"))[index] = true).build());
        }
    }

    @Override
    int evaluate(Customer customer, double[] values, long now, boolean[] in) {
        java.util.Arrays.fill(in, false);
        Facts facts = new Facts();
        facts.put("customer", customer);
        facts.put("features", values);
        facts.put("now", now);
        facts.put("in", in);
        engine.fire(rules, facts);
        int count = 0;
        for (boolean b : in) {
            count += b ? 1 : 0;
        }
        return count;
    }

    private org.jeasy.rules.api.Condition translate(Condition c) {
        if (c instanceof Condition.AllOf all) {
            List<org.jeasy.rules.api.Condition> parts = new ArrayList<>();
            all.parts().forEach(p -> parts.add(translate(p)));
            return f -> parts.stream().allMatch(p -> p.evaluate(f));
        }
        if (c instanceof Condition.AnyOf any) {
            List<org.jeasy.rules.api.Condition> parts = new ArrayList<>();
            any.parts().forEach(p -> parts.add(translate(p)));
            return f -> parts.stream().anyMatch(p -> p.evaluate(f));
        }
        if (c instanceof Condition.Not not) {
            org.jeasy.rules.api.Condition part = translate(not.part());
            return f -> !part.evaluate(f);
        }
        if (c instanceof Condition.FeatureCompare fc) {
            int index = plan.indexOf(fc.feature());
            Operator op = fc.operator();
            double operand = fc.operand();
            return f -> op.test(((double[]) f.get("features"))[index], operand);
        }
        if (c instanceof Condition.InSegment s) {
            int index = position.get(s.segment());
            return f -> ((boolean[]) f.get("in"))[index];
        }
        if (c instanceof Condition.HasConsent h) {
            Consent.Key key = new Consent.Key(h.channel(), h.purpose());
            return f -> {
                Consent consent = ((Customer) f.get("customer")).consents().get(key);
                return consent != null && consent.granted();
            };
        }
        if (c instanceof Condition.DeclaredInterest d) {
            return f -> {
                CategoryPreference p = ((Customer) f.get("customer")).preferences().get(d.category());
                return p != null && p.interest() == d.interest();
            };
        }
        if (c instanceof Condition.AttributePresent a) {
            return f -> ((Customer) f.get("customer")).attributes().containsKey(a.attribute());
        }
        if (c instanceof Condition.AttributeOlderThan old) {
            long age = old.age().toMillis();
            return f -> {
                Attribute a = ((Customer) f.get("customer")).attributes().get(old.attribute());
                return a != null && (Long) f.get("now") - a.time().toEpochMilli() > age;
            };
        }
        if (c instanceof Condition.AttributeCompare cmp) {
            Value want = cmp.operand();
            return f -> {
                Attribute a = ((Customer) f.get("customer")).attributes().get(cmp.attribute());
                if (a == null) {
                    return false;
                }
                Value seen = a.value();
                boolean same = seen.kind().equals(want.kind()) && seen.asText().equals(want.asText());
                return switch (cmp.operator()) {
                    case EQ -> same;
                    case NE -> !same;
                    default -> seen.kind().equals(want.kind()) && cmp.operator().test(seen.asNumber(), want.asNumber());
                };
            };
        }
        throw new IllegalArgumentException("Easy Rules baseline cannot express " + c.describe());
    }
}
