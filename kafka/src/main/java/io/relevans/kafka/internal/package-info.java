/**
 * The Kafka runtime's internals, not part of the API: the identity directory, the customers' partition
 * (the engine's step over state stores, merges between partitions), the commands between them.
 */
@NullMarked
package io.relevans.kafka.internal;

import org.jspecify.annotations.NullMarked;
