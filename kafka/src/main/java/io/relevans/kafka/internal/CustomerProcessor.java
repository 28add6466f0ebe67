package io.relevans.kafka.internal;

import io.relevans.customer.CustomerId;
import io.relevans.internal.program.CustomerLocks;
import io.relevans.internal.runtime.StoreRuntime;
import io.relevans.kafka.TimeSource;
import io.relevans.spi.Storage;
import io.relevans.spi.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;
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
    /** Starts the scheduled programs for the partition's customers. */
    private PartitionSchedules schedules;
    /** Re-segments the partition's customers; null when the settings ask for none. */
    private @Nullable PartitionResegmentation resegmentation;

    /**
     * How long one wall-clock punctuation may work on scheduled starts and a re-segmentation pass together; the rest
     * goes on at the next.
     */
    static final Duration SLICE_BUDGET = Duration.ofMillis(200);
    /** On stream time a pass runs whole at its tick. */
    private static final Duration WHOLE = Duration.ofDays(1);

    CustomerProcessor(RuntimeSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        PartitionCustomers customers = new PartitionCustomers(store(Nodes.RECORDS_STORE), store(Nodes.IDENTITIES_STORE),
                settings.recent());
        PartitionTimers timers = new PartitionTimers(store(Nodes.TIMERS_STORE), store(Nodes.DUE_STORE), settings.recent());
        PartitionOutbox outbox = new PartitionOutbox(store(Nodes.MESSAGES_STORE), store(Nodes.CUSTOMER_MESSAGES_STORE),
                store(Nodes.WAITING_STORE), store(Nodes.IN_FLIGHT_STORE), m -> changed.put(m.id(), m), settings.recent());
        StoreRuntime runtime = new StoreRuntime(Storage.of(customers, timers, outbox), clock, settings.actions(),
                new CustomerLocks(1), settings::step, settings.ahead(), null);
        partition = new CustomerPartition(context, runtime, customers, timers, outbox, store(Nodes.FORWARDS_STORE),
                store(Nodes.PENDING_STORE), store(Nodes.WATERMARKS_STORE), clock, settings.time() == TimeSource.STREAM_TIME,
                m -> released.put(m.id(), m));
        PassContext pass = new PassContext(runtime, new CustomerSweep(customers,
                store(Nodes.WATERMARKS_STORE), CustomerSweep.SLICE), store(Nodes.WATERMARKS_STORE), partition::away,
                partition::segmentChanges, partition::process);
        schedules = new PartitionSchedules(pass);
        if (settings.resegmentEvery() != null) {
            resegmentation = new PartitionResegmentation(settings.resegmentEvery(), pass);
        }
        if (settings.time() == TimeSource.WALL_CLOCK) {
            context.schedule(settings.timerInterval(), PunctuationType.WALL_CLOCK_TIME, at -> {
                long now = context.currentSystemTimeMs();
                clock.set(now);
                int fired = timePassed(Instant.ofEpochMilli(now), SLICE_BUDGET);
                partition.flush(changed, released);
                if (fired > 0) {
                    LOG.debug("fired {} timer(s) in {}", fired, context.taskId());
                }
            });
        } // on stream time, ticks fire timers (RelevansTicks), and a customer's own before their next record
    }

    /**
     * What the partition does when its time reaches the moment, as the embedded engine's tick and a
     * re-segmentation after it: scheduled starts, then the due timers and messages, then the pass.
     *
     * @param budget how long the starts and the pass may work before the rest waits for the next moment
     * @return how many timers fired
     */
    private int timePassed(Instant now, Duration budget) {
        long began = System.nanoTime();
        schedules.reached(now, budget);
        int fired = partition.due(now);
        if (resegmentation != null) { // what the starts left of the budget (a slice of customers at least)
            resegmentation.reached(now, budget.minusNanos(System.nanoTime() - began));
        }
        return fired;
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
                long at = passed.toEpochMilli();
                // the commands that waited for this time: those before its moment, the tick, those at it (the
                // embedded engine ticks at an event's moment before it applies the event)
                partition.heldUntil(at - 1).forEach(h -> work(h.customer(), h.command(), h.at()));
                clock.set(at);
                timePassed(passed, WHOLE);
                partition.heldUntil(at).forEach(h -> work(h.customer(), h.command(), h.at()));
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
        if (settings.time() == TimeSource.WALL_CLOCK) {
            clock.set(context.currentSystemTimeMs());
            partition.process(customer, command);
        } else if (waits(command) && partition.ahead(record.timestamp())) {
            // ahead of the partition's time: it waits for the ticks before it, so that every customer's timers
            // due before it fire at those ticks first, as on the embedded engine
            partition.hold(customer, command, record.timestamp(),
                    context.recordMetadata().map(RecordMetadata::offset).orElse(0L));
        } else {
            work(customer, command, record.timestamp());
        }
        partition.flush(changed, released);
    }

    /** Whether a command applies an event or hands a customer over at its moment (not a delivery outcome). */
    private static boolean steps(Command command) {
        return command instanceof Command.Apply || command instanceof Command.Handover;
    }

    /**
     * Whether a command waits while ahead of the partition's time: the steps, the states handed over for them (an
     * answer must not overtake the event it answers, which may be waiting), and scheduled starts sent on to a
     * survivor.
     */
    private static boolean waits(Command command) {
        return steps(command) || command instanceof Command.Absorbed || command instanceof Command.Start;
    }

    /**
     * Works on a command on stream time at its moment (an event's time, which merge commands carry too); not
     * the task's stream time, which ticks from every events partition push ahead of events still on their way.
     */
    private void work(CustomerId customer, Command command, long at) {
        clock.set(at);
        if (steps(command)) {
            // the customer's timers due by the event's moment fire first, as an engine ticking before each event
            // does (a delivery outcome carries the dispatcher's moment, not the stream's: it fires nothing)
            partition.dueOf(customer, clock.instant());
        }
        partition.process(customer, command);
    }

    private void refuse(Record<String, String> record, RuntimeException e) {
        LOG.warn("a customer command refused: {}", e.getMessage());
        Refusals.refuse(context, record, e, Nodes.CUSTOMERS_TO_REFUSED);
    }
}
