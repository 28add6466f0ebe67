package io.relevans.kafka.internal;

import io.relevans.event.Event;
import io.relevans.json.EventJson;
import io.relevans.kafka.RelevansTicks;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads events (starting their walks) or the directory's own commands (walk steps and assignments) into
 * the {@link IdentityDirectory} of the task's partition. Input it cannot read goes to the refused topic.
 */
final class DirectoryProcessor implements Processor<String, String, String, String> {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryProcessor.class);

    private final boolean events;
    private ProcessorContext<String, String> context;
    private IdentityDirectory directory;

    /** @param events whether it reads events (else commands) */
    DirectoryProcessor(boolean events) {
        this.events = events;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.directory = new IdentityDirectory(context.getStateStore(Nodes.DIRECTORY_STORE),
                context.getStateStore(Nodes.WALKS_STORE), context);
    }

    @Override
    public void process(Record<String, String> record) {
        if (events && RelevansTicks.KEY.equals(record.key())) {
            RelevansTicks.Tick tick;
            try {
                tick = RelevansTicks.read(record.value());
            } catch (RuntimeException e) {
                refuse(record, e);
                return;
            }
            int source = context.recordMetadata().map(RecordMetadata::partition).orElse(0);
            context.forward(new Record<>(RelevansTicks.KEY, CommandJson.write(new Command.Tick(tick.at(), source,
                    tick.partitions())), tick.at().toEpochMilli()), Nodes.TO_CUSTOMERS);
            return;
        }
        if (events) {
            Event event;
            try {
                event = EventJson.read(record.value() == null ? "null" : record.value());
            } catch (RuntimeException e) {
                refuse(record, e);
                return;
            }
            directory.start(event, record.key());
            return;
        }
        Command command;
        try {
            command = CommandJson.read(record.value());
        } catch (RuntimeException e) {
            refuse(record, e);
            return;
        }
        if (command instanceof Command.Resolve r) {
            directory.resolve(r);
        } else if (command instanceof Command.Assign a) {
            directory.assign(a);
        } else if (command instanceof Command.Walked w) {
            directory.walked(w);
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
