/**
 * What an application may implement to fit the Kafka runtime into its own infrastructure:
 * {@link io.relevans.kafka.spi.QueryTransport}, how one instance asks another for a customer's stored
 * state (the runtime ships one on the JDK's HTTP server and client, {@link io.relevans.kafka.HttpQueryTransport}).
 * Never null unless a method says otherwise.
 */
@NullMarked
package io.relevans.kafka.spi;

import org.jspecify.annotations.NullMarked;
