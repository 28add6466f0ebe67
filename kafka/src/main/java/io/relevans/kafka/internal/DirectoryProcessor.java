package io.relevans.kafka.internal;

import io.relevans.event.Event;
import io.relevans.json.EventJson;
import io.relevans.kafka.RelevansTicks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads events (starting their walks) or the directory's own commands (walk steps and assignments) into
 * the {@link IdentityDirectory} of the task's partition. Input it cannot read goes to the refused topic.
 *
 * <p>On stream time a walk step or an assignment for a moment waits until this partition's events (and
 * ticks) have passed that moment: an earlier event named by the identity, which came on the events topic,
 * is resolved first, as the embedded engine, reading events in order, would. The two topics are read
 * separately, and nothing else orders a step that comes on one behind an event on the other.
 */
final class DirectoryProcessor implements Processor<String, String, String, String> {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryProcessor.class);

    /** The held store's entry of the moment this partition's events have passed. */
    private static final String PASSED = "passed";
    /** The prefix of held steps, by moment. */
    private static final String HELD = "held" + Keys.SEP;

    private final boolean events;
    private final boolean streamTime;
    private ProcessorContext<String, String> context;
    private IdentityDirectory directory;
    private KeyValueStore<String, String> held;

    /**
     * @param events     whether it reads events (else commands)
     * @param streamTime whether the runtime runs on stream time (then steps wait for the events' moment)
     */
    DirectoryProcessor(boolean events, boolean streamTime) {
        this.events = events;
        this.streamTime = streamTime;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.held = context.getStateStore(Nodes.HELD_STORE);
        this.directory = new IdentityDirectory(context.getStateStore(Nodes.DIRECTORY_STORE),
                context.getStateStore(Nodes.WALKS_STORE), streamTime ? held : null, context);
    }

    @Override
    public void process(Record<String, String> record) {
        if (events) {
            if (streamTime) {
                pass(record.timestamp()); // steps held for this moment or before go first, before a tick passes it
            }
            read(record);
            return;
        }
        Optional<Command> read = Refusals.command(context, record, Nodes.TO_REFUSED, LOG);
        if (read.isEmpty()) {
            return;
        }
        Command command = read.get();
        if (streamTime && (command instanceof Command.Resolve || command instanceof Command.Assign)
                && record.timestamp() > passed()) {
            long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(0L);
            held.put(HELD + Keys.moment(java.time.Instant.ofEpochMilli(record.timestamp())) + Keys.SEP
                    + String.format("%020d", offset), record.value());
            return; // until this partition's events have passed its moment
        }
        step(record, command);
    }

    private long passed() {
        String at = held.get(PASSED);
        return at == null ? Long.MIN_VALUE : Long.parseLong(at);
    }

    /** This partition's events have passed the moment: the steps held for it and before go on, in order. */
    private void pass(long at) {
        if (at <= passed()) {
            return;
        }
        held.put(PASSED, Long.toString(at));
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = held.range(HELD, HELD + Keys.after(Keys.moment(
                java.time.Instant.ofEpochMilli(at))))) {
            it.forEachRemaining(due::add);
        }
        for (KeyValue<String, String> kv : due) {
            held.delete(kv.key);
            Record<String, String> r = new Record<>(null, kv.value, at);
            step(r, CommandJson.read(kv.value));
        }
    }

    /** An events topic record: a tick goes on to the customers, an event starts its walk. */
    private void read(Record<String, String> record) {
        if (RelevansTicks.KEY.equals(record.key())) {
            RelevansTicks.Tick tick;
            try {
                tick = RelevansTicks.read(record.value());
            } catch (RuntimeException e) {
                refuse(record, e);
                return;
            }
            int source = context.recordMetadata().map(RecordMetadata::partition).orElse(0);
            Command.Tick t = new Command.Tick(tick.at(), source, tick.partitions());
            if (streamTime && directory.earliestOnItsWay().filter(tick.at()::isAfter).isPresent()) {
                // an event from before it is still on its way from here: the tick waits for it, as a
                // watermark must
                held.put(TICKS + Keys.moment(tick.at()), CommandJson.write(t));
                return;
            }
            forward(t);
            return;
        }
        Event event;
        try {
            event = EventJson.read(record.value() == null ? "null" : record.value());
        } catch (RuntimeException e) {
            refuse(record, e);
            return;
        }
        directory.start(event, record.key());
    }

    /** The held store's prefix of ticks waiting for the events before them. */
    private static final String TICKS = "ticks" + Keys.SEP;

    private void forward(Command.Tick t) {
        context.forward(new Record<>(RelevansTicks.KEY, CommandJson.write(t), t.at().toEpochMilli()),
                Nodes.TO_CUSTOMERS);
    }

    /** Forwards, in order, the held ticks no event still on its way from here is before. */
    private void releaseTicks() {
        java.util.Optional<java.time.Instant> earliest = directory.earliestOnItsWay();
        List<KeyValue<String, String>> ticks = new ArrayList<>();
        try (KeyValueIterator<String, String> it = held.prefixScan(TICKS, Keys.SERIALIZER)) {
            it.forEachRemaining(ticks::add);
        }
        for (KeyValue<String, String> kv : ticks) {
            Command.Tick t = (Command.Tick) CommandJson.read(kv.value);
            if (earliest.isPresent() && t.at().isAfter(earliest.get())) {
                return;
            }
            held.delete(kv.key);
            forward(t);
        }
    }

    /** A directory command: a walk step, an assignment, a walk's end. */
    private void step(Record<String, String> record, Command command) {
        if (command instanceof Command.Resolve r) {
            directory.resolve(r);
        } else if (command instanceof Command.Assign a) {
            directory.assign(a); // an event that waited for the identity's claim may have gone on
            if (streamTime) {
                releaseTicks();
            }
        } else if (command instanceof Command.Walked w) {
            directory.walked(w);
            if (streamTime) {
                releaseTicks();
            }
        } else {
            refuse(record, new IllegalArgumentException("a " + command.getClass().getSimpleName()
                    + " command is for customers, not for the identity directory"));
        }
    }

    private void refuse(Record<String, String> record, RuntimeException why) {
        LOG.warn("input of {} refused: {}", events ? "events" : "the identity directory", why.getMessage());
        Refusals.refuse(context, record, why, Nodes.TO_REFUSED);
    }
}
