package io.relevans;

import io.relevans.customer.Channel;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.definition.Definitions;
import io.relevans.definition.Feature;
import io.relevans.definition.InvalidDefinitionException;
import io.relevans.definition.Program;
import io.relevans.definition.Segment;
import io.relevans.definition.Step;
import io.relevans.definition.Trigger;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import io.relevans.internal.engine.Baseline;
import io.relevans.internal.engine.CompiledSegments;
import io.relevans.internal.engine.NamedCondition;
import io.relevans.internal.engine.Suggestions;
import io.relevans.internal.engine.Verdict;
import io.relevans.internal.feature.FeaturePlan;
import io.relevans.internal.profile.ProfileUpdater;
import io.relevans.internal.program.CompiledPrograms;
import io.relevans.internal.program.CustomerLocks;
import io.relevans.internal.program.Dispatcher;
import io.relevans.internal.program.ProgramRunner;
import io.relevans.internal.program.Round;
import io.relevans.spi.ActionAdapter;
import io.relevans.spi.ChannelAdapter;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.CustomerStore;
import io.relevans.spi.FeatureState;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.InMemoryOutbox;
import io.relevans.spi.InMemoryTimerStore;
import io.relevans.spi.Message;
import io.relevans.spi.Outbox;
import io.relevans.spi.SimpleTemplates;
import io.relevans.spi.TemplateRenderer;
import io.relevans.spi.Timer;
import io.relevans.spi.TimerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: feed it what customers do with {@link #ingest(Event)}; it resolves the customer from any
 * linked identity (merging profiles found to be one), updates the profile and the features the loaded
 * definitions need, evaluates segments and program conditions with the compiled rules, runs the
 * programs the event triggers through the guards, and stores the result: the customer, the waiting
 * programs as timers, and the decided messages in the outbox. {@link #tick()} fires due timers and
 * hands due messages to the channels. Time comes only from the injected {@link Clock}, so replaying
 * the same events on the same clock gives the same results.
 *
 * <p>Thread-safe. Writes to one customer (ingest, timers, re-segmentation of the customer, erase) are
 * applied one at a time in the order callers obtain the customer's write lock, so the events of one
 * customer are applied in the order their {@code ingest} calls obtain it; writes to other customers run
 * in parallel (the locks are striped by customer id; an event that merges profiles holds the locks of
 * all of them); reads do not wait for writes. Each write stores
 * the customer record last, as its commit point, and an event delivered again is recognised: after a
 * crash, a new engine on the same stores and the event delivered again lose and repeat nothing, except
 * that a message a channel accepted just before the crash is sent again with the same id, and actions
 * may be called again (at least once).
 *
 * <pre>{@code
 * Relevans engine = Relevans.builder()
 *         .clock(clock)
 *         .definitions(definitions)
 *         .channel(smtpChannel)
 *         .build();
 * IngestResult r = engine.ingest(EventJson.read(json));
 * engine.tick(); // from a scheduler, every minute or so
 * }</pre>
 */
public final class Relevans {

    private static final Logger LOG = LoggerFactory.getLogger(Relevans.class);
    private static final int BATCH = 1_000;
    private static final int MAX_SETTLE_PASSES = 5;
    /** Write locks: enough stripes that two threads rarely wait on each other for different customers. */
    private static final int LOCK_STRIPES = 1024;

    private final Clock clock;
    private final CustomerStore store;
    private final TimerStore timers;
    private final Outbox outbox;
    private final Map<Channel, ChannelAdapter> channels;
    private final TemplateRenderer templates;
    private final ActionAdapter actions;
    private final Dispatcher dispatcher;
    private final CustomerLocks locks = new CustomerLocks(LOCK_STRIPES);
    /** Taken before a customer's lock by re-segmentation only: its changes are applied one at a time. */
    private final ReentrantLock resegmenting = new ReentrantLock();
    private volatile Loaded loaded;
    private Instant scheduleCursor;

    /** The compiled definitions, swapped as a whole on reload. */
    private record Loaded(CompiledSegments segments, CompiledPrograms programs, ProgramRunner runner) {
    }

    private Relevans(Builder b) {
        this.clock = b.clock;
        this.store = b.store;
        this.timers = b.timers;
        this.outbox = b.outbox;
        this.channels = Map.copyOf(b.channels);
        this.templates = b.templates;
        this.actions = b.actions;
        this.dispatcher = new Dispatcher(outbox, channels, templates, store, clock, b.retry, locks);
        this.loaded = compile(b.definitions);
        this.scheduleCursor = clock.instant();
    }

    /** Starts configuring an engine. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Applies one event: links identities, updates profile and features, re-evaluates segments, runs
     * the programs it concerns and stores the outcome. An invalid event was already refused when it was
     * constructed or parsed; if storing fails, the exception reaches the caller.
     *
     * <p>Events of one customer are applied in the order their {@code ingest} calls obtain the customer's
     * write lock. The customer record is saved last, as the commit point: timers and messages are
     * stored (idempotently) before it, so a crash in between loses nothing when the event is delivered
     * again. An event whose id is among the last {@link CustomerRecord#RECENT_EVENTS} applied to the
     * customer is recognised as delivered again and changes nothing: the result is empty.
     *
     * @return what changed
     */
    public IngestResult ingest(Event event) {
        Objects.requireNonNull(event, "event");
        while (true) {
            Set<CustomerId> involved = involved(event);
            try (CustomerLocks.Held held = locks.lockAll(involved)) {
                if (involved(event).stream().allMatch(held::covers)) {
                    return ingestLocked(event);
                }
            } // a profile of the event's identities was merged, created or erased meanwhile: lock again
        }
    }

    /**
     * Per identity of the event, the stored customer that has it, or for an identity no customer has,
     * the id a new customer of it gets: whoever attaches that identity to a customer holds its stripe.
     */
    private Set<CustomerId> involved(Event event) {
        if (event.links().isEmpty()) {
            Optional<CustomerId> known = store.lookup(event.customer());
            return Set.of(known.isPresent() ? known.get() : CustomerId.derivedFrom(event.customer()));
        }
        Set<CustomerId> ids = new java.util.HashSet<>();
        involve(event.customer(), ids);
        event.links().forEach(link -> involve(link, ids));
        return ids;
    }

    private void involve(Identity identity, Set<CustomerId> ids) {
        Optional<CustomerId> known = store.lookup(identity);
        ids.add(known.isPresent() ? known.get() : CustomerId.derivedFrom(identity));
    }

    private IngestResult ingestLocked(Event event) {
        Loaded l = loaded;
        FeaturePlan plan = l.segments().plan();
        long now = clock.millis();
        Resolved resolved = resolve(event, plan);
        if (resolved.recent.contains(event.id())) {
            LOG.debug("event {} was already applied to {}: delivered again, ignored", event.id(),
                    resolved.customer.id());
            eraseMergedAway(resolved.customer);
            return new IngestResult(resolved.customer.id(), List.of(), List.of(), new TreeSet<>(resolved.segments),
                    new TreeSet<>(), new TreeSet<>(), List.of());
        }
        Customer customer = resolved.customer.withIdentity(event.customer());
        for (Identity link : event.links()) {
            customer = customer.withIdentity(link);
        }
        customer = ProfileUpdater.apply(customer, event);
        // "before" is the survivor's own state, so a merge's effect on features is reported too
        FeaturePlan.Update update = plan.update(resolved.features, event, now, l.segments().fingerprint());
        FeatureState after = update.state(); // stamped: the memberships saved with it are evaluated now
        double[] old = resolved.merged.isEmpty() ? update.before() : plan.values(resolved.ownFeatures, now);
        double[] fresh = update.after();
        // the stored memberships were evaluated from the stored profile and state at the stamp's moment
        Baseline baseline = resolved.merged.isEmpty() && update.baseline() != null
                ? new Baseline(resolved.customer, update.baseline(), update.stamp().at()) : null;

        Round r = round(l, now, customer, fresh, resolved.starts, resolved.segments,
                notFrom(timers.of(customer.id()), event, now), baseline);
        r.causedBy("event " + event.id());
        l.runner().observe(r, event);
        Set<String> verdicts = r.verdicts();
        SortedSet<String> in;
        SortedSet<String> entered;
        SortedSet<String> exited;
        if (CompiledSegments.keepsPrevious(verdicts) && resolved.segments instanceof SortedSet<String> stored) {
            in = stored; // nothing entered or left: the stored set as it is
            entered = new TreeSet<>();
            exited = new TreeSet<>();
        } else {
            in = segments(verdicts);
            entered = difference(in, resolved.segments);
            exited = difference(resolved.segments, in);
        }
        List<Message> history = outbox.of(customer.id());
        List<Message> outcomes = l.runner().outcomes(event, history);
        l.runner().trigger(r, event, entered, exited);
        settle(l, r, in, verdicts, event.customer(), event.time());
        l.runner().decide(r, history);
        SortedSet<String> finalSegments = in;
        if (r.verdicts() != verdicts) { // programs changed the profile: memberships again
            finalSegments = segments(r.verdicts());
            entered = difference(finalSegments, resolved.segments);
            exited = difference(resolved.segments, finalSegments);
        }

        // the record is the commit point: what it decided is stored first, idempotently
        for (CustomerId loser : resolved.merged) {
            for (Message m : outbox.of(loser)) { // the merged profile's messages are the survivor's now
                outbox.update(m.forCustomer(r.customer().id()));
            }
            timers.eraseCustomer(loser);
        }
        persist(r);
        outcomes.forEach(outbox::update);
        if (!resolved.customer.consents().equals(r.customer().consents())) {
            holdBackWithdrawn(r.customer());
        }
        List<String> applied = new ArrayList<>(resolved.recent);
        applied.add(event.id());
        CustomerRecord saved = new CustomerRecord(r.customer(), finalSegments, after, r.starts(), applied);
        store.save(saved);
        for (CustomerId loser : resolved.merged) {
            store.erase(loser);
        }
        IngestResult result = result(customer.id(), resolved, plan, old, fresh, saved.segments(), entered, exited,
                event);
        if (LOG.isDebugEnabled()) {
            LOG.debug("ingested {} for {}: {} feature(s) changed, entered {}, exited {}, {} message(s) decided",
                    event, customer.id(), result.features().size(), entered, exited, r.messages().size());
        }
        return result;
    }

    /**
     * Finishes a merge that a crash interrupted after the surviving record was saved: a merged-away
     * record (its id derives from an identity that now is the survivor's, and none of its identities
     * leads to it any more) is erased.
     */
    private void eraseMergedAway(Customer survivor) {
        for (Identity i : survivor.identities()) {
            CustomerId id = CustomerId.derivedFrom(i);
            if (id.equals(survivor.id())) {
                continue;
            }
            try (CustomerLocks.Held held = locks.tryLock(id)) {
                if (held == null) {
                    continue; // busy (taking it could deadlock): the next delivery again finishes the merge
                }
                Optional<CustomerRecord> other = store.load(id);
                if (other.isPresent() && other.get().customer().identities().stream()
                        .noneMatch(o -> store.lookup(o).map(id::equals).orElse(false))) {
                    LOG.info("erasing {}, merged into {} by an interrupted ingest", id, survivor.id());
                    timers.eraseCustomer(id);
                    store.erase(id);
                }
            }
        }
    }

    private Round round(Loaded l, long now, CustomerRecord rec, double[] features) {
        return round(l, now, rec.customer(), features, rec.starts(), rec.segments(), timers.of(rec.id()), null);
    }

    /**
     * A round whose segments are evaluated from the memberships the customer had ({@code previous}),
     * and, when a baseline says what those were evaluated from, only where something they test changed.
     */
    private Round round(Loaded l, long now, Customer customer, double[] features, Map<String, Instant> starts,
                        Set<String> previous, List<Timer> waiting, Baseline baseline) {
        return new Round(now, customer, features, waiting, starts, rr -> l.segments().evaluate(rr.customer(),
                rr.features(), now, rr.sinceKeys(l.programs()), previous, baseline));
    }

    /**
     * The timers without those an interrupted earlier attempt at ingesting the same event stored before
     * it could commit the customer record: timers triggered by the event itself, or by a segment change
     * it caused (a system event of the customer at the event's time) when started at this very moment.
     * Applying the event again then starts those journeys again, identically, steps included.
     */
    private static List<Timer> notFrom(List<Timer> waiting, Event event, long now) {
        List<Timer> out = new ArrayList<>(waiting.size());
        for (Timer t : waiting) {
            Event trigger = t.trigger();
            boolean fromSegmentChange = trigger.origin() == Origin.SYSTEM && t.started().toEpochMilli() == now
                    && trigger.time().equals(event.time()) && trigger.customer().equals(event.customer())
                    && (trigger.type().equals(EventType.SEGMENT_ENTERED) || trigger.type().equals(EventType.SEGMENT_EXITED));
            if (!trigger.id().equals(event.id()) && !fromSegmentChange) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * Stores what a round decided: messages, new timers, then cancellations (until a journey's timer is
     * gone, a crash lets the round be redone with it, exit records included); then calls the actions.
     */
    private void persist(Round r) {
        persist(r, null);
    }

    /** {@link #persist(Round)} but for the timer with the key, if any, which the caller stores itself. */
    private void persist(Round r, Timer.Key skip) {
        r.messages().forEach(outbox::add);
        r.timersToSchedule().stream().filter(t -> !t.key().equals(skip)).forEach(timers::schedule);
        r.timersToCancel().stream().filter(k -> !k.equals(skip)).forEach(timers::cancel);
        for (Round.ActionCall call : r.actions()) {
            if (actions == null) {
                LOG.warn("program {} calls action {} but no action adapter is configured", call.program(), call.action());
                continue;
            }
            try {
                actions.call(call.action(), r.customer().id(), call.data());
            } catch (RuntimeException e) {
                LOG.warn("action {} of program {} failed for {}: {}", call.action(), call.program(), r.customer().id(),
                        e.toString());
            }
        }
    }

    /** S24: messages not yet delivered whose consent was withdrawn are suppressed, not sent later. */
    private void holdBackWithdrawn(Customer customer) {
        for (Message m : outbox.of(customer.id())) {
            if ((m.status() == Message.Status.PENDING || m.status() == Message.Status.RETRYING)
                    && m.channel().isPresent() && !customer.hasConsent(m.channel().get(), m.purpose())) {
                outbox.update(m.with(Message.Status.SUPPRESSED, "no consent for " + m.purpose() + " on "
                        + m.channel().get() + ": withdrawn before delivery", m.attempts(), m.nextAttempt()));
            }
        }
    }

    private static TreeSet<String> segments(Set<String> verdicts) {
        TreeSet<String> out = new TreeSet<>(verdicts); // one pass without comparisons: verdicts come sorted
        out.removeIf(NamedCondition::isHidden);
        return out;
    }

    private IngestResult result(CustomerId id, Resolved resolved, FeaturePlan plan, double[] old, double[] fresh,
                                SortedSet<String> segments, SortedSet<String> entered, SortedSet<String> exited,
                                Event event) {
        List<FeatureChange> changes = new ArrayList<>();
        for (int i = 0; i < fresh.length; i++) {
            if (Double.compare(old[i], fresh[i]) != 0) {
                changes.add(new FeatureChange(plan.features().get(i).description(), optional(old[i]),
                        optional(fresh[i])));
            }
        }
        List<Event> emitted = new ArrayList<>();
        entered.forEach(s -> emitted.add(segmentEvent(EventType.SEGMENT_ENTERED, s, event.customer(), event.time())));
        exited.forEach(s -> emitted.add(segmentEvent(EventType.SEGMENT_EXITED, s, event.customer(), event.time())));
        return new IngestResult(id, resolved.merged, changes, segments, entered, exited, emitted); // it copies
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
                        Set.of(), List.of(), Map.of(), List.of());
            }
            ids.add(id);
        }
        List<CustomerRecord> records = new ArrayList<>();
        for (CustomerId id : ids) {
            records.add(store.load(id).orElseThrow(() -> new IllegalStateException(
                    "customer store indexes an identity for " + id + " but holds no record for it")));
        }
        CustomerRecord survivor = records.get(0);
        if (records.size() == 1) { // nothing to merge: the record's own (immutable) parts
            return new Resolved(survivor.customer(), survivor.features(), survivor.features(), survivor.segments(),
                    List.of(), survivor.starts(), survivor.recentEvents());
        }
        Customer customer = survivor.customer();
        FeatureState features = survivor.features();
        TreeMap<String, Instant> starts = new TreeMap<>(survivor.starts());
        List<CustomerId> merged = new ArrayList<>();
        List<String> recent = new ArrayList<>(survivor.recentEvents());
        for (CustomerRecord other : records.subList(1, records.size())) {
            customer = customer.mergedWith(other.customer(), customer.id());
            features = plan.merge(features, other.features());
            other.starts().forEach((p, t) -> starts.merge(p, t, (a, b) -> a.isAfter(b) ? a : b));
            merged.add(other.id());
            recent.addAll(other.recentEvents());
        }
        if (!merged.isEmpty()) {
            LOG.debug("merged {} profile(s) into {}", merged.size(), customer.id());
        }
        return new Resolved(customer, features, survivor.features(), survivor.segments(), merged, starts, recent);
    }

    private record Resolved(Customer customer, FeatureState features, FeatureState ownFeatures, Set<String> segments,
                            List<CustomerId> merged, Map<String, Instant> starts, List<String> recent) {
    }

    /**
     * Does what is due at the clock's current moment: starts scheduled programs, fires due timers
     * (waits that ended, inactivity and anniversary triggers), then hands due messages to the channels.
     * Call it regularly, from a scheduler or a simulation loop; concurrent calls run one after the other.
     */
    public synchronized TickReport tick() {
        Loaded l = loaded;
        Instant now = clock.instant();
        int scheduled = runSchedules(l, now);
        int fired = 0;
        while (true) {
            List<Timer> due = timers.due(now, BATCH);
            if (due.isEmpty()) {
                break;
            }
            for (Timer t : due) {
                fire(l, t);
                fired++;
            }
        }
        return new TickReport(fired, scheduled, dispatcher.dispatch(Integer.MAX_VALUE));
    }

    private void fire(Loaded l, Timer timer) {
        try (CustomerLocks.Held held = locks.lock(timer.customer())) {
            Optional<CustomerRecord> record = store.load(timer.customer());
            if (record.isEmpty()) {
                timers.cancel(timer.key());
                return;
            }
            CustomerRecord rec = record.get();
            onCustomer(l, rec, timer.key(), r -> l.runner().fire(r, timer));
        }
    }

    /**
     * Runs program logic for a stored customer outside an event, starts the programs that the
     * membership changes since the stored record trigger (time passed, or a step changed the profile),
     * then stores the outcome.
     *
     * @return the segments the customer is in now
     */
    private TreeSet<String> onCustomer(Loaded l, CustomerRecord rec, Consumer<Round> work) {
        return onCustomer(l, rec, null, work);
    }

    /**
     * {@link #onCustomer(Loaded, CustomerRecord, Consumer)} for a due timer, whose own change (moved on,
     * or ended) is stored last, after the record: until then a crash leaves it due, to fire again.
     */
    private TreeSet<String> onCustomer(Loaded l, CustomerRecord rec, Timer.Key fired, Consumer<Round> work) {
        long now = clock.millis();
        FeaturePlan plan = l.segments().plan();
        // stamped: the memberships saved with it are evaluated now
        FeaturePlan.Update refreshed = plan.refresh(rec.features(), now, l.segments().fingerprint());
        FeatureState features = refreshed.state();
        Round r = round(l, now, rec, refreshed.after());
        work.accept(r);
        settle(l, r, rec.segments(), rec.customer().identities().first(), r.at());
        l.runner().decide(r, outbox.of(rec.id()));
        TreeSet<String> in = segments(r.verdicts());
        persist(r, fired);
        store.save(new CustomerRecord(r.customer(), in, features, r.starts(), rec.recentEvents()));
        if (fired != null) {
            if (r.timersToCancel().contains(fired)) {
                timers.cancel(fired);
            }
            r.timersToSchedule().stream().filter(t -> t.key().equals(fired)).forEach(timers::schedule);
        }
        return in;
    }

    /**
     * Starts the programs triggered by segment changes the round has not acted on yet: from
     * {@code known}, memberships may have changed with time or because program steps changed the
     * profile (a set attribute). Repeats while triggered programs change memberships again, a few
     * times at most.
     */
    private static void settle(Loaded l, Round r, Set<String> known, Identity who, Instant at) {
        settle(l, r, known, null, who, at);
    }

    /**
     * As {@link #settle(Loaded, Round, Set, Identity, Instant)}, where {@code knownVerdicts} are the
     * verdicts {@code known} was read from: while the round still has them, nothing changed.
     */
    private static void settle(Loaded l, Round r, Set<String> known, Set<String> knownVerdicts, Identity who,
                               Instant at) {
        Set<String> seen = known;
        for (int pass = 0; pass < MAX_SETTLE_PASSES; pass++) {
            if (pass == 0 && knownVerdicts != null && r.verdicts() == knownVerdicts) {
                return;
            }
            TreeSet<String> in = segments(r.verdicts());
            TreeSet<String> came = difference(in, seen);
            TreeSet<String> went = difference(seen, in);
            if (came.isEmpty() && went.isEmpty()) {
                return;
            }
            Event change = segmentEvent(came.isEmpty() ? EventType.SEGMENT_EXITED : EventType.SEGMENT_ENTERED,
                    (came.isEmpty() ? went : came).first(), who, at);
            l.runner().trigger(r, change, came, went);
            seen = in;
        }
        LOG.warn("segment memberships of {} kept changing after {} passes of program triggers", r.customer().id(),
                MAX_SETTLE_PASSES);
    }

    /** The names in {@code a} and not in {@code b}, walking both in order when both are sorted by name. */
    private static TreeSet<String> difference(Set<String> a, Set<String> b) {
        if (!(a instanceof SortedSet<String> sa && sa.comparator() == null && b instanceof SortedSet<String> sb
                && sb.comparator() == null)) {
            TreeSet<String> out = new TreeSet<>(a);
            out.removeAll(b);
            return out;
        }
        TreeSet<String> out = new TreeSet<>();
        Iterator<String> j = b.iterator();
        String y = j.hasNext() ? j.next() : null;
        for (String x : a) {
            int c = -1;
            while (y != null && (c = x.compareTo(y)) > 0) {
                y = j.hasNext() ? j.next() : null;
            }
            if (y == null || c < 0) {
                out.add(x);
            }
        }
        return out;
    }

    private int runSchedules(Loaded l, Instant now) {
        int started = 0;
        Instant from = scheduleCursor;
        scheduleCursor = now;
        for (Program p : l.programs().programs()) {
            if (!(p.trigger() instanceof Trigger.OnSchedule s) || !due(s, from, now)) {
                continue;
            }
            List<CustomerId> ids = new ArrayList<>();
            store.forEach(rec -> ids.add(rec.id()));
            for (CustomerId id : ids) {
                try (CustomerLocks.Held held = locks.lock(id)) {
                    Optional<CustomerRecord> rec = store.load(id);
                    if (rec.isPresent()) {
                        Event tick = ProgramRunner.scheduleEvent(rec.get().customer().identities().first(), now, p.name());
                        onCustomer(l, rec.get(), r -> l.runner().startScheduled(r, p, tick));
                        started++;
                    }
                }
            }
        }
        return started;
    }

    /** Whether a schedule has a moment in (from, to]. */
    private static boolean due(Trigger.OnSchedule s, Instant from, Instant to) {
        if (to.isBefore(s.first())) {
            return false;
        }
        long every = s.every().toMillis();
        long k = Math.floorDiv(to.toEpochMilli() - s.first().toEpochMilli(), every);
        Instant last = s.first().plusMillis(k * every);
        return last.isAfter(from) && !last.isAfter(to);
    }

    /** Hands due messages from the outbox to the channels, with retries; {@link #tick()} does this too. */
    public DispatchReport dispatch() {
        return dispatcher.dispatch(Integer.MAX_VALUE);
    }

    /**
     * Re-evaluates every stored customer's segments at the clock's current moment: windows slide and
     * attributes age without new events. Memberships that changed are stored, and programs triggered by
     * entering or leaving a segment start. Customers are evaluated in parallel (the common fork-join
     * pool); those whose memberships or feature state changed are then stored one at a time under the
     * write lock, so {@code changes} is called from several threads but never concurrently.
     *
     * @param changes receives a {@code segment_entered} or {@code segment_exited} event per change
     * @return counts per segment
     */
    public ResegmentationReport resegment(Consumer<Event> changes) {
        Objects.requireNonNull(changes, "changes");
        long started = System.nanoTime();
        Loaded l = loaded;
        Instant at = clock.instant();
        List<CustomerId> ids = new ArrayList<>();
        store.forEach(r -> ids.add(r.id()));
        LongAdder changed = new LongAdder();
        TreeMap<String, Long> entered = new TreeMap<>();
        TreeMap<String, Long> exited = new TreeMap<>();
        ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
        l.segments().order().forEach(s -> counts.put(s.name(), new LongAdder()));
        // customers are evaluated in parallel, outside the write locks; only those whose memberships or
        // feature state changed take their lock and go through the program logic, one at a time (so the
        // report and the listener see one change after the other)
        ids.parallelStream().forEach(id -> {
            Optional<CustomerRecord> unlocked = store.load(id);
            if (unlocked.isEmpty()) {
                return; // erased meanwhile
            }
            TreeSet<String> same = unchanged(l, unlocked.get());
            if (same != null) {
                same.forEach(s -> counts.get(s).increment());
                return;
            }
            resegmenting.lock();
            try (CustomerLocks.Held held = locks.lock(id)) {
                Optional<CustomerRecord> loadedRecord = store.load(id);
                if (loadedRecord.isEmpty()) {
                    return; // erased meanwhile
                }
                CustomerRecord rec = loadedRecord.get();
                Set<String> before = rec.segments();
                Identity who = rec.customer().identities().first();
                TreeSet<String> in = onCustomer(l, rec, r -> { }); // starts what the changes trigger
                TreeSet<String> came = difference(in, before);
                TreeSet<String> went = difference(before, in);
                in.forEach(s -> counts.computeIfAbsent(s, k -> new LongAdder()).increment());
                if (!came.isEmpty() || !went.isEmpty()) {
                    changed.increment();
                    for (String s : came) {
                        entered.merge(s, 1L, Long::sum);
                        changes.accept(segmentEvent(EventType.SEGMENT_ENTERED, s, who, at));
                    }
                    for (String s : went) {
                        exited.merge(s, 1L, Long::sum);
                        changes.accept(segmentEvent(EventType.SEGMENT_EXITED, s, who, at));
                    }
                }
            } finally {
                resegmenting.unlock();
            }
        });
        TreeMap<String, Long> sizes = new TreeMap<>();
        counts.forEach((s, n) -> sizes.put(s, n.sum()));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("re-segmented {} customers at {}: {} changed membership in {} ms", ids.size(), at, changed.sum(),
                elapsed.toMillis());
        return new ResegmentationReport(ids.size(), changed.sum(), entered, exited, sizes, elapsed);
    }

    /**
     * The customer's memberships now when neither they nor the feature state changed since the record
     * was stored (nothing to store, no program to trigger); null otherwise. Reads only: safe outside the
     * write lock.
     */
    private TreeSet<String> unchanged(Loaded l, CustomerRecord rec) {
        long now = clock.millis();
        FeaturePlan plan = l.segments().plan();
        FeaturePlan.Update pruned = plan.refresh(rec.features(), now);
        if (pruned.state() != rec.features()) {
            return null;
        }
        TreeSet<String> in = segments(l.segments().evaluate(rec.customer(), pruned.after(), now, Set.of(),
                rec.segments()));
        return in.equals(rec.segments()) ? in : null;
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
        CompiledSegments c = loaded.segments();
        Segment s = c.segment(segment);
        if (s == null) {
            throw new IllegalArgumentException("unknown segment '" + segment + "'; loaded segments: "
                    + c.order().stream().map(Segment::name).sorted().toList());
        }
        CustomerRecord r = store.load(id).orElseThrow(() -> new NoSuchElementException("no customer " + id));
        long now = clock.millis();
        double[] values = c.plan().values(r.features(), now);
        Set<String> in = c.evaluate(r.customer(), values, now, Set.of(), r.segments());
        return new Explanation(id, segment, in.contains(segment), Instant.ofEpochMilli(now),
                step(c.explain(s, r.customer(), values, now, in)));
    }

    private static Explanation.Step step(Verdict v) {
        return new Explanation.Step(v.condition(), v.held(), v.seen(), v.parts().stream().map(Relevans::step).toList());
    }

    /**
     * Every message decision for the customer, oldest first: sent, pending, retrying, dead, and
     * suppressed with the reason (no consent, capped, control group, not interested, quiet hours are
     * waited out, not suppressed). Answers "why did (or didn't) this customer get this message".
     */
    public List<Message> messages(CustomerId id) {
        return outbox.of(id);
    }

    /** The programs waiting for the customer, as timers. */
    public List<Timer> waiting(CustomerId id) {
        return timers.of(id);
    }

    /** Results per program, variant and control group, from the message log (S9). */
    public List<ProgramResult> results() {
        Map<String, long[]> counts = new TreeMap<>();
        outbox.forEach(m -> {
            boolean control = m.status() == Message.Status.SUPPRESSED && m.reason().equals("control group");
            boolean sent = m.status() == Message.Status.SENT;
            if (!control && !sent && m.status() != Message.Status.DEAD && m.status() != Message.Status.RETRYING
                    && m.status() != Message.Status.PENDING) {
                return;
            }
            long[] c = counts.computeIfAbsent(m.program() + "\u0000" + m.variant() + "\u0000" + control,
                    k -> new long[6]);
            c[0]++;
            c[1] += sent ? 1 : 0;
            c[2] += m.outcomes().containsKey("delivered") ? 1 : 0;
            c[3] += m.outcomes().containsKey("opened") ? 1 : 0;
            c[4] += m.outcomes().containsKey("clicked") ? 1 : 0;
            c[5] += m.outcomes().containsKey("converted") ? 1 : 0;
        });
        List<ProgramResult> out = new ArrayList<>();
        counts.forEach((k, c) -> {
            String[] parts = k.split("\u0000", -1);
            out.add(new ProgramResult(parts[0], parts[1], Boolean.parseBoolean(parts[2]), c[0], c[1], c[2], c[3], c[4],
                    c[5]));
        });
        return out;
    }

    /**
     * What is relevant for the customer now (S22): offers of programs whose audience the customer is in,
     * after every relevance guard, best first.
     *
     * @throws NoSuchElementException when no customer has the id
     */
    public List<Offer> nextBestOffers(CustomerId id) {
        Loaded l = loaded;
        CustomerRecord rec = store.load(id).orElseThrow(() -> new NoSuchElementException("no customer " + id));
        long now = clock.millis();
        FeaturePlan plan = l.segments().plan();
        Round r = round(l, now, rec, plan.values(rec.features(), now));
        List<Offer> out = new ArrayList<>();
        for (Program p : l.runner().offers(r)) {
            out.add(new Offer(p.name(), p.description(), p.promotes().stream().map(c -> c.name()).toList(), p.priority()));
        }
        return out;
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
        CompiledSegments c = loaded.segments();
        long now = clock.millis();
        double[] values = c.plan().values(r.features(), now);
        SortedMap<String, Double> features = new TreeMap<>();
        List<Feature> defs = c.plan().definitions();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i])) {
                features.put(defs.get(i).describe(), values[i]);
            }
        }
        return new CustomerView(r.customer(), segments(c.evaluate(r.customer(), values, now, Set.of(), r.segments())), features,
                Instant.ofEpochMilli(now));
    }

    /**
     * Replaces the definitions. The new ones are checked and compiled first; when they are invalid the
     * old ones stay loaded. Features that the old definitions also had keep their state; new features
     * start from the events that arrive from now on. Customers waiting in a program keep their place
     * when the program still has the step they wait at; otherwise their journey ends when its timer is
     * due. Memberships are brought up to date by the next ingest or {@link #resegment()}.
     *
     * @throws InvalidDefinitionException listing every problem
     */
    public void load(Definitions definitions) {
        Loaded next = compile(definitions);
        loaded = next;
    }

    /** The loaded definitions. */
    public Definitions definitions() {
        return loaded.segments().definitions();
    }

    /** The DRL the loaded definitions compiled to: numbers only, never text from the definitions. */
    public String compiledRules() {
        return loaded.segments().drl();
    }

    /**
     * Erases a customer (GDPR): profile, identities, features, memberships, waiting programs and
     * messages.
     *
     * @return whether there was such a customer
     */
    public boolean erase(CustomerId id) {
        try (CustomerLocks.Held held = locks.lock(id)) {
            boolean erased = store.erase(id);
            timers.eraseCustomer(id);
            outbox.eraseCustomer(id);
            LOG.info("erase of {}: {}", id, erased ? "done" : "no such customer");
            return erased;
        }
    }

    private Loaded compile(Definitions definitions) {
        long started = System.nanoTime();
        List<String> problems = new ArrayList<>();
        Set<String> segmentNames = new TreeSet<>();
        definitions.segments().forEach(s -> segmentNames.add(s.name()));
        for (Program p : definitions.programs()) {
            if (p.trigger() instanceof Trigger.OnSegment seg && !segmentNames.contains(seg.segment())) {
                problems.add("program '" + p.name() + "' is triggered by unknown segment '" + seg.segment() + "'"
                        + Suggestions.didYouMean(seg.segment(), segmentNames));
            }
            for (Step s : p.steps()) {
                String template = s instanceof Step.Send send ? send.template()
                        : s instanceof Step.Ask ask ? ask.template() : null;
                if (template != null && !templates.knows(template)) {
                    problems.add("step '" + s.label() + "' of program '" + p.name() + "' uses unknown template '"
                            + template + "'");
                }
            }
        }
        CompiledPrograms programs = new CompiledPrograms(definitions);
        CompiledSegments segments;
        try {
            segments = CompiledSegments.compile(definitions, programs.hidden(), programs.features());
        } catch (InvalidDefinitionException e) {
            problems.addAll(e.problems());
            throw new InvalidDefinitionException(problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException(problems);
        }
        Map<Channel, IdentityType> addresses = new LinkedHashMap<>();
        channels.forEach((c, a) -> addresses.put(c, a.addressType()));
        ProgramRunner runner = new ProgramRunner(programs, definitions.policies(), segments.plan(), addresses);
        LOG.info("loaded {} segment(s) and {} program(s) using {} feature(s) as {} rule(s) in {} ms",
                segments.order().size(), definitions.programs().size(), segments.plan().features().size(),
                segments.ruleCount(), (System.nanoTime() - started) / 1_000_000);
        return new Loaded(segments, programs, runner);
    }

    /** Configures a {@link Relevans} engine; every setter validates at once and may be called once. */
    public static final class Builder {
        private Clock clock;
        private CustomerStore store;
        private TimerStore timers;
        private Outbox outbox;
        private final Map<Channel, ChannelAdapter> channels = new LinkedHashMap<>();
        private TemplateRenderer templates;
        private ActionAdapter actions;
        private RetryPolicy retry;
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
         * Where waiting programs are kept; an {@link InMemoryTimerStore} by default.
         *
         * @throws IllegalStateException when already set
         */
        public Builder timers(TimerStore timers) {
            requireUnset(this.timers, "timer store");
            this.timers = Objects.requireNonNull(timers, "timers");
            return this;
        }

        /**
         * Where decided messages are kept; an {@link InMemoryOutbox} by default.
         *
         * @throws IllegalStateException when already set
         */
        public Builder outbox(Outbox outbox) {
            requireUnset(this.outbox, "outbox");
            this.outbox = Objects.requireNonNull(outbox, "outbox");
            return this;
        }

        /**
         * Adds a channel adapter; a channel without one is never chosen.
         *
         * @throws IllegalStateException when the channel already has an adapter
         */
        public Builder channel(ChannelAdapter adapter) {
            Objects.requireNonNull(adapter, "adapter");
            requireUnset(channels.get(adapter.channel()), "the adapter of channel " + adapter.channel());
            channels.put(adapter.channel(), adapter);
            return this;
        }

        /**
         * How templates are rendered; an empty {@link SimpleTemplates} by default (then no program can send).
         *
         * @throws IllegalStateException when already set
         */
        public Builder templates(TemplateRenderer templates) {
            requireUnset(this.templates, "templates");
            this.templates = Objects.requireNonNull(templates, "templates");
            return this;
        }

        /**
         * Carries out the actions programs call; none by default (calls are logged and skipped).
         *
         * @throws IllegalStateException when already set
         */
        public Builder actions(ActionAdapter actions) {
            requireUnset(this.actions, "actions");
            this.actions = Objects.requireNonNull(actions, "actions");
            return this;
        }

        /**
         * How failed deliveries are retried; {@link RetryPolicy#DEFAULT} by default.
         *
         * @throws IllegalStateException when already set
         */
        public Builder retry(RetryPolicy retry) {
            requireUnset(this.retry, "retry policy");
            this.retry = Objects.requireNonNull(retry, "retry");
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
            clock = clock != null ? clock : Clock.systemUTC();
            store = store != null ? store : new InMemoryCustomerStore();
            timers = timers != null ? timers : new InMemoryTimerStore();
            outbox = outbox != null ? outbox : new InMemoryOutbox();
            templates = templates != null ? templates : SimpleTemplates.builder().build();
            retry = retry != null ? retry : RetryPolicy.DEFAULT;
            definitions = definitions != null ? definitions : Definitions.EMPTY;
            return new Relevans(this);
        }
    }
}
