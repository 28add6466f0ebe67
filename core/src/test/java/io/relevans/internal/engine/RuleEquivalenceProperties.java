package io.relevans.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.relevans.customer.Attribute;
import io.relevans.customer.Category;
import io.relevans.customer.CategoryPreference;
import io.relevans.customer.Channel;
import io.relevans.customer.Consent;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.Interest;
import io.relevans.customer.Purpose;
import io.relevans.customer.Source;
import io.relevans.customer.Value;
import io.relevans.definition.Condition;
import io.relevans.definition.Definitions;
import io.relevans.definition.Feature;
import io.relevans.definition.Features;
import io.relevans.definition.Operator;
import io.relevans.definition.Segment;
import io.relevans.definition.Tier;
import io.relevans.definition.Window;
import io.relevans.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * The compiled Drools rules and the plain Java evaluator agree on every segment for random
 * definitions (every kind of condition, nested, with references to earlier segments) and random
 * customers; and the explanation of each segment agrees with the membership.
 */
class RuleEquivalenceProperties {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final long NOW_MILLIS = NOW.toEpochMilli();
    private static final int MAX_SEGMENTS = 15;

    // ---------------------------------------------------------------- vocabulary

    private static final List<String> ATTRIBUTES = List.of("gender", "size", "born");
    private static final List<String> TEXTS = List.of("female", "male", "Female", "");
    private static final List<Double> NUMBERS = List.of(-1.0, 0.0, 1.0, 2.5, 3.0, 10957.0, 1e9);
    private static final List<LocalDate> DATES = List.of(LocalDate.of(1990, 1, 1), LocalDate.of(2000, 1, 1),
            LocalDate.of(2000, 1, 2), LocalDate.of(2026, 3, 1));
    private static final List<Duration> AGES = List.of(Duration.ZERO, Duration.ofDays(1), Duration.ofDays(365));
    private static final List<Feature> FEATURES = List.of(
            Features.count(EventType.PURCHASE).within(Window.days(30)),
            Features.priceTier(Category.of("tv")));
    private static final List<Double> FEATURE_OPERANDS = List.of(0.0, -0.0, 0.5, 1.0, 2.0, 1.0 / 3, 2.0 / 3, -1.0);
    private static final List<Consent.Key> CONSENTS = List.of(new Consent.Key(Channel.EMAIL, Purpose.MARKETING),
            new Consent.Key(Channel.SMS, Purpose.MARKETING), new Consent.Key(Channel.EMAIL, Purpose.SERVICE));
    private static final List<Category> CATEGORIES = List.of(Category.of("garden"), Category.of("tv"));

    // ---------------------------------------------------------------- property

    @Property(tries = 30, shrinking = ShrinkingMode.BOUNDED)
    void droolsAgreesWithJava(@ForAll("definitions") Definitions definitions,
                              @ForAll("customers") List<Case> customers, @ForAll long previousSeed) {
        CompiledSegments compiled = CompiledSegments.compile(definitions);
        List<String> all = compiled.order().stream().map(Segment::name).toList();
        java.util.Random random = new java.util.Random(previousSeed);
        for (Case c : customers) {
            double[] features = c.featuresFor(compiled);
            Set<String> byRules = compiled.evaluate(c.customer(), features, NOW_MILLIS);
            Set<String> byJava = compiled.evaluateDirectly(c.customer(), features, NOW_MILLIS);
            assertEquals(byJava, byRules, () -> "customer " + c + "\nDRL:\n" + compiled.drl());
            // rules fire on changes from the previous memberships: any previous set gives the same result
            Set<String> none = Set.copyOf(all.stream().filter(n -> !byJava.contains(n)).toList());
            Set<String> some = Set.copyOf(all.stream().filter(n -> random.nextBoolean()).toList());
            for (Set<String> previous : List.of(byJava, Set.copyOf(all), none, some)) {
                assertEquals(byJava, compiled.evaluate(c.customer(), features, NOW_MILLIS, Set.of(), previous),
                        () -> "customer " + c + " previously in " + previous + "\nDRL:\n" + compiled.drl());
            }
            for (Segment s : compiled.order()) {
                boolean held = compiled.explain(s, c.customer(), features, NOW_MILLIS, byRules).held();
                assertEquals(byRules.contains(s.name()), held, () -> "explanation of " + s.name() + " for " + c);
            }
        }
    }

    /**
     * Given what the stored memberships were evaluated from (a baseline: profile, feature values and
     * moment), the rules evaluate only segments whose tests may answer differently now, and the result is
     * still exactly the Java evaluator's: for unchanged customers at another moment (attribute ages move),
     * for another profile with the same features, the same profile with other features, and another
     * customer altogether.
     */
    @Property(tries = 30, shrinking = ShrinkingMode.BOUNDED)
    void onlyChangedSegmentsAreEvaluatedAndTheResultIsExact(@ForAll("definitions") Definitions definitions,
                                                          @ForAll("customers") List<Case> customers,
                                                          @ForAll("moments") long then) {
        CompiledSegments compiled = CompiledSegments.compile(definitions);
        for (int i = 0; i < customers.size(); i++) {
            Case before = customers.get(i);
            Case other = customers.get((i + 1) % customers.size());
            for (Case now : List.of(before, new Case(other.customer(), before.values()),
                    new Case(before.customer(), other.values()), other)) {
                double[] thenFeatures = before.featuresFor(compiled);
                Set<String> stored = compiled.evaluateDirectly(before.customer(), thenFeatures, then);
                double[] nowFeatures = now.featuresFor(compiled);
                Set<String> expected = compiled.evaluateDirectly(now.customer(), nowFeatures, NOW_MILLIS);
                Set<String> incremental = compiled.evaluate(now.customer(), nowFeatures, NOW_MILLIS, Set.of(), stored,
                        new Baseline(before.customer(), thenFeatures, then));
                assertEquals(expected, incremental, () -> "then " + before + " at " + then + " in " + stored
                        + ", now " + now + "\nDRL:\n" + compiled.drl());
            }
        }
    }

    @Provide
    Arbitrary<Long> moments() {
        return Arbitraries.of(Duration.ZERO, Duration.ofMillis(1), Duration.ofHours(1), Duration.ofDays(1),
                Duration.ofDays(366), Duration.ofHours(-2)).map(d -> NOW_MILLIS - d.toMillis());
    }

    // ---------------------------------------------------------------- definitions

    @Provide
    Arbitrary<Definitions> definitions() {
        return condition(3).list().ofMinSize(5).ofMaxSize(MAX_SEGMENTS).map(conditions -> {
            Definitions.Builder b = Definitions.builder().priceRange("tv", 100, 10_000);
            for (int i = 0; i < conditions.size(); i++) {
                b.segment(Segment.named("s" + i).when(onlyEarlier(conditions.get(i), i)));
            }
            return b.build();
        });
    }

    /** Points every segment reference of segment i at one of the segments before it, so there are no cycles. */
    private static Condition onlyEarlier(Condition c, int i) {
        if (c instanceof Condition.InSegment s) {
            int k = Integer.parseInt(s.segment().substring(1));
            return i == 0 ? new Condition.AttributePresent("gender") : new Condition.InSegment("s" + (k % i));
        }
        if (c instanceof Condition.AllOf all) {
            return new Condition.AllOf(all.parts().stream().map(p -> onlyEarlier(p, i)).toList());
        }
        if (c instanceof Condition.AnyOf any) {
            return new Condition.AnyOf(any.parts().stream().map(p -> onlyEarlier(p, i)).toList());
        }
        if (c instanceof Condition.Not not) {
            return new Condition.Not(onlyEarlier(not.part(), i));
        }
        return c;
    }

    private Arbitrary<Condition> condition(int depth) {
        if (depth == 0) {
            return leaf();
        }
        Arbitrary<Condition> inner = Arbitraries.lazy(() -> condition(depth - 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, leaf()),
                net.jqwik.api.Tuple.of(1, inner.list().ofMinSize(1).ofMaxSize(3).map(Condition.AllOf::new)),
                net.jqwik.api.Tuple.of(1, inner.list().ofMinSize(1).ofMaxSize(3).map(Condition.AnyOf::new)),
                net.jqwik.api.Tuple.of(1, inner.map(Condition.Not::new)));
    }

    private Arbitrary<Condition> leaf() {
        Arbitrary<String> attribute = Arbitraries.of(ATTRIBUTES);
        Arbitrary<Condition> textCompare = Combinators.combine(attribute, Arbitraries.of(Operator.EQ, Operator.NE),
                Arbitraries.of(TEXTS)).as((a, op, v) -> new Condition.AttributeCompare(a, op, Value.of(v)));
        Arbitrary<Condition> flagCompare = Combinators.combine(attribute, Arbitraries.of(Operator.EQ, Operator.NE),
                Arbitraries.of(true, false)).as((a, op, v) -> new Condition.AttributeCompare(a, op, Value.of(v)));
        Arbitrary<Condition> numberCompare = Combinators.combine(attribute, Arbitraries.of(Operator.class),
                Arbitraries.of(NUMBERS)).as((a, op, v) -> new Condition.AttributeCompare(a, op, Value.of(v)));
        Arbitrary<Condition> dateCompare = Combinators.combine(attribute, Arbitraries.of(Operator.class),
                Arbitraries.of(DATES)).as((a, op, v) -> new Condition.AttributeCompare(a, op, Value.of(v)));
        Arbitrary<Condition> present = attribute.map(Condition.AttributePresent::new);
        Arbitrary<Condition> olderThan = Combinators.combine(attribute, Arbitraries.of(AGES))
                .as(Condition.AttributeOlderThan::new);
        Arbitrary<Condition> featureCompare = Combinators.combine(Arbitraries.of(FEATURES), Arbitraries.of(Operator.class),
                Arbitraries.of(FEATURE_OPERANDS)).as(Condition.FeatureCompare::new);
        Arbitrary<Condition> tier = Arbitraries.of(Tier.class)
                .map(t -> ((Feature.PriceTier) FEATURES.get(1)).is(t));
        Arbitrary<Condition> inSegment = Arbitraries.integers().between(0, MAX_SEGMENTS - 1)
                .map(k -> new Condition.InSegment("s" + k));
        Arbitrary<Condition> consent = Arbitraries.of(CONSENTS)
                .map(k -> new Condition.HasConsent(k.channel(), k.purpose()));
        Arbitrary<Condition> interest = Combinators.combine(Arbitraries.of(CATEGORIES), Arbitraries.of(Interest.class))
                .as(Condition.DeclaredInterest::new);
        return Arbitraries.oneOf(List.of(textCompare, flagCompare, numberCompare, dateCompare, present, olderThan,
                featureCompare, tier, inSegment, inSegment, consent, interest));
    }

    // ---------------------------------------------------------------- customers

    /** One customer and the values of the vocabulary's features (NaN: no value). */
    record Case(Customer customer, double[] values) {
        double[] featuresFor(CompiledSegments compiled) {
            double[] out = new double[compiled.plan().features().size()];
            Arrays.fill(out, Double.NaN);
            for (int i = 0; i < FEATURES.size(); i++) {
                int at = compiled.plan().indexOf(FEATURES.get(i));
                if (at >= 0) {
                    out[at] = values[i];
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return "attributes " + customer.attributes().values() + ", consents " + customer.consents().values()
                    + ", preferences " + customer.preferences().values() + ", features " + Arrays.toString(values);
        }
    }

    /**
     * Feature values never include -0.0: the rules compare doubles like {@link Double#compare} (so
     * -0.0 < 0.0 holds there, not in Java); the engine never produces -0.0 since values are
     * normalised ({@link Value.Number}, feature operands).
     */
    @Provide
    Arbitrary<List<Case>> customers() {
        return customer().list().ofSize(30);
    }

    private Arbitrary<Case> customer() {
        Arbitrary<List<Attribute>> attributes = Combinators.combine(attribute("gender"), attribute("size"),
                attribute("born")).as((a, b, c) -> {
                    List<Attribute> out = new ArrayList<>();
                    for (Attribute x : Arrays.asList(a, b, c)) {
                        if (x != null) {
                            out.add(x);
                        }
                    }
                    return out;
                });
        Arbitrary<List<Consent>> consents = Combinators.combine(consent(0), consent(1), consent(2)).as((a, b, c) -> {
            List<Consent> out = new ArrayList<>();
            for (Consent x : Arrays.asList(a, b, c)) {
                if (x != null) {
                    out.add(x);
                }
            }
            return out;
        });
        Arbitrary<List<CategoryPreference>> preferences = Combinators.combine(preference(0), preference(1))
                .as((a, b) -> {
                    List<CategoryPreference> out = new ArrayList<>();
                    for (CategoryPreference x : Arrays.asList(a, b)) {
                        if (x != null) {
                            out.add(x);
                        }
                    }
                    return out;
                });
        Arbitrary<Double> count = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of(0.0, 1.0, 2.0, 3.0, 0.5, -1.0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Double.NaN)),
                net.jqwik.api.Tuple.of(1, Arbitraries.doubles().between(-10, 10)));
        Arbitrary<Double> tier = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of(0.0, 1.0 / 3, 2.0 / 3, 1.0, 0.5, Math.nextDown(1.0 / 3))),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Double.NaN)),
                net.jqwik.api.Tuple.of(1, Arbitraries.doubles().between(0, 1)));
        return Combinators.combine(attributes, consents, preferences, count, tier).as((as, cs, ps, n, t) -> {
            Identity id = Identity.email("someone@example.com");
            Customer customer = Customer.newCustomer(CustomerId.derivedFrom(id), id);
            for (Attribute a : as) {
                customer = customer.withAttribute(a);
            }
            for (Consent c : cs) {
                customer = customer.withConsent(c);
            }
            for (CategoryPreference p : ps) {
                customer = customer.withPreference(p);
            }
            return new Case(customer, new double[] {n, t});
        });
    }

    private Arbitrary<Attribute> attribute(String name) {
        Arbitrary<Value> value = Arbitraries.oneOf(List.of(
                Arbitraries.of(TEXTS).map(Value::of),
                Arbitraries.of(true, false).map(Value::of),
                Arbitraries.of(NUMBERS).map(Value::of),
                Arbitraries.doubles().between(-5, 5).map(Value::of),
                Arbitraries.of(DATES).map(Value::of),
                Arbitraries.of(LocalDate.of(1999, 12, 31), LocalDate.of(1970, 1, 1)).map(Value::of)));
        Arbitrary<Instant> time = Arbitraries.of(Duration.ZERO, Duration.ofMillis(1), Duration.ofDays(1),
                        Duration.ofDays(1).plusMillis(1), Duration.ofDays(365), Duration.ofDays(365).plusMillis(1),
                        Duration.ofDays(3 * 365), Duration.ofHours(-1))
                .map(NOW::minus);
        Arbitrary<Attribute> known = Combinators.combine(value, time)
                .as((v, t) -> new Attribute(name, v, Source.DECLARED, t));
        return known.injectNull(0.25);
    }

    private Arbitrary<Consent> consent(int key) {
        Consent.Key k = CONSENTS.get(key);
        return Arbitraries.of(0, 1, 2).map(answer -> answer == 0 ? null
                : new Consent(k.channel(), k.purpose(), answer == 1, NOW.minusSeconds(60), Source.DECLARED));
    }

    private Arbitrary<CategoryPreference> preference(int category) {
        return Arbitraries.of(0, 1, 2).map(answer -> answer == 0 ? null
                : new CategoryPreference(CATEGORIES.get(category),
                answer == 1 ? Interest.INTERESTED : Interest.NOT_INTERESTED, NOW.minusSeconds(60), Source.DECLARED));
    }
}
