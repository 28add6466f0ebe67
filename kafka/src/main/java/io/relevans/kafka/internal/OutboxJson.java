package io.relevans.kafka.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relevans.customer.Identity;
import io.relevans.internal.json.StoredJson;
import io.relevans.spi.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * The documents of the outbox topic: a message as it is now, the identities its customer has now (from
 * which a dispatcher addresses it), and whether this is its release: a dispatcher delivers released
 * messages only.
 */
public final class OutboxJson {

    private OutboxJson() {
    }

    /** A message, its customer's identities and whether it is released, read back. */
    public record Entry(Message message, List<Identity> identities, boolean released) {
        /** Copies the list. */
        public Entry {
            identities = List.copyOf(identities);
        }
    }

    /** {@code {"message": {...}, "identities": ["email:...", ...], "released": true|false}}. */
    public static String write(Message message, List<Identity> identities, boolean released) {
        ObjectNode n = StoredJson.NODES.objectNode();
        n.put("released", released);
        n.set("message", StoredJson.messageDocument(message));
        ArrayNode ids = n.putArray("identities");
        identities.forEach(i -> ids.add(CommandJson.key(i)));
        return StoredJson.write(n);
    }

    /**
     * The entry a document holds.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static Entry read(String json) {
        JsonNode n = StoredJson.read(json);
        List<Identity> identities = new ArrayList<>();
        StoredJson.field(n, "identities").forEach(i -> identities.add(CommandJson.identity(i.textValue())));
        JsonNode released = n.get("released");
        return new Entry(StoredJson.message(StoredJson.field(n, "message")), identities,
                released != null && released.asBoolean());
    }
}
