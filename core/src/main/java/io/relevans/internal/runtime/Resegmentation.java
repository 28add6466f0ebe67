package io.relevans.internal.runtime;

import io.relevans.ResegmentationReport;
import io.relevans.customer.CustomerId;
import io.relevans.event.Event;
import io.relevans.internal.step.CustomerStep;
import io.relevans.internal.step.StepOutcome;
import io.relevans.spi.CustomerRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-evaluates every stored customer's segments at one moment: windows slide and attributes age without
 * new events. Customers are taken in parallel (the common fork-join pool). A customer whose stored stamp
 * says that nothing their segments test can have changed since it (its moment and
 * {@link io.relevans.internal.feature.Evaluation#until()}, the ages of the attributes tested) keeps the
 * stored memberships without an evaluation; every other one goes through the step under their write lock,
 * which evaluates them and stores the state with a new stamp, so that the next passes skip them until
 * something they test may change (when another thread holds the customer, they are evaluated without the
 * lock first and wait for it only when their memberships change). Changes are reported one at a time (the report and the listener see one
 * change after the other).
 */
public final class Resegmentation {

    private static final Logger LOG = LoggerFactory.getLogger(Resegmentation.class);

    private final StoreRuntime runtime;
    private final Clock clock;
    /** Taken by re-segmentation only, after a customer's step: its changes are reported one at a time. */
    private final ReentrantLock reporting = new ReentrantLock();

    /**
     * @param runtime the runtime to work through
     * @param clock   the only source of time
     */
    public Resegmentation(StoreRuntime runtime, Clock clock) {
        this.runtime = runtime;
        this.clock = clock;
    }

    /**
     * Runs one re-segmentation.
     *
     * @param changes receives a {@code segment_entered} or {@code segment_exited} event per change
     */
    public ResegmentationReport run(CustomerStep step, Consumer<Event> changes) {
        long started = System.nanoTime();
        Instant at = clock.instant();
        List<CustomerId> ids = new ArrayList<>();
        runtime.storage().customers().forEach(r -> ids.add(r.id()));
        LongAdder changed = new LongAdder();
        TreeMap<String, Long> entered = new TreeMap<>();
        TreeMap<String, Long> exited = new TreeMap<>();
        ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
        step.segments().order().forEach(s -> counts.put(s.name(), new LongAdder()));
        LongAdder evaluated = new LongAdder();
        long moment = at.toEpochMilli();
        ids.parallelStream().forEach(id -> {
            Optional<CustomerRecord> unlocked = runtime.storage().customers().load(id);
            if (unlocked.isEmpty()) {
                return; // erased meanwhile
            }
            CustomerRecord rec = unlocked.get();
            if (step.stillHolds(rec, moment)) {
                rec.segments().forEach(s -> counts.computeIfAbsent(s, k -> new LongAdder()).increment());
                return;
            }
            evaluated.increment();
            StoreRuntime.Work resegment = (s, stored, timers, history, now) ->
                    s.resegment(stored, timers, history, now); // stamps the state; starts what the changes trigger
            StoreRuntime.Tried tried = runtime.tryOnCustomer(id, resegment);
            Optional<StepOutcome> done = tried.outcome();
            if (tried.busy()) {
                // someone holds the customer (a backfill reading their history): do not wait for an unchanged
                // customer; their stamp is renewed by a later pass
                TreeSet<String> same = step.unchanged(rec, moment);
                if (same != null) {
                    same.forEach(s -> counts.computeIfAbsent(s, k -> new LongAdder()).increment());
                    return;
                }
                done = runtime.onCustomer(id, resegment);
            }
            if (done.isEmpty()) {
                return; // erased meanwhile
            }
            StepOutcome o = done.get();
            o.segments().forEach(s -> counts.computeIfAbsent(s, k -> new LongAdder()).increment());
            if (!o.entered().isEmpty() || !o.exited().isEmpty()) {
                reporting.lock();
                try {
                    changed.increment();
                    o.entered().forEach(s -> entered.merge(s, 1L, Long::sum));
                    o.exited().forEach(s -> exited.merge(s, 1L, Long::sum));
                    o.changes().forEach(changes);
                } finally {
                    reporting.unlock();
                }
            }
        });
        TreeMap<String, Long> sizes = new TreeMap<>();
        counts.forEach((s, n) -> sizes.put(s, n.sum()));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("re-segmented {} customers at {}: {} evaluated (the others' stamps still hold), {} changed "
                + "membership in {} ms", ids.size(), at, evaluated.sum(), changed.sum(), elapsed.toMillis());
        return new ResegmentationReport(ids.size(), changed.sum(), entered, exited, sizes, elapsed);
    }
}
