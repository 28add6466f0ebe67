package io.relevans.kafka.internal;

import io.relevans.customer.CustomerId;
import io.relevans.internal.json.StoredJson;
import io.relevans.kafka.QueryUnavailableException;
import io.relevans.spi.Message;
import io.relevans.spi.Timer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What the instance that owns a key reads for a query, from its own partitions of the stores, beside the
 * stream threads that write them: an identity's customer in the identity directory, a customer's record,
 * forward, timers and messages in the customers' stores.
 */
final class OwnerReads {

    private final Placement placement;

    OwnerReads(Placement placement) {
        this.placement = Objects.requireNonNull(placement, "placement");
    }

    /**
     * The customer the identity leads to in the directory's partition.
     *
     * @param identity the identity's key, {@code <type>:<value>}
     * @throws QueryUnavailableException when this instance does not own the partition now
     */
    Optional<CustomerId> directory(String identity, int partition) {
        try {
            String id = placement.store(Nodes.DIRECTORY_STORE, partition).get(identity);
            return id == null ? Optional.empty() : Optional.of(CustomerId.of(id));
        } catch (InvalidStateStoreException e) {
            throw unavailable(Nodes.DIRECTORY_STORE, partition, e);
        }
    }

    /**
     * The customer's record (or their forward) in the customers' partition, with the timers and messages
     * when asked for.
     *
     * @throws QueryUnavailableException when this instance does not own the partition now
     */
    OwnedState customer(CustomerId id, int partition, boolean timers, boolean messages) {
        try {
            String json = placement.store(Nodes.RECORDS_STORE, partition).get(id.value());
            if (json == null) {
                String forward = placement.store(Nodes.FORWARDS_STORE, partition).get(id.value());
                return new OwnedState(Optional.empty(), Optional.ofNullable(forward).map(CustomerId::of), List.of(),
                        List.of());
            }
            List<Timer> t = timers ? PartitionTimers.of(placement.store(Nodes.TIMERS_STORE, partition), id) : List.of();
            List<Message> m = messages ? PartitionOutbox.of(placement.store(Nodes.MESSAGES_STORE, partition),
                    placement.store(Nodes.CUSTOMER_MESSAGES_STORE, partition),
                    placement.store(Nodes.IN_FLIGHT_STORE, partition), id) : List.of();
            return new OwnedState(Optional.of(StoredJson.readRecord(json)), Optional.empty(), t, m);
        } catch (InvalidStateStoreException e) {
            throw unavailable(Nodes.RECORDS_STORE, partition, e);
        }
    }

    private static QueryUnavailableException unavailable(String store, int partition, RuntimeException e) {
        return new QueryUnavailableException("partition " + partition + " of store " + store
                + " is not active on this instance now: " + e.getMessage(), e);
    }
}
