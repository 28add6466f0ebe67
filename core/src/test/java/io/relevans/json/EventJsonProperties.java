package io.relevans.json;

import io.relevans.event.*;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.customer.Value;
import io.relevans.testing.Soak;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the JSON form of events: every valid event, built-in or custom, reads back equal
 * from its JSON; and no input whatsoever makes {@link EventJson#read} fail with anything but an
 * {@link EventFormatException}.
 */
class EventJsonProperties {

    // ------------------------------------------------------------------ properties

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE) // edge cases would crowd out all but one type
    void writtenEvent_readsBackEqual(@ForAll("events") Event event) {
        String json = EventJson.write(event);
        Event back = EventJson.read(json);
        assertEquals(event, back, json);
        assertEquals(json, EventJson.write(back), "writing is stable");
        Statistics.label("type").collect(event.type().isBuiltIn() ? event.type().name() : "custom");
    }

    @Property(tries = 100)
    void writtenEvents_asJsonLines_readBackEqual(@ForAll("eventLists") List<Event> events,
            @ForAll("blankLines") String blank) {
        String text = events.stream().map(EventJson::write).map(line -> line + "\n" + blank)
                .collect(Collectors.joining("\n"));
        assertEquals(events, EventJson.readLines(new StringReader(text)));
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void anyInput_givesAnEventOrAnEventFormatException(@ForAll("fuzzInputs") String input) {
        checkFuzzed(input);
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void structurallyMutatedEvents_giveAnEventOrAnEventFormatException(@ForAll("structuralInputs") String input) {
        checkFuzzed(input);
        Statistics.label("size").collect(JsonMutations.sizeClass(input));
    }

    @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
    void mutatedJsonLines_giveEventsOrAnErrorNamingTheLine(@ForAll("jsonLines") List<String> lines) {
        String text = String.join("\n", lines);
        Object outcome = assertTimeoutPreemptively(PER_TRY, () -> {
            try {
                return EventJson.readLines(new StringReader(text));
            } catch (EventFormatException e) {
                return e;
            }
        });
        if (outcome instanceof EventFormatException e) {
            Statistics.label("outcome").collect("rejected");
            assertTrue(e.problem().matches("(?s)line \\d+: .+"), e.getMessage());
        } else {
            Statistics.label("outcome").collect("accepted");
            assertEquals(lines.stream().filter(l -> !l.isBlank()).count(), ((List<?>) outcome).size());
        }
    }

    @Property(tries = 50_000, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(Soak.Only.class)
    void soak_anyInput(@ForAll("fuzzInputs") String input) {
        checkFuzzed(input);
    }

    @Property(tries = 50_000, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(Soak.Only.class)
    void soak_structurallyMutatedEvents(@ForAll("structuralInputs") String input) {
        checkFuzzed(input);
    }

    /** The most a single input may take: far more than any input needs, so only a hang fails it. */
    static final Duration PER_TRY = Duration.ofSeconds(10);

    /**
     * Reads the input within {@link #PER_TRY}: an event that reads back equal from its own JSON, or an
     * {@link EventFormatException} naming a field; anything else fails.
     */
    static void checkFuzzed(String input) {
        Object outcome = assertTimeoutPreemptively(PER_TRY, () -> {
            try {
                return EventJson.read(input);
            } catch (EventFormatException e) {
                return e;
            }
        });
        if (outcome instanceof EventFormatException e) {
            Statistics.label("outcome").collect("rejected");
            Statistics.label("outcome").coverage(c -> c.check("rejected").count(n -> n > 0));
            assertNotNull(e.field());
            assertTrue(e.getMessage().startsWith("invalid event"), e.getMessage());
            assertTrue(e.getMessage().length() < 1_000, () -> "a message of " + e.getMessage().length() + " characters: "
                    + e.getMessage());
            return;
        }
        // anything but EventFormatException escapes and fails the property
        Event event = (Event) outcome;
        Statistics.label("outcome").collect("accepted");
        Statistics.label("outcome").coverage(c -> c.check("accepted").count(n -> n > 0));
        assertEquals(event, EventJson.read(EventJson.write(event)), "what is accepted reads back equal");
    }

    @Provide
    Arbitrary<String> structuralInputs() {
        return JsonMutations.of(events().map(EventJson::write));
    }

    @Provide
    Arbitrary<List<String>> jsonLines() {
        return Arbitraries.frequencyOf(Tuple.of(3, events().map(EventJson::write)), Tuple.of(1, structuralInputs()),
                Tuple.of(1, Arbitraries.of("", " ", "\t"))).list().ofMinSize(1).ofMaxSize(6);
    }

    // ------------------------------------------------------------------ events

    private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_";

    @Provide
    Arbitrary<Event> events() {
        return Arbitraries.frequencyOf(Tuple.of(3, builtInEvents()), Tuple.of(1, customEvents()));
    }

    @Provide
    Arbitrary<List<Event>> eventLists() {
        return events().list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<String> blankLines() {
        return Arbitraries.strings().withChars(" \t\n").ofMaxLength(4).map(s -> s.replace("\n", "\n "));
    }

    private Arbitrary<Event> customEvents() {
        Arbitrary<EventType> types = propertyNames().map(EventType::of).filter(t -> !t.isBuiltIn());
        Arbitrary<Map<String, Value>> props = Arbitraries.maps(propertyNames(), values()).ofMaxSize(8);
        return Combinators.combine(types, envelopes(), props)
                .as((type, env, p) -> env.build(type, p, List.of()));
    }

    private Arbitrary<Event> builtInEvents() {
        List<Arbitrary<Event>> perType = EventType.builtIns().stream().sorted().map(this::builtInEvents).toList();
        return Arbitraries.oneOf(perType);
    }

    private Arbitrary<Event> builtInEvents(EventType type) {
        Arbitrary<List<Line>> lines = type.equals(EventType.PURCHASE) ? lines().list().ofMinSize(1).ofMaxSize(5)
                : type.hasLines() ? lines().list().ofMaxSize(5) : Arbitraries.just(List.of());
        Arbitrary<Map<String, Value>> extra = Arbitraries.maps(propertyNames().map(n -> "x_" + n.substring(0,
                Math.min(n.length(), 60))), values()).ofMaxSize(3);
        return Combinators.combine(envelopes(), schemaProperties(type), extra, lines).as((env, p, x, l) -> {
            Map<String, Value> all = new TreeMap<>(x);
            all.putAll(p);
            return env.build(type, all, l);
        });
    }

    /** The parts every event has: customer, time, origin, links and maybe an explicit id. */
    private record Envelope(Identity customer, Instant time, Origin origin, Set<Identity> links, Optional<String> id) {
        Event build(EventType type, Map<String, Value> properties, List<Line> lines) {
            Event.Builder b = Event.builder(type, customer, time).origin(origin);
            id.ifPresent(b::id);
            properties.forEach(b::property);
            lines.forEach(b::line);
            links.forEach(b::link);
            return b.build();
        }
    }

    private Arbitrary<Envelope> envelopes() {
        Arbitrary<Optional<String>> ids = Arbitraries.oneOf(Arbitraries.just(Optional.empty()),
                texts().filter(s -> !s.isBlank() && s.length() <= 128).map(Optional::of));
        return Combinators.combine(identities(), instants(), Arbitraries.of(Origin.class),
                identities().set().ofMaxSize(4), ids).as(Envelope::new);
    }

    private Arbitrary<Identity> identities() {
        Arbitrary<String> raw = Arbitraries.oneOf(
                Arbitraries.of("anna@example.com", "Anna@Example.COM", " +47 (22) 33-44-55 ", "7001", "ck-1"),
                Arbitraries.strings().alpha().numeric().withChars("@.+-_ ()").ofMinLength(1).ofMaxLength(30),
                Arbitraries.strings().withChars("5aA@İ ()-\t\u00a0\u2003\u001c\u3000").ofMinLength(1).ofMaxLength(6),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(20));
        return Combinators.combine(Arbitraries.of(IdentityType.class), raw).as(EventJsonProperties::identityOrNull)
                .filter(java.util.Objects::nonNull);
    }

    private static Identity identityOrNull(IdentityType type, String value) {
        try {
            return new Identity(type, value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Arbitrary<Instant> instants() {
        return Arbitraries.oneOf(
                Arbitraries.of(Instant.EPOCH, Event.EARLIEST, Event.LATEST, Instant.parse("2026-03-01T10:15:00Z")),
                Combinators.combine(Arbitraries.longs().between(0, 4_102_444_800L),
                        Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999_999_999)))
                        .as(Instant::ofEpochSecond),
                Combinators.combine(Arbitraries.longs().between(Event.EARLIEST.getEpochSecond(),
                                Event.LATEST.getEpochSecond() - 1),
                        Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond));
    }

    private Arbitrary<Line> lines() {
        Arbitrary<String> skus = Arbitraries.oneOf(Arbitraries.of("tv-55", "hdmi-2m"),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(20).filter(s -> !s.isBlank()));
        Arbitrary<Double> prices = Arbitraries.oneOf(
                Arbitraries.of(0.0, -0.0, 0.01, 8999.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e15 + 0.5),
                Arbitraries.doubles().between(0, 100_000).ofScale(2),
                Arbitraries.doubles().greaterOrEqual(0));
        Arbitrary<Integer> quantities = Arbitraries.oneOf(Arbitraries.integers().between(1, 10),
                Arbitraries.integers().between(1, Line.MAX_QUANTITY));
        return Combinators.combine(skus, categoryNames(), prices, quantities).as(Line::of);
    }

    // ------------------------------------------------------------------ properties of built-in types

    /** A valid property set for the built-in type, per {@link EventSchema}. */
    private Arbitrary<Map<String, Value>> schemaProperties(EventType type) {
        Arbitrary<Value> text = texts().map(Value::of);
        Arbitrary<Value> channel = channelNames().map(Value::of);
        Arbitrary<Value> purpose = Arbitraries.oneOf(Arbitraries.of("marketing", "service", " Surveys "),
                lowerNames()).map(Value::of);
        Arbitrary<Value> category = categoryNames().map(Value::of);
        Arbitrary<Value> oneToFive = Arbitraries.oneOf(Arbitraries.of(1.0, 5.0, 4.5),
                Arbitraries.doubles().between(1, 5)).map(Value::of);
        Arbitrary<Value> flag = Arbitraries.of(true, false).map(Value::of);
        List<Prop> props = switch (type.name()) {
            case "purchase" -> List.of(opt("order_id", text), opt("store", text));
            case "cart_change" -> List.of(opt("cart_id", text));
            case "product_view" -> List.of(req("sku", text), req("category", category),
                    opt("price", Arbitraries.doubles().greaterOrEqual(0).map(Value::of)));
            case "search" -> List.of(req("query", text), opt("category", text));
            case "signup" -> List.of();
            case "consent_change" -> List.of(req("channel", channel), req("purpose", purpose), req("granted", flag));
            case "preference_declared" -> List.of(); // below
            case "attribute_confirmed", "attribute_corrected" -> List.of(req("attribute", attributeNames()
                    .map(Value::of)), req("value", values()));
            case "review" -> List.of(req("rating", oneToFive), opt("sku", text), opt("store", text));
            case "support_contact" -> List.of(opt("topic", text), opt("case_id", text), opt("satisfaction", oneToFive));
            case "complaint" -> List.of(opt("reason", text), opt("sku", text), opt("case_id", text));
            case "store_visit" -> List.of(req("store", text));
            case "message_delivered", "message_opened", "message_clicked", "message_bounced",
                    "message_unsubscribed" -> List.of(req("message_id", text), req("channel", channel),
                    opt("program", text), opt("purpose", purpose));
            case "segment_entered", "segment_exited" -> List.of(req("segment", text));
            default -> throw new IllegalStateException("no generator for built-in type " + type);
        };
        if (type.equals(EventType.PREFERENCE_DECLARED)) {
            Arbitrary<Value> interest = Arbitraries.of("interested", "not_interested", "INTERESTED", "Not_Interested")
                    .map(Value::of);
            Arbitrary<Value> channels = channelNames().list().ofMinSize(1).ofMaxSize(3)
                    .map(l -> Value.of(String.join(", ", l)));
            return Arbitraries.of(1, 2, 3).flatMap(mode -> props(List.of(
                    mode == 2 ? absent("category") : req("category", category),
                    mode == 2 ? absent("interest") : req("interest", interest),
                    mode == 1 ? absent("channels") : req("channels", channels))));
        }
        return props(props);
    }

    private record Prop(String name, Arbitrary<Optional<Value>> value) {
    }

    private static Prop req(String name, Arbitrary<Value> value) {
        return new Prop(name, value.map(Optional::of));
    }

    private static Prop opt(String name, Arbitrary<Value> value) {
        return new Prop(name, Arbitraries.oneOf(Arbitraries.just(Optional.empty()), value.map(Optional::of)));
    }

    private static Prop absent(String name) {
        return new Prop(name, Arbitraries.just(Optional.empty()));
    }

    private static Arbitrary<Map<String, Value>> props(List<Prop> props) {
        if (props.isEmpty()) {
            return Arbitraries.just(Map.of());
        }
        List<Arbitrary<Map.Entry<String, Optional<Value>>>> entries = props.stream()
                .map(p -> p.value().map(v -> Map.entry(p.name(), v))).toList();
        return Combinators.combine(entries).as(list -> {
            Map<String, Value> m = new TreeMap<>();
            list.forEach(e -> e.getValue().ifPresent(v -> m.put(e.getKey(), v)));
            return m;
        });
    }

    // ------------------------------------------------------------------ scalars and names

    private Arbitrary<Value> values() {
        Arbitrary<Value> numbers = Arbitraries.oneOf(
                Arbitraries.of(0.0, -0.0, 1.0, -1.0, 0.1, 1e15, -1e15, 1e15 + 1, 9.007199254740993E15, 1e-300, 1e300,
                        Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL),
                Arbitraries.doubles(),
                Arbitraries.longs().map(l -> (double) l)).map(Value::of);
        Arbitrary<Value> dates = Arbitraries.oneOf(
                Arbitraries.of(LocalDate.MIN, LocalDate.MAX, LocalDate.EPOCH, LocalDate.of(1990, 5, 1),
                        LocalDate.of(2024, 2, 29), LocalDate.of(-1, 1, 1), LocalDate.of(10_000, 1, 1)),
                Arbitraries.longs().between(LocalDate.MIN.toEpochDay(), LocalDate.MAX.toEpochDay())
                        .map(LocalDate::ofEpochDay)).map(Value::of);
        return Arbitraries.oneOf(texts().map(Value::of), numbers, Arbitraries.of(true, false).map(Value::of), dates);
    }

    /** Text with the characters that are hard to write in JSON. */
    private Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.of("", " ", "\"", "\\", "\\\"", "\\u0000", "null", "{\"date\": \"2020-01-01\"}",
                        "æøå ÆØÅ", "\ud83d\ude00", "\u2028\u2029", "line\nbreak"),
                Arbitraries.strings().withChars("\"\\/\b\f\n\r\t\u0000\u001f\u007f\u2028é€ ab\ud83d\ude00")
                        .ofMaxLength(30),
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.of("x".repeat(10_000), "\"\\".repeat(5_000), "\ud83d\ude00".repeat(5_000)));
    }

    private Arbitrary<String> propertyNames() {
        return Combinators.combine(Arbitraries.chars().range('a', 'z'),
                Arbitraries.strings().withChars(NAME_CHARS).ofMaxLength(63)).as((c, s) -> c + s);
    }

    /** Names of channels, purposes and categories, 1..64 of [a-z0-9_-] starting with a letter or digit. */
    private Arbitrary<String> lowerNames() {
        return Combinators.combine(Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789").ofLength(1),
                Arbitraries.strings().withChars(NAME_CHARS + "-").ofMaxLength(63)).as((c, s) -> c + s);
    }

    private Arbitrary<String> channelNames() {
        return Arbitraries.oneOf(Arbitraries.of("email", "sms", "push", "in_store", " SMS ", "Push"), lowerNames());
    }

    private Arbitrary<String> categoryNames() {
        return Arbitraries.oneOf(Arbitraries.of("tv", "washing_machines", "party-dresses", " TV "), lowerNames());
    }

    private Arbitrary<String> attributeNames() {
        return Combinators.combine(Arbitraries.chars().range('a', 'z').range('A', 'Z'),
                Arbitraries.strings().alpha().numeric().withChars("_.-").ofMaxLength(63)).as((c, s) -> c + s);
    }

    // ------------------------------------------------------------------ fuzz inputs

    private static final List<String> SNIPPETS = List.of("null", "[]", "{}", "\"\"", "\"x\"", "1e999", "-1e999", "-1",
            "0", "-0", "1.5", "3000000000", "99999999999999999999999", "true", "false", ",", ":", "\"", "\\", "\\u",
            "\\ud800", "\uD800", "{\"date\":\"2020-02-30\"}", "{\"date\":1}", "{\"email\":\" \"}",
            "{\"cookie\":\"a\",\"login\":\"b\"}", "\"type\":", "\"lines\":[{}]", "\"link\":[null]",
            "\"properties\":{\"a\":[]}", "\"time\":\"+1000000000-01-01T00:00:00Z\"", "\"origin\":\"\"", "/*", "#",
            "\u0000", "\ufeff", "[".repeat(1_200), "9".repeat(1_100));

    private record Edit(int kind, double where, int length, char c, String snippet) {
        String apply(String s) {
            int at = (int) (where * s.length());
            int end = Math.min(s.length(), at + length);
            return switch (kind) {
                case 0 -> s.substring(0, at) + s.substring(end); // delete a span
                case 1 -> s.substring(0, at) + c + s.substring(at); // insert a character
                case 2 -> at < s.length() ? s.substring(0, at) + c + s.substring(at + 1) : s + c; // replace one
                case 3 -> s.substring(0, at) + snippet + s.substring(at); // insert a token
                default -> s.substring(0, at) + snippet + s.substring(end); // replace a span with a token
            };
        }
    }

    private Arbitrary<Edit> edits() {
        Arbitrary<Character> chars = Arbitraries.oneOf(Arbitraries.strings().withChars("{}[]\":,.-+eE0123456789 \\tnu").ofLength(1).map(x -> x.charAt(0)),
                Arbitraries.chars().all());
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(1, 12), chars, Arbitraries.of(SNIPPETS)).as(Edit::new);
    }

    @Provide
    Arbitrary<String> fuzzInputs() {
        Arbitrary<String> mutated = Combinators.combine(events().map(EventJson::write), edits().list().ofMinSize(1)
                .ofMaxSize(4)).as((json, edits) -> {
                    String s = json;
                    for (Edit e : edits) {
                        s = e.apply(s);
                    }
                    return s;
                });
        return Arbitraries.frequencyOf(
                Tuple.of(8, mutated),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(60)),
                Tuple.of(1, Arbitraries.strings().withChars("{}[]\":,0123456789.eE+-truefalsn \\").ofMaxLength(60)));
    }
}
