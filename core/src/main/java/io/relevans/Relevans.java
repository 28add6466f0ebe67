package io.relevans;

import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.definition.Definitions;
import io.relevans.definition.InvalidDefinitionException;
import io.relevans.definition.Program;
import io.relevans.definition.Segment;
import io.relevans.event.Event;
import io.relevans.history.BackfillProgress;
import io.relevans.history.HistoryImport;
import io.relevans.internal.engine.CompiledSegments;
import io.relevans.internal.engine.Verdict;
import io.relevans.internal.feature.FeaturePlan;
import io.relevans.internal.program.CustomerLocks;
import io.relevans.internal.program.Dispatcher;
import io.relevans.internal.program.Round;
import io.relevans.internal.runtime.Backfills;
import io.relevans.internal.runtime.ImportRuntime;
import io.relevans.internal.runtime.Importer;
import io.relevans.internal.runtime.Observed;
import io.relevans.internal.runtime.Resegmentation;
import io.relevans.internal.runtime.Schedules;
import io.relevans.internal.runtime.SplitJudge;
import io.relevans.internal.runtime.StoreRuntime;
import io.relevans.internal.step.CustomerStep;
import io.relevans.internal.runtime.Predictions;
import io.relevans.prediction.CustomerBaseModel;
import io.relevans.internal.step.StepOutcome;
import io.relevans.spi.ActionAdapter;
import io.relevans.spi.ChannelAdapter;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.CustomerStore;
import io.relevans.spi.EngineObserver;
import io.relevans.spi.EventArchive;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.InMemoryOutbox;
import io.relevans.spi.InMemoryTimerStore;
import io.relevans.spi.Message;
import io.relevans.spi.Outbox;
import io.relevans.spi.SimpleTemplates;
import io.relevans.spi.Storage;
import io.relevans.spi.TemplateRenderer;
import io.relevans.spi.Timer;
import io.relevans.spi.TimerStore;
import io.relevans.spi.WriteConflictException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
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
 * <p>The work on one customer is a pure step ({@code internal.step}); this engine runs it on a
 * {@link Storage}. With a storage that keeps versions ({@code JdbcStorage}, given with
 * {@link Builder#storage(Storage)}) any number of engines in several processes may share one database:
 * each decision is stored only on the versions it was derived from (else it is made again), and due
 * timers and messages are claimed for a lease. Separate stores and the in-memory defaults serve one
 * process.
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
    /** Write locks: enough stripes that two threads rarely wait on each other for different customers. */
    private static final int LOCK_STRIPES = 1024;

    private final Clock clock;
    private final Storage storage;
    private final Map<Channel, ChannelAdapter> channels;
    private final TemplateRenderer templates;
    private final Duration lease;

    /** How far after the engine's clock an event's time may be unless the builder says otherwise. */
    public static final Duration DEFAULT_AHEAD = Duration.ofDays(1);
    private final Dispatcher dispatcher;
    private final StoreRuntime runtime;
    private final ImportRuntime imports;
    private final @Nullable EventArchive archive;
    private final @Nullable Duration retention;
    private @Nullable Instant lastRetention;
    private final Backfills backfills;
    private final Schedules schedules;
    private final Resegmentation resegmentation;
    private final SplitJudge splits;
    private final Predictions predictions;
    /** Held while the step is replaced: a reload and a split decision never undo each other. */
    private final Object stepLock = new Object();
    private volatile CustomerStep step;
    /** Told what the engine does; {@link EngineObserver#disabled()} (skipped) unless the builder set one. */
    private final EngineObserver observer;

    /** How often {@link #tick()} evaluates the winner rules of A/B splits unless the builder says otherwise. */
    public static final Duration DEFAULT_SPLIT_DECISIONS = Duration.ofHours(1);

    private Relevans(Builder b) {
        // build() has set every default, so these are present
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.storage = Objects.requireNonNull(b.storage, "storage");
        this.channels = Map.copyOf(b.channels);
        this.templates = Objects.requireNonNull(b.templates, "templates");
        CustomerLocks locks = new CustomerLocks(LOCK_STRIPES);
        this.lease = Objects.requireNonNull(b.lease, "lease");
        this.observer = Objects.requireNonNull(b.observer, "observer");
        this.dispatcher = new Dispatcher(storage.outbox(), channels, templates, storage.customers(), clock,
                Objects.requireNonNull(b.retry, "retry"), Objects.requireNonNull(b.breaker, "breaker"), locks, lease,
                observer);
        this.splits = new SplitJudge(storage, Objects.requireNonNull(b.splitsEvery, "split decisions"));
        this.predictions = new Predictions(storage, b.refitEvery);
        this.step = compileWithWinners(Objects.requireNonNull(b.definitions, "definitions"));
        this.archive = b.archive;
        this.retention = b.retention;
        Duration ahead = Objects.requireNonNull(b.ahead, "ahead");
        this.runtime = new StoreRuntime(storage, clock, b.actions, locks, () -> step, ahead, archive, observer);
        this.imports = new ImportRuntime(storage, clock, locks, () -> step, ahead, archive);
        this.backfills = new Backfills(runtime, archive, clock);
        this.schedules = new Schedules(runtime, clock.instant());
        this.resegmentation = new Resegmentation(runtime, clock);
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
     * write lock. The customer record is the commit point: a storage stores it with the timers and
     * messages in one transaction ({@code JdbcStorage}), or after them (separate stores, idempotently), so
     * a crash in between loses nothing when the event is delivered again. An event whose id is among the last {@link CustomerRecord#RECENT_EVENTS} applied to the
     * customer is recognised as delivered again and changes nothing: the result is empty.
     *
     * @return what changed
     * @throws WriteConflictException when other engines on the same storage kept changing the customer
     */
    public IngestResult ingest(Event event) {
        return result(observer == EngineObserver.disabled() ? runtime.ingest(event)
                : Observed.ingest(observer, runtime, event));
    }

    /**
     * Applies events in order, as {@link #ingest(Event)} one after the other would, and stores the
     * decisions for different customers together: with {@code JdbcStorage} up to 100 of them in one
     * transaction (an event of a customer already waiting in the group waits for the group to be stored).
     * An event that fails is refused alone, with the exception {@code ingest} would have thrown; the
     * others apply. Each event is applied at the clock's time when its turn comes, as with {@code ingest}.
     *
     * @return one outcome per event, in the events' order
     */
    public List<BatchOutcome> ingestAll(List<Event> events) {
        Objects.requireNonNull(events, "events");
        List<StoreRuntime.Applied> applied = observer == EngineObserver.disabled() ? runtime.ingestAll(events)
                : Observed.ingestAll(observer, runtime, events);
        List<BatchOutcome> out = new ArrayList<>(applied.size());
        for (int i = 0; i < applied.size(); i++) {
            StoreRuntime.Applied a = applied.get(i);
            out.add(a.refusal() != null ? new BatchOutcome(events.get(i), Optional.empty(), Optional.of(a.refusal()))
                    : new BatchOutcome(events.get(i), Optional.of(result(a.accepted())), Optional.empty()));
        }
        return out;
    }

    /**
     * An import of history (years of orders, store visits, service contacts) into this engine's storage
     * without running programs: features, profiles and memberships as live ingestion of the same events
     * would leave them, no message decided (docs/import.md). Set its options, then call one of its import
     * methods; live ingestion may go on meanwhile.
     */
    public HistoryImport historyImport() {
        return new Importer(imports);
    }

    private IngestResult result(StepOutcome o) {
        if (o.redelivered()) {
            return new IngestResult(o.customer(), List.of(), List.of(), o.segments(), new TreeSet<>(), new TreeSet<>(),
                    List.of());
        }
        FeaturePlan plan = step.segments().plan();
        List<FeatureChange> changes = new ArrayList<>();
        double[] old = Objects.requireNonNull(o.before(), "an event's outcome has the values before it");
        double[] fresh = o.after();
        for (int i = 0; i < fresh.length; i++) {
            if (Double.compare(old[i], fresh[i]) != 0) {
                changes.add(new FeatureChange(plan.features().get(i).description(), optional(old[i]),
                        optional(fresh[i])));
            }
        }
        return new IngestResult(o.customer(), o.merged(), changes, o.segments(), o.entered(), o.exited(),
                o.changes()); // it copies
    }

    private static OptionalDouble optional(double v) {
        return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /**
     * Does what is due at the clock's current moment: starts scheduled programs, fires due timers
     * (waits that ended, inactivity and anniversary triggers), then hands due messages to the channels.
     * Call it regularly, from a scheduler or a simulation loop; concurrent calls run one after the other.
     */
    public synchronized TickReport tick() {
        Instant now = clock.instant();
        synchronized (stepLock) {
            CustomerStep s = step;
            if (splits.tick(s.segments().definitions(), now)) {
                step = s.withWinners(splits.winners());
            }
            predictions.tick(step, now).ifPresent(m -> step = step.withModel(m));
        }
        if (archive != null && retention != null && (lastRetention == null
                || !lastRetention.plus(Duration.ofDays(1)).isAfter(now))) {
            lastRetention = now;
            long dropped = archive.dropBefore(now.minus(retention));
            LOG.info("archive retention: {} event(s) before {} dropped", dropped, now.minus(retention));
        }
        int scheduled = schedules.run(step, now);
        Duration lag = observer == EngineObserver.disabled() ? null : Observed.timerLag(storage.timers(), now);
        int fired = runtime.fireDue(now, lease);
        TickReport report = new TickReport(fired, scheduled, dispatcher.dispatch(Integer.MAX_VALUE));
        if (lag != null) {
            observer.ticked(new EngineObserver.Backlog(now, fired, lag, storage.outbox().waiting()));
        }
        return report;
    }

    /**
     * Where each channel with an adapter stands now: working, failing, paused by the {@link ChannelBreaker}
     * (its due messages wait) or about to be tried after a pause; in channel order. For health checks: it
     * reads only this engine's memory.
     */
    public List<ChannelStatus> channels() {
        return dispatcher.channels();
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
        ResegmentationReport report = resegmentation.run(step, changes);
        SortedSet<String> filling = backfills.filling();
        return filling.isEmpty() ? report : report.filling(filling);
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
        CompiledSegments c = step.segments();
        Segment s = c.segment(segment);
        if (s == null) {
            throw new IllegalArgumentException("unknown segment '" + segment + "'; loaded segments: "
                    + c.order().stream().map(Segment::name).sorted().toList());
        }
        CustomerRecord r = storage.customers().load(id).orElseThrow(() -> new NoSuchElementException("no customer " + id));
        long now = clock.millis();
        double[] values = c.plan().values(r.features(), now);
        Set<String> in = c.evaluate(r.customer(), values, now, Set.of(), r.segments());
        Optional<String> filling = backfills.progress().filter(p -> p.running() && p.segments().contains(segment))
                .map(p -> "features " + p.features() + " are being filled from the event archive (" + p.done() + " of "
                        + p.customers() + " customers done): this answer may change");
        return new Explanation(id, segment, in.contains(segment), Instant.ofEpochMilli(now),
                step(c.explain(s, r.customer(), r.features(), values, now, in)), filling);
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
        return storage.outbox().of(id);
    }

    /**
     * Why one of the customer's messages was sent or not: the guard that stopped it, with the values it
     * saw and whether at decision or at delivery; next to {@link #explain(CustomerId, String)} for segments.
     *
     * @throws NoSuchElementException when the customer has no message with the id
     */
    public MessageExplanation explainMessage(CustomerId id, String messageId) {
        return storage.outbox().find(messageId).filter(m -> m.customer().equals(id)).map(MessageExplanation::of)
                .orElseThrow(() -> new NoSuchElementException("customer " + id + " has no message " + messageId));
    }

    /** {@link #messages(CustomerId)} of the customer the identity belongs to; empty when none has it. */
    public List<Message> messages(Identity identity) {
        return storage.customers().lookup(identity).map(this::messages).orElse(List.of());
    }

    /**
     * {@link #nextBestOffers(CustomerId)} of the customer the identity belongs to.
     *
     * @throws NoSuchElementException when no customer has the identity
     */
    public List<Offer> nextBestOffers(Identity identity) {
        return nextBestOffers(customerWith(identity));
    }

    /**
     * {@link #explain(CustomerId, String)} for the customer the identity belongs to.
     *
     * @throws NoSuchElementException   when no customer has the identity
     * @throws IllegalArgumentException when no loaded segment has the name
     */
    public Explanation explain(Identity identity, String segment) {
        return explain(customerWith(identity), segment);
    }

    /**
     * The customer who has the identity, as stored now (as {@link #customer(Identity)} reads it); the
     * error names only the identity's type: identities are personal data.
     */
    private CustomerId customerWith(Identity identity) {
        return storage.customers().lookup(identity).orElseThrow(() -> new NoSuchElementException("no customer has the "
                + identity.type().jsonName() + " identity"));
    }

    /** The programs waiting for the customer, as timers. */
    public List<Timer> waiting(CustomerId id) {
        return storage.timers().of(id);
    }

    /**
     * Results per program, variant and control group, from the message log (S9); each variant's uplift
     * over control with its confidence interval is {@link ProgramResult#upliftInterval(ProgramResult, double)}.
     */
    public List<ProgramResult> results() {
        return ProgramResult.tally(storage.outbox());
    }

    /**
     * The A/B splits of the loaded programs that pick a winner ({@link io.relevans.definition.Step.WinnerRule}),
     * with the figures their rules see at the clock's current moment and the decisions stored, in program
     * and step order. Reads the whole message log, as {@link #results()} does.
     */
    public List<SplitResult> splits() {
        return splits.judge(step.segments().definitions(), clock.instant());
    }

    /**
     * Evaluates the winner rules of the undecided splits now, as {@link #tick()} does once per
     * {@link Builder#decideSplitsEvery(Duration) interval}, and stores the winners they pick: from then on
     * customers who reach such a split get its winner (customers already in a variant stay in theirs).
     * A split another engine on the storage decided keeps that engine's winner.
     *
     * @return the splits that pick a winner, as {@link #splits()}
     */
    public synchronized List<SplitResult> decideSplits() {
        synchronized (stepLock) {
            CustomerStep s = step;
            List<SplitResult> judged = splits.decideNow(s.segments().definitions(), clock.instant());
            step = s.withWinners(splits.winners());
            return judged;
        }
    }

    /**
     * What is relevant for the customer now (S22): offers of programs whose audience the customer is in,
     * after every relevance guard, best first.
     *
     * @throws NoSuchElementException when no customer has the id
     */
    public List<Offer> nextBestOffers(CustomerId id) {
        CustomerStep s = step;
        CustomerRecord rec = storage.customers().load(id).orElseThrow(() -> new NoSuchElementException("no customer " + id));
        long now = clock.millis();
        Round r = s.view(rec, storage.timers().of(rec.id()), now);
        List<Offer> out = new ArrayList<>();
        for (Program p : s.runner().offers(r)) {
            out.add(new Offer(p.name(), p.description(), p.promotes().stream().map(c -> c.name()).toList(), p.priority(),
                    p.offer()));
        }
        return out;
    }

    /** The customer with the id as the engine sees them now, if stored. */
    public Optional<CustomerView> customer(CustomerId id) {
        return storage.customers().load(id).map(this::view);
    }

    /** The customer linked to the identity as the engine sees them now, if any. */
    public Optional<CustomerView> customer(Identity identity) {
        return storage.customers().lookup(identity).flatMap(this::customer);
    }

    private CustomerView view(CustomerRecord r) {
        return step.customerView(r, clock.millis());
    }

    /**
     * Replaces the definitions. The new ones are checked and compiled first; when they are invalid the
     * old ones stay loaded. Features that the old definitions also had keep their state. Features they
     * add are filled from the event archive when one is configured ({@link Builder#archive}): a backfill
     * runs in the background ({@link #backfill()}), customer by customer, over the longest window those
     * features need; until it ends, entries to and exits from the segments that test them start no
     * program, and {@link #explain} says the feature is filling. Without an archive they start from the
     * events that arrive from now on (the report names them, and a warning is logged). Customers waiting
     * in a program keep their place when the program still has the step they wait at; otherwise their
     * journey ends when its timer is due. Memberships are brought up to date by the next ingest or
     * {@link #resegment()}.
     *
     * @return the features added, and whether they are being filled
     * @throws InvalidDefinitionException listing every problem
     */
    public ReloadReport load(Definitions definitions) {
        if (observer == EngineObserver.disabled()) {
            return reload(definitions);
        }
        long started = System.nanoTime();
        try {
            ReloadReport report = reload(definitions);
            observer.reloaded(new EngineObserver.Reload(true, definitions.segments().size(),
                    definitions.programs().size(), Duration.ofNanos(System.nanoTime() - started)));
            return report;
        } catch (RuntimeException e) {
            observer.reloaded(new EngineObserver.Reload(false, 0, 0, Duration.ofNanos(System.nanoTime() - started)));
            throw e;
        }
    }

    private ReloadReport reload(Definitions definitions) {
        synchronized (stepLock) {
            Backfills.Reload reload = backfills.reload(step, compileWithWinners(definitions), done -> {
                synchronized (stepLock) {
                    if (backfills.isCurrent(done)) {
                        step = step.quiet(Set.of());
                    }
                }
            });
            step = reload.step();
            reload.start();
            return reload.report();
        }
    }

    /** The backfill running now or the last one, if a reload started one. */
    public Optional<BackfillProgress> backfill() {
        return backfills.progress();
    }

    /** The compiled definitions with the winners of their splits stored so far and the prediction model. */
    private CustomerStep compileWithWinners(Definitions definitions) {
        CustomerStep compiled = compile(definitions);
        CustomerBaseModel model = predictions.current();
        if (compiled.segments().plan().predicts() && (model == null || !model.usable())) {
            LOG.warn("definitions use predictions (p_alive, expected_purchases, expected_spend) but no usable model "
                    + "is fitted: they have no value until Relevans.fitPredictions() fits one");
        }
        return compiled.withWinners(splits.load(definitions)).withModel(model);
    }

    /**
     * Fits the customer-base models (BG/NBD for purchases and activity, Gamma-Gamma for spend) on every stored
     * customer's purchase summary, calibrated through today (in the definitions' purchase day zone, UTC unless
     * set), and uses the fit from now on when it is reliable: it is published to the storage's model store as
     * the next version, which every engine on the storage takes at its next tick. Summaries are kept only
     * while a loaded definition uses a prediction; {@link HistoryImport} fills them from history. A fit that
     * did not converge or had too few repeat customers is returned with its diagnostics and not used
     * ({@link CustomerBaseModel#usable()}).
     *
     * @return the fit, with the version it was stored under (0 when not used)
     * @throws IllegalStateException when the loaded definitions use no prediction or no customer has bought
     */
    public CustomerBaseModel fitPredictions() {
        CustomerBaseModel fitted = predictions.fit(step, clock.instant());
        synchronized (stepLock) {
            CustomerBaseModel current = predictions.current();
            if (current != null && current != step.segments().plan().model()) {
                step = step.withModel(current);
            }
        }
        return fitted;
    }

    /** The customer-base model the prediction features use now, if one was fitted. */
    public Optional<CustomerBaseModel> predictionModel() {
        return Optional.ofNullable(predictions.current());
    }

    /** The loaded definitions. */
    public Definitions definitions() {
        return step.segments().definitions();
    }

    /** The DRL the loaded definitions compiled to: numbers only, never text from the definitions. */
    public String compiledRules() {
        return step.segments().drl();
    }

    /**
     * Erases a customer (GDPR): profile, identities, features, memberships, waiting programs and
     * messages.
     *
     * @return whether there was such a customer
     */
    public boolean erase(CustomerId id) {
        return runtime.erase(id);
    }

    private CustomerStep compile(Definitions definitions) {
        Map<Channel, IdentityType> addresses = new LinkedHashMap<>();
        channels.forEach((c, a) -> addresses.put(c, a.addressType()));
        long started = System.nanoTime();
        CustomerStep compiled = CustomerStep.compile(definitions, templates, addresses);
        compiled.segments().observe(observer);
        definitions.warnings().forEach(w -> LOG.warn("definitions: {}", w));
        LOG.info("loaded {} segment(s) and {} program(s) using {} feature(s) as {} rule(s) in {} ms",
                compiled.segments().order().size(), definitions.programs().size(),
                compiled.segments().plan().features().size(), compiled.segments().ruleCount(),
                (System.nanoTime() - started) / 1_000_000);
        return compiled;
    }

    /** Configures a {@link Relevans} engine; every setter validates at once and may be called once. */
    public static final class Builder {
        private @Nullable Clock clock;
        private @Nullable Storage storage;
        private @Nullable CustomerStore store;
        private @Nullable TimerStore timers;
        private @Nullable Outbox outbox;
        private final Map<Channel, ChannelAdapter> channels = new LinkedHashMap<>();
        private @Nullable TemplateRenderer templates;
        private @Nullable ActionAdapter actions;
        private @Nullable RetryPolicy retry;
        private @Nullable ChannelBreaker breaker;
        private @Nullable Duration lease;
        private @Nullable Duration ahead;
        private @Nullable EventArchive archive;
        private @Nullable Duration retention;
        private @Nullable Duration splitsEvery;
        private @Nullable Duration refitEvery;
        private @Nullable Definitions definitions;
        private @Nullable EngineObserver observer;

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
         * Where customers, timers and messages are kept, as one unit: a storage that keeps versions (such as
         * the JDBC one) lets engines in several processes share it. Instead of {@link #store},
         * {@link #timers} and {@link #outbox}; in-memory stores by default.
         *
         * @throws IllegalStateException when already set, or when separate stores are set
         */
        public Builder storage(Storage storage) {
            requireUnset(this.storage, "storage");
            requireSeparateUnset();
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        private void requireSeparateUnset() {
            requireUnset(store, "store");
            requireUnset(timers, "timer store");
            requireUnset(outbox, "outbox");
        }

        /**
         * Where customer records are kept; an {@link InMemoryCustomerStore} by default. Separate stores serve
         * engines in one process: see {@link #storage(Storage)}.
         *
         * @throws IllegalStateException when already set, or when a storage is set
         */
        public Builder store(CustomerStore store) {
            requireUnset(this.storage, "storage");
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
            requireUnset(this.storage, "storage");
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
            requireUnset(this.storage, "storage");
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
         * When a channel that keeps failing is paused, so that its waiting messages are not given up
         * during a long outage; {@link ChannelBreaker#DEFAULT} by default, {@link ChannelBreaker#NEVER}
         * for none.
         *
         * @throws IllegalStateException when already set
         */
        public Builder breaker(ChannelBreaker breaker) {
            requireUnset(this.breaker, "channel breaker");
            this.breaker = Objects.requireNonNull(breaker, "breaker");
            return this;
        }

        /**
         * How long a due timer or message this engine claimed from a shared storage stays its own: other
         * engines on the storage take it over only after that, so it must be longer than firing a timer or
         * delivering a message takes (a channel's time-outs included); an engine that dies gives its claims
         * back after it. Five minutes by default; from one second to seven days.
         *
         * @throws IllegalStateException    when already set
         * @throws IllegalArgumentException when out of range
         */
        public Builder lease(Duration lease) {
            requireUnset(this.lease, "lease");
            Objects.requireNonNull(lease, "lease");
            if (lease.compareTo(Duration.ofSeconds(1)) < 0 || lease.compareTo(Duration.ofDays(7)) > 0) {
                throw new IllegalArgumentException("lease must be from 1 second to 7 days, got " + lease);
            }
            this.lease = lease;
            return this;
        }

        /**
         * How far after the engine's clock an event's time may be: a till or app with a clock that runs a
         * little ahead is accepted, an event dated in another year is refused ({@code ingest} throws an
         * {@link io.relevans.event.EventFormatException} for the field {@code time} naming the limit; nothing
         * is stored). One day by default; from zero to 365 days. Event times are also bounded absolutely
         * ({@link Event#EARLIEST}, {@link Event#LATEST}).
         *
         * @throws IllegalStateException    when already set
         * @throws IllegalArgumentException when out of range
         */
        public Builder maxEventAhead(Duration ahead) {
            requireUnset(this.ahead, "max event ahead");
            Objects.requireNonNull(ahead, "ahead");
            if (ahead.isNegative() || ahead.compareTo(Duration.ofDays(365)) > 0) {
                throw new IllegalArgumentException("max event ahead must be from 0 to 365 days, got " + ahead);
            }
            this.ahead = ahead;
            return this;
        }

        /**
         * Keeps the events the engine applies (and imports) in an archive, so that features a reload adds
         * are filled from history (a backfill, docs/import.md) and history can be replayed: {@link
         * EventArchive#inMemory()}, {@code JsonLinesEventArchive.in(folder)} or {@code JdbcStorage.archive()}.
         * Without one, a feature a reload adds starts from the events that come after. An event is kept
         * before the commit that applies it; erasing a customer erases their archived events.
         *
         * @throws IllegalStateException when already set
         */
        public Builder archive(EventArchive archive) {
            requireUnset(this.archive, "event archive");
            this.archive = Objects.requireNonNull(archive, "archive");
            return this;
        }

        /**
         * How long the archive keeps events: {@link Relevans#tick()} drops the older ones, at most once a
         * day. Kept forever by default; from one day to 100 years.
         *
         * @throws IllegalStateException    when already set
         * @throws IllegalArgumentException when out of range
         */
        public Builder archiveRetention(Duration retention) {
            requireUnset(this.retention, "archive retention");
            Objects.requireNonNull(retention, "retention");
            if (retention.compareTo(Duration.ofDays(1)) < 0 || retention.compareTo(Duration.ofDays(36_500)) > 0) {
                throw new IllegalArgumentException("archive retention must be from 1 to 36500 days, got " + retention);
            }
            this.retention = retention;
            return this;
        }

        /**
         * How often {@link Relevans#tick()} evaluates the winner rules of A/B splits that are still
         * undecided: each evaluation reads the whole message log, as {@link Relevans#results()} does. The
         * first tick evaluates, then the first tick at least this long after; once an hour
         * ({@link Relevans#DEFAULT_SPLIT_DECISIONS}) by default; from zero (every tick) to 30 days.
         * {@link Relevans#decideSplits()} evaluates at once.
         *
         * @throws IllegalStateException    when already set
         * @throws IllegalArgumentException when out of range
         */
        public Builder decideSplitsEvery(Duration interval) {
            requireUnset(this.splitsEvery, "split decision interval");
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.compareTo(Duration.ofDays(30)) > 0) {
                throw new IllegalArgumentException("the split decision interval must be from 0 to 30 days, got "
                        + interval);
            }
            this.splitsEvery = interval;
            return this;
        }

        /**
         * Refits the customer-base models from {@link Relevans#tick()} when the model in use is this old (or
         * there is none), as {@link Relevans#fitPredictions()} does; from 1 hour to 366 days. Unset, models
         * are fitted only on request. Engines sharing a storage publish one version per refit between them.
         *
         * @throws IllegalStateException    when already set
         * @throws IllegalArgumentException when out of range
         */
        public Builder refitPredictionsEvery(Duration interval) {
            requireUnset(this.refitEvery, "prediction refit interval");
            Objects.requireNonNull(interval, "interval");
            if (interval.compareTo(Duration.ofHours(1)) < 0 || interval.compareTo(Duration.ofDays(366)) > 0) {
                throw new IllegalArgumentException("the prediction refit interval must be from 1 hour to 366 days, got "
                        + interval);
            }
            this.refitEvery = interval;
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

        /**
         * Tells the observer what the engine does, for metrics and tracing: ingests, decisions, evaluations,
         * deliveries, the backlog at each tick, reloads ({@code relevans-micrometer} has one for Micrometer).
         * The engine calls it guarded ({@link EngineObserver#guarded}): what it throws is logged, never
         * passed on. None by default, and then the engine makes none of these calls.
         *
         * @throws IllegalStateException when already set
         */
        public Builder observer(EngineObserver observer) {
            requireUnset(this.observer, "observer");
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        private static void requireUnset(@Nullable Object current, String what) {
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
            if (storage == null) {
                storage = Storage.of(store != null ? store : new InMemoryCustomerStore(),
                        timers != null ? timers : new InMemoryTimerStore(),
                        outbox != null ? outbox : new InMemoryOutbox());
            }
            templates = templates != null ? templates : SimpleTemplates.builder().build();
            retry = retry != null ? retry : RetryPolicy.DEFAULT;
            breaker = breaker != null ? breaker : ChannelBreaker.DEFAULT;
            lease = lease != null ? lease : Dispatcher.DEFAULT_LEASE;
            ahead = ahead != null ? ahead : DEFAULT_AHEAD;
            splitsEvery = splitsEvery != null ? splitsEvery : DEFAULT_SPLIT_DECISIONS;
            definitions = definitions != null ? definitions : Definitions.EMPTY;
            observer = observer != null ? EngineObserver.guarded(observer) : EngineObserver.disabled();
            return new Relevans(this);
        }
    }
}
