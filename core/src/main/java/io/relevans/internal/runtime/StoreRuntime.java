package io.relevans.internal.runtime;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.event.EventFormatException;
import io.relevans.internal.program.Claim;
import io.relevans.internal.program.CustomerLocks;
import io.relevans.internal.program.Round;
import io.relevans.internal.step.CustomerStep;
import io.relevans.internal.step.StepOutcome;
import io.relevans.spi.ActionAdapter;
import io.relevans.spi.Commit;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.CustomerState;
import io.relevans.spi.EngineObserver;
import io.relevans.spi.EventArchive;
import io.relevans.spi.Message;
import io.relevans.spi.Storage;
import io.relevans.spi.StoredCustomer;
import io.relevans.spi.Timer;
import io.relevans.spi.WriteConflictException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime around the {@link CustomerStep} on a {@link Storage}: resolves the customer an event
 * names, takes the customer's write lock in this process, loads the record (with its version), the
 * timers and the message history, runs the step, calls the actions and commits. A commit refused
 * because another process changed a record meanwhile is redone from fresh reads, up to
 * {@link #MAX_ATTEMPTS} times.
 *
 * <p>Thread-safe. Within a process the locks serialise the work on a customer; across processes the
 * storage's versions do (when it keeps them: {@link Storage#of} does not, and is for one process).
 */
public final class StoreRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(StoreRuntime.class);
    /** How many times work on a customer is redone after a refused commit before giving up. */
    public static final int MAX_ATTEMPTS = 16;

    private final Storage storage;
    private final Clock clock;
    private final @Nullable ActionAdapter actions;
    private final CustomerLocks locks;
    private final Supplier<CustomerStep> step;
    private final Duration ahead;
    private final @Nullable EventArchive archive;
    private final EngineObserver observer;

    /**
     * @param storage where customers, timers and messages are
     * @param clock   the only source of time
     * @param actions carries out program actions; null when none is configured
     * @param locks   the in-process write locks, shared with the dispatcher
     * @param step    the step of the definitions loaded now
     * @param ahead   how far after the clock an event's time may be
     * @param archive where applied events are kept, before their commit (appending is idempotent); null for none
     */
    public StoreRuntime(Storage storage, Clock clock, @Nullable ActionAdapter actions, CustomerLocks locks,
                        Supplier<CustomerStep> step, Duration ahead, @Nullable EventArchive archive) {
        this(storage, clock, actions, locks, step, ahead, archive, EngineObserver.disabled());
    }

    /**
     * The runtime above that tells {@code observer} of every decision it stores
     * ({@link EngineObserver#decided}); with {@link EngineObserver#disabled()} it tells nothing.
     */
    public StoreRuntime(Storage storage, Clock clock, @Nullable ActionAdapter actions, CustomerLocks locks,
                        Supplier<CustomerStep> step, Duration ahead, @Nullable EventArchive archive,
                        EngineObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.actions = actions;
        this.locks = Objects.requireNonNull(locks, "locks");
        this.step = Objects.requireNonNull(step, "step");
        this.ahead = Objects.requireNonNull(ahead, "ahead");
        this.archive = archive;
    }

    /** Refuses an event dated further after the clock than allowed, before anything is read or stored. */
    private void checkTime(Event event) {
        Instant latest = clock.instant().plus(ahead);
        if (event.time().isAfter(latest)) {
            throw new EventFormatException("time", "must be at most " + ahead + " after the engine's clock ("
                    + latest + " now), got " + event.time());
        }
    }

    /** Applies an event to the customer it names and stores the outcome. */
    public StepOutcome ingest(Event event) {
        Objects.requireNonNull(event, "event");
        checkTime(event);
        CustomerId last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; ) {
            Resolution first = resolve(event);
            try (CustomerLocks.Held held = locks.lockAll(first.involved())) {
                Resolution now = resolveAgain(event, first);
                if (!now.involved().stream().allMatch(held::covers)) {
                    continue; // a profile of the event's identities was merged, created or erased meanwhile
                }
                Attempt a = ingestLocked(event, now);
                if (a.outcome != null) {
                    return a.outcome;
                }
                last = a.customer;
            }
            attempt++;
            LOG.debug("ingest of {}: commit refused for {} (attempt {}), redone", event, last, attempt - 1);
        }
        throw new WriteConflictException(last, MAX_ATTEMPTS);
    }

    /** The outcome stored, or the customer whose commit was refused. */
    private record Attempt(@Nullable StepOutcome outcome, CustomerId customer) {
    }

    /**
     * Where an event's identities lead.
     *
     * @param known    the stored customers they lead to, in id order (the first survives a merge)
     * @param involved per identity, the stored customer that has it, or for an identity no customer has,
     *                 the id a new customer of it gets: whoever attaches that identity to a customer holds
     *                 its stripe
     */
    private record Resolution(TreeSet<CustomerId> known, Set<CustomerId> involved,
                              Map<CustomerId, Optional<CustomerState>> read) {
    }

    private Resolution resolve(Event event) {
        TreeSet<CustomerId> known = new TreeSet<>();
        Set<CustomerId> involved = new HashSet<>();
        involve(event.customer(), known, involved);
        event.links().forEach(link -> involve(link, known, involved));
        return new Resolution(known, involved, Map.of());
    }

    /**
     * The event's identities resolved again under the locks of the first resolution's customers, to see
     * whether another thread changed where they lead meanwhile. The customers found first are read
     * before (the step needs them next): a storage that keeps what it read answers the second lookups
     * without asking its database.
     */
    private Resolution resolveAgain(Event event, Resolution first) {
        Map<CustomerId, Optional<CustomerState>> read = new HashMap<>();
        first.known().forEach(id -> read.put(id, storage.read(id)));
        Resolution now = resolve(event);
        return new Resolution(now.known(), now.involved(), read);
    }

    private void involve(Identity identity, Set<CustomerId> known, Set<CustomerId> involved) {
        Optional<CustomerId> found = storage.lookup(identity);
        found.ifPresent(known::add);
        involved.add(found.isPresent() ? found.get() : CustomerId.derivedFrom(identity));
    }

    private Attempt ingestLocked(Event event, Resolution resolution) {
        Attempt decided = decide(event, resolution);
        StepOutcome outcome = decided.outcome;
        if (outcome == null || outcome.commit().isEmpty()) {
            return decided; // to redo, or delivered again
        }
        archive(archive, List.of(event));
        if (!storage.commit(outcome.commit().get())) {
            return new Attempt(null, outcome.customer());
        }
        reportStored(outcome);
        if (LOG.isDebugEnabled()) {
            LOG.debug("ingested {} for {}: entered {}, exited {}, {} message(s) decided", event, outcome.customer(),
                    outcome.entered(), outcome.exited(), outcome.decided());
        }
        return decided;
    }

    /**
     * Reads the customers the event names, runs the step and calls the actions, storing nothing but what
     * finishes an interrupted merge: the outcome (with no commit for an event delivered again), or none
     * when a customer the event's identities led to went meanwhile (to redo).
     *
     * @param resolution where the event's identities lead, with the customers read on the way
     */
    private Attempt decide(Event event, Resolution resolution) {
        TreeSet<CustomerId> ids = resolution.known();
        CustomerStep s = step.get();
        long now = clock.millis();
        List<StoredCustomer> records = new ArrayList<>();
        List<Timer> timers;
        List<Message> history;
        List<Message> mergedAway = new ArrayList<>();
        List<Timer> mergedTimers = new ArrayList<>();
        if (ids.isEmpty()) {
            CustomerId survivor = CustomerId.derivedFrom(event.customer());
            Optional<CustomerState> state = storage.read(survivor); // a record whose identities are not indexed
            if (state.isPresent()) {
                records.add(state.get().stored());
                timers = state.get().timers();
                history = state.get().messages();
            } else {
                timers = storage.timers().of(survivor);
                history = storage.outbox().of(survivor);
            }
        } else {
            List<CustomerState> states = new ArrayList<>();
            for (CustomerId id : ids) {
                Optional<CustomerState> r = resolution.read().containsKey(id) ? resolution.read().get(id)
                        : storage.read(id);
                if (r.isEmpty()) {
                    if (indexes(event, id)) {
                        throw new IllegalStateException("customer store indexes an identity for " + id
                                + " but holds no record for it");
                    }
                    return new Attempt(null, id); // merged away or erased by another process meanwhile
                }
                states.add(r.get());
                records.add(r.get().stored());
            }
            timers = states.get(0).timers();
            history = states.get(0).messages();
            states.subList(1, states.size()).forEach(st -> {
                mergedAway.addAll(st.messages());
                mergedTimers.addAll(st.timers());
            });
        }
        StepOutcome outcome = s.ingest(event, records, timers, history, mergedAway, mergedTimers, now);
        if (outcome.redelivered()) {
            eraseMergedAway(records.get(0).record().customer().identities(), outcome.customer());
            return new Attempt(outcome, outcome.customer());
        }
        call(outcome.actions(), outcome.customer());
        return new Attempt(outcome, outcome.customer());
    }

    /** What became of one event of a batch: the stored outcome, or why the event was refused. */
    public record Applied(@Nullable StepOutcome outcome, @Nullable RuntimeException refusal) {

        /** The outcome of an event that was not refused. */
        public StepOutcome accepted() {
            return Objects.requireNonNull(outcome, "a refused event has no outcome");
        }
    }

    /**
     * Applies events in order, as {@link #ingest(Event)} one after the other would, storing the decisions
     * for different customers together ({@link Storage#commitAll}): an event that names a customer already
     * in the group waits for the group to be stored. An event that fails is refused alone; the others
     * apply. A group the storage refuses is decided again event by event.
     */
    public List<Applied> ingestAll(List<Event> events) {
        Applied[] out = new Applied[events.size()];
        Group group = new Group();
        try {
            for (int i = 0; i < events.size(); i++) {
                Event event = Objects.requireNonNull(events.get(i), "event");
                try {
                    checkTime(event);
                    Resolution first = resolve(event);
                    Set<CustomerId> involved = first.involved();
                    if (group.touches(involved, event)) {
                        group.flush(events, out);
                    }
                    CustomerLocks.Held held = locks.tryLockAll(involved);
                    if (held == null) { // another thread works on one of them: not while holding the group's
                        group.flush(events, out);
                        held = locks.lockAll(involved);
                    }
                    group.held.add(held);
                    Resolution now = resolveAgain(event, first);
                    if (!now.involved().stream().allMatch(held::covers)) {
                        group.flush(events, out); // the event's customers changed meanwhile: on its own
                        out[i] = new Applied(ingest(event), null);
                        continue;
                    }
                    Attempt decided = decide(event, now);
                    if (decided.outcome == null) {
                        group.flush(events, out);
                        out[i] = new Applied(ingest(event), null);
                    } else if (decided.outcome.commit().isEmpty()) {
                        out[i] = new Applied(decided.outcome, null); // delivered again
                    } else {
                        group.add(i, involved, decided.outcome);
                        if (group.indexes.size() >= GROUP) {
                            group.flush(events, out);
                        }
                    }
                } catch (RuntimeException e) {
                    LOG.debug("event {} of a batch refused: {}", event, e.toString());
                    out[i] = new Applied(null, e);
                }
            }
            group.flush(events, out);
        } finally {
            group.release();
        }
        return List.of(out);
    }

    /** How many decisions for different customers are stored together at most. */
    static final int GROUP = 100;

    /** Decisions of a batch waiting to be stored together, with the locks of their customers. */
    private final class Group {
        final List<Integer> indexes = new ArrayList<>();
        final List<StepOutcome> outcomes = new ArrayList<>();
        final Set<CustomerId> customers = new HashSet<>();
        final Set<Identity> identities = new HashSet<>();
        final List<CustomerLocks.Held> held = new ArrayList<>();

        /** Whether the event names a customer or identity of the group. */
        boolean touches(Set<CustomerId> involved, Event event) {
            if (involved.stream().anyMatch(customers::contains) || identities.contains(event.customer())) {
                return true;
            }
            return event.links().stream().anyMatch(identities::contains);
        }

        void add(int index, Set<CustomerId> involved, StepOutcome outcome) {
            indexes.add(index);
            outcomes.add(outcome);
            customers.addAll(involved);
            customers.add(outcome.customer());
            customers.addAll(outcome.merged());
            identities.addAll(outcome.commit().orElseThrow().record().customer().identities());
        }

        /** Stores the group's decisions; those refused are decided again one by one; then lets go. */
        void flush(List<Event> events, Applied[] out) {
            List<Commit> commits = outcomes.stream().map(o -> o.commit().orElseThrow()).toList();
            if (archive != null) {
                archive(archive, indexes.stream().map(events::get).toList());
            }
            int stored = commits.isEmpty() ? 0 : storage.commitAll(commits);
            for (int k = 0; k < stored; k++) {
                out[indexes.get(k)] = new Applied(outcomes.get(k), null);
                reportStored(outcomes.get(k));
            }
            List<Integer> again = List.copyOf(indexes.subList(stored, indexes.size()));
            release();
            for (int index : again) { // decided from what another writer changed meanwhile: one at a time
                try {
                    out[index] = new Applied(ingest(events.get(index)), null);
                } catch (RuntimeException e) {
                    out[index] = new Applied(null, e);
                }
            }
        }

        /** Lets the group's customers go, and forgets its decisions. */
        void release() {
            for (int k = held.size() - 1; k >= 0; k--) {
                held.get(k).close();
            }
            held.clear();
            indexes.clear();
            outcomes.clear();
            customers.clear();
            identities.clear();
        }
    }

    /** Whether an identity of the event still leads to the customer (then its missing record is a fault). */
    private boolean indexes(Event event, CustomerId id) {
        if (storage.customers().lookup(event.customer()).filter(id::equals).isPresent()) {
            return true; // asked of the store itself: a storage's earlier answer may be outdated
        }
        return event.links().stream().anyMatch(i -> storage.customers().lookup(i).filter(id::equals).isPresent());
    }

    /**
     * Finishes a merge that a crash interrupted after the surviving record was saved: a merged-away
     * record (its id derives from an identity that now is the survivor's, and none of its identities
     * leads to it any more) is erased.
     */
    private void eraseMergedAway(Set<Identity> identities, CustomerId survivor) {
        for (Identity i : identities) {
            CustomerId id = CustomerId.derivedFrom(i);
            if (id.equals(survivor)) {
                continue;
            }
            try (CustomerLocks.Held held = locks.tryLock(id)) {
                if (held == null) {
                    continue; // busy (taking it could deadlock): the next delivery again finishes the merge
                }
                Optional<io.relevans.spi.CustomerRecord> other = storage.customers().load(id);
                if (other.isPresent() && other.get().customer().identities().stream()
                        .noneMatch(o -> storage.customers().lookup(o).map(id::equals).orElse(false))) {
                    LOG.info("erasing {}, merged into {} by an interrupted ingest", id, survivor);
                    storage.timers().eraseCustomer(id);
                    storage.customers().erase(id);
                }
            }
        }
    }

    /**
     * Works on a stored customer outside an event (a due timer, a scheduled start, re-segmentation)
     * under the customer's lock, redoing the work when its commit is refused.
     *
     * @return the stored outcome, or empty when no customer has the id
     */
    public Optional<StepOutcome> onCustomer(CustomerId id, Work work) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try (CustomerLocks.Held held = locks.lock(id)) {
                Optional<CustomerState> state = storage.read(id);
                if (state.isEmpty()) {
                    return Optional.empty();
                }
                CustomerStep s = step.get();
                long now = clock.millis();
                StepOutcome outcome = work.run(s, state.get().stored(), state.get().timers(), state.get().messages(),
                        now);
                if (outcome.commit().isEmpty()) {
                    return Optional.of(outcome); // done before: nothing to store
                }
                call(outcome.actions(), id);
                if (storage.commit(outcome.commit().get())) {
                    reportStored(outcome);
                    return Optional.of(outcome);
                }
            }
            LOG.debug("work on {}: commit refused (attempt {}), redone", id, attempt);
        }
        throw new WriteConflictException(id, MAX_ATTEMPTS);
    }

    /**
     * Stores a record in place of the one read, if no other thread holds the customer's lock now and the
     * stored record is still the one read (same version; for a storage without versions, the same record):
     * for a change that may as well be skipped (a re-segmentation's new stamp on unchanged memberships).
     *
     * @return whether it was stored
     */
    public boolean replaceIfUnchanged(StoredCustomer read, CustomerRecord replacement) {
        CustomerLocks.Held held = locks.tryLock(read.record().id());
        if (held == null) {
            return false;
        }
        try (held) {
            Optional<StoredCustomer> now = storage.load(read.record().id());
            if (now.isEmpty() || now.get().version() != read.version() || (read.version() == StoredCustomer.UNVERSIONED
                    && now.get().record() != read.record() && !now.get().record().equals(read.record()))) {
                return false;
            }
            return storage.commit(new Commit(replacement, read.version(), new TreeMap<>(), List.of(), List.of(),
                    List.of(), List.of(), List.of(), List.of(), Optional.empty()));
        }
    }

    /** Work on one stored customer: the step's call with the inputs loaded. */
    @FunctionalInterface
    public interface Work {
        /** Runs the step. */
        StepOutcome run(CustomerStep step, StoredCustomer stored, List<Timer> timers, List<Message> history, long now);
    }

    /**
     * Fires the timers due at the moment, claimed {@link #BATCH} at a time for the lease; stops when half
     * the lease has passed (the rest go back when their claim runs out).
     *
     * @return how many timers were fired
     */
    public int fireDue(Instant now, Duration lease) {
        Claim claim = new Claim(now, lease);
        int fired = 0;
        while (true) {
            List<Timer> due = storage.timers().claimDue(now, BATCH, claim.until());
            if (due.isEmpty()) {
                return fired;
            }
            for (Timer t : due) {
                if (!claim.fresh(clock)) {
                    LOG.warn("tick stopped firing timers: half of the {} claim on them has passed", lease);
                    return fired;
                }
                fire(t);
                fired++;
            }
        }
    }

    /** How many due timers are claimed at a time. */
    static final int BATCH = 1_000;

    /** Fires a due timer; a timer of a customer no longer stored is removed. */
    public void fire(Timer timer) {
        Optional<StepOutcome> done = onCustomer(timer.customer(),
                (s, stored, timers, history, now) -> s.fire(stored, timers, history, timer, now));
        if (done.isEmpty()) {
            storage.timers().cancel(timer.key());
        }
    }

    /**
     * Erases a customer (GDPR): record, identities, timers and messages.
     *
     * @return whether there was such a customer
     */
    public boolean erase(CustomerId id) {
        try (CustomerLocks.Held held = locks.lock(id)) {
            if (archive != null) { // first: a failure leaves the customer there to erase again
                storage.customers().load(id).ifPresent(r -> archive.erase(r.customer().identities()));
            }
            boolean erased = storage.customers().erase(id);
            storage.timers().eraseCustomer(id);
            storage.outbox().eraseCustomer(id);
            LOG.info("erase of {}: {}", id, erased ? "done" : "no such customer");
            return erased;
        }
    }

    /**
     * Keeps applied events in the archive, if one is configured, before the commit that applies them: a
     * redo after a crash or a refused commit appends them again, which changes nothing. Imports keep
     * theirs here too.
     */
    static void archive(@Nullable EventArchive archive, List<Event> events) {
        if (archive != null && !events.isEmpty()) {
            archive.append(events);
        }
    }

    /** Calls the actions programs asked for, before the commit: at least once, again when work is redone. */
    private void call(List<Round.ActionCall> calls, CustomerId customer) {
        for (Round.ActionCall call : calls) {
            if (actions == null) {
                LOG.warn("program {} calls action {} but no action adapter is configured", call.program(), call.action());
                continue;
            }
            try {
                actions.call(call.action(), customer, call.data());
            } catch (RuntimeException e) {
                LOG.warn("action {} of program {} failed for {}: {}", call.action(), call.program(), customer,
                        e.toString());
            }
        }
    }

    /** Tells the observer, if one is set, of a decision just stored. */
    private void reportStored(StepOutcome outcome) {
        if (observer != EngineObserver.disabled()) {
            observer.decided(EngineObserver.Decision.of(outcome.commit().orElseThrow(), outcome.entered(),
                    outcome.exited()));
        }
    }

    /** The storage. */
    public Storage storage() {
        return storage;
    }

    /** The compiled definitions the runtime works with now. */
    public CustomerStep step() {
        return step.get();
    }
}
