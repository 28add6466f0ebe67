package io.relevans.benchmarks.prediction;

import io.relevans.prediction.BgNbdFit;
import io.relevans.prediction.FitDiagnostics;
import io.relevans.prediction.GammaGammaFit;
import io.relevans.prediction.PurchaseSummary;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Maximum-likelihood fits of the customer-base models over synthetic customers drawn from the CDNOW
 * parameters ({@link SyntheticSummaries}, seed 22): one whole fit per operation, BG/NBD and Gamma-Gamma, over
 * 100,000 and 1,000,000 customers (target: under 10 s for a million on 2 cores).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar prediction.FitBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class FitBenchmark {

    /** The model fit. */
    public enum Model {
        /** {@link BgNbdFit}. */
        BG_NBD,
        /** {@link GammaGammaFit}. */
        GAMMA_GAMMA;

        FitDiagnostics fit(List<PurchaseSummary> summaries) {
            return this == BG_NBD ? BgNbdFit.fit(summaries, SyntheticSummaries.CALIBRATION).diagnostics()
                    : GammaGammaFit.fit(summaries, SyntheticSummaries.CALIBRATION).diagnostics();
        }
    }

    /** The model. */
    @Param({"BG_NBD", "GAMMA_GAMMA"})
    public Model model;

    /** Customers fit per operation. */
    @Param({"100000", "1000000"})
    public int customers;

    List<PurchaseSummary> summaries;

    /** Draws the customers. */
    @Setup(Level.Trial)
    public void draw() {
        summaries = SyntheticSummaries.generate(22, customers);
    }

    /** One fit; returns its diagnostics. */
    @Benchmark
    public FitDiagnostics fit() {
        return model.fit(summaries);
    }
}
