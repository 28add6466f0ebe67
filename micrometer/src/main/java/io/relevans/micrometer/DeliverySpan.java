package io.relevans.micrometer;

import io.micrometer.observation.Observation;
import io.relevans.spi.EngineObserver;
import io.relevans.spi.Message;
import org.jspecify.annotations.Nullable;

/**
 * One delivery attempt: times it by channel and outcome, counts a dead letter, and ends its
 * observation. Used by the one thread that delivers.
 */
final class DeliverySpan extends ObservedSpan implements EngineObserver.Delivering {

    private final Message message;

    DeliverySpan(MicrometerObserver metrics, Message message, long start, Observation observation) {
        super(metrics, start, observation);
        this.message = message;
    }

    @Override
    public void ended(Message attempt) {
        end(attempt, MicrometerObserver.lower(attempt.status().name()), null); // sent, retrying, dead
    }

    @Override
    public void failed(RuntimeException cause) {
        end(message, "error", cause);
    }

    private void end(Message attempt, String outcome, @Nullable RuntimeException cause) {
        try {
            metrics.delivered(attempt, start, outcome);
        } finally {
            finish(outcome, cause);
        }
    }
}
