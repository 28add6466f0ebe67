package io.relevans.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.relevans.customer.CustomerId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The in-memory outbox passes the outbox contract, and ignores updates of messages it does not hold. */
class InMemoryOutboxTest extends OutboxContract {

    @Override
    protected Outbox newOutbox() {
        return new InMemoryOutbox();
    }

    @Test
    @DisplayName("an update after an erasure does not bring the message back")
    void update_ofErasedMessage_isIgnored() {
        Message m = pending("m-1", "c-1", 0);
        outbox.add(m);
        outbox.eraseCustomer(CustomerId.of("c-1"));

        outbox.update(m.with(Message.Status.SENT, "", 1, T));

        assertEquals(Optional.empty(), outbox.find("m-1"));
        assertEquals(List.of(), outbox.of(CustomerId.of("c-1")));
        assertEquals(List.of(), outbox.due(T.plus(Duration.ofDays(1)), 10));
    }

    @Test
    @DisplayName("forEach visits messages in the order they were added, updates keeping their place")
    void forEach_inAdditionOrder() {
        outbox.add(pending("m-b", "c-1", 5));
        outbox.add(pending("m-a", "c-2", 1));
        outbox.add(pending("m-c", "c-1", 3));
        outbox.update(pending("m-b", "c-1", 5).with(Message.Status.SENT, "", 1, T));

        List<String> seen = new java.util.ArrayList<>();
        outbox.forEach(m -> seen.add(m.id()));

        assertEquals(List.of("m-b", "m-a", "m-c"), seen);
    }
}
