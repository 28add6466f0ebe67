package io.relevans.kafka.internal;

import io.relevans.customer.CustomerId;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.Message;
import io.relevans.spi.Timer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer's stored state as the instance that owns the customer read it for a query.
 *
 * @param record   the customer record; empty when the partition has none
 * @param forward  the customer it was merged into, when the partition has no record but a forward
 * @param timers   the customer's timers, when asked for (else empty)
 * @param messages the customer's messages in decision order, when asked for (else empty)
 */
public record OwnedState(Optional<CustomerRecord> record, Optional<CustomerId> forward, List<Timer> timers,
                         List<Message> messages) {

    /** Never null; copies the lists. */
    public OwnedState {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(forward, "forward");
        timers = List.copyOf(timers);
        messages = List.copyOf(messages);
    }
}
