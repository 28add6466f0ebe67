package io.relevans.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.relevans.spi.Message;

/**
 * The observations (spans) of ingests and deliveries, with their key values: low-cardinality ones (event
 * type, channel, outcome) that a metrics handler may turn into tags, and high-cardinality ones (program,
 * message id) for traces only. Without a registry (or with {@link ObservationRegistry#NOOP}) every
 * observation is {@link Observation#NOOP} and nothing is allocated for key values.
 */
final class Observations {

    /** Low cardinality: the event type's tag value. */
    static final String EVENT_TYPE = "relevans.event.type";
    /** Low cardinality: how an ingest or a delivery ended. */
    static final String OUTCOME = "relevans.outcome";
    /** Low cardinality: the channel of a delivery. */
    static final String CHANNEL = "relevans.channel";
    /** High cardinality: the program of a message, or the programs of the messages an ingest decided. */
    static final String PROGRAM = "relevans.program";
    /** High cardinality: the message id, or the ids of the messages an ingest decided. */
    static final String MESSAGE_ID = "relevans.message.id";
    /** High cardinality: how many events a batch holds. */
    static final String EVENTS = "relevans.events";

    private final ObservationRegistry registry;

    Observations(ObservationRegistry registry) {
        this.registry = registry;
    }

    boolean active() {
        return !registry.isNoop();
    }

    /** A started observation of one ingest, in scope on this thread. */
    Observation ingest(String type) {
        if (!active()) {
            return Observation.NOOP;
        }
        return Observation.createNotStarted(MicrometerObserver.INGEST_OBSERVATION, registry)
                .contextualName("ingest " + type).lowCardinalityKeyValue(EVENT_TYPE, type).start();
    }

    /** A started observation of one batch. */
    Observation batch(int events) {
        if (!active()) {
            return Observation.NOOP;
        }
        return Observation.createNotStarted(MicrometerObserver.INGEST_BATCH_OBSERVATION, registry)
                .contextualName("ingest batch").highCardinalityKeyValue(EVENTS, Integer.toString(events)).start();
    }

    /** A started observation of one delivery attempt. */
    Observation delivery(Message message, String channel) {
        if (!active()) {
            return Observation.NOOP;
        }
        return Observation.createNotStarted(MicrometerObserver.DELIVERY_OBSERVATION, registry)
                .contextualName("deliver " + channel).lowCardinalityKeyValue(CHANNEL, channel)
                .highCardinalityKeyValue(PROGRAM, message.program())
                .highCardinalityKeyValue(MESSAGE_ID, message.id()).start();
    }
}
