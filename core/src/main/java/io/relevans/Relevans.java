package io.relevans;

import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.definition.Definitions;
import io.relevans.definition.Feature;
import io.relevans.definition.InvalidDefinitionException;
import io.relevans.definition.Segment;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import io.relevans.internal.engine.CompiledSegments;
import io.relevans.internal.engine.Verdict;
import io.relevans.internal.feature.FeaturePlan;
import io.relevans.internal.profile.ProfileUpdater;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.CustomerStore;
import io.relevans.spi.FeatureState;
import io.relevans.spi.InMemoryCustomerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: feed it what customers do with {@link #ingest(Event)}; it resolves the customer from any
 * linked identity (merging profiles found to be one), updates the profile and the features the loaded
 * definitions need, evaluates segments with the compiled rules and stores the result. Time comes only
 * from the injected {@link Clock}, so replaying the same events on the same clock gives the same
 * results.
 *
 * <p>Thread-safe. Writes (ingest, re-segmentation of a customer, erase) are applied one at a time
 * in the order callers obtain the engine's write lock; reads do not wait for writes.
 *
 * <pre>{@code
 * Relevans engine = Relevans.builder()
 *         .clock(clock)
 *         .definitions(Definitions.builder().segment(vip).build())
 *         .build();
 * IngestResult r = engine.ingest(EventJson.read(json));
 * }</pre>
 */
public final class Relevans {

    private static final Logger LOG = LoggerFactory.getLogger(Relevans.class);

    private final Clock clock;
    private final CustomerStore store;
    private final ReentrantLock writes = new ReentrantLock();
    private volatile CompiledSegments compiled;

    private Relevans(Builder b) {
        this.clock = b.clock;
        this.store = b.store;
        this.compiled = compile(b.definitions);
    }

    /** Starts configuring an engine. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Applies one event: links identities, updates profile and features, re-evaluates segments, stores
     * the customer. An invalid event was already refused when it was constructed or parsed; if storing
     * fails, the exception reaches the caller and nothing of the event is kept.
     *
     * @return what changed
     */
    public IngestResult ingest(Event event) {
        Objects.requireNonNull(event, "event");
        writes.lock();
        try {
            CompiledSegments c = compiled;
            long now = clock.millis();
            Resolved resolved = resolve(event, c.plan());
            Customer customer = resolved.customer.withIdentity(event.customer());
            for (Identity link : event.links()) {
                customer = customer.withIdentity(link);
            }
            customer = ProfileUpdater.apply(customer, event);
            FeatureState after = c.plan().apply(resolved.features, event, now);
            // "before" is the survivor's own state, so a merge's effect on features is reported too
            double[] old = c.plan().values(resolved.ownFeatures, now);
            double[] fresh = c.plan().values(after, now);
            Set<String> in = c.evaluate(customer, fresh, now);
            store.save(new CustomerRecord(customer, new TreeSet<>(in), after));
            for (CustomerId loser : resolved.merged) {
                store.erase(loser);
            }
            IngestResult result = result(customer.id(), resolved, c.plan(), old, fresh, in, event);
            if (LOG.isDebugEnabled()) {
                LOG.debug("ingested {} for {}: {} feature(s) changed, entered {}, exited {}", event, customer.id(),
                        result.features().size(), result.entered(), result.exited());
            }
            return result;
        } finally {
            writes.unlock();
        }
    }

    private IngestResult result(CustomerId id, Resolved resolved, FeaturePlan plan, double[] old, double[] fresh,
                                Set<String> in, Event event) {
        List<FeatureChange> changes = new ArrayList<>();
        for (int i = 0; i < fresh.length; i++) {
            if (Double.compare(old[i], fresh[i]) != 0) {
                changes.add(new FeatureChange(plan.features().get(i).feature().describe(), optional(old[i]),
                        optional(fresh[i])));
            }
        }
        TreeSet<String> entered = new TreeSet<>(in);
        entered.removeAll(resolved.segments);
        TreeSet<String> exited = new TreeSet<>(resolved.segments);
        exited.removeAll(in);
        List<Event> emitted = new ArrayList<>();
        entered.forEach(s -> emitted.add(segmentEvent(EventType.SEGMENT_ENTERED, s, event.customer(), event.time())));
        exited.forEach(s -> emitted.add(segmentEvent(EventType.SEGMENT_EXITED, s, event.customer(), event.time())));
        return new IngestResult(id, resolved.merged, changes, entered, exited, emitted);
    }

    private static Event segmentEvent(EventType type, String segment, Identity customer, Instant time) {
        return Event.builder(type, customer, time).origin(Origin.SYSTEM).property("segment", segment).build();
    }

    private static OptionalDouble optional(double v) {
        return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** The customer named by the event's identities, with every other profile they link merged in. */
    private Resolved resolve(Event event, FeaturePlan plan) {
        TreeSet<CustomerId> ids = new TreeSet<>();
        store.lookup(event.customer()).ifPresent(ids::add);
        for (Identity link : event.links()) {
            store.lookup(link).ifPresent(ids::add);
        }
        if (ids.isEmpty()) {
            CustomerId id = CustomerId.derivedFrom(event.customer());
            Optional<CustomerRecord> existing = store.load(id);
            if (existing.isEmpty()) {
                return new Resolved(Customer.newCustomer(id, event.customer()), FeatureState.EMPTY, FeatureState.EMPTY,
                        Set.of(), List.of());
            }
            ids.add(id);
        }
        List<CustomerRecord> records = new ArrayList<>();
        for (CustomerId id : ids) {
            records.add(store.load(id).orElseThrow(() -> new IllegalStateException(
                    "customer store indexes an identity for " + id + " but holds no record for it")));
        }
        CustomerRecord survivor = records.get(0);
        Customer customer = survivor.customer();
        FeatureState features = survivor.features();
        Set<String> segments = new TreeSet<>(survivor.segments());
        List<CustomerId> merged = new ArrayList<>();
        for (CustomerRecord other : records.subList(1, records.size())) {
            customer = customer.mergedWith(other.customer(), customer.id());
            features = plan.merge(features, other.features());
            merged.add(other.id());
        }
        if (!merged.isEmpty()) {
            LOG.debug("merged {} profile(s) into {}", merged.size(), customer.id());
        }
        return new Resolved(customer, features, survivor.features(), segments, merged);
    }

    private record Resolved(Customer customer, FeatureState features, FeatureState ownFeatures, Set<String> segments,
                            List<CustomerId> merged) {
    }

    /**
     * Re-evaluates every stored customer's segments at the clock's current moment: windows slide and
     * attributes age without new events. Memberships that changed are stored.
     *
     * @param changes receives a {@code segment_entered} or {@code segment_exited} event per change
     * @return counts per segment
     */
    public ResegmentationReport resegment(Consumer<Event> changes) {
        Objects.requireNonNull(changes, "changes");
        long started = System.nanoTime();
        CompiledSegments c = compiled;
        long now = clock.millis();
        Instant at = Instant.ofEpochMilli(now);
        List<CustomerId> ids = new ArrayList<>();
        store.forEach(r -> ids.add(r.id()));
        long changed = 0;
        TreeMap<String, Long> entered = new TreeMap<>();
        TreeMap<String, Long> exited = new TreeMap<>();
        TreeMap<String, Long> sizes = new TreeMap<>();
        c.order().forEach(s -> sizes.put(s.name(), 0L));
        for (CustomerId id : ids) {
            writes.lock();
            try {
                Optional<CustomerRecord> loaded = store.load(id);
                if (loaded.isEmpty()) {
                    continue; // erased meanwhile
                }
                CustomerRecord r = loaded.get();
                FeatureState features = c.plan().prune(r.features(), now);
                Set<String> in = c.evaluate(r.customer(), c.plan().values(features, now), now);
                in.forEach(s -> sizes.merge(s, 1L, Long::sum));
                if (!in.equals(r.segments()) || features != r.features()) {
                    store.save(new CustomerRecord(r.customer(), new TreeSet<>(in), features));
                }
                if (!in.equals(r.segments())) {
                    changed++;
                    Identity who = r.customer().identities().first();
                    for (String s : in) {
                        if (!r.segments().contains(s)) {
                            entered.merge(s, 1L, Long::sum);
                            changes.accept(segmentEvent(EventType.SEGMENT_ENTERED, s, who, at));
                        }
                    }
                    for (String s : r.segments()) {
                        if (!in.contains(s)) {
                            exited.merge(s, 1L, Long::sum);
                            changes.accept(segmentEvent(EventType.SEGMENT_EXITED, s, who, at));
                        }
                    }
                }
            } finally {
                writes.unlock();
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("re-segmented {} customers at {}: {} changed membership in {} ms", ids.size(), at, changed,
                elapsed.toMillis());
        return new ResegmentationReport(ids.size(), changed, entered, exited, sizes, elapsed);
    }

    /** {@link #resegment(Consumer)} without listening to the changes. */
    public ResegmentationReport resegment() {
        return resegment(e -> { });
    }

    /**
     * Explains whether the customer is in the segment at the clock's current moment, condition by
     * condition, with the values seen.
     *
     * @throws NoSuchElementException   when no customer has the id
     * @throws IllegalArgumentException when no loaded segment has the name
     */
    public Explanation explain(CustomerId id, String segment) {
        CompiledSegments c = compiled;
        Segment s = c.segment(segment);
        if (s == null) {
            throw new IllegalArgumentException("unknown segment '" + segment + "'; loaded segments: "
                    + c.order().stream().map(Segment::name).sorted().toList());
        }
        CustomerRecord r = store.load(id).orElseThrow(() -> new NoSuchElementException("no customer " + id));
        long now = clock.millis();
        double[] values = c.plan().values(r.features(), now);
        Set<String> in = c.evaluate(r.customer(), values, now);
        return new Explanation(id, segment, in.contains(segment), Instant.ofEpochMilli(now),
                step(c.explain(s, r.customer(), values, now, in)));
    }

    private static Explanation.Step step(Verdict v) {
        return new Explanation.Step(v.condition(), v.held(), v.seen(), v.parts().stream().map(Relevans::step).toList());
    }

    /** The customer with the id as the engine sees them now, if stored. */
    public Optional<CustomerView> customer(CustomerId id) {
        return store.load(id).map(this::view);
    }

    /** The customer linked to the identity as the engine sees them now, if any. */
    public Optional<CustomerView> customer(Identity identity) {
        return store.lookup(identity).flatMap(this::customer);
    }

    private CustomerView view(CustomerRecord r) {
        CompiledSegments c = compiled;
        long now = clock.millis();
        double[] values = c.plan().values(r.features(), now);
        SortedMap<String, Double> features = new TreeMap<>();
        List<Feature> defs = c.plan().definitions();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i])) {
                features.put(defs.get(i).describe(), values[i]);
            }
        }
        return new CustomerView(r.customer(), new TreeSet<>(c.evaluate(r.customer(), values, now)), features,
                Instant.ofEpochMilli(now));
    }

    /**
     * Replaces the definitions. The new ones are checked and compiled first; when they are invalid the
     * old ones stay loaded. Features that the old definitions also had keep their state; new features
     * start from the events that arrive from now on. Memberships are brought up to date by the next
     * ingest or {@link #resegment()}.
     *
     * @throws InvalidDefinitionException listing every problem
     */
    public void load(Definitions definitions) {
        CompiledSegments next = compile(definitions);
        compiled = next;
    }

    /** The loaded definitions. */
    public Definitions definitions() {
        return compiled.definitions();
    }

    /** The DRL the loaded definitions compiled to: numbers only, never text from the definitions. */
    public String compiledRules() {
        return compiled.drl();
    }

    /**
     * Erases a customer from the store (GDPR): profile, identities, features and memberships.
     *
     * @return whether there was such a customer
     */
    public boolean erase(CustomerId id) {
        writes.lock();
        try {
            boolean erased = store.erase(id);
            LOG.info("erase of {}: {}", id, erased ? "done" : "no such customer");
            return erased;
        } finally {
            writes.unlock();
        }
    }

    private static CompiledSegments compile(Definitions definitions) {
        long started = System.nanoTime();
        CompiledSegments c = CompiledSegments.compile(definitions);
        LOG.info("loaded {} segment(s) using {} feature(s) as {} rule(s) in {} ms", c.order().size(),
                c.plan().features().size(), c.ruleCount(), (System.nanoTime() - started) / 1_000_000);
        return c;
    }

    /** Configures a {@link Relevans} engine; every setter validates at once and may be called once. */
    public static final class Builder {
        private Clock clock;
        private CustomerStore store;
        private Definitions definitions;

        private Builder() {
        }

        /**
         * The clock the engine reads time from; the system clock in UTC by default.
         *
         * @throws IllegalStateException when already set
         */
        public Builder clock(Clock clock) {
            requireUnset(this.clock, "clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where customer records are kept; an {@link InMemoryCustomerStore} by default.
         *
         * @throws IllegalStateException when already set
         */
        public Builder store(CustomerStore store) {
            requireUnset(this.store, "store");
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * The definitions to evaluate; none by default.
         *
         * @throws IllegalStateException when already set
         */
        public Builder definitions(Definitions definitions) {
            requireUnset(this.definitions, "definitions");
            this.definitions = Objects.requireNonNull(definitions, "definitions");
            return this;
        }

        private static void requireUnset(Object current, String what) {
            if (current != null) {
                throw new IllegalStateException(what + " was already set to " + current);
            }
        }

        /**
         * Compiles the definitions and builds the engine.
         *
         * @throws InvalidDefinitionException when the definitions are invalid
         */
        public Relevans build() {
            if (clock == null) {
                clock = Clock.systemUTC();
            }
            if (store == null) {
                store = new InMemoryCustomerStore();
            }
            if (definitions == null) {
                definitions = Definitions.EMPTY;
            }
            return new Relevans(this);
        }
    }
}
