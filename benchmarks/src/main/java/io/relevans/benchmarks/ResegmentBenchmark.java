package io.relevans.benchmarks;

import io.relevans.benchmarks.baseline.Baseline;
import io.relevans.benchmarks.baseline.SegmentEvaluator;
import io.relevans.benchmarks.workload.Workload;
import io.relevans.event.Event;
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
 * Batch re-segmentation of the whole base per operation, two ways:
 * <ul>
 * <li>{@code FULL}: every customer's 100 segments re-evaluated a week after their history ended (windows
 * slid, attributes aged), the memberships loaded without a usable stamp, so the engine evaluates everyone
 * (the base is loaded again into the same evaluator before each operation);</li>
 * <li>{@code DAILY}: the pass a retailer runs every night. Loaded and re-segmented once at the end of the
 * histories; before each operation a day passes in which 2% of the customers have an event (ingested live);
 * then the pass. The engine skips every customer whose stamp says nothing their segments test can have
 * changed; the baselines, without stamps, evaluate everyone.</li>
 * </ul>
 * The full mode runs 1,000,000 customers (target: a pass well under a minute on 2 cores; the daily pass at
 * least 10x faster than the full one).
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

    /** Which pass. */
    public enum Pass {
        /** Everyone evaluated a week after the histories. */
        FULL,
        /** The nightly pass after a day in which 2% of the customers had an event. */
        DAILY
    }

    /** The share of customers with an event in a day of {@link Pass#DAILY}. */
    static final double ACTIVE_PER_DAY = 0.02;

    /** The evaluator. */
    @Param({"RELEVANS", "HAND_WRITTEN", "NAIVE_DROOLS", "EASY_RULES"})
    public Baseline baseline;

    /** Customers re-segmented per operation. */
    @Param({"10000"})
    public int customers;

    /** The pass. */
    @Param({"FULL", "DAILY"})
    public Pass pass;

    SegmentEvaluator evaluator;
    private Workload workload;
    private MovableClock clock;
    private int day;

    /** Makes the evaluator; the daily pass loads the customers and segments them once at the end of their history. */
    @Setup(Level.Trial)
    public void load() {
        workload = Workload.generate(42, customers);
        clock = new MovableClock(Workload.NOW);
        evaluator = baseline.create(workload, clock);
        if (pass == Pass.DAILY) {
            Preload.all(evaluator, customers);
            evaluator.resegment(); // every stamp renewed at the end of the histories
        }
    }

    /**
     * FULL: the base loaded again (into the same evaluator, its rules warm), memberships as of the end of the
     * histories without a usable stamp, and the clock a week later. DAILY: a day passes with 2% of the
     * customers active.
     */
    @Setup(Level.Iteration)
    public void beforePass() {
        if (pass == Pass.FULL) {
            clock.set(Workload.NOW);
            Preload.all(evaluator, customers);
            clock.set(Workload.NOW.plus(Duration.ofDays(7)));
            return;
        }
        for (Event e : workload.day(day, (int) Math.round(customers * ACTIVE_PER_DAY))) {
            clock.set(e.time());
            evaluator.ingest(e);
        }
        day++;
        clock.set(Workload.NOW.plus(Duration.ofDays(day)));
    }

    /** Re-evaluates the base; returns the number of memberships. */
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
