package io.relevans.spi;

import java.util.List;
import java.util.Objects;

/**
 * What the engine reads of a stored customer before it works on them: the record with its row's
 * version, the customer's timers and the customer's messages, oldest decision first.
 *
 * @param stored   the record and its version
 * @param timers   the customer's timers
 * @param messages the customer's messages
 */
public record CustomerState(StoredCustomer stored, List<Timer> timers, List<Message> messages) {

    /** Copies the lists. */
    public CustomerState {
        Objects.requireNonNull(stored, "stored");
        timers = List.copyOf(timers);
        messages = List.copyOf(messages);
    }
}
