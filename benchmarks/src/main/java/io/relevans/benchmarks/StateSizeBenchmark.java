package io.relevans.benchmarks;

import io.relevans.benchmarks.baseline.Baseline;
import io.relevans.benchmarks.baseline.RelevansEvaluator;
import io.relevans.benchmarks.workload.Workload;
import io.relevans.spi.CustomerRecord;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
 * <li>{@code recordBytesPerCustomer}: the retained size of a stored record (JOL, 1,000 customers);</li>
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
        /** Retained size of a stored record (JOL). */
        public long recordBytesPerCustomer;
        /** Encoded feature state. */
        public long featureBytesPerCustomer;

        /** Clears the figures. */
        @Setup(Level.Iteration)
        public void clear() {
            heapBytesPerCustomer = 0;
            recordBytesPerCustomer = 0;
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
        List<CustomerRecord> sample = new ArrayList<>();
        long[] features = new long[1];
        evaluator.store().forEach(r -> {
            features[0] += r.features().size();
            if (sample.size() < 1_000) {
                sample.add(r);
            }
        });
        bytes.heapBytesPerCustomer = heap / customers;
        bytes.featureBytesPerCustomer = features[0] / customers;
        bytes.recordBytesPerCustomer = GraphLayout.parseInstance(sample.toArray()).totalSize() / sample.size();
        return evaluator.store().count();
    }

    /** Lets the engine go. */
    @TearDown(Level.Iteration)
    public void drop() {
        evaluator = null;
    }

    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
