package io.relevans.kafka.internal;

import io.relevans.spi.Outbox;
import io.relevans.spi.OutboxContract;

/** A partition's message log passes the outbox contract. */
class PartitionOutboxTest extends OutboxContract {

    @Override
    protected Outbox newOutbox() {
        return new PartitionOutbox(PartitionStores.store("messages"), PartitionStores.store("by-customer"),
                PartitionStores.store("waiting"), PartitionStores.store("in-flight"), m -> { }, 1);
    }
}
