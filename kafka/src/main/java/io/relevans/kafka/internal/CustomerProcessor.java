package io.relevans.kafka.internal;

import io.relevans.customer.CustomerId;
import io.relevans.internal.program.CustomerLocks;
import io.relevans.internal.runtime.StoreRuntime;
import io.relevans.kafka.TimeSource;
import io.relevans.spi.Storage;
import io.relevans.spi.Message;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the customers' commands into the {@link CustomerPartition} of the task's partition, with the
 * engine's clock set to the task's moment, and fires due timers on a punctuator.
 */
final class CustomerProcessor implements Processor<String, String, String, String> {

    private static final Logger LOG = LoggerFactory.getLogger(CustomerProcessor.class);

    private final RuntimeSettings settings;
    private final PartitionClock clock = new PartitionClock();
    /** Messages added or changed by the work on the current record or punctuation, by id. */
    private final Map<String, Message> changed = new LinkedHashMap<>();
    /** Messages released to the dispatcher by the work on the current record or punctuation, by id. */
    private final Map<String, Message> released = new LinkedHashMap<>();
    private ProcessorContext<String, String> context;
    private CustomerPartition partition;

    CustomerProcessor(RuntimeSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        PartitionCustomers customers = new PartitionCustomers(store(Nodes.RECORDS_STORE), store(Nodes.IDENTITIES_STORE));
        PartitionTimers timers = new PartitionTimers(store(Nodes.TIMERS_STORE), store(Nodes.DUE_STORE));
        PartitionOutbox outbox = new PartitionOutbox(store(Nodes.MESSAGES_STORE), store(Nodes.CUSTOMER_MESSAGES_STORE),
                store(Nodes.WAITING_STORE), store(Nodes.IN_FLIGHT_STORE), m -> changed.put(m.id(), m));
        StoreRuntime runtime = new StoreRuntime(Storage.of(customers, timers, outbox), clock, settings.actions(),
                new CustomerLocks(1), settings::step, settings.ahead(), null);
        partition = new CustomerPartition(context, runtime, customers, timers, outbox, store(Nodes.FORWARDS_STORE),
                store(Nodes.PENDING_STORE), store(Nodes.WATERMARKS_STORE), clock, settings.time() == TimeSource.STREAM_TIME,
                m -> released.put(m.id(), m));
        if (settings.time() == TimeSource.WALL_CLOCK) {
            context.schedule(settings.timerInterval(), PunctuationType.WALL_CLOCK_TIME, at -> {
                long now = context.currentSystemTimeMs();
                clock.set(now);
                int fired = partition.due(Instant.ofEpochMilli(now));
                partition.flush(changed, released);
                if (fired > 0) {
                    LOG.debug("fired {} timer(s) in {}", fired, context.taskId());
                }
            });
        } // on stream time, ticks fire timers (RelevansTicks), and a customer's own before their next record
    }

    private KeyValueStore<String, String> store(String name) {
        return context.getStateStore(name);
    }

    @Override
    public void process(Record<String, String> record) {
        Optional<Command> read = Refusals.command(context, record, Nodes.CUSTOMERS_TO_REFUSED, LOG);
        if (read.isEmpty()) {
            return;
        }
        Command command = read.get();
        if (command instanceof Command.Tick tick) {
            partition.tick(tick).ifPresent(passed -> {
                clock.set(passed.toEpochMilli());
                partition.due(passed);
                partition.flush(changed, released);
            });
            return;
        }
        CustomerId customer;
        try {
            customer = CustomerId.of(record.key());
        } catch (RuntimeException e) {
            refuse(record, e);
            return;
        }
        // on stream time, the moment of the record itself (an event's time, which merge commands carry too);
        // not the task's stream time, which ticks from every events partition push ahead of events still on
        // their way
        clock.set(settings.time() == TimeSource.WALL_CLOCK ? context.currentSystemTimeMs() : record.timestamp());
        if (settings.time() == TimeSource.STREAM_TIME
                && (command instanceof Command.Apply || command instanceof Command.Handover)) {
            // the customer's timers due by the event's moment fire first, as an engine ticking before each event
            // does (a delivery outcome carries the dispatcher's moment, not the stream's: it fires nothing)
            partition.dueOf(customer, clock.instant());
        }
        partition.process(customer, command);
        partition.flush(changed, released);
    }

    private void refuse(Record<String, String> record, RuntimeException e) {
        LOG.warn("a customer command refused: {}", e.getMessage());
        Refusals.refuse(context, record, e, Nodes.CUSTOMERS_TO_REFUSED);
    }
}
