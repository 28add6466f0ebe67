package io.relevans.internal.step;

import io.relevans.CustomerView;
import io.relevans.customer.Channel;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.definition.Definitions;
import io.relevans.definition.InvalidDefinitionException;
import io.relevans.definition.Program;
import io.relevans.definition.Reentry;
import io.relevans.definition.Step;
import io.relevans.definition.Trigger;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import io.relevans.internal.engine.Baseline;
import io.relevans.internal.engine.CompiledSegments;
import io.relevans.internal.engine.NamedCondition;
import io.relevans.internal.engine.Suggestions;
import io.relevans.internal.feature.Evaluation;
import io.relevans.internal.feature.FeaturePlan;
import io.relevans.internal.profile.ProfileUpdater;
import io.relevans.internal.program.CompiledPrograms;
import io.relevans.internal.program.ProgramRunner;
import io.relevans.internal.program.Refusal;
import io.relevans.internal.program.Round;
import io.relevans.spi.Commit;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.FeatureState;
import io.relevans.spi.Message;
import io.relevans.spi.StoredCustomer;
import io.relevans.spi.Suppression;
import io.relevans.spi.TemplateRenderer;
import io.relevans.spi.Timer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's work on one customer, as a pure function of the compiled definitions: given the
 * customer's stored record (or the records an event merges), the customer's timers and message
 * history, one input (an event, a due timer, a scheduled start, a re-segmentation) and the moment, it
 * gives the new record and the effects: timers to set and cancel, messages decided and updated, segment
 * changes, actions to call. It reads no store, takes no lock and reads no clock: the same inputs give
 * the same outcome. A runtime (the embedded one in {@code internal.runtime}, later others) resolves
 * identities, decides who may work on a customer, loads the inputs and stores the outcome.
 *
 * <p>Immutable and thread-safe; a reload of definitions compiles a new step.
 */
public final class CustomerStep {

    private static final Logger LOG = LoggerFactory.getLogger(CustomerStep.class);
    private static final int MAX_SETTLE_PASSES = 5;

    private final CompiledSegments segments;
    private final CompiledPrograms programs;
    private final ProgramRunner runner;
    /** Whether rounds evaluate every hidden condition with the segments, rather than each when asked for. */
    private final boolean everyCondition;
    /** Told of every condition a round's programs ask for, or null. */
    private final @Nullable BiConsumer<String, Boolean> consults;

    private CustomerStep(CompiledSegments segments, CompiledPrograms programs, ProgramRunner runner) {
        this(segments, programs, runner, false, null);
    }

    private CustomerStep(CompiledSegments segments, CompiledPrograms programs, ProgramRunner runner,
                         boolean everyCondition, @Nullable BiConsumer<String, Boolean> consults) {
        this.segments = segments;
        this.programs = programs;
        this.runner = runner;
        this.everyCondition = everyCondition;
        this.consults = consults;
    }

    /**
     * This step evaluating every hidden condition of the programs (audiences, exit conditions, branches,
     * relevance, exclusions) whenever it evaluates segments, as it did before they were evaluated only when
     * asked for: the same outcomes, at a higher cost; the reference the tracked evaluation is checked against.
     */
    public CustomerStep evaluatingEveryCondition() {
        return new CustomerStep(segments, programs, runner, true, consults);
    }

    /**
     * This step telling the listener of every hidden condition its rounds' programs ask for, with the answer,
     * in order (on the thread working on the customer); for tests.
     */
    public CustomerStep tellingConsults(BiConsumer<String, Boolean> listener) {
        return new CustomerStep(segments, programs, runner, everyCondition, Objects.requireNonNull(listener));
    }

    /**
     * Checks and compiles definitions.
     *
     * @param templates the templates sends may use
     * @param addresses the channels with an adapter, and the identity kind each addresses
     * @throws InvalidDefinitionException listing every problem
     */
    public static CustomerStep compile(Definitions definitions, TemplateRenderer templates,
                                       Map<Channel, IdentityType> addresses) {
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
        ProgramRunner runner = new ProgramRunner(programs, definitions.policies(), segments.plan(), addresses);
        return new CustomerStep(segments, programs, runner);
    }

    /**
     * This step with the decided winners of A/B splits (an input like the definitions: the same
     * definitions and winners give the same outcome); customers who reach a decided split go to its winner.
     *
     * @param winners the winning variant by {@link ProgramRunner#splitKey(String, String)}
     */
    public CustomerStep withWinners(Map<String, String> winners) {
        return new CustomerStep(segments, programs, runner.withWinners(winners), everyCondition, consults);
    }

    /**
     * This step with its predictions computed by a customer-base model (an input like the definitions and
     * the winners; null: none, the predictions have no value). This step itself when no feature predicts.
     */
    public CustomerStep withModel(io.relevans.prediction.@Nullable CustomerBaseModel model) {
        CompiledSegments modelled = segments.withModel(model);
        return modelled == segments ? this
                : new CustomerStep(modelled, programs, runner.withPlan(modelled.plan()), everyCondition, consults);
    }

    /** This step, starting no program on entries to and exits from the segments given (during a backfill). */
    public CustomerStep quiet(Set<String> segments) {
        return new CustomerStep(this.segments, programs, runner.withQuiet(segments), everyCondition, consults);
    }

    /**
     * A stored customer with the features of a backfill: the accumulators of the features with the keys
     * taken from {@code filled} (folded from the customer's archived events), memberships evaluated again
     * at the moment and stored as they are. A membership that changes because a feature was filled is not
     * the customer's doing: only programs whose segment trigger says {@code including backfill} start, and
     * no segment change is reported.
     */
    public StepOutcome backfilled(StoredCustomer stored, List<Timer> timers, List<Message> history, FeatureState filled,
                                  Set<Long> keys, long now) {
        CustomerRecord rec = stored.record();
        FeaturePlan plan = segments.plan();
        FeatureState features = plan.withFeaturesOf(rec.features(), filled, keys);
        FeaturePlan.Update refreshed = plan.refresh(features, now, segments.fingerprint());
        Round r = round(now, rec.customer(), refreshed.after(), rec.starts(), rec.segments(), timers, null);
        TreeSet<String> in = names(r.verdicts());
        TreeSet<String> came = difference(in, rec.segments());
        TreeSet<String> went = difference(rec.segments(), in);
        if (!came.isEmpty() || !went.isEmpty()) { // only programs that asked for a backfill's changes start
            Event change = segmentEvent(came.isEmpty() ? EventType.SEGMENT_EXITED : EventType.SEGMENT_ENTERED,
                    (came.isEmpty() ? went : came).first(), rec.customer().identities().first(), r.at());
            runner.triggerOnBackfill(r, change, came, went);
            runner.decide(r, history);
        }
        CustomerRecord saved = new CustomerRecord(r.customer(), in, refreshed.state(), r.starts(), rec.recentEvents());
        Commit commit = new Commit(saved, stored.version(), new TreeMap<>(), List.of(), r.messages(), List.of(), List.of(),
                r.timersToSchedule(), r.timersToCancel(), Optional.empty());
        return new StepOutcome(rec.id(), Optional.of(commit), r.actions(), false, List.of(),
                plan.values(rec.features(), now), refreshed.after(), in, came, went, List.of(), r.messages().size());
    }

    /** The compiled segments and hidden program conditions. */
    public CompiledSegments segments() {
        return segments;
    }

    /** The compiled programs. */
    public CompiledPrograms programs() {
        return programs;
    }

    /** Runs the programs: offers, schedule events. */
    public ProgramRunner runner() {
        return runner;
    }

    /**
     * Applies an event to the customer it names.
     *
     * @param event    the event
     * @param records  the stored records of the customers the event's identities lead to, in id order
     *                 (the first survives a merge); empty when none has them (a new customer)
     * @param timers   the first customer's timers (for a new customer, those its id has: left by an
     *                 interrupted earlier attempt)
     * @param history  the first customer's messages, oldest first
     * @param mergedAway the other customers' messages
     * @param mergedTimers the other customers' timers: their waiting journeys go on for the first
     * @param now      the moment, epoch millis
     */
    public StepOutcome ingest(Event event, List<StoredCustomer> records, List<Timer> timers, List<Message> history,
                              List<Message> mergedAway, List<Timer> mergedTimers, long now) {
        FeaturePlan plan = segments.plan();
        Merged resolved = merge(event, records);
        if (resolved.recent.contains(event.id())) {
            LOG.debug("event {} was already applied to {}: delivered again, ignored", event.id(),
                    resolved.customer.id());
            return nothingFor(resolved.customer.id(), new TreeSet<>(resolved.segments));
        }
        Customer customer = applied(resolved.customer, event);
        // "before" is the survivor's own state, so a merge's effect on features is reported too
        FeaturePlan.Update update = plan.update(resolved.features, event, now, segments.fingerprint());
        FeatureState after = update.state(); // stamped: the memberships saved with it are evaluated now
        double[] old = resolved.mergedVersions.isEmpty()
                ? Objects.requireNonNull(update.before(), "an update reads the values before the event")
                : plan.values(resolved.ownFeatures, now);
        double[] fresh = update.after();
        // the stored memberships were evaluated from the stored profile and state at the stamp's moment
        Baseline baseline = resolved.mergedVersions.isEmpty() ? fromStamp(resolved.customer, update) : null;

        List<Timer> journeys = moveJourneys(customer.id(), timers, mergedTimers);
        List<Timer> waiting = waiting(timers, journeys);
        Round r = round(now, customer, fresh, resolved.starts, resolved.segments, notFrom(waiting, event, now),
                baseline);
        r.causedBy("event " + event.id());
        runner.observe(r, event);
        Set<String> verdicts = r.verdicts();
        SortedSet<String> in;
        SortedSet<String> entered;
        SortedSet<String> exited;
        if (CompiledSegments.keepsPrevious(verdicts) && resolved.segments instanceof SortedSet<String> stored) {
            in = stored; // nothing entered or left: the stored set as it is
            entered = new TreeSet<>();
            exited = new TreeSet<>();
        } else {
            in = names(verdicts);
            entered = difference(in, resolved.segments);
            exited = difference(resolved.segments, in);
        }
        // a merged profile's messages are the customer's: they count for caps and take conversions too
        CustomerId id = customer.id();
        List<Message> moved = mergedAway.stream().map(m -> m.forCustomer(id)).toList();
        List<Message> all = history;
        if (!moved.isEmpty()) {
            all = new ArrayList<>(history);
            all.addAll(moved);
        }
        List<Message> outcomes = runner.outcomes(event, all);
        runner.trigger(r, event, entered, exited);
        settle(r, in, verdicts, event.customer(), event.time());
        // messages replaced: the merged profiles' (now the survivor's), feedback and conversions, and those
        // waiting for delivery that a guard stops now; most events replace none. The stops come before this
        // round's decisions, so that these count what is stored after the round (a redo after a crash
        // between the two writes sees the stops and must decide the same)
        Map<String, Message> updated = new LinkedHashMap<>();
        moved.forEach(m -> updated.put(m.id(), m));
        outcomes.forEach(m -> updated.put(m.id(), m));
        stopUndelivered(r, event, all, updated);
        List<Message> counted = all;
        if (!updated.isEmpty()) {
            counted = new ArrayList<>(all.size());
            for (Message m : all) {
                counted.add(updated.getOrDefault(m.id(), m));
            }
        }
        runner.decide(r, counted);
        SortedSet<String> finalSegments = in;
        if (r.verdicts() != verdicts) { // programs changed the profile: memberships again
            finalSegments = names(r.verdicts());
            entered = difference(finalSegments, resolved.segments);
            exited = difference(resolved.segments, finalSegments);
        }

        List<Message> read = new ArrayList<>(); // the stored messages replaced, as read
        if (!updated.isEmpty()) {
            Map<String, Message> stored = new LinkedHashMap<>();
            history.forEach(m -> stored.put(m.id(), m));
            mergedAway.forEach(m -> stored.putIfAbsent(m.id(), m));
            updated.keySet().forEach(k -> {
                Message before = stored.get(k);
                if (before != null) {
                    read.add(before);
                }
            });
        }
        List<String> applied = CustomerRecord.recentAfter(resolved.recent, event.id());
        CustomerRecord saved = new CustomerRecord(r.customer(), finalSegments, after, r.starts(), applied);
        List<Identity> claimed = new ArrayList<>();
        Set<Identity> had = records.isEmpty() ? Set.of() : records.get(0).record().customer().identities();
        for (Identity i : saved.customer().identities()) {
            if (!had.contains(i)) {
                claimed.add(i);
            }
        }
        Commit commit = new Commit(saved, resolved.version, resolved.mergedVersions, claimed, r.messages(),
                List.copyOf(updated.values()), read, scheduled(r, journeys), r.timersToCancel(), Optional.empty());
        return new StepOutcome(id, Optional.of(commit), r.actions(), false, resolved.merged(), old, fresh,
                saved.segments(), entered, exited, changes(entered, exited, event.customer(), event.time()),
                r.messages().size());
    }

    /**
     * Folds history into the customers it names without running programs (an import at go-live): the
     * events are applied in order as {@link #ingest} would apply them (identities linked, profiles
     * merged, profile and features updated, events applied before recognised), then each customer's
     * memberships are evaluated once at the moment and stored as they are, entering nothing; the
     * programs learn from the history only what {@link ProgramRunner#imported} says. No message is
     * decided, no journey started, no action called.
     *
     * @param events the events of a group of linked identities, in time order, none after the moment
     * @param stored the stored customers their identities lead to (and a stored customer whose id an
     *               identity of theirs would be given), with timers and messages, in id order
     * @param now    the moment, epoch millis
     */
    public HistoryOutcome history(List<Event> events, List<io.relevans.spi.CustomerState> stored, long now) {
        return new HistoryFold(this, now).fold(events, stored);
    }

    /**
     * Folds profiles (identities, attributes, consents, declarations from another system) into the
     * customers their identities lead to, as a merge of profiles does: the customers an identity of a
     * profile leads to are merged (the smaller id survives), the profile merged in (the newest attribute
     * wins); a profile no customer has makes a new one. Memberships are evaluated at the end and stored as
     * they are; no program runs.
     *
     * @param profiles the profiles of a group of linked identities, in the order given
     * @param stored   the stored customers their identities lead to, in id order
     */
    public HistoryOutcome profiles(List<Customer> profiles, List<io.relevans.spi.CustomerState> stored, long now) {
        return new HistoryFold(this, now).foldProfiles(profiles, stored);
    }

    /**
     * Handles a due timer of a stored customer: resumes a waiting journey or starts a time-triggered
     * one, then starts what the membership changes since the record trigger.
     */
    public StepOutcome fire(StoredCustomer stored, List<Timer> timers, List<Message> history, Timer timer, long now) {
        return onCustomer(stored, timers, history, timer.key(), null, now, r -> runner.fire(r, timer));
    }

    /**
     * Starts a scheduled program for a stored customer if they are in its audience, once per moment of
     * the schedule: the record remembers the start among its applied events, so a start tried again for
     * the same moment (by another engine on the same storage, or after a crash) changes nothing.
     *
     * @param moment the moment of the schedule that is due
     */
    public StepOutcome startScheduled(StoredCustomer stored, List<Timer> timers, List<Message> history, Program p,
                                      Instant moment, long now) {
        CustomerRecord rec = stored.record();
        String id = "schedule-" + moment.toEpochMilli() + "-" + p.name();
        if (rec.applied(id)) {
            return nothingFor(rec.id(), rec.segments());
        }
        Event tick = ProgramRunner.scheduleEvent(rec.customer().identities().first(), Instant.ofEpochMilli(now),
                p.name());
        return onCustomer(stored, timers, history, null, id, now, r -> runner.startScheduled(r, p, tick));
    }

    /**
     * Re-evaluates a stored customer's segments at the moment (windows slide, attributes age) and starts
     * what the changes trigger.
     */
    public StepOutcome resegment(StoredCustomer stored, List<Timer> timers, List<Message> history, long now) {
        return onCustomer(stored, timers, history, null, null, now, r -> { });
    }

    /**
     * Whether the stored memberships are what an evaluation at the moment would give, known from the stored
     * stamp and profile alone (nothing decoded, nothing evaluated): the stamp is for the loaded definitions
     * and nothing the segments test can have changed between its moment and now.
     */
    public boolean stillHolds(CustomerRecord rec, long now) {
        return segments.stillHolds(rec.customer(), segments.plan().stampOf(rec.features()), now);
    }

    /**
     * For a re-segmentation: the stored record with its feature state brought to the moment (what left the
     * windows dropped) and stamped there, when its memberships are what an evaluation now gives, so that
     * there is nothing to trigger; null when they changed (the step must run). Evaluates every segment;
     * reads only.
     */
    public @Nullable CustomerRecord restamped(CustomerRecord rec, long now) {
        FeaturePlan.Update refreshed = segments.plan().refreshFromStamp(rec.features(), now, segments.fingerprint());
        TreeSet<String> in = names(segments.evaluateSegments(rec.customer(), refreshed.after(), now, Set.of(),
                rec.segments(), fromStamp(rec.customer(), refreshed)));
        return in.equals(rec.segments())
                ? new CustomerRecord(rec.customer(), rec.segments(), refreshed.state(), rec.starts(), rec.recentEvents())
                : null;
    }

    /** The segments the customer is in at the moment, evaluated from the stored record (reads only). */
    public TreeSet<String> membershipsAt(CustomerRecord rec, double[] values, long now) {
        return names(segments.evaluateSegments(rec.customer(), values, now, Set.of(), rec.segments(), null));
    }

    /**
     * The customer as the step sees them at the moment (profile, memberships, feature values): what the
     * engine's and the Kafka runtime's {@code customer} queries answer.
     */
    public CustomerView customerView(CustomerRecord rec, long now) {
        double[] values = segments.plan().values(rec.features(), now);
        SortedMap<String, Double> features = new TreeMap<>();
        List<io.relevans.definition.Feature> defs = segments.plan().definitions();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i])) {
                features.put(defs.get(i).describe(), values[i]);
            }
        }
        return new CustomerView(rec.customer(), membershipsAt(rec, values, now), features, Instant.ofEpochMilli(now));
    }

    /** A round over a stored record, for reads (offers). */
    public Round view(CustomerRecord rec, List<Timer> timers, long now) {
        return round(now, rec.customer(), segments.plan().values(rec.features(), now), rec.starts(), rec.segments(),
                timers, null);
    }

    private StepOutcome onCustomer(StoredCustomer stored, List<Timer> timers, List<Message> history,
                                   Timer.@Nullable Key fired, @Nullable String applied, long now,
                                   Consumer<Round> work) {
        CustomerRecord rec = stored.record();
        FeaturePlan plan = segments.plan();
        // stamped: the memberships saved with it are evaluated now
        FeaturePlan.Update refreshed = plan.refreshFromStamp(rec.features(), now, segments.fingerprint());
        FeatureState features = refreshed.state();
        Round r = round(now, rec.customer(), refreshed.after(), rec.starts(), rec.segments(), timers,
                fromStamp(rec.customer(), refreshed));
        work.accept(r);
        Identity who = rec.customer().identities().first();
        settle(r, rec.segments(), null, who, r.at());
        runner.decide(r, history);
        TreeSet<String> in = names(r.verdicts());
        CustomerRecord saved = new CustomerRecord(r.customer(), in, features, r.starts(), rec.recentEvents());
        if (applied != null) {
            saved = saved.withEvents(List.of(applied));
        }
        Commit commit = new Commit(saved, stored.version(), new TreeMap<>(), List.of(), r.messages(), List.of(), List.of(),
                r.timersToSchedule(), r.timersToCancel(), Optional.ofNullable(fired));
        TreeSet<String> came = difference(in, rec.segments());
        TreeSet<String> went = difference(rec.segments(), in);
        return new StepOutcome(rec.id(), Optional.of(commit), r.actions(), false, List.of(), refreshed.before(),
                refreshed.after(), in, came, went, changes(came, went, who, r.at()), r.messages().size());
    }

    /**
     * What a stored customer's memberships were evaluated from, when the stamp of the update's state says so
     * (the stored profile and the values at the stamp's moment): lets an evaluation from them skip the segments none of whose tests
     * can answer otherwise now. Null when the record has no stamp of the loaded definitions.
     */
    private static @Nullable Baseline fromStamp(Customer stored, FeaturePlan.Update update) {
        double[] stamped = update.baseline();
        Evaluation stamp = update.stamp(); // present with the values at it
        return stamped != null && stamp != null ? new Baseline(stored, stamped, stamp.at()) : null;
    }

    /** The outcome of an input done before (an event delivered again, a scheduled start made): nothing to store. */
    private static StepOutcome nothingFor(CustomerId customer, SortedSet<String> segments) {
        return new StepOutcome(customer, Optional.empty(), List.of(), true, List.of(), new double[0], new double[0],
                segments, new TreeSet<>(), new TreeSet<>(), List.of(), 0);
    }

    /** The segment changes as system events of the customer named by the identity: entries, then exits. */
    private static List<Event> changes(Set<String> entered, Set<String> exited, Identity who, Instant at) {
        List<Event> changes = new ArrayList<>(entered.size() + exited.size());
        entered.forEach(s -> changes.add(segmentEvent(EventType.SEGMENT_ENTERED, s, who, at)));
        exited.forEach(s -> changes.add(segmentEvent(EventType.SEGMENT_EXITED, s, who, at)));
        return changes;
    }

    /**
     * A round whose segments are evaluated from the memberships the customer had ({@code previous}),
     * and, when a baseline says what those were evaluated from, only where something they test changed;
     * a hidden condition of the programs is evaluated only when a program asks for it
     * ({@link Round#holds}), unless this step evaluates every condition.
     */
    Round round(long now, Customer customer, double[] features, Map<String, Instant> starts,
                        Set<String> previous, List<Timer> waiting, @Nullable Baseline baseline) {
        Round r = new Round(now, customer, features, waiting, starts, everyCondition
                ? rr -> segments.evaluate(rr.customer(), rr.features(), now, rr.sinceKeys(programs), previous, baseline)
                : rr -> segments.evaluateSegments(rr.customer(), rr.features(), now, rr.sinceKeys(programs), previous,
                        baseline));
        BiConsumer<String, Boolean> told = consults;
        return told == null ? r : r.tellingConsults(told);
    }

    /**
     * A round for a step that runs no program (an import's fold): its verdicts are the segments only,
     * the programs' hidden conditions are not evaluated (nothing reads them there).
     */
    Round segmentsRound(long now, Customer customer, double[] features, Map<String, Instant> starts,
                        Set<String> previous, List<Timer> waiting, @Nullable Baseline baseline) {
        // without the journeys' "since trigger" keys: no program asks for a hidden condition here
        return new Round(now, customer, features, waiting, starts, rr -> segments.evaluateSegments(rr.customer(),
                rr.features(), now, Set.of(), previous, baseline));
    }

    /**
     * S13: the journeys of the customers merged in that go on for the survivor, as the survivor's timers.
     * Where the survivor and a merged customer (or two merged customers) wait in the same program, the
     * program's re-entry rule decides which journey stays: a program that restarts keeps the one started
     * last, any other the one started first (the survivor's on a tie); a time-based start waiting for
     * both keeps the survivor's. The journeys left out end with the merged customers.
     */
    List<Timer> moveJourneys(CustomerId survivor, List<Timer> own, List<Timer> merged) {
        if (merged.isEmpty()) {
            return List.of();
        }
        Map<Timer.Key, Timer> kept = new LinkedHashMap<>();
        own.forEach(t -> kept.put(t.key(), t));
        Map<Timer.Key, Timer> moved = new LinkedHashMap<>();
        for (Timer t : merged) {
            Timer mine = new Timer(survivor, t.program(), t.kind(), t.due(), t.step(), t.started(), t.variant(),
                    t.control(), t.trigger(), t.since());
            Timer other = kept.get(mine.key());
            if (other == null || t.kind() == Timer.Kind.RESUME && replaces(mine, other)) {
                kept.put(mine.key(), mine);
                moved.put(mine.key(), mine);
            }
        }
        return List.copyOf(moved.values());
    }

    /** The customer's own timers with the journeys moved from merged customers in their place. */
    static List<Timer> waiting(List<Timer> own, List<Timer> journeys) {
        if (journeys.isEmpty()) {
            return own;
        }
        Map<Timer.Key, Timer> byKey = new LinkedHashMap<>();
        own.forEach(t -> byKey.put(t.key(), t));
        journeys.forEach(t -> byKey.put(t.key(), t));
        return List.copyOf(byKey.values());
    }

    /** Whether a merged customer's journey stays instead of the one waiting in the same program. */
    private boolean replaces(Timer merged, Timer waiting) {
        Program program = programs.program(merged.program());
        boolean restarts = program != null && program.reentry().kind() == Reentry.Kind.RESTART;
        int order = merged.started().compareTo(waiting.started());
        return restarts ? order > 0 : order < 0;
    }

    /** The timers a round schedules, with the journeys moved from merged customers that it did not end or replace. */
    static List<Timer> scheduled(Round r, List<Timer> moved) {
        if (moved.isEmpty()) {
            return r.timersToSchedule();
        }
        Set<Timer.Key> touched = new HashSet<>(r.timersToCancel());
        r.timersToSchedule().forEach(t -> touched.add(t.key()));
        List<Timer> out = new ArrayList<>(r.timersToSchedule());
        moved.stream().filter(t -> !touched.contains(t.key())).forEach(out::add);
        return out;
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
     * Guards at delivery (S21, S24): messages decided before this event and not delivered yet are
     * stopped when a guard evaluated on the customer as the event leaves them says so
     * ({@link ProgramRunner#stopped}); stored as suppressed with the reason and the moment. Adds them
     * to {@code updated}.
     */
    private void stopUndelivered(Round r, Event event, List<Message> history, Map<String, Message> updated) {
        List<Message> counted = null; // worked out once, when a message is waiting
        for (Message stored : history) {
            Message m = updated.getOrDefault(stored.id(), stored);
            if (m.status() != Message.Status.PENDING && m.status() != Message.Status.RETRYING) {
                continue;
            }
            counted = counted != null ? counted : ProgramRunner.countedForCaps(history);
            Optional<Refusal> why = runner.stopped(r, m, event, counted);
            if (why.isPresent()) {
                Message held = m.suppressedBy(Suppression.of(why.get().guard(), Suppression.Moment.DELIVERY, r.at(),
                        why.get().seen()), why.get().reason() + " (stopped at " + r.at() + ")");
                updated.put(held.id(), held);
            }
        }
    }

    /**
     * Starts the programs triggered by segment changes the round has not acted on yet: from
     * {@code known}, memberships may have changed with time or because program steps changed the
     * profile (a set attribute). Repeats while triggered programs change memberships again, a few
     * times at most. Where {@code knownVerdicts} are the verdicts {@code known} was read from, and the
     * round still has them, nothing changed.
     */
    private void settle(Round r, Set<String> known, @Nullable Set<String> knownVerdicts, Identity who, Instant at) {
        Set<String> seen = known;
        for (int pass = 0; pass < MAX_SETTLE_PASSES; pass++) {
            if (pass == 0 && knownVerdicts != null && r.verdicts() == knownVerdicts) {
                return;
            }
            TreeSet<String> in = names(r.verdicts());
            TreeSet<String> came = difference(in, seen);
            TreeSet<String> went = difference(seen, in);
            if (came.isEmpty() && went.isEmpty()) {
                return;
            }
            Event change = segmentEvent(came.isEmpty() ? EventType.SEGMENT_EXITED : EventType.SEGMENT_ENTERED,
                    (came.isEmpty() ? went : came).first(), who, at);
            runner.trigger(r, change, came, went);
            seen = in;
        }
        LOG.warn("segment memberships of {} kept changing after {} passes of program triggers", r.customer().id(),
                MAX_SETTLE_PASSES);
    }

    /** The segment names among verdicts (hidden program conditions left out), sorted. */
    public static TreeSet<String> names(Set<String> verdicts) {
        TreeSet<String> out = new TreeSet<>(verdicts); // one pass without comparisons: verdicts come sorted
        out.removeIf(NamedCondition::isHidden);
        return out;
    }

    /** The names in {@code a} and not in {@code b}, walking both in order when both are sorted by name. */
    public static TreeSet<String> difference(Set<String> a, Set<String> b) {
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

    /** A segment change as a system event of the customer named by the identity. */
    public static Event segmentEvent(EventType type, String segment, Identity customer, Instant time) {
        return Event.builder(type, customer, time).origin(Origin.SYSTEM).property("segment", segment).build();
    }

    /** The customer the event names, with every other record it links merged in (pure). */
    /** The customer with the event's identity and links, and its profile changes, applied. */
    static Customer applied(Customer customer, Event event) {
        Customer out = customer.withIdentity(event.customer());
        for (Identity link : event.links()) {
            out = out.withIdentity(link);
        }
        return ProfileUpdater.apply(out, event);
    }

    /** Merges another customer's program starts into these: the later start of a program wins. */
    static void mergeStarts(Map<String, Instant> starts, Map<String, Instant> other) {
        other.forEach((p, t) -> starts.merge(p, t, (a, b) -> a.isAfter(b) ? a : b));
    }

    private Merged merge(Event event, List<StoredCustomer> records) {
        FeaturePlan plan = segments.plan();
        if (records.isEmpty()) {
            CustomerId id = CustomerId.derivedFrom(event.customer());
            return new Merged(Customer.newCustomer(id, event.customer()), FeatureState.EMPTY, FeatureState.EMPTY,
                    Set.of(), Map.of(), List.of(), Commit.NEW, new TreeMap<>());
        }
        StoredCustomer first = records.get(0);
        CustomerRecord survivor = first.record();
        if (records.size() == 1) { // nothing to merge: the record's own (immutable) parts
            return new Merged(survivor.customer(), survivor.features(), survivor.features(), survivor.segments(),
                    survivor.starts(), survivor.recentEvents(), first.version(), new TreeMap<>());
        }
        Customer customer = survivor.customer();
        FeatureState features = survivor.features();
        TreeMap<String, Instant> starts = new TreeMap<>(survivor.starts());
        TreeMap<CustomerId, Long> versions = new TreeMap<>();
        List<String> recent = new ArrayList<>(survivor.recentEvents());
        for (StoredCustomer stored : records.subList(1, records.size())) {
            CustomerRecord other = stored.record();
            customer = customer.mergedWith(other.customer(), customer.id());
            features = plan.merge(features, other.features());
            mergeStarts(starts, other.starts());
            versions.put(other.id(), stored.version());
            recent.addAll(other.recentEvents());
        }
        LOG.debug("merged {} profile(s) into {}", versions.size(), customer.id());
        return new Merged(customer, features, survivor.features(), survivor.segments(), starts, recent,
                first.version(), versions);
    }

    /**
     * The customer an event works on, after merging the records its identities lead to; {@code
     * mergedVersions} are the versions read of the records merged in, by id.
     */
    private record Merged(Customer customer, FeatureState features, FeatureState ownFeatures, Set<String> segments,
                          Map<String, Instant> starts, List<String> recent, long version,
                          TreeMap<CustomerId, Long> mergedVersions) {
        /** The customers merged in, in id order. */
        List<CustomerId> merged() {
            return List.copyOf(mergedVersions.keySet());
        }
    }
}
