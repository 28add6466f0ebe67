package io.relevans.benchmarks;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.relevans.micrometer.MicrometerObserver;
import io.relevans.spi.EngineObserver;

/**
 * The engine's observer in {@link IngestBenchmark}: what metrics and tracing cost on ingestion.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar IngestBenchmark.throughput1 -p baseline=RELEVANS
 * -p observer=NONE,METERS,METERS_AND_SPANS}
 */
public enum Observers {
    /** No observer: the engine skips every call (the default). */
    NONE,
    /** {@link MicrometerObserver} on a {@link SimpleMeterRegistry}: meters only. */
    METERS,
    /** The same with an {@link ObservationRegistry} whose one handler takes every observation and does nothing. */
    METERS_AND_SPANS;

    /** A new observer of this kind. */
    EngineObserver create() {
        return switch (this) {
            case NONE -> EngineObserver.disabled();
            case METERS -> MicrometerObserver.builder(new SimpleMeterRegistry()).build();
            case METERS_AND_SPANS -> {
                ObservationRegistry observations = ObservationRegistry.create();
                observations.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {
                    @Override
                    public boolean supportsContext(Observation.Context context) {
                        return true;
                    }
                });
                yield MicrometerObserver.builder(new SimpleMeterRegistry()).observations(observations).build();
            }
        };
    }
}
