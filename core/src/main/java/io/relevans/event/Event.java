package io.relevans.event;

import io.relevans.customer.Identity;
import io.relevans.customer.Value;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Something a customer did or that happened to them, as the retailer's backend reports it: a type,
 * the customer it is about (by any linked identity), when, where it came from, typed properties,
 * lines for purchases and carts, and optionally further identities the backend now knows belong to
 * the same customer ({@code links}, S13). Immutable and validated on construction against the
 * built-in type's schema.
 *
 * @param id         unique id of the event; the same event sent twice has the same id
 * @param type       the event type
 * @param customer   the identity naming the customer
 * @param time       when it happened
 * @param origin     the touchpoint it came from
 * @param properties scalar properties by name
 * @param lines      purchase or cart lines; empty for other types
 * @param links      other identities of the same customer, to be linked (and profiles merged)
 */
public record Event(
        String id,
        EventType type,
        Identity customer,
        Instant time,
        Origin origin,
        SortedMap<String, Value> properties,
        List<Line> lines,
        SortedSet<Identity> links) {

    /** At most this many properties per event; the builder refuses one more as it is added. */
    public static final int MAX_PROPERTIES = 256;
    /** At most this many lines per event. */
    public static final int MAX_LINES = 1_000;
    /** At most this many linked identities per event. */
    public static final int MAX_LINKS = 32;
    /** The earliest time an event may have. */
    public static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    /** The latest time an event may have: the engine's time arithmetic stays far from overflowing. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private static final Pattern PROPERTY = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /** @throws EventFormatException naming the field that is missing, mistyped or out of range */
    public Event {
        if (id == null || id.isBlank() || id.length() > 128) {
            throw new EventFormatException("id", "must be 1..128 characters");
        }
        require(type, "type");
        require(customer, "customer");
        require(time, "time");
        if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
            throw new EventFormatException("time", "must be from " + EARLIEST + " to " + LATEST + ", got " + time);
        }
        require(origin, "origin");
        require(properties, "properties");
        require(lines, "lines");
        require(links, "link");
        if (properties.size() > MAX_PROPERTIES) {
            throw new EventFormatException("properties", "at most " + MAX_PROPERTIES + " properties, got "
                    + properties.size());
        }
        if (lines.size() > MAX_LINES) {
            throw new EventFormatException("lines", "at most " + MAX_LINES + " lines, got " + lines.size());
        }
        if (links.size() > MAX_LINKS) {
            throw new EventFormatException("link", "at most " + MAX_LINKS + " identities, got " + links.size());
        }
        for (String name : properties.keySet()) {
            if (!PROPERTY.matcher(name).matches()) {
                throw new EventFormatException("properties." + EventSchema.shorten(name),
                        "is not a valid property name: use 1..64 lower-case letters, digits or '_'");
            }
        }
        properties = Collections.unmodifiableSortedMap(new TreeMap<>(properties));
        lines = List.copyOf(lines);
        links = Collections.unmodifiableSortedSet(new TreeSet<>(links));
        EventSchema.check(type, properties, lines);
    }

    private static void require(Object part, String field) {
        if (part == null) {
            throw new EventFormatException(field, "is required");
        }
    }

    /** Starts an event of the given type about the customer named by the identity, at the given time. */
    public static Builder builder(EventType type, Identity customer, Instant time) {
        return new Builder(type, customer, time);
    }

    /** The property with the given name, if present. */
    public Optional<Value> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    /** The text of a property, if present. */
    public Optional<String> text(String name) {
        return property(name).map(Value::asText);
    }

    /** The sum of price times quantity over the lines. */
    public double total() {
        double sum = 0;
        for (Line l : lines) {
            sum += l.amount();
        }
        return sum;
    }

    /** A short description safe for logs: type, id and time, never the customer's identity value. */
    @Override
    public String toString() {
        return "Event[" + type + " " + id + " at " + time + " from " + origin.jsonName() + "]";
    }

    /**
     * Builds an {@link Event}. The id defaults to a digest of the event's content (type, customer, time,
     * origin, properties, lines, links), and the engine applies an id once: a re-delivery is ignored.
     * So two events with the same content, such as two views of one product by one customer in the same
     * instant, count once. Give an id ({@link #id(String)}) whenever your system has one (an order number,
     * a message id of your queue), and always when identical events can happen and must count.
     */
    public static final class Builder {
        private final EventType type;
        private final Identity customer;
        private final Instant time;
        private @Nullable String id;
        private Origin origin = Origin.WEB;
        private final TreeMap<String, Value> properties = new TreeMap<>();
        private final List<Line> lines = new ArrayList<>();
        private final TreeSet<Identity> links = new TreeSet<>();

        private Builder(EventType type, Identity customer, Instant time) {
            this.type = Objects.requireNonNull(type, "type");
            this.customer = Objects.requireNonNull(customer, "customer");
            this.time = Objects.requireNonNull(time, "time");
        }

        /**
         * Sets the event id, which makes the event unique: the engine ignores an event whose id it has
         * applied to the customer already (a re-delivery). By default the id is derived from the content,
         * so identical events count once.
         */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** Sets where the event came from; {@link Origin#WEB} by default. */
        public Builder origin(Origin origin) {
            this.origin = Objects.requireNonNull(origin, "origin");
            return this;
        }

        /**
         * Adds a property.
         *
         * @throws EventFormatException when the event already has {@link #MAX_PROPERTIES} others
         */
        public Builder property(String name, Value value) {
            Objects.requireNonNull(value, "value of " + name);
            if (properties.size() >= MAX_PROPERTIES && !properties.containsKey(name)) {
                throw new EventFormatException("properties", "at most " + MAX_PROPERTIES + " properties");
            }
            properties.put(name, value);
            return this;
        }

        /** Adds a text property. */
        public Builder property(String name, String value) {
            return property(name, Value.of(value));
        }

        /** Adds a number property. */
        public Builder property(String name, double value) {
            return property(name, Value.of(value));
        }

        /** Adds a yes/no property. */
        public Builder property(String name, boolean value) {
            return property(name, Value.of(value));
        }

        /**
         * Adds a line.
         *
         * @throws EventFormatException when the event already has {@link #MAX_LINES} lines
         */
        public Builder line(Line line) {
            Objects.requireNonNull(line, "line");
            if (lines.size() >= MAX_LINES) {
                throw new EventFormatException("lines", "at most " + MAX_LINES + " lines");
            }
            lines.add(line);
            return this;
        }

        /** Adds a line. */
        public Builder line(String sku, String category, double price, int quantity) {
            return line(Line.of(sku, category, price, quantity));
        }

        /**
         * Adds an identity to be linked to the customer.
         *
         * @throws EventFormatException when the event already links {@link #MAX_LINKS} others
         */
        public Builder link(Identity identity) {
            Objects.requireNonNull(identity, "identity");
            if (links.size() >= MAX_LINKS && !links.contains(identity)) {
                throw new EventFormatException("link", "at most " + MAX_LINKS + " identities");
            }
            links.add(identity);
            return this;
        }

        /** @throws EventFormatException when the event breaks its type's schema */
        public Event build() {
            String eventId = id != null ? id : digest();
            return new Event(eventId, type, customer, time, origin, properties, lines, links);
        }

        private String digest() {
            StringBuilder sb = new StringBuilder().append(type).append('|').append(customer.type()).append(':')
                    .append(escape(customer.value())).append('|').append(time).append('|').append(origin).append('|');
            properties.forEach((k, v) -> sb.append(k).append('=').append(v.kind()).append(':')
                    .append(escape(v.asText())).append(';'));
            lines.forEach(l -> sb.append(escape(l.toString())).append(';'));
            links.forEach(l -> sb.append(l.type()).append(':').append(escape(l.value())).append(';'));
            byte[] hash = SHA_256.get().digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return "e-" + HexFormat.of().formatHex(hash, 0, 12);
        }

        /** One digest per thread: looking the algorithm up costs as much as hashing a small event. */
        private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        });

        /** Free text with the digest's separators escaped, so that text cannot imitate other content. */
        private static String escape(String text) {
            return text.replace("\\", "\\\\").replace(";", "\\;").replace("|", "\\|");
        }
    }
}
