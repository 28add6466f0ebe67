package io.relevans.kafka.internal;

import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Where the runtime's state lives now: which instance owns a key of a store, and this instance's own
 * partitions of a store. On a running application, Kafka Streams' interactive queries
 * ({@link StreamsPlacement}); in tests, a {@code TopologyTestDriver}'s stores.
 */
public interface Placement {

    /**
     * The instance that owns the key of the store now.
     *
     * @throws io.relevans.kafka.QueryUnavailableException when no instance does now (starting, rebalancing)
     */
    Owner owner(String store, String key);

    /**
     * This instance's partition of the store, for reading from another thread than the stream thread's.
     *
     * @throws io.relevans.kafka.QueryUnavailableException when this instance does not own it now
     */
    ReadOnlyKeyValueStore<String, String> store(String store, int partition);
}
