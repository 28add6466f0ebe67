package io.relevans.micrometer;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What an ingest and a delivery span share: when they started on the registry's clock, and their
 * observation, started and in scope on the thread that does the work until {@link #finish} ends both.
 */
abstract class ObservedSpan {

    final MicrometerObserver metrics;
    final long start;
    final Observation observation;
    private final Observation.Scope scope;

    ObservedSpan(MicrometerObserver metrics, long start, Observation observation) {
        this.metrics = metrics;
        this.start = start;
        this.observation = observation;
        this.scope = observation.openScope();
    }

    /** Closes the scope and stops the observation with the outcome and, if any, the error. */
    final void finish(String outcome, @Nullable RuntimeException error) {
        scope.close();
        if (error != null) {
            observation.error(error);
        }
        observation.lowCardinalityKeyValue(Observations.OUTCOME, outcome);
        observation.stop();
    }
}
