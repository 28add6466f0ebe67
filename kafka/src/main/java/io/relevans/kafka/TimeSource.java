package io.relevans.kafka;

/**
 * Where the engine's moment comes from on Kafka Streams: the moment of a decision, of a timer being due,
 * of a membership being evaluated.
 */
public enum TimeSource {
    /** The instance's wall clock: production. Timers fire on a wall-clock punctuator. */
    WALL_CLOCK,
    /**
     * The partition's stream time (the largest record timestamp seen): replays and tests, where time moves
     * only as events arrive. Timers fire on a stream-time punctuator.
     */
    STREAM_TIME
}
