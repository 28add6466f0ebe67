package io.relevans.kafka.internal;

import io.relevans.DispatchReport;
import io.relevans.RetryPolicy;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.internal.program.Dispatcher;
import io.relevans.spi.ChannelAdapter;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.CustomerStore;
import io.relevans.spi.Message;
import io.relevans.spi.TemplateRenderer;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The embedded engine's {@link Dispatcher} on what the outbox topic gave: it renders, addresses and
 * delivers due messages with retries exactly as the embedded engine does, and hands each attempt back
 * as a command for the customer's partition.
 */
public final class Dispatching {

    private final WaitingMessages waiting = new WaitingMessages();
    private final Dispatcher dispatcher;

    /**
     * @param adapters  the adapter of each channel
     * @param templates renders messages
     * @param clock     the only source of time
     * @param retry     when to retry and when to give up
     */
    public Dispatching(Map<Channel, ChannelAdapter> adapters, TemplateRenderer templates, Clock clock, RetryPolicy retry) {
        this.dispatcher = new Dispatcher(waiting, adapters, templates, new Recipients(), clock, retry);
    }

    /**
     * Takes an outbox topic record's value.
     *
     * @return the id of the message it holds
     * @throws IllegalArgumentException when the value is not an outbox document
     */
    public String accept(String outboxValue) {
        OutboxJson.Entry e = OutboxJson.read(outboxValue);
        waiting.accept(e.message(), e.identities(), e.released());
        return e.message().id();
    }

    /** Whether the message waits for delivery here. */
    public boolean isWaiting(String id) {
        return waiting.find(id).isPresent();
    }

    /** Forgets the messages of a customer (their outbox partition went to another dispatcher). */
    public void forget(CustomerId customer) {
        waiting.eraseCustomer(customer);
    }

    /**
     * Delivers the due messages and gives each attempt, as the key (the customer id) and value of a
     * customer command.
     */
    public DispatchReport dispatch(Consumer<Map.Entry<String, String>> outcomes) {
        DispatchReport report = dispatcher.dispatch(Integer.MAX_VALUE);
        for (Message attempt : waiting.attempts()) {
            outcomes.accept(Map.entry(attempt.customer().value(), CommandJson.write(new Command.Outcome(attempt))));
        }
        return report;
    }

    /** How many messages wait for delivery. */
    public int waiting() {
        return waiting.size();
    }

    /** The customers as the dispatcher addresses them. */
    private final class Recipients implements CustomerStore {
        @Override
        public Optional<CustomerRecord> load(CustomerId id) {
            return waiting.recipient(id);
        }

        @Override
        public Optional<CustomerId> lookup(Identity identity) {
            throw new UnsupportedOperationException("a dispatcher looks customers up by id");
        }

        @Override
        public void save(CustomerRecord record) {
            throw new UnsupportedOperationException("a dispatcher stores no customers");
        }

        @Override
        public boolean erase(CustomerId id) {
            throw new UnsupportedOperationException("a dispatcher stores no customers");
        }

        @Override
        public void forEach(Consumer<CustomerRecord> action) {
            throw new UnsupportedOperationException("a dispatcher stores no customers");
        }

        @Override
        public long count() {
            throw new UnsupportedOperationException("a dispatcher stores no customers");
        }
    }

}
