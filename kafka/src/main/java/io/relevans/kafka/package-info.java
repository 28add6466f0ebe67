/**
 * The engine on Kafka Streams: {@link io.relevans.kafka.RelevansTopology} builds the topology an
 * application runs in its own {@code KafkaStreams}, on the {@link io.relevans.kafka.Topics} it names.
 */
@NullMarked
package io.relevans.kafka;

import org.jspecify.annotations.NullMarked;
