package io.relevans.benchmarks;

import io.relevans.benchmarks.workload.Workload;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.internal.engine.CompiledSegments;
import io.relevans.internal.profile.ProfileUpdater;
import io.relevans.spi.FeatureState;
import java.util.List;
import java.util.Set;
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
 * The rule evaluation alone, without storage or programs: the 100 segments of one customer (profile and
 * feature values ready) by the compiled Drools rules ({@code rules}) and by the engine's plain Java
 * reference evaluator ({@code direct}, the condition tree interpreted). Shows what Drools costs per
 * evaluation, the part of ingestion and re-segmentation the engine's fact shape and session strategy
 * decide.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar EvaluateBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class EvaluateBenchmark {

    static final int CUSTOMERS = 1_000;

    CompiledSegments compiled;
    Customer[] customers;
    double[][] values;
    long now;
    int next;

    /** Profiles and feature values of a thousand customers. */
    @Setup(Level.Trial)
    public void prepare() {
        Workload workload = Workload.generate(42, CUSTOMERS);
        compiled = CompiledSegments.compile(workload.segmentsOnly());
        now = Workload.NOW.toEpochMilli();
        customers = new Customer[CUSTOMERS];
        values = new double[CUSTOMERS][];
        for (int i = 0; i < CUSTOMERS; i++) {
            Identity who = workload.identity(i);
            Customer c = Customer.newCustomer(CustomerId.derivedFrom(who), who);
            List<Event> history = workload.history(i);
            for (Event e : history) {
                c = ProfileUpdater.apply(c, e);
            }
            customers[i] = c;
            values[i] = compiled.plan().values(compiled.plan().applyAll(FeatureState.EMPTY, history, now), now);
        }
    }

    /** The 100 segments by the compiled rules. */
    @Benchmark
    public Set<String> rules() {
        int i = next++ % CUSTOMERS;
        return compiled.evaluate(customers[i], values[i], now);
    }

    /** The 100 segments by the engine's reference evaluator in Java. */
    @Benchmark
    public Set<String> direct() {
        int i = next++ % CUSTOMERS;
        return compiled.evaluateDirectly(customers[i], values[i], now);
    }
}
