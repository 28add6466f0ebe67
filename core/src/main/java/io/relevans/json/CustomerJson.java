package io.relevans.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relevans.customer.Attribute;
import io.relevans.customer.Category;
import io.relevans.customer.CategoryPreference;
import io.relevans.customer.Channel;
import io.relevans.customer.ChannelPreference;
import io.relevans.customer.Consent;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.Interest;
import io.relevans.customer.Purpose;
import io.relevans.customer.Source;
import io.relevans.internal.time.IsoInstants;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes customer profiles as JSON, for storage adapters, exports and tools:
 *
 * <pre>{@code
 * {"id": "c-1", "identities": [{"email": "anna@example.com"}, {"loyalty_number": "7001"}],
 *  "attributes": {"has_children": {"value": false, "source": "declared", "time": "2019-05-01T10:00:00Z"}},
 *  "consents": [{"channel": "email", "purpose": "marketing", "granted": true,
 *                "time": "2026-03-01T09:00:00Z", "source": "declared"}],
 *  "channels": {"order": ["sms", "email"], "time": "2026-03-01T09:00:00Z"},
 *  "preferences": {"party_dresses": {"interest": "not_interested", "time": "2026-03-05T12:00:00Z",
 *                                    "source": "declared"}}}
 * }</pre>
 *
 * {@code id} and at least one identity are required; everything else defaults to empty. A profile that
 * cannot be read gives a {@link ProfileFormatException} naming the field. A profile is read under
 * limits (docs/limits.md): at most 16 MiB of JSON text, 32 levels of nesting, strings of 10,000 and
 * field names of 1,000 characters, 200,000 tokens and {@link Customer#MAX_IDENTITIES} identities; a
 * profile beyond them is refused with the limit named, before it is held in memory.
 */
public final class CustomerJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CustomerJson() {
    }

    /** Writes the profile as compact JSON that {@link #read(String)} reads back to an equal profile. */
    public static String write(Customer customer) {
        return write(customer, JsonValues.MAPPER);
    }

    /** Writes the profile as indented JSON, for people. */
    public static String writePretty(Customer customer) {
        return write(customer, MAPPER);
    }

    private static String write(Customer c, ObjectMapper mapper) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("id", c.id().value());
        ArrayNode ids = root.putArray("identities");
        c.identities().forEach(i -> ids.addObject().put(i.type().jsonName(), i.value()));
        ObjectNode attrs = root.putObject("attributes");
        c.attributes().forEach((name, a) -> {
            ObjectNode n = attrs.putObject(name);
            n.set("value", JsonValues.write(a.value()));
            n.put("source", lower(a.source()));
            n.put("time", a.time().toString());
        });
        ArrayNode consents = root.putArray("consents");
        c.consents().values().forEach(k -> consents.addObject().put("channel", k.channel().name())
                .put("purpose", k.purpose().name()).put("granted", k.granted()).put("time", k.time().toString())
                .put("source", lower(k.source())));
        ObjectNode channels = root.putObject("channels");
        ArrayNode order = channels.putArray("order");
        c.channels().order().forEach(ch -> order.add(ch.name()));
        channels.put("time", c.channels().time().toString());
        ObjectNode prefs = root.putObject("preferences");
        c.preferences().forEach((cat, p) -> prefs.putObject(cat.name()).put("interest", lower(p.interest()))
                .put("time", p.time().toString()).put("source", lower(p.source())));
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write profile " + c.id(), e);
        }
    }

    /**
     * Reads a profile.
     *
     * @throws ProfileFormatException naming the field and the problem
     */
    public static Customer read(String json) {
        try {
            return read(JsonValues.object(json, JsonValues.Document.PROFILE));
        } catch (JsonValues.Problem p) {
            throw new ProfileFormatException(p.field, String.valueOf(p.getMessage()));
        }
    }

    private static Customer read(JsonNode root) {
        onlyFields(root, "", Set.of("id", "identities", "attributes", "consents", "channels", "preferences"));
        CustomerId id = parse("id", () -> CustomerId.of(text(root, "id", "id")));
        TreeSet<Identity> identities = new TreeSet<>();
        JsonNode ids = array(root, "identities");
        if (ids == null || ids.isEmpty()) {
            throw new ProfileFormatException("identities", "at least one identity is required");
        }
        if (ids.size() > Customer.MAX_IDENTITIES) {
            throw new ProfileFormatException("identities", "at most " + Customer.MAX_IDENTITIES
                    + " identities per customer, got " + ids.size());
        }
        for (int i = 0; i < ids.size(); i++) {
            identities.add(JsonValues.identity(ids.get(i), "identities[" + i + "]"));
        }
        TreeMap<String, Attribute> attributes = new TreeMap<>();
        JsonNode attrs = object(root, "attributes", "attributes");
        if (attrs != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = attrs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String field = "attributes." + JsonValues.shorten(e.getKey());
                JsonNode a = e.getValue();
                if (!a.isObject()) {
                    throw new ProfileFormatException(field, "expected an object with value, source and time");
                }
                onlyFields(a, field, Set.of("value", "source", "time"));
                JsonNode value = a.get("value");
                if (value == null || value.isNull()) {
                    throw new ProfileFormatException(field + ".value", "is required");
                }
                attributes.put(e.getKey(), parse(field, () -> new Attribute(e.getKey(),
                        parse(field + ".value", () -> JsonValues.read(value)),
                        enumValue(a, "source", field, Source.class), time(a, field))));
            }
        }
        TreeMap<Consent.Key, Consent> consents = new TreeMap<>();
        JsonNode cs = array(root, "consents");
        for (int i = 0; cs != null && i < cs.size(); i++) {
            String field = "consents[" + i + "]";
            JsonNode k = cs.get(i);
            if (!k.isObject()) {
                throw new ProfileFormatException(field, "expected an object");
            }
            onlyFields(k, field, Set.of("channel", "purpose", "granted", "time", "source"));
            JsonNode granted = k.get("granted");
            if (granted == null || !granted.isBoolean()) {
                throw new ProfileFormatException(field + ".granted", "expected true or false");
            }
            Consent consent = new Consent(parse(field + ".channel", () -> Channel.of(text(k, "channel", field))),
                    parse(field + ".purpose", () -> Purpose.of(text(k, "purpose", field))), granted.booleanValue(),
                    time(k, field), enumValue(k, "source", field, Source.class));
            if (consents.put(consent.key(), consent) != null) {
                throw new ProfileFormatException(field, "a second consent for " + consent.channel() + " and "
                        + consent.purpose());
            }
        }
        ChannelPreference channels = ChannelPreference.NONE;
        JsonNode ch = object(root, "channels", "channels");
        if (ch != null) {
            onlyFields(ch, "channels", Set.of("order", "time"));
            JsonNode order = array(ch, "order");
            List<Channel> list = new ArrayList<>();
            for (int i = 0; order != null && i < order.size(); i++) {
                int at = i;
                String field = "channels.order[" + i + "]";
                if (!order.get(i).isTextual()) {
                    throw new ProfileFormatException(field, "expected a string, got " + JsonValues.kind(order.get(i)));
                }
                list.add(parse(field, () -> Channel.of(order.get(at).textValue())));
            }
            Instant time = time(ch, "channels");
            channels = parse("channels.order", () -> new ChannelPreference(list, time));
        }
        TreeMap<Category, CategoryPreference> preferences = new TreeMap<>();
        JsonNode prefs = object(root, "preferences", "preferences");
        if (prefs != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = prefs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String field = "preferences." + JsonValues.shorten(e.getKey());
                JsonNode p = e.getValue();
                if (!p.isObject()) {
                    throw new ProfileFormatException(field, "expected an object with interest, time and source");
                }
                onlyFields(p, field, Set.of("interest", "time", "source"));
                Category category = parse(field, () -> Category.of(e.getKey()));
                preferences.put(category, new CategoryPreference(category, enumValue(p, "interest", field, Interest.class),
                        time(p, field), enumValue(p, "source", field, Source.class)));
            }
        }
        ChannelPreference finalChannels = channels;
        return parse("", () -> new Customer(id, identities, attributes, consents, finalChannels, preferences));
    }

    private interface Part<T> {
        T get();
    }

    private static <T> T parse(String field, Part<T> part) {
        try {
            return part.get();
        } catch (ProfileFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ProfileFormatException(field, String.valueOf(e.getMessage()));
        }
    }

    private static void onlyFields(JsonNode node, String field, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw new ProfileFormatException((field.isEmpty() ? "" : field + ".") + JsonValues.shorten(name),
                        "unknown field; expected one of " + new TreeSet<>(allowed));
            }
        }
    }

    private static String text(JsonNode node, String name, String field) {
        JsonNode child = node.get(name);
        String path = field.equals(name) ? name : field + "." + name;
        if (child == null || child.isNull()) {
            throw new ProfileFormatException(path, "is required");
        }
        if (!child.isTextual()) {
            throw new ProfileFormatException(path, "expected a string, got " + JsonValues.kind(child));
        }
        return child.textValue();
    }

    private static @Nullable JsonNode array(JsonNode node, String name) {
        JsonNode child = node.get(name);
        if (child == null || child.isNull()) {
            return null;
        }
        if (!child.isArray()) {
            throw new ProfileFormatException(name, "expected an array, got " + JsonValues.kind(child));
        }
        return child;
    }

    private static @Nullable JsonNode object(JsonNode node, String name, String field) {
        JsonNode child = node.get(name);
        if (child == null || child.isNull()) {
            return null;
        }
        if (!child.isObject()) {
            throw new ProfileFormatException(field, "expected an object, got " + JsonValues.kind(child));
        }
        return child;
    }

    private static Instant time(JsonNode node, String field) {
        String text = text(node, "time", field);
        try {
            return IsoInstants.parse(text);
        } catch (DateTimeParseException e) {
            throw new ProfileFormatException(field + ".time", "expected an ISO-8601 instant such as "
                    + "2026-03-01T10:15:00Z, got '" + JsonValues.shorten(text) + "'");
        }
    }

    private static <E extends Enum<E>> E enumValue(JsonNode node, String name, String field, Class<E> type) {
        String text = text(node, name, field);
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProfileFormatException(field + "." + name, "expected one of " + Arrays.stream(type.getEnumConstants())
                    .map(CustomerJson::lower).toList() + ", got '" + JsonValues.shorten(text) + "'");
        }
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

}
