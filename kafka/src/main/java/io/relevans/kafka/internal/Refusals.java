package io.relevans.kafka.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relevans.internal.json.StoredJson;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;

/** The documents of the refused topic: why an input was refused, and the input as read. */
final class Refusals {

    private Refusals() {
    }

    /** Sends a record refused, with why, to the refused topic through the sink. */
    static void refuse(ProcessorContext<String, String> context, Record<String, String> record, RuntimeException why,
                       String sink) {
        refuse(context, record.key(), String.valueOf(record.value()), record.timestamp(), why, sink);
    }

    /** Sends an input refused, with why, to the refused topic through the sink. */
    static void refuse(ProcessorContext<String, String> context, String key, String input, long at,
                       RuntimeException why, String sink) {
        context.forward(new Record<>(key, write(why, input), at), sink);
    }

    /**
     * The command a record holds; a record that holds none is refused (logged without its content, which
     * may name a customer) and gives none.
     */
    static Optional<Command> command(ProcessorContext<String, String> context, Record<String, String> record,
                                     String sink, Logger log) {
        try {
            return Optional.of(CommandJson.read(record.value()));
        } catch (RuntimeException e) {
            log.warn("a command refused: {}", e.getMessage());
            refuse(context, record, e, sink);
            return Optional.empty();
        }
    }

    /** {@code {"reason": ..., "input": ...}}. */
    static String write(RuntimeException why, String input) {
        ObjectNode n = StoredJson.NODES.objectNode();
        n.put("reason", why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage());
        n.put("input", input);
        return StoredJson.write(n);
    }
}
