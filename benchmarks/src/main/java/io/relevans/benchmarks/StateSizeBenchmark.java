package io.relevans.benchmarks;

import io.relevans.benchmarks.baseline.Baseline;
import io.relevans.benchmarks.baseline.RelevansEvaluator;
import io.relevans.benchmarks.workload.Workload;
import io.relevans.customer.CustomerId;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.InMemoryCustomerStore;
import java.lang.reflect.Field;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jol.info.GraphLayout;

/**
 * Engine state per customer, in bytes, at {@code customers} customers (1,000,000 in the full mode) and
 * for 25, 50 and 100 segments. The timed operation loads every customer into the engine's in-memory
 * store; the figures are secondary results:
 * <ul>
 * <li>{@code heapBytesPerCustomer}: heap used after GC with the customers loaded, minus before, per
 * customer: everything the engine keeps (profile, identity index, memberships, feature state);</li>
 * <li>{@code recordBytesPerCustomer}: the retained size of what the store keeps per customer (JOL, 1,000
 * customers): its map's key and value, the record's compact bytes and the feature state (the names shared by all
 * records, counted once in the sample);</li>
 * <li>{@code recordWithEventsBytesPerCustomer}: the same for the sample's customers once their records remember
 * {@link CustomerRecord#RECENT_EVENTS} applied events (ids as the engine makes them), the steady state of a customer
 * who had that many events (the preload applies none);</li>
 * <li>{@code featureBytesPerCustomer}: the encoded feature state alone, which is what grows with the
 * definitions.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar StateSizeBenchmark -p customers=1000000}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms10g", "-Xmx10g", "-Djdk.attach.allowAttachSelf=true",
        "-Djol.magicFieldOffset=true"})
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class StateSizeBenchmark {

    /** Customers loaded. */
    @Param({"10000"})
    public int customers;

    /** Segments in the definitions. */
    @Param({"25", "50", "100"})
    public int segments;

    RelevansEvaluator evaluator;
    long heapBefore;

    /** The figures, reported as secondary results. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Bytes {
        /** Heap after GC per customer. */
        public long heapBytesPerCustomer;
        /** Retained size of what the store keeps per customer (JOL). */
        public long recordBytesPerCustomer;
        /** The same with 32 recent event ids. */
        public long recordWithEventsBytesPerCustomer;
        /** Encoded feature state. */
        public long featureBytesPerCustomer;

        /** Clears the figures. */
        @Setup(Level.Iteration)
        public void clear() {
            heapBytesPerCustomer = 0;
            recordBytesPerCustomer = 0;
            recordWithEventsBytesPerCustomer = 0;
            featureBytesPerCustomer = 0;
        }
    }

    /** A fresh engine with nobody in it. */
    @Setup(Level.Iteration)
    public void engine() {
        Workload workload = Workload.generate(42, customers);
        Clock clock = Clock.fixed(Workload.NOW.plus(Duration.ofDays(1)), ZoneOffset.UTC);
        evaluator = (RelevansEvaluator) Baseline.RELEVANS.create(workload, clock, segments);
        heapBefore = heapAfterGc();
    }

    /** Loads every customer and measures. */
    @Benchmark
    public long load(Bytes bytes) {
        Preload.all(evaluator, customers);
        long heap = heapAfterGc() - heapBefore;
        long[] features = new long[1];
        evaluator.store().forEach(r -> features[0] += r.features().size());
        bytes.heapBytesPerCustomer = heap / customers;
        bytes.featureBytesPerCustomer = features[0] / customers;
        Map<CustomerId, ?> kept = kept(evaluator.store());
        List<CustomerId> sample = kept.keySet().stream().limit(1_000).toList();
        bytes.recordBytesPerCustomer = retained(kept, sample);
        SplittableRandom random = new SplittableRandom(42);
        for (CustomerId id : sample) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < CustomerRecord.RECENT_EVENTS; i++) {
                byte[] digest = new byte[12];
                for (int b = 0; b < digest.length; b++) {
                    digest[b] = (byte) random.nextInt(256);
                }
                ids.add("e-" + HexFormat.of().formatHex(digest)); // as Event.Builder makes them
            }
            evaluator.store().save(evaluator.store().load(id).orElseThrow().withEvents(ids));
        }
        bytes.recordWithEventsBytesPerCustomer = retained(kept, sample);
        return evaluator.store().count();
    }

    /** Lets the engine go. */
    @TearDown(Level.Iteration)
    public void drop() {
        evaluator = null;
    }

    /**
     * The store's map of what it keeps per customer: a private field, read reflectively (the benchmarks run on the
     * class path, where core's packages are open to them).
     */
    @SuppressWarnings("unchecked")
    static Map<CustomerId, ?> kept(InMemoryCustomerStore store) {
        try {
            Field f = InMemoryCustomerStore.class.getDeclaredField("records");
            f.setAccessible(true);
            return (Map<CustomerId, ?>) f.get(store);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("InMemoryCustomerStore keeps its customers elsewhere: adapt the benchmark", e);
        }
    }

    /** The retained size per customer of the keys and values of the sample (shared objects counted once). */
    static long retained(Map<CustomerId, ?> kept, List<CustomerId> sample) {
        List<Object> objects = new ArrayList<>();
        for (CustomerId id : sample) {
            objects.add(id);
            objects.add(kept.get(id));
        }
        return GraphLayout.parseInstance(objects.toArray()).totalSize() / sample.size();
    }

    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
