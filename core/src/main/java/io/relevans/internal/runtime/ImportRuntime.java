package io.relevans.internal.runtime;

import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.event.EventFormatException;
import io.relevans.internal.program.CustomerLocks;
import io.relevans.internal.step.CustomerStep;
import io.relevans.internal.step.HistoryOutcome;
import io.relevans.spi.Commit;
import io.relevans.spi.CustomerState;
import io.relevans.spi.EventArchive;
import io.relevans.spi.Storage;
import io.relevans.spi.WriteConflictException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime of an import: folds batches of historical events into the storage through the step's
 * {@link CustomerStep#history}, no programs run. A batch is split into groups of linked identities
 * (an event's identity and its links); the groups are folded in parallel, each under the write locks of
 * the customers it involves (live ingestion may run meanwhile), and the commits of up to {@link #GROUP}
 * groups are stored together ({@link Storage#commitAll}). A group whose commit is refused (another
 * writer changed a customer meanwhile) is folded again from what is stored then.
 */
public final class ImportRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(ImportRuntime.class);
    /** How many customers' commits a worker stores together at most. */
    static final int GROUP = 100;

    private final Storage storage;
    private final Clock clock;
    private final CustomerLocks locks;
    private final Supplier<CustomerStep> step;
    private final Duration ahead;
    private final @Nullable EventArchive archive;

    /**
     * @param storage where customers, timers and messages are
     * @param clock   the only source of time: the moment memberships are evaluated at
     * @param locks   the engine's write locks, shared with live ingestion
     * @param step    the step of the definitions loaded now
     * @param ahead   how far after the clock an event's time may be
     * @param archive where imported events are kept, before their commit; null for none
     */
    public ImportRuntime(Storage storage, Clock clock, CustomerLocks locks, Supplier<CustomerStep> step,
                         Duration ahead, @Nullable EventArchive archive) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.step = Objects.requireNonNull(step, "step");
        this.ahead = Objects.requireNonNull(ahead, "ahead");
        this.archive = archive;
    }

    /**
     * What an import folds: events, or profiles; how to find their identities and order them, fold a
     * group of them, and what of them the archive keeps.
     */
    private interface Kind<T> {
        /** The identity that names the input. */
        Identity main(T input);

        /** The other identities it links to the first. */
        java.util.Collection<Identity> links(T input);

        /** Its moment, for the order of a group (the batch's order within a moment). */
        Instant time(T input);

        /** Folds a group onto the stored customers it leads to. */
        HistoryOutcome fold(CustomerStep step, List<T> group, List<CustomerState> stored, long now);

        /** The events of a group that the archive keeps. */
        List<Event> archived(List<T> group);
    }

    private static final Kind<Event> EVENTS = new Kind<>() {
        @Override
        public Identity main(Event e) {
            return e.customer();
        }

        @Override
        public java.util.Collection<Identity> links(Event e) {
            return e.links();
        }

        @Override
        public Instant time(Event e) {
            return e.time();
        }

        @Override
        public HistoryOutcome fold(CustomerStep step, List<Event> group, List<CustomerState> stored, long now) {
            return step.history(group, stored, now);
        }

        @Override
        public List<Event> archived(List<Event> group) {
            return group;
        }
    };

    private static final Kind<Customer> PROFILES = new Kind<>() {
        @Override
        public Identity main(Customer c) {
            return c.identities().first();
        }

        @Override
        public java.util.Collection<Identity> links(Customer c) {
            return c.identities();
        }

        @Override
        public Instant time(Customer c) {
            return Event.EARLIEST; // the batch's order
        }

        @Override
        public HistoryOutcome fold(CustomerStep step, List<Customer> group, List<CustomerState> stored, long now) {
            return step.profiles(group, stored, now);
        }

        @Override
        public List<Event> archived(List<Customer> group) {
            return List.of();
        }
    };

    /**
     * What became of a batch.
     *
     * @param imported  events folded into customers
     * @param repeated  events the customers had applied already (delivered twice), changing nothing
     * @param customers customer records stored
     * @param refusals  the events refused, by position in the batch, with why
     */
    public record BatchResult(int imported, int repeated, int customers, Map<Integer, RuntimeException> refusals) {
    }

    /**
     * Imports a batch of events (any order: each group's events are folded in time order, those of one
     * moment in the batch's order), with up to {@code workers} threads of the pool.
     *
     * @throws RuntimeException when storing fails; groups stored before stay stored
     */
    public BatchResult importBatch(List<Event> events, @Nullable ExecutorService pool, int workers) {
        Map<Integer, RuntimeException> refusals = new HashMap<>();
        Instant latest = clock.instant().plus(ahead);
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).time().isAfter(latest)) {
                refusals.put(i, new EventFormatException("time", "must be at most " + ahead
                        + " after the engine's clock (" + latest + " now), got " + events.get(i).time()));
            }
        }
        return run(EVENTS, events, refusals, pool, workers);
    }

    /**
     * Imports a batch of profiles (identities, attributes, consents, declarations): each is merged into
     * the customers its identities lead to as a merge of profiles does (the smaller id survives, the
     * newest attribute wins), or makes a new customer; memberships are evaluated at the end.
     */
    public BatchResult importProfiles(List<Customer> profiles, @Nullable ExecutorService pool, int workers) {
        return run(PROFILES, profiles, new HashMap<>(), pool, workers);
    }

    private <T> BatchResult run(Kind<T> kind, List<T> events, Map<Integer, RuntimeException> refusals,
                                @Nullable ExecutorService pool, int workers) {
        Map<Identity, CustomerId> found = new HashMap<>();
        List<List<Integer>> groups = groups(kind, events, refusals, found, pool, workers);
        List<List<List<Integer>>> shares = new ArrayList<>();
        for (int w = 0; w < Math.max(1, Math.min(workers, groups.size())); w++) {
            shares.add(new ArrayList<>());
        }
        // the largest groups first, each to the share with the fewest events so far
        groups.sort(Comparator.comparingInt((List<Integer> g) -> g.size()).reversed());
        long[] load = new long[shares.size()];
        for (List<Integer> g : groups) {
            int least = 0;
            for (int w = 1; w < load.length; w++) {
                if (load[w] < load[least]) {
                    least = w;
                }
            }
            shares.get(least).add(g);
            load[least] += g.size();
        }
        List<Callable<Tally>> work = new ArrayList<>();
        for (List<List<Integer>> share : shares) {
            work.add(() -> new Worker<>(kind, events, found).run(share));
        }
        Tally total = new Tally();
        all(work, pool).forEach(total::add);
        return new BatchResult(total.imported, total.repeated, total.customers, refusals);
    }

    /**
     * Runs the work, one piece on the calling thread (one needs no other) or all on the pool, and answers
     * their results in order; a piece's runtime failure is thrown as it is.
     */
    private static <T> List<T> all(List<Callable<T>> work, @Nullable ExecutorService pool) {
        try {
            List<T> out = new ArrayList<>(work.size()); // results may be null (work done for its effects)
            if (work.size() == 1) {
                out.add(work.get(0).call());
                return out;
            }
            // more than one piece: the caller split the work for its pool
            for (Future<T> f : Objects.requireNonNull(pool, "pieces of work run on a pool").invokeAll(work)) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("import interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException("import failed", e.getCause());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("import failed", e);
        }
    }

    /**
     * The batch's inputs in groups of linked identities (and of identities of one stored customer), each
     * in time order (the batch's order within a moment); refused ones left out. Puts the stored customers
     * their identities lead to in {@code found}.
     */
    private <T> List<List<Integer>> groups(Kind<T> kind, List<T> events, Map<Integer, RuntimeException> refusals,
                                           Map<Identity, CustomerId> found, @Nullable ExecutorService pool,
                                           int workers) {
        Map<Identity, Identity> parent = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            if (refusals.containsKey(i)) {
                continue;
            }
            Identity root = find(parent, kind.main(events.get(i)));
            for (Identity link : kind.links(events.get(i))) {
                union(parent, root, link);
            }
        }
        // identities of one stored customer are one group, so that its events are folded in time order
        Map<CustomerId, Identity> byCustomer = new HashMap<>();
        found.putAll(lookups(List.copyOf(parent.keySet()), pool, workers));
        found.forEach((identity, customer) -> {
            Identity first = byCustomer.putIfAbsent(customer, identity);
            if (first != null) {
                union(parent, first, identity);
            }
        });
        Map<Identity, List<Integer>> byRoot = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            if (!refusals.containsKey(i)) {
                byRoot.computeIfAbsent(find(parent, kind.main(events.get(i))), k -> new ArrayList<>()).add(i);
            }
        }
        List<List<Integer>> out = new ArrayList<>(byRoot.size());
        for (List<Integer> g : byRoot.values()) {
            g.sort(inTimeOrder(kind, events));
            out.add(g);
        }
        return out;
    }

    /** Positions in the batch in time order of their inputs, the batch's order within a moment. */
    private static <T> Comparator<Integer> inTimeOrder(Kind<T> kind, List<T> events) {
        return Comparator.comparing((Integer i) -> kind.time(events.get(i))).thenComparing(i -> i);
    }

    private static void union(Map<Identity, Identity> parent, Identity a, Identity b) {
        Identity ra = find(parent, a);
        Identity rb = find(parent, b);
        if (!ra.equals(rb)) {
            parent.put(rb, ra);
        }
    }

    /** The stored customers the identities lead to, looked up by the workers in parallel. */
    private Map<Identity, CustomerId> lookups(List<Identity> identities, @Nullable ExecutorService pool, int workers) {
        Map<Identity, CustomerId> found = new java.util.concurrent.ConcurrentHashMap<>();
        int shares = pool == null ? 1 : Math.max(1, Math.min(workers, identities.size() / 256));
        List<Callable<Void>> work = new ArrayList<>();
        for (int w = 0; w < shares; w++) {
            List<Identity> share = identities.subList(identities.size() * w / shares, identities.size() * (w + 1) / shares);
            work.add(() -> {
                for (Identity i : share) {
                    storage.lookup(i).ifPresent(c -> found.put(i, c));
                }
                return null;
            });
        }
        all(work, pool);
        return found;
    }

    private static Identity find(Map<Identity, Identity> parent, Identity i) {
        Identity root = i;
        Identity up;
        while ((up = parent.get(root)) != null && !up.equals(root)) {
            root = up;
        }
        parent.putIfAbsent(i, i);
        Identity at = i; // path compression
        while (!at.equals(root)) {
            Identity next = Objects.requireNonNull(parent.get(at), "an identity on the path has a parent");
            parent.put(at, root);
            at = next;
        }
        return root;
    }

    /** Counts of a worker. */
    private static final class Tally {
        int imported;
        int repeated;
        int customers;

        void add(Tally t) {
            imported += t.imported;
            repeated += t.repeated;
            customers += t.customers;
        }
    }

    /** Where a group's identities lead: the stored customers, and what a write to them must lock. */
    private record Resolution(TreeSet<CustomerId> known, Set<CustomerId> involved) {
    }

    /** Folds a share of a batch's groups, storing their commits together, one thread. */
    private final class Worker<T> {
        final Kind<T> kind;
        final List<T> events;
        final Map<Identity, CustomerId> found; // the batch's lookups, before any lock
        final Tally tally = new Tally();
        final List<List<Integer>> pendingGroups = new ArrayList<>();
        final List<HistoryOutcome> pendingOutcomes = new ArrayList<>();
        final Set<CustomerId> pendingCustomers = new HashSet<>();
        final List<CustomerLocks.Held> held = new ArrayList<>();

        Worker(Kind<T> kind, List<T> events, Map<Identity, CustomerId> found) {
            this.kind = kind;
            this.events = events;
            this.found = found;
        }

        Tally run(List<List<Integer>> share) {
            try {
                for (List<Integer> group : share) {
                    List<T> mine = group.stream().map(events::get).toList();
                    Resolution first = looked(mine);
                    if (first.involved().stream().anyMatch(pendingCustomers::contains)) {
                        flush(); // a customer of the group waits to be stored: read it after
                    }
                    CustomerLocks.Held h = locks.tryLockAll(first.involved());
                    if (h == null) { // another thread writes one of them: not while holding the pending ones
                        flush();
                        h = locks.lockAll(first.involved());
                    }
                    held.add(h);
                    Resolution now = resolve(kind, mine);
                    if (!now.involved().stream().allMatch(h::covers)) {
                        flush(); // another writer linked or merged them meanwhile: on its own
                        alone(group, mine);
                        continue;
                    }
                    HistoryOutcome outcome = fold(kind, mine, now);
                    if (outcome == null) {
                        flush();
                        alone(group, mine);
                        continue;
                    }
                    pendingGroups.add(group);
                    pendingOutcomes.add(outcome);
                    pendingCustomers.addAll(now.involved());
                    for (HistoryOutcome.Customer c : outcome.customers()) {
                        pendingCustomers.add(c.commit().customer());
                        pendingCustomers.addAll(c.commit().merged().keySet());
                    }
                    if (pendingOutcomes.size() >= GROUP) {
                        flush();
                    }
                }
                flush();
            } finally {
                release();
            }
            return tally;
        }

        /** Stores the pending groups' commits together; groups refused are folded again one by one. */
        void flush() {
            List<Commit> commits = new ArrayList<>();
            List<Integer> firstOf = new ArrayList<>();
            for (HistoryOutcome o : pendingOutcomes) {
                firstOf.add(commits.size());
                o.customers().forEach(c -> commits.add(c.commit()));
            }
            if (archive != null) {
                List<T> folded = new ArrayList<>();
                pendingGroups.forEach(g -> g.forEach(i -> folded.add(events.get(i))));
                StoreRuntime.archive(archive, kind.archived(folded));
            }
            int stored = commits.isEmpty() ? 0 : storage.commitAll(commits);
            List<List<Integer>> again = new ArrayList<>();
            for (int g = 0; g < pendingOutcomes.size(); g++) {
                HistoryOutcome o = pendingOutcomes.get(g);
                int from = firstOf.get(g);
                int to = from + o.customers().size();
                if (to <= stored) {
                    count(o, o.customers());
                } else {
                    // the customers stored of a group partly stored keep their events; the others' go again
                    int done = Math.max(0, stored - from);
                    count(o, o.customers().subList(0, done));
                    again.add(eventsOf(o.customers().subList(done, o.customers().size()), pendingGroups.get(g)));
                }
            }
            release();
            for (List<Integer> group : again) {
                alone(group, group.stream().map(events::get).toList());
            }
        }

        private void count(HistoryOutcome o, List<HistoryOutcome.Customer> stored) {
            tally.repeated += o.repeated().size();
            for (HistoryOutcome.Customer c : stored) {
                tally.imported += c.events().size();
                tally.customers++;
            }
        }

        /** Folds and stores one group on its own, again while other writers change its customers. */
        void alone(List<Integer> events0, List<T> mine0) {
            List<Integer> group = events0;
            List<T> mine = mine0;
            CustomerId last = null;
            for (int attempt = 1; attempt <= StoreRuntime.MAX_ATTEMPTS; attempt++) {
                Resolution first = resolve(kind, mine);
                try (CustomerLocks.Held h = locks.lockAll(first.involved())) {
                    Resolution now = resolve(kind, mine);
                    if (!now.involved().stream().allMatch(h::covers)) {
                        continue;
                    }
                    HistoryOutcome o = fold(kind, mine, now);
                    if (o == null) {
                        continue;
                    }
                    List<Commit> commits = o.customers().stream().map(HistoryOutcome.Customer::commit).toList();
                    StoreRuntime.archive(archive, kind.archived(mine));
                    int stored = commits.isEmpty() ? 0 : storage.commitAll(commits);
                    if (stored == commits.size()) {
                        count(o, o.customers());
                        return;
                    }
                    last = commits.get(stored).customer();
                    count(o, o.customers().subList(0, stored));
                    group = eventsOf(o.customers().subList(stored, o.customers().size()), group);
                    mine = group.stream().map(events::get).toList();
                    LOG.debug("import: commit refused for {} (attempt {}), folded again", last, attempt);
                }
            }
            throw new WriteConflictException(last, StoreRuntime.MAX_ATTEMPTS);
        }

        /** The positions in the batch of the customers' events (positions in the group), in time order. */
        List<Integer> eventsOf(List<HistoryOutcome.Customer> customers, List<Integer> group) {
            List<Integer> out = new ArrayList<>();
            for (HistoryOutcome.Customer c : customers) {
                for (int p : c.events()) {
                    out.add(group.get(p));
                }
            }
            out.sort(inTimeOrder(kind, events));
            return out;
        }

        /**
         * Where the group's identities led at the batch's lookups (no reading): what to lock before
         * resolving them again under the locks.
         */
        Resolution looked(List<T> group) {
            TreeSet<CustomerId> known = new TreeSet<>();
            Set<CustomerId> involved = new HashSet<>();
            for (T e : group) {
                look(kind.main(e), known, involved);
                for (Identity link : kind.links(e)) {
                    look(link, known, involved);
                }
            }
            return new Resolution(known, involved);
        }

        private void look(Identity identity, Set<CustomerId> known, Set<CustomerId> involved) {
            CustomerId id = found.get(identity);
            if (id != null) {
                known.add(id);
            }
            involved.add(id != null ? id : CustomerId.derivedFrom(identity));
        }

        void release() {
            for (int k = held.size() - 1; k >= 0; k--) {
                held.get(k).close();
            }
            held.clear();
            pendingGroups.clear();
            pendingOutcomes.clear();
            pendingCustomers.clear();
        }
    }

    private <T> Resolution resolve(Kind<T> kind, List<T> group) {
        TreeSet<CustomerId> known = new TreeSet<>();
        Set<CustomerId> involved = new HashSet<>();
        Set<Identity> seen = new HashSet<>();
        for (T e : group) {
            involve(kind.main(e), seen, known, involved);
            for (Identity link : kind.links(e)) {
                involve(link, seen, known, involved);
            }
        }
        return new Resolution(known, involved);
    }

    private void involve(Identity identity, Set<Identity> seen, Set<CustomerId> known, Set<CustomerId> involved) {
        if (!seen.add(identity)) {
            return;
        }
        Optional<CustomerId> found = storage.lookup(identity);
        found.ifPresent(known::add);
        involved.add(found.isPresent() ? found.get() : CustomerId.derivedFrom(identity));
    }

    /** The group folded onto the stored customers it leads to; null when one went meanwhile (to redo). */
    private <T> @Nullable HistoryOutcome fold(Kind<T> kind, List<T> group, Resolution resolution) {
        List<CustomerState> stored = new ArrayList<>(resolution.known().size());
        for (CustomerId id : resolution.known()) {
            Optional<CustomerState> s = storage.read(id);
            if (s.isEmpty()) {
                return null; // merged away or erased by another writer since the lookup
            }
            stored.add(s.get());
        }
        return kind.fold(step.get(), group, stored, clock.millis());
    }
}
