package io.relevans.event;

import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.Interest;
import io.relevans.customer.Purpose;
import io.relevans.customer.Value;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** The typed properties of the built-in event types, checked when an event is constructed. */
final class EventSchema {

    private record Spec(String name, String kind, boolean required, double min, double max) {
        static Spec text(String name, boolean required) {
            return new Spec(name, "text", required, 0, 0);
        }

        static Spec flag(String name, boolean required) {
            return new Spec(name, "flag", required, 0, 0);
        }

        static Spec number(String name, boolean required, double min, double max) {
            return new Spec(name, "number", required, min, max);
        }

        static Spec any(String name, boolean required) {
            return new Spec(name, "any", required, 0, 0);
        }
    }

    private static final List<Spec> MESSAGE = List.of(Spec.text("message_id", true), Spec.text("channel", true),
            Spec.text("program", false), Spec.text("purpose", false));

    private static final Map<EventType, List<Spec>> SPECS = Map.ofEntries(
            Map.entry(EventType.PURCHASE, List.of(Spec.text("order_id", false), Spec.text("store", false))),
            Map.entry(EventType.CART_CHANGE, List.of(Spec.text("cart_id", false))),
            Map.entry(EventType.PRODUCT_VIEW, List.of(Spec.text("sku", true), Spec.text("category", true),
                    Spec.number("price", false, 0, Double.MAX_VALUE))),
            Map.entry(EventType.SEARCH, List.of(Spec.text("query", true), Spec.text("category", false))),
            Map.entry(EventType.SIGNUP, List.of()),
            Map.entry(EventType.CONSENT_CHANGE, List.of(Spec.text("channel", true), Spec.text("purpose", true),
                    Spec.flag("granted", true))),
            Map.entry(EventType.PREFERENCE_DECLARED, List.of(Spec.text("category", false),
                    Spec.text("interest", false), Spec.text("channels", false))),
            Map.entry(EventType.ATTRIBUTE_CONFIRMED, List.of(Spec.text("attribute", true), Spec.any("value", true))),
            Map.entry(EventType.ATTRIBUTE_CORRECTED, List.of(Spec.text("attribute", true), Spec.any("value", true))),
            Map.entry(EventType.REVIEW, List.of(Spec.number("rating", true, 1, 5), Spec.text("sku", false),
                    Spec.text("store", false))),
            Map.entry(EventType.SUPPORT_CONTACT, List.of(Spec.text("topic", false), Spec.text("case_id", false),
                    Spec.number("satisfaction", false, 1, 5))),
            Map.entry(EventType.COMPLAINT, List.of(Spec.text("reason", false), Spec.text("sku", false),
                    Spec.text("case_id", false))),
            Map.entry(EventType.STORE_VISIT, List.of(Spec.text("store", true))),
            Map.entry(EventType.MESSAGE_DELIVERED, MESSAGE),
            Map.entry(EventType.MESSAGE_OPENED, MESSAGE),
            Map.entry(EventType.MESSAGE_CLICKED, MESSAGE),
            Map.entry(EventType.MESSAGE_BOUNCED, MESSAGE),
            Map.entry(EventType.MESSAGE_UNSUBSCRIBED, MESSAGE),
            Map.entry(EventType.SEGMENT_ENTERED, List.of(Spec.text("segment", true))),
            Map.entry(EventType.SEGMENT_EXITED, List.of(Spec.text("segment", true))));

    private EventSchema() {
    }

    /** @throws EventFormatException naming the first property that breaks the type's schema */
    static void check(EventType type, Map<String, Value> properties, List<Line> lines) {
        if (!type.hasLines() && !lines.isEmpty()) {
            throw new EventFormatException("lines", type + " events have no lines");
        }
        if (type.equals(EventType.PURCHASE) && lines.isEmpty()) {
            throw new EventFormatException("lines", "a purchase needs at least one line");
        }
        List<Spec> specs = SPECS.get(type);
        if (specs == null) {
            return; // custom type: any scalar properties
        }
        for (Spec spec : specs) {
            Value v = properties.get(spec.name());
            String field = "properties." + spec.name();
            if (v == null) {
                if (spec.required()) {
                    throw new EventFormatException(field, "is required for " + type + " events");
                }
                continue;
            }
            if (!spec.kind().equals("any") && !spec.kind().equals(v.kind())) {
                String seen = v instanceof Value.Text ? "\"" + shorten(v.asText()) + "\"" : shorten(v.asText());
                throw new EventFormatException(field, "must be a " + spec.kind() + ", got " + v.kind() + " " + seen);
            }
            if (spec.kind().equals("number") && (v.asNumber() < spec.min() || v.asNumber() > spec.max())) {
                throw new EventFormatException(field, "must be between " + Value.of(spec.min()).asText() + " and "
                        + Value.of(spec.max()).asText() + ", got " + v.asText());
            }
        }
        checkNames(type, properties);
    }

    private static void checkNames(EventType type, Map<String, Value> properties) {
        try {
            if (properties.containsKey("channel") && isAbout(type, "channel")) {
                Channel.of(properties.get("channel").asText());
            }
        } catch (IllegalArgumentException e) {
            throw new EventFormatException("properties.channel", String.valueOf(e.getMessage()));
        }
        try {
            if (properties.containsKey("purpose")) {
                Purpose.of(properties.get("purpose").asText());
            }
        } catch (IllegalArgumentException e) {
            throw new EventFormatException("properties.purpose", String.valueOf(e.getMessage()));
        }
        try {
            if (properties.containsKey("category") && !type.equals(EventType.SEARCH)) {
                Category.of(properties.get("category").asText());
            }
        } catch (IllegalArgumentException e) {
            throw new EventFormatException("properties.category", String.valueOf(e.getMessage()));
        }
        if (type.equals(EventType.PREFERENCE_DECLARED)) {
            Value interest = properties.get("interest");
            if (properties.containsKey("category") != (interest != null)) {
                throw new EventFormatException(interest == null ? "properties.interest" : "properties.category",
                        "category and interest go together");
            }
            if (interest == null && !properties.containsKey("channels")) {
                throw new EventFormatException("properties", "a preference needs category and interest, or channels");
            }
            if (interest != null) {
                interest(interest.asText());
            }
            if (properties.containsKey("channels")) {
                try {
                    channels(properties.get("channels").asText());
                } catch (IllegalArgumentException e) {
                    throw new EventFormatException("properties.channels", String.valueOf(e.getMessage()));
                }
            }
        }
        if (type.equals(EventType.ATTRIBUTE_CONFIRMED) || type.equals(EventType.ATTRIBUTE_CORRECTED)) {
            try {
                io.relevans.customer.Attribute.checkName(Objects.requireNonNull(properties.get("attribute"), "attribute").asText());
            } catch (IllegalArgumentException e) {
                throw new EventFormatException("properties.attribute", String.valueOf(e.getMessage()));
            }
        }
    }

    private static boolean isAbout(EventType type, String property) {
        return SPECS.getOrDefault(type, List.of()).stream().anyMatch(s -> s.name().equals(property));
    }

    static Interest interest(String text) {
        try {
            return Interest.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new EventFormatException("properties.interest",
                    "must be 'interested' or 'not_interested', got '" + shorten(text) + "'");
        }
    }

    static List<Channel> channels(String text) {
        return java.util.Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(Channel::of).toList();
    }

    static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
