package io.relevans.dsl;

import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.Interest;
import io.relevans.customer.Purpose;
import io.relevans.customer.Value;
import io.relevans.definition.Aggregation;
import io.relevans.definition.Binding;
import io.relevans.definition.CategoryExclusion;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Condition;
import io.relevans.definition.ConversionGoal;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Feature;
import io.relevans.definition.Features;
import io.relevans.definition.FrequencyCap;
import io.relevans.definition.Operator;
import io.relevans.definition.Policies;
import io.relevans.definition.PriceRange;
import io.relevans.definition.Program;
import io.relevans.definition.PropertyFilter;
import io.relevans.definition.Reentry;
import io.relevans.definition.Segment;
import io.relevans.definition.Step;
import io.relevans.definition.Tier;
import io.relevans.definition.Trigger;
import io.relevans.definition.Window;
import io.relevans.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random definitions covering every condition, feature, trigger and step kind. Segments and price
 * ranges referred to always exist: {@link #BASE_SEGMENTS} and {@link #CATEGORIES} are always defined.
 */
final class Generators {

    static final List<String> BASE_SEGMENTS = List.of("base", "and", "vip-2");
    static final List<String> CATEGORIES = List.of("tv", "4k-tv", "where");
    static final List<String> KEYWORDS = List.of("and", "or", "not", "where", "over", "segment", "on", "entering",
            "steps", "wait", "end", "preferred", "with", "date", "true", "trigger", "customer", "is", "present");

    private Generators() {
    }

    static Arbitrary<String> lowerName() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6),
                Arbitraries.strings().withCharRange('a', 'z').withChars('_', '0', '9').ofMinLength(1).ofMaxLength(8)
                        .filter(s -> Character.isLetter(s.charAt(0))),
                Arbitraries.of(KEYWORDS));
    }

    static Arbitrary<String> attributeName() {
        return Arbitraries.oneOf(lowerName(), Arbitraries.of("has_children", "Gender", "a.b", "x-1", "a.", "b--c",
                "first_name", "z-"));
    }

    static Arbitrary<String> shortName() {
        // categories, channels, purposes: 1..64 lower-case letters, digits, '_' or '-'
        return Arbitraries.oneOf(lowerName(), Arbitraries.of("4k-tv", "a-b", "9", "x_"));
    }

    static Arbitrary<String> label() {
        return Arbitraries.oneOf(lowerName(), Arbitraries.of("Step-1", "wait", "end", "go"));
    }

    static Arbitrary<EventType> eventType() {
        return Arbitraries.oneOf(Arbitraries.of(EventType.builtIns()),
                lowerName().map(EventType::of));
    }

    static Arbitrary<String> property() {
        return Arbitraries.oneOf(Arbitraries.of(Features.LINE_PROPERTIES), lowerName(),
                Arbitraries.of("total", "origin", "rating"));
    }

    static Arbitrary<Value> value() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(Value::of),
                Arbitraries.of("tv", "a \"quoted\" word", "back\\slash", "line\nbreak", "tab\t", "\u0001", "ø", "")
                        .map(Value::of),
                finiteDouble().map(Value::of),
                Arbitraries.of(true, false).map(Value::of),
                Arbitraries.integers().between(1900, 2100).flatMap(y -> Arbitraries.integers().between(1, 365)
                        .map(d -> Value.of(LocalDate.ofYearDay(y, d)))));
    }

    static Arbitrary<Double> finiteDouble() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-100_000, 100_000).map(i -> (double) i),
                Arbitraries.doubles().between(-1e6, 1e6),
                Arbitraries.of(0.1, 1.0 / 3, 2.0 / 3, 1e-7, 1e15, 1.5e300, -2.5, 123456789.125, -0.0));
    }

    static Arbitrary<Operator> operator() {
        return Arbitraries.of(Operator.class);
    }

    static Arbitrary<PropertyFilter> filter() {
        return Combinators.combine(property(), operator(), value()).as((p, o, v) -> {
            Operator op = v instanceof Value.Text && o.isOrdering() ? Operator.EQ : o;
            return new PropertyFilter(p, op, v);
        });
    }

    static Arbitrary<List<PropertyFilter>> filters() {
        return filter().list().ofMaxSize(2);
    }

    static Arbitrary<EventMatch> match() {
        return Combinators.combine(eventType(), filters()).as(EventMatch::new);
    }

    static Arbitrary<Duration> duration() {
        return Combinators.combine(Arbitraries.longs().between(1, 5000),
                Arbitraries.of(Duration.ofMillis(1), Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofHours(1),
                        Duration.ofDays(1), Duration.ofDays(7), Duration.ofMillis(1500))).as((n, u) -> u.multipliedBy(n));
    }

    static Arbitrary<Window> window() {
        Arbitrary<Window> custom = Combinators.combine(Arbitraries.integers().between(1, 400),
                        Arbitraries.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1),
                                Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(7)))
                .as((k, b) -> new Window(b.multipliedBy(k), b));
        return Arbitraries.oneOf(Arbitraries.just(Window.ALL_TIME),
                Arbitraries.integers().between(1, 400).map(Window::days),
                Arbitraries.integers().between(58, 400).map(w -> Window.days(w * 7)),
                Arbitraries.integers().between(1, 400).map(Window::hours),
                custom);
    }

    static Arbitrary<Feature> feature() {
        Arbitrary<Feature> count = Combinators.combine(eventType(), filters(), window())
                .as((t, f, w) -> new Feature.Aggregate(Aggregation.COUNT, t, "", f, w));
        Arbitrary<Feature> aggregate = Combinators.combine(Arbitraries.of(Aggregation.SUM, Aggregation.MIN,
                        Aggregation.MAX, Aggregation.LAST), eventType(), property(), filters(), window())
                .as(Feature.Aggregate::new);
        Arbitrary<Feature> since = Combinators.combine(eventType(), filters()).as(Feature.TimeSince::new);
        Arbitrary<Feature> channels = window().map(Feature.ChannelsUsed::new);
        Arbitrary<Feature> tier = Combinators.combine(Arbitraries.of(CATEGORIES).map(Category::of), window())
                .as(Feature.PriceTier::new);
        Arbitrary<Duration> ahead = Arbitraries.integers().between(1, 3660).map(Duration::ofDays);
        Arbitrary<Feature> predicted = Arbitraries.oneOf(Arbitraries.just(Features.probabilityAlive()),
                ahead.map(Features::expectedPurchases), ahead.map(Features::expectedSpend),
                Combinators.combine(ahead, Arbitraries.doubles().between(0, 1).ofScale(3))
                        .as((h, d) -> Features.expectedSpend(h).discounted(d)));
        return Arbitraries.oneOf(count, aggregate, since, channels, tier, predicted);
    }

    static Arbitrary<Condition> leaf(boolean inProgram) {
        List<Arbitrary<Condition>> kinds = new ArrayList<>(List.of(
                Combinators.combine(attributeName(), operator(), value()).as((a, o, v) ->
                        new Condition.AttributeCompare(a, (v instanceof Value.Text || v instanceof Value.Flag)
                                && o.isOrdering() ? Operator.NE : o, v)),
                attributeName().map(Condition.AttributePresent::new),
                Combinators.combine(attributeName(), Arbitraries.oneOf(duration(), Arbitraries.just(Duration.ZERO)))
                        .as(Condition.AttributeOlderThan::new),
                Combinators.combine(feature(), operator(), finiteDouble()).as(Condition.FeatureCompare::new),
                Combinators.combine(Arbitraries.of(CATEGORIES).map(Category::of), Arbitraries.of(Tier.class))
                        .as((c, t) -> Features.priceTier(c).is(t)),
                Arbitraries.of(BASE_SEGMENTS).map(Condition.InSegment::new),
                Combinators.combine(shortName().map(Channel::of), shortName().map(Purpose::of))
                        .as(Condition.HasConsent::new),
                Combinators.combine(shortName().map(Category::of), Arbitraries.of(Interest.class))
                        .as(Condition.DeclaredInterest::new)));
        if (inProgram) {
            kinds.add(match().map(Condition.SinceTrigger::new));
        }
        return Arbitraries.oneOf(kinds);
    }

    static Arbitrary<Condition> condition(boolean inProgram) {
        return condition(inProgram, 3);
    }

    private static Arbitrary<Condition> condition(boolean inProgram, int depth) {
        if (depth == 0) {
            return leaf(inProgram);
        }
        Arbitrary<Condition> sub = Arbitraries.lazy(() -> condition(inProgram, depth - 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, leaf(inProgram)),
                net.jqwik.api.Tuple.of(1, sub.list().ofMinSize(1).ofMaxSize(3).map(Condition.AllOf::new)),
                net.jqwik.api.Tuple.of(1, sub.list().ofMinSize(1).ofMaxSize(3).map(Condition.AnyOf::new)),
                net.jqwik.api.Tuple.of(1, sub.map(Condition.Not::new)));
    }

    static Arbitrary<Segment> segment(String name) {
        return Combinators.combine(Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.strings().ofMaxLength(20)),
                condition(false)).as((d, c) -> new Segment(name, d, c));
    }

    static Arbitrary<List<Segment>> segments() {
        Arbitrary<List<String>> names = Arbitraries.oneOf(lowerName(), Arbitraries.of("Big-Spenders", "s_1"))
                .list().ofMaxSize(4).uniqueElements().map(l -> l.stream()
                        .filter(n -> !BASE_SEGMENTS.contains(n)).toList());
        return names.flatMap(ns -> {
            List<Arbitrary<Segment>> all = new ArrayList<>();
            for (String n : BASE_SEGMENTS) {
                all.add(Arbitraries.just(new Segment(n, "", new Condition.AttributePresent("x"))));
            }
            ns.forEach(n -> all.add(segment(n)));
            return Combinators.combine(all).as(l -> l);
        });
    }

    static Definitions.Builder base(List<Segment> segments) {
        Definitions.Builder b = Definitions.builder().segments(segments);
        CATEGORIES.forEach(c -> b.priceRange(c, 100, 1000));
        return b;
    }

    // ---------------------------------------------------------------- programs

    static Arbitrary<Trigger> trigger() {
        return Arbitraries.oneOf(
                match().map(Trigger.OnEvent::new),
                Combinators.combine(Arbitraries.of(BASE_SEGMENTS), Arbitraries.of(true, false), Arbitraries.of(false, true))
                        .as(Trigger.OnSegment::new),
                Combinators.combine(attributeName(), localTime()).as(Trigger.OnAnniversary::new),
                Combinators.combine(match(), duration()).as(Trigger.OnInactivity::new),
                Combinators.combine(Arbitraries.longs().between(946_684_800_000L, 4_102_444_800_000L)
                                .map(Instant::ofEpochMilli),
                        duration().filter(d -> d.compareTo(Duration.ofHours(1)) >= 0)).as(Trigger.OnSchedule::new));
    }

    static Arbitrary<LocalTime> localTime() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 24 * 60 - 1).map(m -> LocalTime.of(m / 60, m % 60)),
                Arbitraries.longs().between(0, 86_399_999_999_999L).map(LocalTime::ofNanoOfDay));
    }

    static Arbitrary<ChannelChoice> channelChoice() {
        return Arbitraries.oneOf(
                shortName().map(n -> ChannelChoice.of(Channel.of(n))),
                Arbitraries.oneOf(shortName(), Arbitraries.just("preferred")).map(Channel::of).list().ofMaxSize(3)
                        .map(l -> new ChannelChoice(true, l)));
    }

    static Arbitrary<Binding> binding() {
        return Arbitraries.oneOf(property().map(Binding::trigger), attributeName().map(Binding::attribute),
                value().map(Binding::constant));
    }

    static Arbitrary<TreeMap<String, Binding>> data() {
        return Arbitraries.maps(label(), binding()).ofMaxSize(3).map(TreeMap::new);
    }

    static Arbitrary<String> template() {
        return Arbitraries.oneOf(lowerName(), Arbitraries.of("mail/welcome.v2", "Cart-Reminder"));
    }

    /** A step with the label, jumping only to the given labels. */
    static Arbitrary<Step> step(String label, List<String> labels) {
        Arbitrary<String> target = Arbitraries.of(labels);
        Arbitrary<Step.Variant> variant = Combinators.combine(label(), Arbitraries.integers().between(1, 100), target)
                .as(Step.Variant::new);
        return Arbitraries.oneOf(
                duration().map(d -> new Step.Wait(label, d)),
                localTime().map(t -> new Step.WaitUntil(label, t)),
                Combinators.combine(localTime(), localTime()).filter((a, b) -> !a.equals(b))
                        .as((a, b) -> new Step.WaitForHours(label, a, b)),
                Combinators.combine(condition(true), target, target).as((c, a, b) -> new Step.Branch(label, c, a, b)),
                Combinators.combine(variant.list().ofMinSize(2).ofMaxSize(3).uniqueElements(Step.Variant::name),
                        winnerRule().optional()).as((v, w) -> new Step.Split(label, v, w)),
                Arbitraries.of(List.of(50, 50), List.of(10, 90)).flatMap(w -> Combinators.combine(target,
                        winnerRule().optional()).as((t, rule) ->
                        new Step.Split(label, List.of(new Step.Variant("a", w.get(0), t),
                                new Step.Variant("b", w.get(1), t)), rule))),
                Combinators.combine(channelChoice(), template(), data(), Arbitraries.of(true, false))
                        .as((c, t, d, l) -> new Step.Send(label, c, t, d, l)),
                Combinators.combine(Arbitraries.of(Step.Question.class), attributeName(), channelChoice(), template(),
                        data()).as((q, a, c, t, d) -> new Step.Ask(label, q, q == Step.Question.RECONFIRM ? a : "", c,
                        t, d)),
                Combinators.combine(attributeName(), value()).as((a, v) -> new Step.SetAttribute(label, a, v)),
                attributeName().map(a -> new Step.ClearAttribute(label, a)),
                Combinators.combine(label(), data()).as((a, d) -> new Step.CallAction(label, a, d)),
                target.map(t -> new Step.GoTo(label, t)),
                Arbitraries.just(new Step.End(label)));
    }

    /** A split's winner rule: round and odd confidences, small and large minimums. */
    static Arbitrary<Step.WinnerRule> winnerRule() {
        return Combinators.combine(Arbitraries.oneOf(Arbitraries.of(10, 500, 1_000_000),
                        Arbitraries.integers().between(10, 1_000_000)),
                Arbitraries.oneOf(Arbitraries.of(0.8, 0.9, 0.95, 0.99, 0.995, 0.999),
                        Arbitraries.doubles().between(0.8, 0.9999).ofScale(6)))
                .as(Step.WinnerRule::new);
    }

    /**
     * The steps with the winner rules a program can have: none without a goal, and none on a split
     * sharing a variant name with another split.
     */
    static List<Step> fitWinners(List<Step> steps, boolean goal) {
        List<Step> out = new ArrayList<>();
        for (Step s : steps) {
            if (s instanceof Step.Split split && split.winner().isPresent() && (!goal || steps.stream().anyMatch(o ->
                    o != s && o instanceof Step.Split other && other.variants().stream().anyMatch(v ->
                            split.variants().stream().anyMatch(w -> w.name().equals(v.name())))))) {
                out.add(new Step.Split(split.label(), split.variants()));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    static Arbitrary<List<Step>> steps() {
        return label().list().ofMinSize(1).ofMaxSize(5).uniqueElements().flatMap(labels -> {
            List<Arbitrary<Step>> all = new ArrayList<>();
            labels.forEach(l -> all.add(step(l, labels)));
            return Combinators.combine(all).as(l -> l);
        });
    }

    static Arbitrary<Reentry> reentry() {
        return Arbitraries.oneOf(Arbitraries.of(Reentry.ONCE, Reentry.WHEN_DONE, Reentry.RESTART),
                duration().map(Reentry::oncePer));
    }

    static Arbitrary<Double> controlShare() {
        return Arbitraries.oneOf(Arbitraries.of(0.0, 0.1, 0.05, 0.5, 1.0 / 3, 0.07, 0.29),
                Arbitraries.doubles().between(0, 0.5));
    }

    static Arbitrary<Program> program(String name) {
        Arbitrary<Optional<Condition>> optCondition = condition(true).optional();
        Arbitrary<List<FrequencyCap>> caps = Combinators.combine(Arbitraries.integers().between(1, 10), duration(),
                        waiting())
                .as((m, d, w) -> FrequencyCap.perProgram(name, m, d).deferUpTo(w.apply(d))).list().ofMaxSize(2);
        Arbitrary<Program> head = Combinators.combine(Arbitraries.oneOf(Arbitraries.just(""),
                        Arbitraries.strings().ofMaxLength(10)), trigger(), optCondition, steps(),
                match().list().ofMaxSize(2), optCondition, reentry(), controlShare())
                .as((d, t, a, s, exitOn, exitWhen, r, c) -> new Program(name, d, t, a, fitWinners(s, false), exitOn,
                        exitWhen, r, c, List.of(), 0, Purpose.MARKETING, new TreeSet<>(), false, Optional.empty(),
                        Optional.empty()));
        Arbitrary<Map.Entry<Optional<ConversionGoal>, List<Step>>> goalAndSteps = Combinators.combine(
                Combinators.combine(match(), duration()).as(ConversionGoal::new).optional(), steps()).as(Map::entry);
        return Combinators.combine(head, caps, Arbitraries.integers(), Arbitraries.oneOf(
                                Arbitraries.just(Purpose.MARKETING), shortName().map(Purpose::of)),
                        shortName().map(Category::of).set().ofMaxSize(3), Arbitraries.of(true, false), optCondition,
                        goalAndSteps)
                .as((p, cs, prio, purpose, promotes, offer, rel, gs) -> new Program(p.name(),
                        p.description(), p.trigger(), p.audience(), gs.getKey().isPresent()
                        ? fitWinners(gs.getValue(), true) : p.steps(), p.exitOn(), p.exitWhen(), p.reentry(),
                        p.controlShare(), cs, prio, purpose, new TreeSet<>(promotes), offer, rel, gs.getKey()));
    }

    static Arbitrary<List<Program>> programs() {
        return Arbitraries.oneOf(lowerName(), Arbitraries.of("Abandoned-Cart"))
                .list().ofMinSize(1).ofMaxSize(3).uniqueElements().flatMap(names -> {
                    List<Arbitrary<Program>> all = new ArrayList<>();
                    names.forEach(n -> all.add(program(n)));
                    return Combinators.combine(all).as(l -> l);
                });
    }

    /** How long a capped message may wait, as a share of the cap's period: mostly not at all. */
    static Arbitrary<java.util.function.UnaryOperator<Duration>> waiting() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.just(d -> Duration.ZERO)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(d -> d)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 9).map(k -> d -> d.toMillis() % 10 == 0
                        ? d.dividedBy(10).multipliedBy(k) : d))); // in whole milliseconds, as the language writes them
    }

    static Arbitrary<Policies> policies() {
        Arbitrary<FrequencyCap> cap = Combinators.combine(Arbitraries.integers().between(1, 10), duration(),
                        shortName().map(Channel::of).optional(), waiting())
                .as((m, d, c, w) -> new FrequencyCap(Optional.empty(), c, m, d, w.apply(d)));
        Arbitrary<CategoryExclusion> exclusion = Combinators.combine(shortName().map(Category::of), condition(false))
                .as(CategoryExclusion::new);
        Arbitrary<ZoneId> zone = Arbitraries.of("Europe/Oslo", "UTC", "Z", "+01:00", "Etc/GMT+5",
                "America/Argentina/Buenos_Aires", "America/Port-au-Prince").map(ZoneId::of);
        Arbitrary<Set<Channel>> intimate = shortName().map(Channel::of).set().ofMaxSize(3)
                .map(s -> (Set<Channel>) new LinkedHashSet<>(s));
        return Arbitraries.oneOf(Arbitraries.just(Policies.DEFAULT),
                Combinators.combine(cap.list().ofMaxSize(3), localTime(), localTime(), zone, intimate,
                        exclusion.list().ofMaxSize(2), duration(), zone).as(Policies::new));
    }


}
