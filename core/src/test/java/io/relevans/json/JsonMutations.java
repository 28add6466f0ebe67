package io.relevans.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relevans.testing.Hostile;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Structure-aware mutations of real JSON documents for fuzzing the codecs: a valid event or profile
 * is parsed, then nodes anywhere in it are replaced (by hostile texts, over-long strings, deep
 * nesting, huge or odd numbers, wrong kinds, large arrays and objects), fields removed, renamed,
 * duplicated or moved, and finally a few characters of the text may be edited. Each mutation is
 * driven by a seed, so a failing input is reproduced by jqwik's shrinking of the seed list.
 */
final class JsonMutations {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JsonMutations() {
    }

    /** The documents mutated by 1 to 4 structural mutations, then maybe a text edit. */
    static Arbitrary<String> of(Arbitrary<String> documents) {
        return Combinators.combine(documents, Arbitraries.longs().list().ofMinSize(1).ofMaxSize(4))
                .as(JsonMutations::mutate);
    }

    static String mutate(String json, List<Long> seeds) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("seed documents must be valid JSON", e);
        }
        for (long seed : seeds) {
            root = mutateOnce(root, new Random(seed));
        }
        String text = root.toString();
        Random last = new Random(seeds.get(0) * 31 + seeds.size());
        return last.nextInt(4) == 0 ? editText(text, last) : text;
    }

    private static JsonNode mutateOnce(JsonNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        if (containers.isEmpty()) {
            return replacement(root, random);
        }
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode object && object.size() > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(5)) {
                case 0 -> object.remove(name);
                case 1 -> {
                    JsonNode value = object.remove(name);
                    object.set(oddName(random), value);
                }
                case 2 -> object.set(name + (random.nextBoolean() ? "" : "_x"), object.get(name).deepCopy());
                default -> object.set(name, replacement(object.get(name), random));
            }
        } else if (target instanceof ArrayNode array && array.size() > 0) {
            int at = random.nextInt(array.size());
            switch (random.nextInt(4)) {
                case 0 -> array.remove(at);
                case 1 -> {
                    int copies = random.nextBoolean() ? 1 + random.nextInt(3) : 300 + random.nextInt(1_000);
                    for (int i = 0; i < copies; i++) {
                        array.add(array.get(at).deepCopy());
                    }
                }
                default -> array.set(at, replacement(array.get(at), random));
            }
        } else {
            return replacement(root, random);
        }
        return root;
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collect(it.next(), out);
            }
        }
    }

    /** Something in place of the node: another kind, a hostile or over-long text, deep nesting, a crowd. */
    private static JsonNode replacement(JsonNode node, Random random) {
        return switch (random.nextInt(16)) {
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(random.nextBoolean());
            case 2 -> F.textNode(Hostile.TEXTS.get(random.nextInt(Hostile.TEXTS.size())));
            case 3 -> F.textNode("x".repeat(10_000 + random.nextInt(2)));
            case 4 -> F.numberNode(new BigDecimal(random.nextBoolean() ? "1e400" : "-0.000000000000000000001e-330"));
            case 5 -> F.numberNode(random.nextBoolean() ? Long.MIN_VALUE : random.nextInt());
            case 6 -> F.numberNode(random.nextDouble() * 1e6 - 1e3);
            case 7 -> nested(node, 20 + random.nextInt(30));
            case 8 -> F.arrayNode().add(node.deepCopy());
            case 9 -> F.objectNode().set(oddName(random), node.deepCopy());
            case 10 -> crowd(random);
            case 11 -> F.textNode(node.isValueNode() ? node.asText() + Hostile.TEXTS.get(random.nextInt(5)) : "");
            case 12 -> F.textNode("");
            case 13 -> F.objectNode().put("date", random.nextBoolean() ? "2024-02-30" : "+99999-01-01");
            case 14 -> F.textNode(random.nextBoolean() ? "2026-03-01T10:00:00Z" : "-1000000000-01-01T00:00:00Z");
            default -> F.objectNode();
        };
    }

    private static JsonNode nested(JsonNode inner, int depth) {
        JsonNode node = inner.deepCopy();
        for (int i = 0; i < depth; i++) {
            node = i % 2 == 0 ? F.arrayNode().add(node) : F.objectNode().set("n", node);
        }
        return node;
    }

    /** An object with hundreds of fields: more properties than an event may have. */
    private static JsonNode crowd(Random random) {
        ObjectNode crowd = F.objectNode();
        int n = 250 + random.nextInt(20);
        for (int i = 0; i < n; i++) {
            crowd.put("p" + i, i);
        }
        return crowd;
    }

    private static String oddName(Random random) {
        List<String> names = List.of("", "id", "ID", "type", "x", "customer", "properties", "lines", "link",
                "identities", "__proto__", "$ref", "\u0000", "a".repeat(1_001), Hostile.TEXTS.get(random.nextInt(5)));
        return names.get(random.nextInt(names.size()));
    }

    /** A few characters inserted, deleted or replaced, breaking the syntax sometimes. */
    private static String editText(String text, Random random) {
        StringBuilder sb = new StringBuilder(text);
        String pieces = "{}[]\":,\\ 0-eE.nul\u0000\uD800";
        for (int i = 0, n = 1 + random.nextInt(3); i < n && sb.length() > 0; i++) {
            int at = random.nextInt(sb.length());
            char c = pieces.charAt(random.nextInt(pieces.length()));
            switch (random.nextInt(3)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, c);
                default -> sb.setCharAt(at, c);
            }
        }
        return sb.toString();
    }

    /** For statistics: a document's rough size class. */
    static String sizeClass(String json) {
        int n = json.length();
        return n < 1_000 ? "< 1k chars" : n < 20_000 ? "1k..20k chars" : "> 20k chars";
    }
}
