package io.relevans.kafka.internal;

import io.relevans.kafka.QueryUnavailableException;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The placement of a running application's state, from Kafka Streams' interactive queries: the owner of a
 * key from {@link KafkaStreams#queryMetadataForKey} (the keys are partitioned by the default partitioner on
 * their UTF-8 text, as the runtime's topics are written), this instance's partitions from
 * {@link KafkaStreams#store}. Active tasks only: a standby's state may lag behind.
 */
public final class StreamsPlacement implements Placement {

    private static final Serializer<String> KEYS = new StringSerializer();

    private final KafkaStreams streams;
    private final HostInfo self;

    /**
     * @param streams the application's Kafka Streams, running the runtime's topology
     * @param self    this instance's endpoint, as its {@code application.server} setting names it
     */
    public StreamsPlacement(KafkaStreams streams, HostInfo self) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.self = Objects.requireNonNull(self, "self");
    }

    @Override
    public Owner owner(String store, String key) {
        KeyQueryMetadata m;
        try {
            m = streams.queryMetadataForKey(store, key, KEYS);
        } catch (InvalidStateStoreException | IllegalStateException e) { // not started yet; stopped or failed
            throw new QueryUnavailableException("store " + store + " cannot be queried now: " + e.getMessage(), e);
        }
        if (m == null || m.partition() < 0 || m.activeHost() == null || m.activeHost().port() < 0) {
            throw new QueryUnavailableException("no instance owns the key's partition of store " + store
                    + " now (starting or rebalancing)", null);
        }
        return new Owner(m.activeHost(), m.partition(), m.activeHost().equals(self));
    }

    @Override
    public ReadOnlyKeyValueStore<String, String> store(String store, int partition) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(store,
                    QueryableStoreTypes.<String, String>keyValueStore()).withPartition(partition));
        } catch (InvalidStateStoreException e) {
            throw new QueryUnavailableException("partition " + partition + " of store " + store
                    + " is not active on this instance now: " + e.getMessage(), e);
        }
    }
}
