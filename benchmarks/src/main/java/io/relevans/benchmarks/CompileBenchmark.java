package io.relevans.benchmarks;

import io.relevans.Relevans;
import io.relevans.benchmarks.baseline.Baseline;
import io.relevans.benchmarks.workload.BenchmarkPrograms;
import io.relevans.benchmarks.workload.Workload;
import io.relevans.customer.Channel;
import io.relevans.customer.IdentityType;
import io.relevans.definition.Definitions;
import io.relevans.spi.InMemoryChannel;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compile time: the 100 segments and 30 programs to a ready engine ({@code engine}), a reload of changed
 * definitions into a running engine ({@code reload}, alternating two definition sets so every reload
 * compiles), and for comparison the naive DRL of the same 100 segments to a KieBase
 * ({@code naiveDrools}). The first iteration of a fork is a cold JVM; warm-up iterations absorb it.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar CompileBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class CompileBenchmark {

    Workload workload;
    Definitions definitions;
    Definitions[] alternatives;
    Relevans running;
    int reloads;
    final Clock clock = Clock.fixed(Workload.NOW, ZoneOffset.UTC);

    /** The definitions, and an engine to reload. */
    @Setup(Level.Trial)
    public void prepare() {
        workload = Workload.generate(42, 10);
        definitions = workload.definitions();
        alternatives = new Definitions[] {Workload.generate(43, 10).definitions(), definitions};
        running = engine();
    }

    /** 100 segments + 30 programs to a ready engine. */
    @Benchmark
    public Relevans engine() {
        return Relevans.builder().clock(clock).definitions(definitions).templates(BenchmarkPrograms.templates())
                .channel(new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL))
                .channel(new InMemoryChannel(Channel.SMS, IdentityType.PHONE)).build();
    }

    /** Changed definitions into the running engine. */
    @Benchmark
    public Relevans reload() {
        running.load(alternatives[reloads++ % 2]);
        return running;
    }

    /** The naive baseline's DRL of the 100 segments to a KieBase. */
    @Benchmark
    public Object naiveDrools() {
        return Baseline.NAIVE_DROOLS.create(workload, clock);
    }

}
