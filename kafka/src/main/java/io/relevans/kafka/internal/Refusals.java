package io.relevans.kafka.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relevans.internal.json.StoredJson;

/** The documents of the refused topic: why an input was refused, and the input as read. */
final class Refusals {

    private Refusals() {
    }

    /** {@code {"reason": ..., "input": ...}}. */
    static String write(RuntimeException why, String input) {
        ObjectNode n = StoredJson.NODES.objectNode();
        n.put("reason", why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage());
        n.put("input", input);
        return StoredJson.write(n);
    }
}
