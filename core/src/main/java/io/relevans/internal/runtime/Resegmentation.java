package io.relevans.internal.runtime;

import io.relevans.ResegmentationReport;
import io.relevans.event.Event;
import io.relevans.internal.step.CustomerStep;
import io.relevans.internal.step.StepOutcome;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.StoredCustomer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * stored memberships without an evaluation. Every other one is evaluated outside the write locks: when
 * the memberships are unchanged, the record is stored again with a new stamp (if no one else is at the
 * customer and the record is still the one read), so that the next passes skip them until something they
 * test may change; when they changed, the customer goes through the step under their write lock, which
 * stores them and starts what the changes trigger. Changes are reported one at a time (the report and the listener see one
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
        long moment = at.toEpochMilli();
        Pass pass = new Pass(step, moment, changes);
        List<CustomerRecord> chunk = new ArrayList<>(CHUNK);
        runtime.storage().customers().forEach(r -> {
            chunk.add(r);
            if (chunk.size() == CHUNK) {
                chunk.parallelStream().forEach(pass::take);
                chunk.clear();
            }
        });
        chunk.parallelStream().forEach(pass::take);
        TreeMap<String, Long> sizes = pass.sizes();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("re-segmented {} customers at {}: {} evaluated (the others' stamps still hold), {} changed "
                + "membership in {} ms", pass.customers.sum(), at, pass.evaluated.sum(), pass.changed.sum(),
                elapsed.toMillis());
        return new ResegmentationReport(pass.customers.sum(), pass.changed.sum(), pass.entered, pass.exited, sizes,
                elapsed);
    }

    /** Customers taken together: read in chunks from the store, each chunk in parallel. */
    private static final int CHUNK = 4096;

    /** One pass: what it counts, and what it does with a customer read from the store. */
    private final class Pass {
        final CustomerStep step;
        final long moment;
        final Consumer<Event> changes;
        final LongAdder customers = new LongAdder();
        final LongAdder evaluated = new LongAdder();
        final LongAdder changed = new LongAdder();
        final TreeMap<String, Long> entered = new TreeMap<>();
        final TreeMap<String, Long> exited = new TreeMap<>();
        /** Segment sizes counted per thread (a counter per segment), summed at the end. */
        final Map<String, Integer> index = new HashMap<>();
        final String[] names;
        final Queue<long[]> counters = new ConcurrentLinkedQueue<>();
        final ThreadLocal<long[]> counter;
        /** Sizes of names the definitions do not have (none expected), counted apart. */
        final ConcurrentHashMap<String, LongAdder> others = new ConcurrentHashMap<>();

        Pass(CustomerStep step, long moment, Consumer<Event> changes) {
            this.step = step;
            this.moment = moment;
            this.changes = changes;
            this.names = step.segments().order().stream().map(s -> s.name()).toArray(String[]::new);
            for (int i = 0; i < names.length; i++) {
                index.put(names[i], i);
            }
            this.counter = ThreadLocal.withInitial(() -> {
                long[] c = new long[names.length];
                counters.add(c);
                return c;
            });
        }

        void take(CustomerRecord rec) {
            customers.increment();
            if (step.stillHolds(rec, moment)) {
                count(rec.segments());
                return;
            }
            evaluated.increment();
            Optional<StoredCustomer> read = runtime.storage().load(rec.id()); // with its version
            if (read.isEmpty()) {
                customers.decrement();
                return; // erased meanwhile
            }
            CustomerRecord restamped = step.restamped(read.get().record(), moment);
            if (restamped != null) {
                // unchanged: store the new stamp unless someone is at the customer (a later pass does it then)
                runtime.replaceIfUnchanged(read.get(), restamped);
                count(restamped.segments());
                return;
            }
            Optional<StepOutcome> done = runtime.onCustomer(rec.id(), (s, stored, timers, history, now) ->
                    s.resegment(stored, timers, history, now)); // starts what the changes trigger
            if (done.isEmpty()) {
                customers.decrement();
                return; // erased meanwhile
            }
            StepOutcome o = done.get();
            count(o.segments());
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
        }

        private void count(java.util.Collection<String> segments) {
            long[] c = counter.get();
            for (String s : segments) {
                Integer i = index.get(s);
                if (i != null) {
                    c[i]++;
                } else {
                    others.computeIfAbsent(s, k -> new LongAdder()).increment();
                }
            }
        }

        TreeMap<String, Long> sizes() {
            TreeMap<String, Long> sizes = new TreeMap<>();
            for (int i = 0; i < names.length; i++) {
                long n = 0;
                for (long[] c : counters) {
                    n += c[i];
                }
                sizes.put(names[i], n);
            }
            others.forEach((s, n) -> sizes.put(s, n.sum()));
            return sizes;
        }
    }
}
