package io.relevans.benchmarks.baseline;

import io.relevans.benchmarks.workload.SegmentSpec;
import io.relevans.benchmarks.workload.Workload;
import io.relevans.customer.Attribute;
import io.relevans.customer.Category;
import io.relevans.customer.CategoryPreference;
import io.relevans.customer.Channel;
import io.relevans.customer.Customer;
import io.relevans.customer.Interest;
import io.relevans.customer.Purpose;
import io.relevans.customer.Value;
import io.relevans.definition.Tier;
import java.time.Clock;

/**
 * The practical limit: the benchmark's segments coded as straight-line Java, one method per segment
 * family, each reading its feature by a position fixed when the evaluator is built. Same profile and
 * feature state as the engine; no rule engine, no interpretation of condition trees.
 */
class HandWrittenEvaluator extends FeatureStateEvaluator {

    private static final long PARENT_AGE_MILLIS = SegmentSpec.PARENT_AGE_DAYS * 86_400_000L;

    private final SegmentSpec[] spec;
    private final int[] feature;
    private final Category[] category;

    HandWrittenEvaluator(Workload workload, Clock clock, int segments) {
        this(workload, clock, segments, java.util.List.of());
    }

    /** The evaluator with a feature state that keeps {@code others} too. */
    HandWrittenEvaluator(Workload workload, Clock clock, int segments, java.util.List<io.relevans.definition.Feature> others) {
        super(workload, clock, segments, others);
        spec = specs.toArray(SegmentSpec[]::new);
        feature = new int[spec.length];
        category = new Category[spec.length];
        for (int i = 0; i < spec.length; i++) {
            feature[i] = spec[i].feature() == null ? -1 : plan.indexOf(spec[i].feature());
            category[i] = Category.of(spec[i].category());
        }
    }

    @Override
    final int evaluate(Customer c, double[] v, long now, boolean[] in) {
        int count = 0;
        for (int i = 0; i < spec.length; i++) {
            SegmentSpec s = spec[i];
            double t = s.threshold();
            boolean held = switch (s.family()) {
                case CATEGORY_BUYER, OMNICHANNEL_OR_STORE -> v[feature[i]] >= t;
                case SPENDER -> v[feature[i]] > t;
                case PRICE_TIER -> priceTier(v[feature[i]], s.tier());
                case LAPSED_WITH_CONSENT -> v[feature[i]] > t && c.hasConsent(Channel.EMAIL, Purpose.MARKETING);
                case GENDER_OR_BROWSER -> isText(c, "gender", s.text()) || v[feature[i]] >= t;
                case PARENT_NOT_EXCLUDED -> olderThan(c, "has_children", now, PARENT_AGE_MILLIS)
                        && !notInterested(c, category[i]);
                case UNHAPPY_OR_ENGAGED -> s.firstVariant() ? v[feature[i]] <= t : v[feature[i]] >= t;
                case AGE -> number(c, "age") >= t;
                case NESTED -> s.refIn() < 0 ? c.attributes().containsKey("gender") : in[s.refIn()] && !in[s.refNotIn()];
            };
            in[i] = held;
            count += held ? 1 : 0;
        }
        return count;
    }

    private static boolean priceTier(double share, Tier tier) {
        return switch (tier) {
            case BUDGET -> share < Tier.BUDGET.to();
            case MID -> share >= Tier.MID.from() && share < Tier.MID.to();
            case PREMIUM -> share >= Tier.PREMIUM.from();
        };
    }

    private static boolean isText(Customer c, String attribute, String text) {
        Attribute a = c.attributes().get(attribute);
        return a != null && a.value() instanceof Value.Text t && t.value().equals(text);
    }

    private static double number(Customer c, String attribute) {
        Attribute a = c.attributes().get(attribute);
        return a != null && a.value() instanceof Value.Number n ? n.value() : Double.NaN;
    }

    private static boolean olderThan(Customer c, String attribute, long now, long age) {
        Attribute a = c.attributes().get(attribute);
        return a != null && now - a.time().toEpochMilli() > age;
    }

    private static boolean notInterested(Customer c, Category category) {
        CategoryPreference p = c.preferences().get(category);
        return p != null && p.interest() == Interest.NOT_INTERESTED;
    }
}
