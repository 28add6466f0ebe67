package io.relevans.examples.retailer;

import io.relevans.spi.CustomerStore;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.InMemoryOutbox;
import io.relevans.spi.InMemoryTimerStore;
import io.relevans.spi.Outbox;
import io.relevans.spi.TimerStore;
import java.util.Objects;

/**
 * Where the example's engine keeps its state: the customer store, the waiting journeys and the message
 * log, with a description for the report.
 */
public record Storage(CustomerStore customers, TimerStore timers, Outbox outbox, String description,
                      AutoCloseable resources) implements AutoCloseable {

    /** Checks the fields. */
    public Storage {
        Objects.requireNonNull(customers, "customers");
        Objects.requireNonNull(timers, "timers");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(resources, "resources");
    }

    /** The engine's in-memory defaults: gone when the process ends. */
    public static Storage inMemory() {
        return new Storage(new InMemoryCustomerStore(), new InMemoryTimerStore(), new InMemoryOutbox(), "in memory",
                () -> { });
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
