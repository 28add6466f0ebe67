package io.relevans.benchmarks;

import io.relevans.TickReport;
import io.relevans.benchmarks.baseline.RelevansEvaluator;
import io.relevans.benchmarks.workload.Workload;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Value;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Program;
import io.relevans.definition.Step;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.spi.InMemoryTimerStore;
import io.relevans.spi.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeSet;
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
 * Timer firing: {@code timers} customers (a million in the full mode) each wait in a program ("wait 2h,
 * then mark the customer"), all due at once; one operation is the {@code tick()} that fires them all:
 * load the customer, resume the journey, re-evaluate the 100 segments, store. Timers per second =
 * {@code timers} / score.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar TimerBenchmark -p timers=1000000}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms10g", "-Xmx10g"})
@Warmup(iterations = 1)
@Measurement(iterations = 2)
public class TimerBenchmark {

    /** Customers with a due wait. */
    @Param({"10000"})
    public int timers;

    RelevansEvaluator evaluator;
    InMemoryTimerStore store;
    ResegmentBenchmark.MovableClock clock;

    /** Customers waiting in the reminder program, every wait due. */
    @Setup(Level.Iteration)
    public void schedule() {
        Workload workload = Workload.generate(42, timers);
        Program reminder = Program.named("reminder").on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                .steps(Steps.wait("wait", Duration.ofHours(2)), new Step.SetAttribute("mark", "reminded", Value.of(true)))
                .build();
        Definitions definitions = Definitions.builder().segments(workload.segmentsOnly().segments())
                .program(reminder).build();
        definitions = new Definitions(definitions.segments(), definitions.programs(), definitions.policies(),
                workload.segmentsOnly().priceRanges());
        clock = new ResegmentBenchmark.MovableClock(Workload.NOW);
        store = new InMemoryTimerStore();
        evaluator = new RelevansEvaluator(workload, clock, Workload.SEGMENTS, definitions, store);
        Preload.all(evaluator, timers);
        Instant started = Workload.NOW.minus(Duration.ofHours(2));
        for (int i = 0; i < timers; i++) {
            CustomerId id = CustomerId.derivedFrom(workload.identity(i));
            Event trigger = Event.builder(EventType.CART_CHANGE, workload.identity(i), started)
                    .line("tv-1", "tv", 500, 1).build();
            store.schedule(new Timer(id, "reminder", Timer.Kind.RESUME, Workload.NOW, "mark", started, "", false,
                    trigger, new TreeSet<>()));
        }
        clock.set(Workload.NOW.plus(Duration.ofMinutes(1)));
    }

    /** Fires every due timer. */
    @Benchmark
    public int fire() {
        TickReport report = evaluator.engine().tick();
        if (report.timersFired() != timers) {
            throw new IllegalStateException("fired " + report.timersFired() + " of " + timers + " timers");
        }
        return report.timersFired();
    }
}
