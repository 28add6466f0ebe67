package io.relevans.benchmarks;

import io.relevans.definition.Definitions;
import io.relevans.definition.Features;
import io.relevans.definition.Segment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Prediction features in {@link IngestBenchmark}: what keeping each customer's purchase summary and computing
 * BG/NBD and Gamma-Gamma predictions costs on ingestion. With predictions, the engine's 100 segments get more
 * segments on them; after the preload the engine fits the model on the preloaded customers and re-segments,
 * so that every customer's state is stamped with the model before the measurement.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar IngestBenchmark.throughput1 -p baseline=RELEVANS
 * -p predictions=NONE,P_ALIVE,ALL}
 */
public enum Predictions {
    /** The 100 segments (the default). */
    NONE,
    /** And one segment on {@code p_alive}. */
    P_ALIVE,
    /** And three: {@code p_alive}, {@code expected_purchases next 90d}, {@code expected_spend next 365d discount 0.1}. */
    ALL;

    /** The definitions with this use of predictions. */
    Definitions apply(Definitions segments) {
        if (this == NONE) {
            return segments;
        }
        List<Segment> more = new ArrayList<>(segments.segments());
        more.add(Segment.named("predicted_lapsing").when(Features.probabilityAlive().lessThan(0.3)));
        if (this == ALL) {
            more.add(Segment.named("predicted_returning")
                    .when(Features.expectedPurchases(Duration.ofDays(90)).atLeast(1)));
            more.add(Segment.named("predicted_valuable")
                    .when(Features.expectedSpend(Duration.ofDays(365)).discounted(0.1).atLeast(2_000)));
        }
        return new Definitions(more, segments.programs(), segments.policies(), segments.priceRanges());
    }
}
