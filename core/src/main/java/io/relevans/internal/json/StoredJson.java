package io.relevans.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Purpose;
import io.relevans.customer.Value;
import io.relevans.event.Event;
import io.relevans.event.Line;
import io.relevans.internal.time.IsoInstants;
import io.relevans.json.CustomerJson;
import io.relevans.json.EventJson;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.FeatureState;
import io.relevans.spi.Message;
import io.relevans.spi.Suppression;
import io.relevans.spi.Timer;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Collectors;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * The JSON storage adapters keep of the engine's state: the parts of records, messages and timers that
 * the JDBC stores keep in text columns no query looks at, and whole records, messages and timers for
 * stores that keep documents (the Kafka runtime's state stores and topics). Values keep their kind
 * (text, number, flag, {@code {"date": "..."}}), instants are ISO-8601 text, so everything reads back
 * equal. A malformed document gives an {@link IllegalArgumentException}, which the stores turn into
 * their own error naming the row or key.
 */
public final class StoredJson {

    /** Builds the nodes. */
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StoredJson() {
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    public static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON", e);
        }
    }

    /**
     * A document read with one of its object fields kept as its text: an event or a profile, whose own readers
     * read text, is then neither built into this document's tree nor written out again to be read a second time.
     *
     * @param rest the document's other fields (and the kept one when it is not an object)
     * @param kept the kept field's text; null when the document has no such object
     */
    public record Split(ObjectNode rest, @Nullable String kept) {
        /**
         * The kept field's text.
         *
         * @throws IllegalArgumentException naming the field when the document has none
         */
        public String kept(String name) {
            if (kept == null) {
                throw new IllegalArgumentException("missing field '" + name + "'");
            }
            return kept;
        }
    }

    /**
     * Reads a document keeping one object field as its text.
     *
     * @throws IllegalArgumentException when the JSON is malformed or not an object
     */
    public static Split split(String json, String field) {
        try (JsonParser p = MAPPER.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("malformed JSON: not an object");
            }
            ObjectNode rest = NODES.objectNode();
            String kept = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (p.nextToken() == JsonToken.START_OBJECT && field.equals(name)) {
                    int from = (int) p.currentTokenLocation().getCharOffset();
                    p.skipChildren();
                    kept = json.substring(from, (int) p.currentLocation().getCharOffset());
                } else {
                    rest.set(name, MAPPER.readTree(p));
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("malformed JSON: more after the object");
            }
            return new Split(rest, kept);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON", e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a String is read: none comes
        }
    }

    /** The field, which must be present and not null. */
    public static JsonNode field(JsonNode node, String name) {
        JsonNode child = node.get(name);
        if (child == null || child.isNull()) {
            throw new IllegalArgumentException("missing field '" + name + "'");
        }
        return child;
    }

    public static String text(JsonNode node, String name) {
        JsonNode child = field(node, name);
        if (!child.isTextual()) {
            throw new IllegalArgumentException("field '" + name + "' is not text");
        }
        return child.textValue();
    }

    public static Instant instant(JsonNode node, String name) {
        return IsoInstants.parse(text(node, name));
    }

    public static ArrayNode names(SortedSet<String> names) {
        ArrayNode array = NODES.arrayNode();
        names.forEach(array::add);
        return array;
    }

    public static SortedSet<String> names(JsonNode array) {
        TreeSet<String> names = new TreeSet<>();
        array.forEach(n -> names.add(n.textValue()));
        return names;
    }

    public static ArrayNode texts(List<String> texts) {
        ArrayNode array = NODES.arrayNode();
        texts.forEach(array::add);
        return array;
    }

    public static List<String> texts(JsonNode array) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("not a JSON array");
        }
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::textValue).toList();
    }

    public static ObjectNode instants(SortedMap<String, Instant> instants) {
        ObjectNode object = NODES.objectNode();
        instants.forEach((name, at) -> object.put(name, at.toString()));
        return object;
    }

    public static SortedMap<String, Instant> instants(JsonNode object) {
        TreeMap<String, Instant> instants = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            instants.put(e.getKey(), IsoInstants.parse(e.getValue().textValue()));
        }
        return instants;
    }

    public static ObjectNode values(SortedMap<String, Value> values) {
        ObjectNode object = NODES.objectNode();
        values.forEach((name, v) -> object.set(name, value(v)));
        return object;
    }

    public static SortedMap<String, Value> values(JsonNode object) {
        TreeMap<String, Value> values = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            values.put(e.getKey(), value(e.getValue()));
        }
        return values;
    }

    private static JsonNode value(Value v) {
        if (v instanceof Value.Text t) {
            return NODES.textNode(t.value());
        }
        if (v instanceof Value.Number n) {
            return NODES.numberNode(n.value());
        }
        if (v instanceof Value.Flag f) {
            return NODES.booleanNode(f.value());
        }
        return NODES.objectNode().put("date", ((Value.Date) v).value().toString());
    }

    private static Value value(JsonNode node) {
        if (node.isTextual()) {
            return Value.of(node.textValue());
        }
        if (node.isNumber()) {
            return Value.of(node.doubleValue());
        }
        if (node.isBoolean()) {
            return Value.of(node.booleanValue());
        }
        return Value.of(LocalDate.parse(text(node, "date")));
    }

    public static ArrayNode lines(List<Line> lines) {
        ArrayNode array = NODES.arrayNode();
        for (Line l : lines) {
            array.addObject().put("sku", l.sku()).put("category", l.category().name()).put("price", l.price())
                    .put("quantity", l.quantity());
        }
        return array;
    }

    public static List<Line> lines(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(n -> Line.of(text(n, "sku"), text(n, "category"), field(n, "price").doubleValue(),
                        field(n, "quantity").intValue()))
                .toList();
    }

    /** A message's parts other than its id, customer, status, decision moment and next attempt. */
    public static String messageDetails(Message m) {
        return write(messageNode(m));
    }

    private static ObjectNode messageNode(Message m) {
        ObjectNode n = NODES.objectNode();
        n.put("program", m.program());
        n.put("step", m.step());
        n.put("variant", m.variant());
        m.channel().ifPresent(ch -> n.put("channel", ch.name()));
        n.put("template", m.template());
        n.put("purpose", m.purpose().name());
        n.set("data", values(m.data()));
        n.set("lines", lines(m.lines()));
        n.put("reason", m.reason());
        n.put("attempts", m.attempts());
        n.set("outcomes", instants(m.outcomes()));
        if (!m.categories().isEmpty()) {
            n.set("categories", names(m.categories().stream().map(Category::name)
                    .collect(Collectors.toCollection(TreeSet::new))));
        }
        m.suppression().ifPresent(sup -> {
            ObjectNode by = n.putObject("suppression");
            by.put("guard", sup.guard().name());
            by.put("moment", sup.moment().name());
            by.put("at", sup.at().toString());
            ObjectNode seen = by.putObject("seen");
            sup.seen().forEach(seen::put);
        });
        return n;
    }

    /** A message from its columns and {@link #messageDetails(Message) details}. */
    public static Message message(String id, CustomerId customer, Message.Status status, Instant decided, Instant next,
                                  String details) {
        return message(id, customer, status, decided, next, read(details));
    }

    private static Message message(String id, CustomerId customer, Message.Status status, Instant decided, Instant next,
                                   JsonNode n) {
        JsonNode channel = n.get("channel");
        return new Message(id, customer, text(n, "program"), text(n, "step"), text(n, "variant"),
                channel == null || channel.isNull() ? Optional.empty() : Optional.of(Channel.of(channel.asText())),
                text(n, "template"), Purpose.of(text(n, "purpose")), values(field(n, "data")), lines(field(n, "lines")),
                decided, status, text(n, "reason"), field(n, "attempts").intValue(), next,
                instants(field(n, "outcomes")), categories(n.get("categories")), suppression(n.get("suppression")));
    }

    /** A whole message as one document. */
    public static String writeMessage(Message m) {
        return write(messageDocument(m));
    }

    /** A whole message as the node {@link #writeMessage} writes, to embed in another document. */
    public static ObjectNode messageDocument(Message m) {
        ObjectNode n = messageNode(m);
        n.put("id", m.id());
        n.put("customer", m.customer().value());
        n.put("status", m.status().name());
        n.put("decided", m.decidedAt().toString());
        n.put("next", m.nextAttempt().toString());
        return n;
    }

    /** A message {@link #writeMessage written} as one document. */
    public static Message readMessage(String json) {
        return message(read(json));
    }

    /** A message from the node {@link #messageDocument} gives. */
    public static Message message(JsonNode n) {
        return message(text(n, "id"), CustomerId.of(text(n, "customer")), Message.Status.valueOf(text(n, "status")),
                instant(n, "decided"), instant(n, "next"), n);
    }

    /** The categories a message carries; none in messages stored before they were kept. */
    private static SortedSet<Category> categories(JsonNode node) {
        SortedSet<Category> out = new TreeSet<>();
        if (node != null) {
            names(node).forEach(c -> out.add(Category.of(c)));
        }
        return out;
    }

    /** The guard that stopped a message; none for messages stored before guards were kept. */
    private static Optional<Suppression> suppression(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        TreeMap<String, String> seen = new TreeMap<>();
        field(node, "seen").properties().forEach(e -> seen.put(e.getKey(), e.getValue().asText()));
        return Optional.of(new Suppression(Suppression.Guard.valueOf(text(node, "guard")), seen,
                Suppression.Moment.valueOf(text(node, "moment")), instant(node, "at")));
    }

    /** A timer's parts other than its customer, program, kind and due moment. */
    public static String timerDetails(Timer t) {
        return write(timerNode(t));
    }

    private static ObjectNode timerNode(Timer t) {
        ObjectNode n = NODES.objectNode();
        n.put("step", t.step());
        n.put("started", t.started().toString());
        n.put("variant", t.variant());
        n.put("control", t.control());
        n.putRawValue("trigger", new RawValue(EventJson.write(t.trigger())));
        ArrayNode since = n.putArray("since");
        t.since().forEach(since::add);
        return n;
    }

    /** A timer from its columns and {@link #timerDetails(Timer) details}. */
    public static Timer timer(CustomerId customer, String program, Timer.Kind kind, Instant due, String details) {
        Split s = split(details, "trigger");
        return timer(customer, program, kind, due, s.rest(), EventJson.read(s.kept("trigger")));
    }

    private static Timer timer(CustomerId customer, String program, Timer.Kind kind, Instant due, JsonNode n,
                               Event trigger) {
        TreeSet<Integer> since = new TreeSet<>();
        field(n, "since").forEach(i -> since.add(i.intValue()));
        return new Timer(customer, program, kind, due, text(n, "step"), instant(n, "started"), text(n, "variant"),
                field(n, "control").booleanValue(), trigger, since);
    }

    /** A whole timer as one document. */
    public static String writeTimer(Timer t) {
        return write(timerDocument(t));
    }

    /** A whole timer as the node {@link #writeTimer} writes, to embed in another document. */
    public static ObjectNode timerDocument(Timer t) {
        ObjectNode n = timerNode(t);
        n.put("customer", t.customer().value());
        n.put("program", t.program());
        n.put("kind", t.kind().name());
        n.put("due", t.due().toString());
        return n;
    }

    /** A timer {@link #writeTimer written} as one document. */
    public static Timer readTimer(String json) {
        Split s = split(json, "trigger");
        return timer(s.rest(), EventJson.read(s.kept("trigger")));
    }

    /** A timer from the node {@link #timerDocument} gives. */
    public static Timer timer(JsonNode n) {
        return timer(n, EventJson.read(write(field(n, "trigger"))));
    }

    private static Timer timer(JsonNode n, Event trigger) {
        return timer(CustomerId.of(text(n, "customer")), text(n, "program"), Timer.Kind.valueOf(text(n, "kind")),
                instant(n, "due"), n, trigger);
    }

    /** A whole customer record as one document; the feature state as base64. */
    public static String writeRecord(CustomerRecord r) {
        return write(recordDocument(r));
    }

    /** A whole customer record as the node {@link #writeRecord} writes, to embed in another document. */
    public static ObjectNode recordDocument(CustomerRecord r) {
        ObjectNode n = NODES.objectNode();
        n.putRawValue("profile", new RawValue(CustomerJson.write(r.customer()))); // as written, not read again
        n.set("segments", names(r.segments()));
        n.put("features", Base64.getEncoder().encodeToString(r.features().toBytes()));
        n.set("starts", instants(r.starts()));
        n.set("recent", texts(r.recentEvents()));
        return n;
    }

    /** A record {@link #writeRecord written} as one document. */
    public static CustomerRecord readRecord(String json) {
        Split s = split(json, "profile");
        return record(s.rest(), CustomerJson.read(s.kept("profile")));
    }

    /** A record from the node {@link #recordDocument} gives. */
    public static CustomerRecord record(JsonNode n) {
        return record(n, CustomerJson.read(write(field(n, "profile"))));
    }

    private static CustomerRecord record(JsonNode n, io.relevans.customer.Customer profile) {
        return new CustomerRecord(profile, names(field(n, "segments")),
                FeatureState.of(Base64.getDecoder().decode(text(n, "features"))), instants(field(n, "starts")),
                texts(field(n, "recent")));
    }
}
