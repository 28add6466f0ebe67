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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-evaluates every stored customer's segments at one moment: windows slide and attributes age without
 * new events. Customers are evaluated in parallel (the common fork-join pool) outside the write locks;
 * only those whose memberships or feature state changed go through the step, one at a time (so the
 * report and the listener see one change after the other).
 */
public final class Resegmentation {

    private static final Logger LOG = LoggerFactory.getLogger(Resegmentation.class);

    private final StoreRuntime runtime;
    private final Clock clock;
    /** Taken before a customer's lock by re-segmentation only: its changes are applied one at a time. */
    private final ReentrantLock resegmenting = new ReentrantLock();

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
        ids.parallelStream().forEach(id -> {
            Optional<CustomerRecord> unlocked = runtime.storage().customers().load(id);
            if (unlocked.isEmpty()) {
                return; // erased meanwhile
            }
            TreeSet<String> same = step.unchanged(unlocked.get(), clock.millis());
            if (same != null) {
                same.forEach(s -> counts.get(s).increment());
                return;
            }
            resegmenting.lock();
            try {
                Optional<StepOutcome> done = runtime.onCustomer(id, (s, stored, timers, history, now) ->
                        s.resegment(stored, timers, history, now)); // starts what the changes trigger
                if (done.isEmpty()) {
                    return; // erased meanwhile
                }
                StepOutcome o = done.get();
                o.segments().forEach(s -> counts.computeIfAbsent(s, k -> new LongAdder()).increment());
                if (!o.entered().isEmpty() || !o.exited().isEmpty()) {
                    changed.increment();
                    o.entered().forEach(s -> entered.merge(s, 1L, Long::sum));
                    o.exited().forEach(s -> exited.merge(s, 1L, Long::sum));
                    o.changes().forEach(changes);
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
}
