package io.relevans.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.definition.Definitions;
import io.relevans.definition.Features;
import io.relevans.definition.Segment;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.spi.CustomerStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The engine on a database that fails the customer save: the caller of {@code ingest} gets the
 * {@link StorageException} naming the operation and the customer, nothing of the event counts as
 * applied, and delivering the event again to an engine on the healthy database applies it once.
 */
class EngineStorageFailureH2Test {

    private static final Identity ANNA = Identity.email("anna@example.com");
    private static final Definitions BIG_SPENDER = Definitions.builder()
            .segment(Segment.named("big_spender").when(Features.sum(EventType.PURCHASE, "line.amount")
                    .within(Window.days(30)).atLeast(1_000)))
            .build();

    private final VirtualClock clock = VirtualClock.at(Instant.parse("2026-03-02T09:00:00Z"));

    private Relevans engine(CustomerStore customers, JdbcStorage storage) {
        return Relevans.builder().clock(clock).store(customers).timers(storage.timers()).outbox(storage.outbox())
                .definitions(BIG_SPENDER).build();
    }

    @Test
    @DisplayName("a failing save reaches the caller as a StorageException; the event delivered again counts once")
    void failingSave_surfaces_andTheRedeliveryCountsOnce() {
        TestDatabase db = TestDatabase.of(TestDatabase.Vendor.H2, getClass());
        db.clear();
        JdbcStorage storage = JdbcStorage.open(db.dataSource());
        Relevans failing = engine(new JdbcCustomerStore(FailingDataSource.failingOn(db.dataSource(),
                "UPDATE relevans_customer")), storage);
        Event purchase = Event.builder(EventType.PURCHASE, ANNA, clock.instant()).line("tv-1", "tv", 1_500, 1).build();

        StorageException e = assertThrows(StorageException.class, () -> failing.ingest(purchase));
        assertTrue(e.getMessage().contains("save customer " + CustomerId.derivedFrom(ANNA)), e.getMessage());
        assertFalse(e.getMessage().contains("anna"), "no personal data in the message: " + e.getMessage());
        assertEquals(0, storage.customers().count(), "nothing applied");

        Relevans healthy = engine(storage.customers(), storage);
        assertEquals(List.of("big_spender"), List.copyOf(healthy.ingest(purchase).entered()));
        assertEquals(List.of(), healthy.ingest(purchase).features(), "delivered again: nothing changes");
        assertEquals(1_500.0, healthy.customer(ANNA).orElseThrow().features().values().iterator().next());
    }
}
