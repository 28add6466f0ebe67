package io.relevans.kafka.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relevans.customer.CustomerId;
import io.relevans.internal.json.StoredJson;
import io.relevans.kafka.QueryUnavailableException;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.Message;
import io.relevans.spi.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The questions one instance asks another about the state it owns, and their answers, as JSON text that a
 * {@link io.relevans.kafka.spi.QueryTransport} carries:
 * <ul>
 *   <li>{@code {"v": 1, "read": "directory", "key": "email:anna@example.com", "partition": 3}}, answered by
 *       {@code {"customer": "<id>"}} or {@code {"customer": null}};</li>
 *   <li>{@code {"v": 1, "read": "customer", "key": "<id>", "partition": 2, "timers": true, "messages": false}},
 *       answered by {@code {"record": {...} or null, "forward": "<id>" or null, "timers": [...], "messages": [...]}}
 *       (the documents the state stores keep);</li>
 *   <li>either answered by {@code {"unavailable": "<why>"}} when the instance does not own the partition now,
 *       or {@code {"refused": "<why>"}} when it cannot read the question.</li>
 * </ul>
 * The answers carry stored state, not results: the asking instance computes the answer with its own
 * compiled step, as it would for a customer it owns.
 */
final class QueryProtocol {

    private static final Logger LOG = LoggerFactory.getLogger(QueryProtocol.class);
    /** The version of the questions; an instance refuses others (a rolling upgrade that changed them). */
    static final int VERSION = 1;

    private QueryProtocol() {
    }

    /** An instance's endpoint as {@code host:port}, for messages. */
    static String endpoint(HostInfo h) {
        return h.host() + ":" + h.port();
    }

    static String directoryQuestion(String identity, int partition) {
        ObjectNode n = question("directory", identity, partition);
        return StoredJson.write(n);
    }

    static String customerQuestion(CustomerId id, int partition, boolean timers, boolean messages) {
        ObjectNode n = question("customer", id.value(), partition);
        n.put("timers", timers);
        n.put("messages", messages);
        return StoredJson.write(n);
    }

    private static ObjectNode question(String read, String key, int partition) {
        ObjectNode n = StoredJson.NODES.objectNode();
        n.put("v", VERSION);
        n.put("read", read);
        n.put("key", key);
        n.put("partition", partition);
        return n;
    }

    /** The answer to another instance's question, from this instance's partitions; never throws. */
    static String answer(OwnerReads reads, String question) {
        ObjectNode out = StoredJson.NODES.objectNode();
        JsonNode q;
        try {
            q = StoredJson.read(question == null ? "null" : question);
            if (!q.isObject() || q.path("v").asInt() != VERSION) {
                throw new IllegalArgumentException("a question is a JSON object of version " + VERSION + ", got "
                        + (q.isObject() ? "version " + q.path("v") : q.getNodeType().toString().toLowerCase()));
            }
        } catch (IllegalArgumentException e) {
            return refused(out, e);
        }
        try {
            String key = StoredJson.text(q, "key");
            int partition = StoredJson.field(q, "partition").asInt(-1);
            switch (StoredJson.text(q, "read")) {
                case "directory" -> out.put("customer", reads.directory(key, partition).map(CustomerId::value)
                        .orElse(null));
                case "customer" -> write(out, reads.customer(CustomerId.of(key), partition, q.path("timers").asBoolean(),
                        q.path("messages").asBoolean()));
                default -> throw new IllegalArgumentException("field 'read' must be directory or customer, got '"
                        + StoredJson.text(q, "read") + "'");
            }
            return StoredJson.write(out);
        } catch (QueryUnavailableException e) {
            out.removeAll();
            out.put("unavailable", e.getMessage());
            return StoredJson.write(out);
        } catch (RuntimeException e) {
            out.removeAll();
            return refused(out, e);
        }
    }

    private static String refused(ObjectNode out, RuntimeException e) {
        LOG.warn("a query from another instance refused: {}", e.getMessage());
        out.put("refused", String.valueOf(e.getMessage()));
        return StoredJson.write(out);
    }

    private static void write(ObjectNode out, OwnedState s) {
        out.set("record", s.record().<JsonNode>map(StoredJson::recordDocument).orElse(StoredJson.NODES.nullNode()));
        out.put("forward", s.forward().map(CustomerId::value).orElse(null));
        ArrayNode timers = out.putArray("timers");
        s.timers().forEach(t -> timers.add(StoredJson.timerDocument(t)));
        ArrayNode messages = out.putArray("messages");
        s.messages().forEach(m -> messages.add(StoredJson.messageDocument(m)));
    }

    /** The customer an identity leads to, as the instance answered. */
    static Optional<CustomerId> directoryAnswer(HostInfo from, String answer) {
        JsonNode n = checked(from, answer);
        JsonNode id = n.get("customer");
        if (id == null) {
            throw malformed(from, "missing field 'customer'");
        }
        return id.isNull() ? Optional.empty() : Optional.of(CustomerId.of(id.asText()));
    }

    /** A customer's state, as the instance answered. */
    static OwnedState customerAnswer(HostInfo from, String answer) {
        JsonNode n = checked(from, answer);
        try {
            JsonNode record = n.path("record");
            Optional<CustomerRecord> r = record.isObject() ? Optional.of(StoredJson.record(record)) : Optional.empty();
            JsonNode forward = n.path("forward");
            Optional<CustomerId> f = forward.isTextual() ? Optional.of(CustomerId.of(forward.textValue()))
                    : Optional.empty();
            List<Timer> timers = new ArrayList<>();
            n.path("timers").forEach(t -> timers.add(StoredJson.timer(t)));
            List<Message> messages = new ArrayList<>();
            n.path("messages").forEach(m -> messages.add(StoredJson.message(m)));
            return new OwnedState(r, f, timers, messages);
        } catch (IllegalArgumentException e) {
            throw malformed(from, e.getMessage());
        }
    }

    /** The answer as JSON, when it is not a refusal or a "not now". */
    private static JsonNode checked(HostInfo from, String answer) {
        JsonNode n;
        try {
            n = StoredJson.read(answer == null ? "null" : answer);
        } catch (IllegalArgumentException e) {
            throw malformed(from, e.getMessage());
        }
        if (!n.isObject()) {
            throw malformed(from, "not a JSON object");
        }
        if (n.hasNonNull("unavailable")) {
            throw new QueryUnavailableException("instance " + endpoint(from) + " cannot answer now: "
                    + n.get("unavailable").asText(), null);
        }
        if (n.hasNonNull("refused")) {
            throw new IllegalStateException("instance " + endpoint(from) + " refused the question: " + n.get("refused").asText()
                    + " (do all instances run the same version of relevans-kafka?)");
        }
        return n;
    }

    private static IllegalStateException malformed(HostInfo from, @Nullable String why) {
        return new IllegalStateException("instance " + endpoint(from) + " gave an unreadable answer: " + why);
    }
}
