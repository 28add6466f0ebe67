package io.relevans.benchmarks.baseline;

import io.relevans.Relevans;
import io.relevans.benchmarks.workload.BenchmarkPrograms;
import io.relevans.benchmarks.workload.Workload;
import io.relevans.customer.Channel;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.definition.Definitions;
import io.relevans.event.Event;
import io.relevans.internal.engine.CompiledSegments;
import io.relevans.internal.feature.FeaturePlan;
import io.relevans.internal.program.CompiledPrograms;
import io.relevans.internal.profile.ProfileUpdater;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.EngineObserver;
import io.relevans.spi.FeatureState;
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.InMemoryTimerStore;
import io.relevans.spi.TimerStore;
import java.time.Clock;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The engine under test: {@link Relevans} with the in-memory stores, the workload's segments (and, for
 * {@link Baseline#RELEVANS_PROGRAMS}, its 30 programs with an e-mail and an SMS channel).
 */
public final class RelevansEvaluator implements SegmentEvaluator {

    private final Workload workload;
    private final Clock clock;
    private final InMemoryCustomerStore store = new InMemoryCustomerStore();
    private final Relevans engine;
    private final FeaturePlan plan;
    private final long fingerprint;
    private final HandWrittenEvaluator initial;

    RelevansEvaluator(Workload workload, Clock clock, int segments, boolean programs, EngineObserver observer) {
        this(workload, clock, segments, programs ? workload.definitions() : workload.segmentsOnly(segments),
                new InMemoryTimerStore(), observer);
    }

    /**
     * The engine with its timer store and other definitions over the workload's first {@code segments} segments (the
     * definitions must contain them; preloaded memberships are of those segments).
     */
    public RelevansEvaluator(Workload workload, Clock clock, int segments, Definitions definitions, TimerStore timers) {
        this(workload, clock, segments, definitions, timers, EngineObserver.disabled());
    }

    /** The engine above, telling the observer what it does ({@link EngineObserver#disabled()}: nothing). */
    public RelevansEvaluator(Workload workload, Clock clock, int segments, Definitions definitions, TimerStore timers,
                             EngineObserver observer) {
        this.workload = workload;
        this.clock = clock;
        this.engine = Relevans.builder().clock(clock).store(store).timers(timers).definitions(definitions)
                .observer(observer).templates(BenchmarkPrograms.templates())
                .channel(new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL))
                .channel(new InMemoryChannel(Channel.SMS, IdentityType.PHONE))
                .build();
        // the same features the engine keeps (state is keyed by feature, so the plan's order does not matter):
        // those the programs' conditions and guards read too, and with prediction features in the definitions,
        // the purchase summaries
        CompiledPrograms programs = new CompiledPrograms(definitions);
        CompiledSegments compiled = CompiledSegments.compile(definitions, programs.hidden(), programs.features());
        this.plan = FeatureStateEvaluator.planOf(workload.specs().subList(0, segments), compiled.plan().definitions());
        this.fingerprint = compiled.fingerprint();
        this.initial = new HandWrittenEvaluator(workload, clock, segments);
    }

    /** The engine. */
    public Relevans engine() {
        return engine;
    }

    /** The store. */
    public InMemoryCustomerStore store() {
        return store;
    }

    /**
     * Stores each customer's record as the engine would have after ingesting the history: profile,
     * feature state, and the memberships (taken from the hand-written evaluator, which the agreement
     * test checks against the engine), the state stamped as evaluated now.
     */
    @Override
    public void preload(int from, int to) {
        long now = clock.millis();
        boolean[] in = new boolean[initial.names.length];
        for (int i = from; i < to; i++) {
            Identity who = workload.identity(i);
            Customer customer = Customer.newCustomer(CustomerId.derivedFrom(who), who);
            List<Event> history = workload.history(i);
            for (Event e : history) {
                customer = ProfileUpdater.apply(customer, e);
            }
            FeatureState features = plan.refresh(plan.applyAll(FeatureState.EMPTY, history, now), now, fingerprint)
                    .state();
            initial.evaluate(customer, plan.values(features, now), now, in);
            TreeSet<String> segments = new TreeSet<>();
            for (int s = 0; s < in.length; s++) {
                if (in[s]) {
                    segments.add(initial.names[s]);
                }
            }
            store.save(new CustomerRecord(customer, segments, features));
        }
    }

    @Override
    public int ingest(Event event) {
        return engine.ingest(event).segments().size();
    }

    @Override
    public SortedSet<String> memberships(Identity customer) {
        return store.lookup(customer).flatMap(store::load).map(CustomerRecord::segments).orElse(new TreeSet<>());
    }

    @Override
    public long resegment() {
        return engine.resegment().sizes().values().stream().mapToLong(Long::longValue).sum();
    }
}
