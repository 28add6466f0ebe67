package io.relevans.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relevans.customer.Value;
import io.relevans.event.Line;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

/**
 * The JSON the stores keep in their text columns for the parts of a record no query looks at: values
 * keep their kind (text, number, flag, {@code {"date": "..."}}), instants are ISO-8601 text, so
 * everything reads back equal. A malformed document gives an {@link IllegalArgumentException} that the
 * stores turn into a {@link StorageException} naming the row.
 */
final class StoredJson {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StoredJson() {
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON", e);
        }
    }

    /** The field, which must be present and not null. */
    static JsonNode field(JsonNode node, String name) {
        JsonNode child = node.get(name);
        if (child == null || child.isNull()) {
            throw new IllegalArgumentException("missing field '" + name + "'");
        }
        return child;
    }

    static String text(JsonNode node, String name) {
        JsonNode child = field(node, name);
        if (!child.isTextual()) {
            throw new IllegalArgumentException("field '" + name + "' is not text");
        }
        return child.textValue();
    }

    static Instant instant(JsonNode node, String name) {
        return Instant.parse(text(node, name));
    }

    static ArrayNode names(SortedSet<String> names) {
        ArrayNode array = NODES.arrayNode();
        names.forEach(array::add);
        return array;
    }

    static SortedSet<String> names(JsonNode array) {
        TreeSet<String> names = new TreeSet<>();
        array.forEach(n -> names.add(n.textValue()));
        return names;
    }

    static ArrayNode texts(List<String> texts) {
        ArrayNode array = NODES.arrayNode();
        texts.forEach(array::add);
        return array;
    }

    static List<String> texts(JsonNode array) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("not a JSON array");
        }
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::textValue).toList();
    }

    static ObjectNode instants(SortedMap<String, Instant> instants) {
        ObjectNode object = NODES.objectNode();
        instants.forEach((name, at) -> object.put(name, at.toString()));
        return object;
    }

    static SortedMap<String, Instant> instants(JsonNode object) {
        TreeMap<String, Instant> instants = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            instants.put(e.getKey(), Instant.parse(e.getValue().textValue()));
        }
        return instants;
    }

    static ObjectNode values(SortedMap<String, Value> values) {
        ObjectNode object = NODES.objectNode();
        values.forEach((name, v) -> object.set(name, value(v)));
        return object;
    }

    static SortedMap<String, Value> values(JsonNode object) {
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

    static ArrayNode lines(List<Line> lines) {
        ArrayNode array = NODES.arrayNode();
        for (Line l : lines) {
            array.addObject().put("sku", l.sku()).put("category", l.category().name()).put("price", l.price())
                    .put("quantity", l.quantity());
        }
        return array;
    }

    static List<Line> lines(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(n -> Line.of(text(n, "sku"), text(n, "category"), field(n, "price").doubleValue(),
                        field(n, "quantity").intValue()))
                .toList();
    }
}
