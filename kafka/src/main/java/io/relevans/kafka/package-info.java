/**
 * The engine on Kafka Streams: {@link io.relevans.kafka.RelevansTopology} builds the topology an
 * application runs in its own {@code KafkaStreams}, on the {@link io.relevans.kafka.Topics} it names;
 * {@link io.relevans.kafka.RelevansQueries} answers queries by identity on any of its instances;
 * {@link io.relevans.kafka.RelevansDispatcher} delivers the messages it decides.
 */
@NullMarked
package io.relevans.kafka;

import org.jspecify.annotations.NullMarked;
