package io.relevans.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.customer.Value;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON form of {@link Value}s, the reading limits and the wording of JSON errors, shared by the
 * codecs. Every document is read under limits checked while reading, before the content is held
 * (docs/limits.md): its length, its nesting, the length of each string and field name, and the number
 * of tokens, which bounds the work and memory spent on a hostile document.
 */
final class JsonValues {

    /** The longest JSON text read as one event or one profile, in characters (16 MiB). */
    static final int MAX_CHARS = 16 * 1024 * 1024;
    /** The deepest nesting of objects and arrays; valid events and profiles need 4. */
    static final int MAX_NESTING = 32;
    /** The longest string value; no value of an event or profile is longer ({@link Value.Text}). */
    static final int MAX_STRING = 10_000;
    /** The longest field name; valid names have at most 64 characters. */
    static final int MAX_NAME = 1_000;

    /** Writes events and profiles. */
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** The kinds of document read, each with its reader and token limit. */
    enum Document {
        /** One event: a valid event has at most about 11,500 tokens. */
        EVENT(20_000),
        /** One profile: room for 1,000 identities and about 20,000 attributes. */
        PROFILE(200_000);

        /** The most tokens (values, field names, brackets) in one document. */
        final long maxTokens;
        private final ObjectReader reader;

        Document(long maxTokens) {
            this.maxTokens = maxTokens;
            JsonFactory factory = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING).maxStringLength(MAX_STRING).maxNameLength(MAX_NAME)
                    .maxTokenCount(maxTokens).maxDocumentLength(MAX_CHARS).build()).build();
            this.reader = new ObjectMapper(factory)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) // "{...} {...}" is not one object
                    .reader();
        }
    }

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
     * Parses a JSON object under the limits of the kind of document.
     *
     * @throws Problem for malformed JSON (with line and column), a limit exceeded (naming it) or a
     *                 non-object
     */
    static JsonNode object(String json, Document document) {
        if (json == null) {
            throw new Problem("", "no JSON given (null)");
        }
        if (json.length() > MAX_CHARS) {
            throw new Problem("", "the JSON text has " + json.length() + " characters, more than the limit of "
                    + MAX_CHARS);
        }
        JsonNode root;
        try {
            root = document.reader.readTree(json);
        } catch (StreamConstraintsException e) {
            throw new Problem("", limit(e, document.maxTokens) + where(e));
        } catch (JsonProcessingException e) {
            String what = e.getOriginalMessage().startsWith("Trailing token")
                    ? "text after the end of the object; expected one JSON object" : e.getOriginalMessage();
            throw new Problem("", "malformed JSON" + where(e) + ": " + what);
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new Problem("", "expected a JSON object");
        }
        return root;
    }

    private static String where(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    /** Which limit a document exceeded, in our words (Jackson's message names the setting behind it). */
    private static String limit(StreamConstraintsException e, long maxTokens) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.contains("getMaxNestingDepth")) {
            return "the JSON is nested more than " + MAX_NESTING + " levels deep, the limit";
        }
        if (m.contains("getMaxStringLength")) {
            return "a JSON string is longer than " + MAX_STRING + " characters, the limit";
        }
        if (m.contains("getMaxNameLength")) {
            return "a JSON field name is longer than " + MAX_NAME + " characters, the limit";
        }
        if (m.contains("getMaxTokenCount")) {
            return "the JSON has more than " + maxTokens + " tokens (values, names and brackets), the limit";
        }
        if (m.contains("getMaxDocumentLength")) {
            return "the JSON text is longer than " + MAX_CHARS + " characters, the limit";
        }
        if (m.contains("getMaxNumberLength")) {
            return "a JSON number is longer than " + StreamReadConstraints.DEFAULT_MAX_NUM_LEN + " characters, the limit";
        }
        return "the JSON exceeds a limit: " + m;
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
            throw new Problem(path, String.valueOf(ex.getMessage()));
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
