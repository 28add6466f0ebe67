package io.relevans.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.customer.Value;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/** The JSON form of {@link Value}s and the wording of JSON errors, shared by the codecs. */
final class JsonValues {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS); // "{...} {...}" is not one object

    private JsonValues() {
    }

    /** A problem at a field path; each codec turns it into its own exception type. */
    static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String field;

        Problem(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    /**
     * Parses a JSON object.
     *
     * @throws Problem for malformed JSON (with line and column) or a non-object
     */
    static JsonNode object(String json) {
        if (json == null) {
            throw new Problem("", "no JSON given (null)");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            String what = e.getOriginalMessage().startsWith("Trailing token")
                    ? "text after the end of the object; expected one JSON object" : e.getOriginalMessage();
            throw new Problem("", "malformed JSON" + where + ": " + what);
        }
        if (root == null || !root.isObject()) {
            throw new Problem("", "expected a JSON object");
        }
        return root;
    }

    /**
     * Reads an identity written as {@code {"email": "anna@example.com"}}.
     *
     * @throws Problem naming the field
     */
    static Identity identity(JsonNode node, String field) {
        if (!node.isObject() || node.size() != 1) {
            throw new Problem(field, "expected an object with exactly one identity, such as "
                    + "{\"email\": \"anna@example.com\"}");
        }
        Map.Entry<String, JsonNode> e = node.fields().next();
        String path = field + "." + shorten(e.getKey());
        IdentityType type = IdentityType.fromJsonName(e.getKey()).orElseThrow(() -> new Problem(path,
                "unknown identity type; expected one of " + Arrays.stream(IdentityType.values())
                        .map(IdentityType::jsonName).toList()));
        if (!e.getValue().isTextual()) {
            throw new Problem(path, "expected a string, got " + kind(e.getValue()));
        }
        try {
            return new Identity(type, e.getValue().textValue());
        } catch (IllegalArgumentException ex) {
            throw new Problem(path, ex.getMessage());
        }
    }

    /**
     * Reads a scalar: a string, a number, a boolean or {@code {"date": "YYYY-MM-DD"}}.
     *
     * @throws IllegalArgumentException saying what was found instead
     */
    static Value read(JsonNode node) {
        if (node.isTextual()) {
            return Value.of(node.textValue());
        }
        if (node.isNumber()) {
            double d = node.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("number out of range: " + shorten(node.asText()));
            }
            return Value.of(d);
        }
        if (node.isBoolean()) {
            return Value.of(node.booleanValue());
        }
        if (node.isObject() && node.size() == 1 && node.has("date") && node.get("date").isTextual()) {
            try {
                return Value.of(LocalDate.parse(node.get("date").textValue()));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("expected a date such as 1990-05-01, got '"
                        + shorten(node.get("date").textValue()) + "'");
            }
        }
        throw new IllegalArgumentException("expected a string, number, boolean or {\"date\": \"YYYY-MM-DD\"}, got "
                + kind(node));
    }

    static JsonNode write(Value v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v instanceof Value.Text t) {
            return f.textNode(t.value());
        }
        if (v instanceof Value.Number n) {
            return f.numberNode(n.value());
        }
        if (v instanceof Value.Flag b) {
            return f.booleanNode(b.value());
        }
        return f.objectNode().put("date", ((Value.Date) v).value().toString());
    }

    /** "an array", "a string"... for error messages. */
    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /** A value cut to 40 characters for error messages. */
    static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
