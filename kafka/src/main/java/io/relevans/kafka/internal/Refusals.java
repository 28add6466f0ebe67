package io.relevans.kafka.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relevans.internal.json.StoredJson;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** The documents of the refused topic: why an input was refused, and the input as read. */
final class Refusals {

    private Refusals() {
    }

    /** Sends a record refused, with why, to the refused topic through the sink. */
    static void refuse(ProcessorContext<String, String> context, Record<String, String> record, RuntimeException why,
                       String sink) {
        context.forward(new Record<>(record.key(), write(why, String.valueOf(record.value())), record.timestamp()), sink);
    }

    /** {@code {"reason": ..., "input": ...}}. */
    static String write(RuntimeException why, String input) {
        ObjectNode n = StoredJson.NODES.objectNode();
        n.put("reason", why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage());
        n.put("input", input);
        return StoredJson.write(n);
    }
}
