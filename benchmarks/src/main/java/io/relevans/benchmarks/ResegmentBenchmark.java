package io.relevans.benchmarks;

import io.relevans.benchmarks.baseline.Baseline;
import io.relevans.benchmarks.baseline.SegmentEvaluator;
import io.relevans.benchmarks.workload.Workload;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Batch re-segmentation: every customer's 100 segments re-evaluated a week after their history ended
 * (windows slid, attributes aged), one whole pass per operation. The full mode runs 1,000,000 customers
 * x 100 segments (target: well under a minute on 2 cores).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ResegmentBenchmark -p customers=1000000
 * -p baseline=RELEVANS,HAND_WRITTEN}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms10g", "-Xmx10g"})
@Warmup(iterations = 1)
@Measurement(iterations = 2)
public class ResegmentBenchmark {

    /** The evaluator. */
    @Param({"RELEVANS", "HAND_WRITTEN", "NAIVE_DROOLS", "EASY_RULES"})
    public Baseline baseline;

    /** Customers re-segmented per operation. */
    @Param({"10000"})
    public int customers;

    SegmentEvaluator evaluator;

    /** Loads the customers with memberships as of the end of their history. */
    @Setup(Level.Trial)
    public void load() {
        Workload workload = Workload.generate(42, customers);
        // loaded at NOW, re-segmented a week later
        MovableClock clock = new MovableClock(Workload.NOW);
        evaluator = baseline.create(workload, clock);
        Preload.all(evaluator, customers);
        clock.set(Workload.NOW.plus(Duration.ofDays(7)));
    }

    /** Re-evaluates every customer; returns the number of memberships. */
    @Benchmark
    public long resegment() {
        return evaluator.resegment();
    }

    /** A clock the setup moves. */
    static final class MovableClock extends Clock {
        private volatile java.time.Instant now;

        MovableClock(java.time.Instant now) {
            this.now = now;
        }

        void set(java.time.Instant at) {
            now = at;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException("fixed zone");
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }
}
