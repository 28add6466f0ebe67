package io.relevans.benchmarks;

import io.relevans.benchmarks.baseline.Baseline;
import io.relevans.benchmarks.baseline.RelevansEvaluator;
import io.relevans.benchmarks.baseline.SegmentEvaluator;
import io.relevans.spi.InMemoryTimerStore;
import io.relevans.benchmarks.workload.Workload;
import io.relevans.event.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Event ingestion: throughput (events/s) on 1 and 2 threads, and latency (sample time: p50, p99, p99.9)
 * on 1 thread, for every {@link Baseline}. Each baseline starts with {@code customers} customers
 * loaded with a year of history, then takes a ring of live events; each thread takes the events of its
 * own customers (an engine serialises one customer's events, so do the benchmarks). The clock is the
 * stream's ({@link StreamClock}): each event is ingested at its own time, and every pass over the ring
 * is the next stretch of time, so windows slide between a customer's events.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar IngestBenchmark -p customers=10000}
 * (or {@code java -jar benchmarks/target/benchmarks.jar quick}, see benchmarks/README.md).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class IngestBenchmark {

    /** The evaluator. */
    @Param({"RELEVANS", "RELEVANS_PROGRAMS", "HAND_WRITTEN", "HAND_WRITTEN_PROGRAMS", "NAIVE_DROOLS", "EASY_RULES"})
    public Baseline baseline;

    /** Customers loaded before the live events. */
    @Param({"10000"})
    public int customers;

    /**
     * History length, events per customer-year ({@link Workload#generate(long, int, int)}): 15 by default,
     * {@code -p history=15,150,1500} measures how each baseline's cost grows with it.
     */
    @Param({"15"})
    public int history;

    /**
     * The engine's observer: none by default; {@code -p observer=NONE,METERS,METERS_AND_SPANS} (with
     * {@code -p baseline=RELEVANS}) measures what metrics and tracing cost.
     */
    @Param({"NONE"})
    public Observers observer;

    /**
     * Prediction features on top of the 100 segments: none by default; {@code -p predictions=NONE,P_ALIVE,ALL}
     * (with {@code -p baseline=RELEVANS}) measures what they cost.
     */
    @Param({"NONE"})
    public Predictions predictions;

    /** Live events in the ring the threads go round. */
    static final int LIVE = 400_000;
    /** Time between two live events. */
    static final Duration SPACING = Duration.ofMillis(200);

    SegmentEvaluator evaluator;
    List<Event> live;
    StreamClock clock;

    /** Loads the customers and makes the live events. */
    @Setup(Level.Trial)
    public void load() {
        Workload workload = Workload.generate(42, customers, history);
        clock = new StreamClock(Workload.NOW);
        if (predictions == Predictions.NONE) {
            evaluator = baseline.create(workload, clock, observer.create());
            Preload.all(evaluator, customers);
        } else {
            if (baseline != Baseline.RELEVANS) {
                throw new IllegalArgumentException("predictions are measured on RELEVANS only, not " + baseline);
            }
            RelevansEvaluator engine = new RelevansEvaluator(workload, clock, Workload.SEGMENTS,
                    predictions.apply(workload.segmentsOnly()), new InMemoryTimerStore(), observer.create());
            Preload.all(engine, customers);
            // on the preloaded customers' summaries, then stamped with the model; an unusable fit would
            // leave the predictions without value and measure only the summary's fold
            var model = engine.engine().fitPredictions();
            if (!model.usable() || (predictions == Predictions.ALL && model.usableSpend().isEmpty())) {
                throw new IllegalStateException("the workload's fit is not usable: " + model);
            }
            engine.engine().resegment();
            evaluator = engine;
        }
        live = workload.live(LIVE, SPACING);
    }

    /**
     * One thread's share of the live events: those of its customers. The engine ignores an event id it
     * has seen (a re-delivery), so every event a baseline takes must be new: each iteration starts on a
     * fresh copy of the ring whose ids carry the iteration's number (made outside the measured time),
     * and a thread that goes round its ring within an iteration stamps it again (a pause inside the
     * measurement; the ring is sized so that this does not happen at the engine's speed). Each copy is
     * also moved on in time by the ring's length, so the stream goes on rather than going back.
     */
    @State(Scope.Thread)
    public static class Feed {
        Event[] original;
        Event[] events;
        int next;
        int round;

        /** Picks the thread's events. */
        @Setup(Level.Trial)
        public void pick(IngestBenchmark b, ThreadParams thread) {
            List<Event> mine = new ArrayList<>();
            for (Event e : b.live) {
                if (Math.floorMod(e.customer().hashCode(), thread.getThreadCount()) == thread.getThreadIndex()) {
                    mine.add(e);
                }
            }
            original = mine.toArray(Event[]::new);
        }

        /**
         * A fresh copy of the ring for the coming iteration; then a full collection, so that copying the
         * new ring out of the young generation is not paid inside the measurement (it took up to 0.9 s
         * of a 3 s iteration, whatever the baseline).
         */
        @Setup(Level.Iteration)
        public void fresh() {
            stamp();
            System.gc();
        }

        private void stamp() {
            Duration later = SPACING.multipliedBy((long) LIVE * round);
            round++;
            events = new Event[original.length];
            for (int i = 0; i < events.length; i++) {
                Event e = original[i];
                events[i] = new Event(e.id() + "~" + round, e.type(), e.customer(), e.time().plus(later), e.origin(),
                        e.properties(), e.lines(), e.links());
            }
            next = 0;
        }

        /** The next event, with the stream clock set to its time on this thread. */
        Event next(StreamClock clock) {
            Event e = events[next];
            if (++next == events.length) {
                stamp();
            }
            clock.set(e.time());
            return e;
        }
    }

    /** Events per second on one thread. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(1)
    public int throughput1(Feed feed) {
        return evaluator.ingest(feed.next(clock));
    }

    /** Events per second on two threads. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(2)
    public int throughput2(Feed feed) {
        return evaluator.ingest(feed.next(clock));
    }

    /** Time per event, sampled (percentiles in the result). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public int latency(Feed feed) {
        return evaluator.ingest(feed.next(clock));
    }
}
