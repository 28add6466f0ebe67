package io.relevans.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relevans.customer.Category;
import io.relevans.customer.Identity;
import io.relevans.customer.Value;
import io.relevans.event.Event;
import io.relevans.event.EventFormatException;
import io.relevans.event.EventType;
import io.relevans.event.Line;
import io.relevans.event.Origin;
import io.relevans.internal.time.IsoInstants;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes events as JSON. An event looks like:
 *
 * <pre>{@code
 * {"id": "o-1001", "type": "purchase", "customer": {"email": "anna@example.com"},
 *  "time": "2026-03-01T10:15:00Z", "origin": "store",
 *  "properties": {"store": "oslo-1"},
 *  "lines": [{"sku": "tv-55", "category": "tv", "price": 8999, "quantity": 1}],
 *  "link": [{"loyalty_number": "7001"}]}
 * }</pre>
 *
 * Only {@code type}, {@code customer} and {@code time} are required; {@code origin} defaults to
 * {@code web}, {@code id} to a digest of the content. Property values are strings, numbers,
 * booleans or {@code {"date": "1990-05-01"}}. A malformed or incomplete event gives an
 * {@link EventFormatException} naming the field and the problem; nothing is returned half-read.
 *
 * <p>An event is read under limits (docs/limits.md), checked before its content is held in memory: at
 * most 16 MiB of JSON text (one line of JSON lines), 32 levels of nesting, strings of 10,000 and field
 * names of 1,000 characters, 20,000 tokens, and {@link Event#MAX_PROPERTIES} properties, {@link
 * Event#MAX_LINES} lines and {@link Event#MAX_LINKS} links. Every valid event's JSON is within them;
 * an event beyond them is refused with the limit named.
 */
public final class EventJson {

    private static final Set<String> FIELDS = Set.of("id", "type", "customer", "time", "origin", "properties",
            "lines", "link");

    private EventJson() {
    }

    /**
     * Reads one event.
     *
     * @throws EventFormatException when the JSON is malformed or the event invalid
     */
    public static Event read(String json) {
        try {
            return read(JsonValues.object(json, JsonValues.Document.EVENT));
        } catch (JsonValues.Problem p) {
            throw new EventFormatException(p.field, String.valueOf(p.getMessage()));
        }
    }

    /**
     * Reads events from JSON lines (one event per line; blank lines are skipped). A line longer than
     * the limit of one event's JSON text is refused as soon as the limit is passed, without reading
     * the rest of it. All events are held in the returned list: read a large file line by line with
     * {@link #read(String)} instead.
     *
     * @throws EventFormatException naming the line number, the field and the problem
     */
    public static List<Event> readLines(Reader reader) {
        List<Event> events = new ArrayList<>();
        try (Reader in = reader) {
            Lines lines = new Lines(in);
            String line;
            int number = 0;
            while ((line = lines.next(number + 1)) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    events.add(read(line));
                } catch (EventFormatException e) {
                    throw onLine(number, e); // one event per line: the position inside the line is the column
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    /**
     * Reads events from JSON lines one line at a time, for texts too large to hold (an import of years of
     * history): each line's event, or why that line is refused; a refused line, even one over the
     * length limit, does not stop the reading. Blank lines are skipped. Close it to close the reader.
     */
    public static EventLines lines(Reader reader) {
        return new EventLines(reader);
    }

    /** A problem found in one line of JSON lines, its position inside the line given as a column. */
    static EventFormatException onLine(long number, EventFormatException e) {
        String problem = e.problem().replaceFirst("^malformed JSON at line 1, column", "malformed JSON at column")
                .replaceFirst("(, the limit.*) at line 1, column", "$1 at column");
        return new EventFormatException(e.field(), "line " + number + ": " + problem);
    }

    /** Splits text into lines as {@link BufferedReader#readLine()} does, refusing a line over the limit. */
    static final class Lines {
        private final Reader in;
        private final char[] buffer = new char[8192];
        private final StringBuilder line = new StringBuilder();
        private int at;
        private int end;
        private boolean skipLineFeed;

        Lines(Reader in) {
            this.in = in;
        }

        /** The next line without its terminator, or null at the end of the text. */
        @Nullable String next(long number) throws IOException {
            return next(number, false);
        }

        /**
         * The next line without its terminator, or null at the end of the text; with {@code skipLong}, a
         * line over the limit is read to its end and refused after, so that the next call reads the
         * line after it.
         */
        @Nullable String next(long number, boolean skipLong) throws IOException {
            line.setLength(0);
            boolean any = false;
            boolean tooLong = false;
            while (true) {
                if (at == end) {
                    end = in.read(buffer, 0, buffer.length);
                    at = 0;
                    if (end <= 0) {
                        end = 0;
                        if (tooLong) {
                            throw tooLong(number);
                        }
                        return any ? line.toString() : null;
                    }
                }
                char c = buffer[at++];
                if (skipLineFeed) {
                    skipLineFeed = false;
                    if (c == '\n') {
                        continue;
                    }
                }
                any = true;
                if (c == '\n' || c == '\r') {
                    skipLineFeed = c == '\r';
                    if (tooLong) {
                        throw tooLong(number);
                    }
                    return line.toString();
                }
                if (tooLong) {
                    continue;
                }
                if (line.length() == JsonValues.MAX_CHARS) {
                    if (!skipLong) {
                        throw tooLong(number);
                    }
                    tooLong = true;
                    line.setLength(0);
                    continue;
                }
                line.append(c);
            }
        }
    }

    private static EventFormatException tooLong(long number) {
        return new EventFormatException("", "line " + number + ": longer than " + JsonValues.MAX_CHARS
                + " characters, the limit of one event's JSON text");
    }

    private static Event read(JsonNode root) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!FIELDS.contains(name)) {
                throw new EventFormatException(JsonValues.shorten(name), "unknown field; expected one of "
                        + new TreeSet<>(FIELDS));
            }
        }
        EventType type = new EventType(Objects.requireNonNull(text(root, "type", true)));
        Identity customer = identity(required(root, "customer"), "customer");
        Instant time = instant(Objects.requireNonNull(text(root, "time", true)));
        Event.Builder builder = Event.builder(type, customer, time);
        String id = text(root, "id", false);
        if (id != null) {
            builder.id(id);
        }
        String origin = text(root, "origin", false);
        if (origin != null) {
            builder.origin(Origin.fromJsonName(origin).orElseThrow(() -> new EventFormatException("origin",
                    "'" + JsonValues.shorten(origin) + "' is not one of web, app, store, service, system")));
        }
        JsonNode props = root.get("properties");
        if (props != null && !props.isNull()) {
            if (!props.isObject()) {
                throw new EventFormatException("properties", "expected an object, got " + kind(props));
            }
            if (props.size() > Event.MAX_PROPERTIES) {
                throw new EventFormatException("properties", "at most " + Event.MAX_PROPERTIES + " properties, got "
                        + props.size());
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                builder.property(e.getKey(), value(e.getValue(), "properties." + JsonValues.shorten(e.getKey())));
            }
        }
        JsonNode lines = root.get("lines");
        if (lines != null && !lines.isNull()) {
            if (!lines.isArray()) {
                throw new EventFormatException("lines", "expected an array, got " + kind(lines));
            }
            if (lines.size() > Event.MAX_LINES) {
                throw new EventFormatException("lines", "at most " + Event.MAX_LINES + " lines, got " + lines.size());
            }
            for (int i = 0; i < lines.size(); i++) {
                builder.line(line(lines.get(i), "lines[" + i + "]"));
            }
        }
        JsonNode links = root.get("link");
        if (links != null && !links.isNull()) {
            if (!links.isArray()) {
                throw new EventFormatException("link", "expected an array of identities, got " + kind(links));
            }
            if (links.size() > Event.MAX_LINKS) {
                throw new EventFormatException("link", "at most " + Event.MAX_LINKS + " identities, got "
                        + links.size());
            }
            for (int i = 0; i < links.size(); i++) {
                builder.link(identity(links.get(i), "link[" + i + "]"));
            }
        }
        return builder.build();
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode child = node.get(field);
        if (child == null || child.isNull()) {
            throw new EventFormatException(field, "is required");
        }
        return child;
    }

    private static @Nullable String text(JsonNode node, String field, boolean required) {
        JsonNode child = node.get(field);
        if (child == null || child.isNull()) {
            if (required) {
                throw new EventFormatException(field, "is required");
            }
            return null;
        }
        if (!child.isTextual()) {
            throw new EventFormatException(field, "expected a string, got " + kind(child));
        }
        return child.textValue();
    }

    private static Instant instant(String text) {
        try {
            return IsoInstants.parse(text);
        } catch (DateTimeParseException e) {
            throw new EventFormatException("time", "expected an ISO-8601 instant such as 2026-03-01T10:15:00Z, got '"
                    + JsonValues.shorten(text) + "'");
        }
    }

    private static Identity identity(JsonNode node, String field) {
        return JsonValues.identity(node, field);
    }

    private static Line line(JsonNode node, String field) {
        if (!node.isObject()) {
            throw new EventFormatException(field, "expected an object with sku, category, price and quantity");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!Set.of("sku", "category", "price", "quantity").contains(name)) {
                throw new EventFormatException(field + "." + JsonValues.shorten(name),
                        "unknown field; expected sku, category, price, quantity");
            }
        }
        String sku = text(node, "sku", false);
        String category = text(node, "category", false);
        if (sku == null) {
            throw new EventFormatException(field + ".sku", "is required");
        }
        if (category == null) {
            throw new EventFormatException(field + ".category", "is required");
        }
        JsonNode price = node.get("price");
        if (price == null || !price.isNumber()) {
            throw new EventFormatException(field + ".price", price == null ? "is required"
                    : "expected a number, got " + kind(price));
        }
        JsonNode quantity = node.get("quantity");
        int qty = 1;
        if (quantity != null && !quantity.isNull()) {
            if (!quantity.isIntegralNumber()) {
                throw new EventFormatException(field + ".quantity", "expected a whole number, got " + kind(quantity));
            }
            if (!quantity.canConvertToInt() || quantity.intValue() > Line.MAX_QUANTITY) {
                throw new EventFormatException(field + ".quantity", "must be from 1 to 1,000,000, got "
                        + quantity.asText());
            }
            qty = quantity.intValue();
        }
        try {
            return new Line(sku, Category.of(category), price.doubleValue(), qty);
        } catch (EventFormatException e) {
            throw e.under(field);
        } catch (IllegalArgumentException e) {
            throw new EventFormatException(field + ".category", String.valueOf(e.getMessage()));
        }
    }

    private static Value value(JsonNode node, String field) {
        try {
            return JsonValues.read(node);
        } catch (IllegalArgumentException e) {
            throw new EventFormatException(field, String.valueOf(e.getMessage()));
        }
    }

    private static String kind(JsonNode node) {
        return JsonValues.kind(node);
    }

    /** Writes one event as compact JSON that {@link #read(String)} reads back to an equal event. */
    public static String write(Event event) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("id", event.id());
        root.put("type", event.type().name());
        root.set("customer", identity(event.customer()));
        root.put("time", event.time().toString());
        root.put("origin", event.origin().jsonName());
        if (!event.properties().isEmpty()) {
            ObjectNode props = root.putObject("properties");
            new TreeMap<>(event.properties()).forEach((k, v) -> props.set(k, JsonValues.write(v)));
        }
        if (!event.lines().isEmpty()) {
            ArrayNode lines = root.putArray("lines");
            for (Line l : event.lines()) {
                ObjectNode n = lines.addObject();
                n.put("sku", l.sku());
                n.put("category", l.category().name());
                n.put("price", l.price());
                n.put("quantity", l.quantity());
            }
        }
        if (!event.links().isEmpty()) {
            ArrayNode links = root.putArray("link");
            event.links().forEach(i -> links.add(identity(i)));
        }
        try {
            return JsonValues.MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event " + event.id(), e);
        }
    }

    private static ObjectNode identity(Identity identity) {
        return JsonNodeFactory.instance.objectNode().put(identity.type().jsonName(), identity.value());
    }
}
