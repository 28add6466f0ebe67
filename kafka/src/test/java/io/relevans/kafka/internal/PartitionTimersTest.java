package io.relevans.kafka.internal;

import io.relevans.spi.TimerStore;
import io.relevans.spi.TimerStoreContract;

/** A partition's timers pass the timer store contract. */
class PartitionTimersTest extends TimerStoreContract {

    @Override
    protected TimerStore newStore() {
        return new PartitionTimers(PartitionStores.store("timers"), PartitionStores.store("due"), 2);
    }
}
