package io.relevans.benchmarks.baseline;

import io.relevans.benchmarks.workload.Catalogue;
import io.relevans.benchmarks.workload.SegmentSpec;
import io.relevans.benchmarks.workload.Workload;
import io.relevans.customer.Category;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.definition.Feature;
import io.relevans.definition.PriceRange;
import io.relevans.event.Event;
import io.relevans.internal.feature.FeaturePlan;
import io.relevans.internal.profile.ProfileUpdater;
import io.relevans.spi.FeatureState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The part the hand-written and Easy Rules baselines share with the engine: per customer the profile
 * and the engine's own feature state ({@link FeaturePlan}, the same encoded bytes the engine stores),
 * updated per event. Subclasses only decide the segments from the feature values.
 */
abstract class FeatureStateEvaluator implements SegmentEvaluator {

    /** One customer's state (subclasses keep more per customer: {@link #newState}). */
    static class State {
        Customer customer;
        FeatureState features = FeatureState.EMPTY;
        boolean[] in;

        State(Customer customer, int segments) {
            this.customer = customer;
            this.in = new boolean[segments];
        }
    }

    final Workload workload;
    final Clock clock;
    final List<SegmentSpec> specs;
    final FeaturePlan plan;
    final String[] names;
    private final ConcurrentHashMap<Identity, State> states = new ConcurrentHashMap<>();

    FeatureStateEvaluator(Workload workload, Clock clock, int segments) {
        this(workload, clock, segments, List.of());
    }

    /** An evaluator whose feature state keeps {@code others} too (features that programs read). */
    FeatureStateEvaluator(Workload workload, Clock clock, int segments, List<Feature> others) {
        this.workload = workload;
        this.clock = clock;
        this.specs = workload.specs().subList(0, segments);
        this.plan = planOf(specs, others);
        this.names = specs.stream().map(SegmentSpec::name).toArray(String[]::new);
    }

    /** The feature plan of the segments, as the engine would compile it. */
    static FeaturePlan planOf(List<SegmentSpec> specs) {
        return planOf(specs, List.of());
    }

    /** The plan of the specs' features (in their order, first) and the others given (after them). */
    static FeaturePlan planOf(List<SegmentSpec> specs, List<Feature> others) {
        Set<Feature> features = new LinkedHashSet<>();
        for (SegmentSpec s : specs) {
            if (s.feature() != null) {
                features.add(s.feature());
            }
        }
        Map<Category, PriceRange> ranges = new HashMap<>();
        for (String c : Catalogue.CATEGORIES) {
            ranges.put(Category.of(c), new PriceRange(Category.of(c), Catalogue.minPrice(c), Catalogue.maxPrice(c)));
        }
        features.addAll(others);
        return FeaturePlan.compile(new ArrayList<>(features), ranges);
    }

    /** Sets {@code in} to the segments the customer is in; returns how many. */
    abstract int evaluate(Customer customer, double[] values, long now, boolean[] in);

    /** A new customer's state. */
    State newState(Customer customer) {
        return new State(customer, names.length);
    }

    /**
     * What an event does beyond the segments, once they are evaluated into {@code s.in} ({@code s.customer}
     * and {@code s.features} are the event's): nothing by default; returns the customer's number of segments.
     */
    int ingested(State s, Event event, long now, double[] values, int members) {
        return members;
    }

    /** Before the segments are evaluated for an event ({@code s.in} holds the memberships before it). */
    void evaluating(State s) {
    }

    @Override
    public void preload(int from, int to) {
        long now = clock.millis();
        for (int i = from; i < to; i++) {
            Identity who = workload.identity(i);
            State s = newState(Customer.newCustomer(CustomerId.derivedFrom(who), who));
            List<Event> history = workload.history(i);
            for (Event e : history) {
                s.customer = ProfileUpdater.apply(s.customer, e);
            }
            s.features = plan.applyAll(s.features, history, now);
            evaluate(s.customer, plan.values(s.features, now), now, s.in);
            states.put(who, s);
        }
    }

    @Override
    public int ingest(Event event) {
        long now = clock.millis();
        State s = states.get(event.customer());
        if (s == null) {
            Identity who = event.customer();
            s = newState(Customer.newCustomer(CustomerId.derivedFrom(who), who));
            states.put(who, s);
        }
        s.customer = ProfileUpdater.apply(s.customer, event);
        FeaturePlan.Update update = plan.update(s.features, event, now); // one decode, as the engine does
        s.features = update.state();
        evaluating(s);
        int members = evaluate(s.customer, update.after(), now, s.in);
        return ingested(s, event, now, update.after(), members);
    }

    /** A customer's state, or null. */
    State state(Identity customer) {
        return states.get(customer);
    }

    @Override
    public SortedSet<String> memberships(Identity customer) {
        State s = states.get(customer);
        TreeSet<String> out = new TreeSet<>();
        if (s != null) {
            for (int i = 0; i < names.length; i++) {
                if (s.in[i]) {
                    out.add(names[i]);
                }
            }
        }
        return out;
    }

    @Override
    public long resegment() {
        long now = clock.millis();
        return states.values().parallelStream().mapToLong(s -> {
            s.features = plan.prune(s.features, now);
            return evaluate(s.customer, plan.values(s.features, now), now, s.in);
        }).sum();
    }
}
