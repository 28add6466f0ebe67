package io.relevans;

import static io.relevans.definition.Conditions.allOf;
import static io.relevans.definition.Conditions.anyOf;
import static io.relevans.definition.Conditions.attribute;
import static io.relevans.definition.Conditions.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.definition.Condition;
import io.relevans.definition.Definitions;
import io.relevans.definition.Segment;
import io.relevans.event.Event;
import io.relevans.event.EventFormatException;
import io.relevans.event.EventType;
import io.relevans.event.Line;
import io.relevans.json.CustomerJson;
import io.relevans.json.EventJson;
import io.relevans.json.ProfileFormatException;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.InMemoryOutbox;
import io.relevans.spi.InMemoryTimerStore;
import java.io.Reader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Oversized and overdeep inputs are refused with an error naming the limit, before they are held in
 * memory, and quickly (docs/limits.md): events and profiles as JSON, events built in code, conditions
 * nested through the builders, and customers gathering identities through links and merges.
 */
class ResourceLimitsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration QUICKLY = Duration.ofSeconds(20); // a hang or a minutes-long parse fails
    private static final String HEAD = "{\"type\":\"x_custom\",\"customer\":{\"email\":\"a@example.com\"},"
            + "\"time\":\"2026-03-01T10:00:00Z\"";

    private static <T> T quickly(Supplier<T> work) {
        return assertTimeoutPreemptively(QUICKLY, work::get);
    }

    private static EventFormatException refusedEvent(String json) {
        return quickly(() -> assertThrows(EventFormatException.class, () -> EventJson.read(json)));
    }

    private static String eventWith(String field, int n, IntFunction<String> item, String open, String close) {
        StringBuilder sb = new StringBuilder(HEAD).append(",\"").append(field).append("\":").append(open);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append(item.apply(i));
        }
        return sb.append(close).append('}').toString();
    }

    private static String properties(int n) {
        return eventWith("properties", n, i -> "\"p" + i + "\":" + i, "{", "}");
    }

    private static String lines(int n) {
        return eventWith("lines", n, i -> "{\"sku\":\"s" + i + "\",\"category\":\"tv\",\"price\":1}", "[", "]")
                .replace("x_custom", "purchase");
    }

    // ------------------------------------------------------------------ events as JSON

    @Test
    @DisplayName("an event with a million properties is refused at the length limit, 500,000 at the token limit, 257 at the property limit")
    void eventJson_properties() {
        String million = properties(1_000_000);
        assertEquals("invalid event: the JSON text has " + million.length() + " characters, more than the limit of "
                + "16777216", refusedEvent(million).getMessage());
        assertEquals("invalid event: the JSON has more than 20000 tokens (values, names and brackets), the limit",
                refusedEvent(properties(500_000)).getMessage());
        assertEquals("invalid event field 'properties': at most 256 properties, got 257",
                refusedEvent(properties(257)).getMessage());
        assertEquals(256, EventJson.read(properties(256)).properties().size());
    }

    @Test
    @DisplayName("an event with a million lines is refused at the length limit, 1,001 at the line limit")
    void eventJson_lines() {
        String million = lines(1_000_000);
        assertEquals("invalid event: the JSON text has " + million.length() + " characters, more than the limit of "
                + "16777216", refusedEvent(million).getMessage());
        assertEquals("invalid event field 'lines': at most 1000 lines, got 1001", refusedEvent(lines(1_001)).getMessage());
        assertEquals(1_000, EventJson.read(lines(1_000)).lines().size());
    }

    @Test
    @DisplayName("a JSON string of 100 MB is refused before parsing, one of 10,001 characters at the string limit")
    void eventJson_longStrings() {
        String huge = HEAD + ",\"properties\":{\"note\":\"" + "x".repeat(100_000_000) + "\"}}";
        assertEquals("invalid event: the JSON text has " + huge.length()
                + " characters, more than the limit of 16777216", refusedEvent(huge).getMessage());
        huge = null; // let it go before the next allocation
        assertEquals("invalid event: a JSON string is longer than 10000 characters, the limit",
                refusedEvent(HEAD + ",\"properties\":{\"note\":\"" + "x".repeat(10_001) + "\"}}").getMessage());
        assertEquals("invalid event: a JSON field name is longer than 1000 characters, the limit",
                refusedEvent(HEAD + ",\"properties\":{\"" + "n".repeat(1_001) + "\":1}}").getMessage());
    }

    @Test
    @DisplayName("100,000 nested brackets are refused at the nesting limit, wherever they are")
    void eventJson_deepNesting() {
        String message = "invalid event: the JSON is nested more than 32 levels deep, the limit";
        assertEquals(message, refusedEvent("[".repeat(100_000)).getMessage());
        assertEquals(message, refusedEvent("{\"a\":".repeat(100_000)).getMessage());
        assertEquals(message, refusedEvent(HEAD + ",\"properties\":{\"p\":" + "[".repeat(100_000) + "}}").getMessage());
        ProfileFormatException profile = quickly(() -> assertThrows(ProfileFormatException.class,
                () -> CustomerJson.read("{\"id\":\"c-1\",\"attributes\":" + "{\"a\":".repeat(100_000))));
        assertEquals("invalid profile: the JSON is nested more than 32 levels deep, the limit", profile.getMessage());
    }

    @Test
    @DisplayName("JSON lines: an endless line is refused at the length limit, naming the line, without reading on")
    void jsonLines_endlessLine() {
        String ok = EventJson.write(EventJson.read(properties(3)));
        String start = ok + "\r\n\n  ";
        Reader endless = new Reader() {
            private long served;

            @Override
            public int read(char[] buf, int off, int len) {
                for (int i = 0; i < len; i++, served++) {
                    buf[off + i] = served < start.length() ? start.charAt((int) served) : 'x';
                }
                return len;
            }

            @Override
            public void close() {
            }
        };
        EventFormatException e = quickly(() -> assertThrows(EventFormatException.class,
                () -> EventJson.readLines(endless)));
        assertEquals("invalid event: line 3: longer than 16777216 characters, the limit of one event's JSON text",
                e.getMessage());
    }

    @Test
    @DisplayName("the largest valid event (every field at its limit, every character escaped) reads back equal")
    void largestValidEvent_readsBack() {
        String control = "\u0001".repeat(10_000); // written as \\u0001: six characters each
        Event.Builder b = Event.builder(EventType.PURCHASE, Identity.login("\"".repeat(320)), NOW)
                .id("\u0001".repeat(128));
        for (int i = 0; i < Event.MAX_PROPERTIES; i++) {
            b.property(String.format("p%063d", i), control);
        }
        for (int i = 0; i < Event.MAX_LINES; i++) {
            b.line(new Line(String.format("%04d", i) + "\u0001".repeat(124), io.relevans.customer.Category.of("x".repeat(64)),
                    Double.MIN_VALUE, Line.MAX_QUANTITY));
        }
        for (int i = 0; i < Event.MAX_LINKS; i++) {
            b.link(Identity.cookie(String.format("%03d", i) + "\"".repeat(317)));
        }
        Event largest = b.build();
        String json = EventJson.write(largest);
        assertTrue(json.length() > 15_000_000, "JSON of " + json.length() + " characters");
        assertEquals(largest, quickly(() -> EventJson.read(json)));
    }

    // ------------------------------------------------------------------ events built in code

    @Test
    @DisplayName("the event builder refuses the first property, line or link over the limit as it is added")
    void builder_refusesAtTheLimit() {
        Event.Builder b = Event.builder(EventType.PURCHASE, Identity.email("a@example.com"), NOW);
        assertEquals(Event.MAX_PROPERTIES, addUntilRefused(i -> b.property("p" + i, i), "at most 256 properties"));
        assertEquals(Event.MAX_LINES, addUntilRefused(i -> b.line("s" + i, "tv", 1, 1), "at most 1000 lines"));
        assertEquals(Event.MAX_LINKS, addUntilRefused(i -> b.link(Identity.cookie("ck-" + i)), "at most 32 identities"));
        b.property("p0", 7); // replacing a property is not adding one
        assertEquals(Event.MAX_PROPERTIES, b.build().properties().size());
    }

    /** How many of a million additions succeed before the first is refused with the message. */
    private static int addUntilRefused(Function<Integer, Object> add, String message) {
        for (int i = 0; i < 1_000_000; i++) {
            try {
                add.apply(i);
            } catch (EventFormatException e) {
                assertTrue(e.getMessage().endsWith(message), e.getMessage());
                return i;
            }
        }
        throw new AssertionError("a million additions were accepted");
    }

    // ------------------------------------------------------------------ definitions

    @Test
    @DisplayName("conditions nested 10,000 deep through the builders are refused at level 33, naming the limit")
    void definitions_deepNesting() {
        for (Function<Condition, Condition> wrap : List.<Function<Condition, Condition>>of(c -> not(c),
                c -> allOf(c, attribute("y").present()), c -> anyOf(attribute("y").present(), not(c)))) {
            Condition c = attribute("x").present();
            int levels = 1;
            IllegalArgumentException refused = null;
            for (int i = 0; i < 10_000 && refused == null; i++) {
                try {
                    c = wrap.apply(c);
                    levels = c.depth();
                } catch (IllegalArgumentException e) {
                    refused = e;
                }
            }
            assertTrue(refused != null, "10,000 levels accepted");
            assertEquals("conditions are limited to 32 nested levels", refused.getMessage());
            assertTrue(levels >= 31 && levels <= Condition.MAX_DEPTH, "reached " + levels);
        }
        Condition deepest = attribute("x").present();
        while (deepest.depth() < Condition.MAX_DEPTH) {
            deepest = not(deepest);
        }
        Relevans engine = Relevans.builder().clock(VirtualClock.at(NOW))
                .definitions(Definitions.builder().segment(Segment.named("deepest").when(deepest)).build()).build();
        // x absent: 'present' is false and 31 nots of it true
        assertEquals(java.util.Set.of("deepest"), engine.ingest(Event.builder(EventType.SIGNUP,
                Identity.email("a@example.com"), NOW).build()).entered());
    }

    // ------------------------------------------------------------------ identities per customer

    /** An engine on stores the test can look into. */
    private record Stores(InMemoryCustomerStore customers, InMemoryTimerStore timers, InMemoryOutbox outbox,
                          Relevans engine) {
        static Stores create() {
            InMemoryCustomerStore customers = new InMemoryCustomerStore();
            InMemoryTimerStore timers = new InMemoryTimerStore();
            InMemoryOutbox outbox = new InMemoryOutbox();
            return new Stores(customers, timers, outbox, Relevans.builder().clock(VirtualClock.at(NOW)).store(customers)
                    .timers(timers).outbox(outbox).build());
        }

        /** Everything stored, as comparable text. */
        String snapshot() {
            List<String> all = new ArrayList<>();
            customers.forEach(r -> all.add(r.toString() + r.customer().identities().stream().map(Identity::value).toList()));
            outbox.forEach(m -> all.add(m.toString()));
            all.sort(null);
            return all + " " + customers.count();
        }
    }

    private static Event linking(Identity customer, List<Identity> links) {
        Event.Builder b = Event.builder(EventType.SIGNUP, customer, NOW);
        links.forEach(b::link);
        return b.build();
    }

    private static List<Identity> cookies(int from, int n) {
        List<Identity> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(Identity.cookie("ck-" + i));
        }
        return out;
    }

    @Test
    @DisplayName("links over many events stop at 1,000 identities: the event that would pass it is refused, nothing of it stored")
    void links_stopAtTheIdentityLimit() {
        Stores s = Stores.create();
        Identity anna = Identity.email("anna@example.com");
        int next = 0;
        int refusedAt = -1;
        for (int event = 0; event < 1_000_000 / Event.MAX_LINKS && refusedAt < 0; event++) {
            String before = s.snapshot();
            try {
                s.engine().ingest(linking(anna, cookies(next, Event.MAX_LINKS)));
                next += Event.MAX_LINKS;
            } catch (IllegalArgumentException e) {
                refusedAt = event;
                assertTrue(e.getMessage().endsWith("would have 1001 identities, more than the limit of 1000 per customer"),
                        e.getMessage());
                assertEquals(before, s.snapshot(), "nothing of the refused event is stored");
            }
        }
        assertEquals(31, refusedAt, "1 + 31 x 32 = 993 identities, and 32 more would pass 1,000");
        CustomerId id = s.engine().customer(anna).orElseThrow().customer().id();
        assertEquals(993, s.customers().load(id).orElseThrow().customer().identities().size());
        s.engine().ingest(linking(anna, cookies(next, 7)));
        assertEquals(Customer.MAX_IDENTITIES, s.customers().load(id).orElseThrow().customer().identities().size());
        assertThrows(IllegalArgumentException.class, () -> s.engine().ingest(linking(Identity.cookie("ck-1"),
                List.of(Identity.phone("+4790000001")))));
        assertTrue(s.engine().customer(Identity.phone("+4790000001")).isEmpty());
    }

    @Test
    @DisplayName("a merge that would pass 1,000 identities is refused, and both profiles stay as they were")
    void merge_beyondTheIdentityLimit_isRefused() {
        Stores s = Stores.create();
        Identity anna = Identity.email("anna@example.com");
        Identity bob = Identity.email("bob@example.com");
        for (int i = 0; i < 600; i += Event.MAX_LINKS) {
            s.engine().ingest(linking(anna, cookies(i, Math.min(Event.MAX_LINKS, 600 - i))));
            s.engine().ingest(linking(bob, cookies(10_000 + i, Math.min(Event.MAX_LINKS, 600 - i))));
        }
        String before = s.snapshot();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.engine().ingest(linking(anna, List.of(bob))));
        assertTrue(e.getMessage().contains("more than the limit of 1000 per customer"), e.getMessage());
        assertEquals(before, s.snapshot());
        assertEquals(2, s.customers().count());
        Optional<CustomerRecord> annaRecord = s.engine().customer(anna).map(v -> s.customers().load(v.customer().id())
                .orElseThrow());
        assertEquals(601, annaRecord.orElseThrow().customer().identities().size());
    }

    @Test
    @DisplayName("a profile in JSON with 1,001 identities is refused at the identity limit, a million at the length limit")
    void customerJson_identities() {
        Function<Integer, String> profile = n -> {
            StringBuilder sb = new StringBuilder("{\"id\":\"c-1\",\"identities\":[");
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? "" : ",").append("{\"cookie\":\"ck").append(i).append("\"}");
            }
            return sb.append("]}").toString();
        };
        assertEquals(1_000, CustomerJson.read(profile.apply(1_000)).identities().size());
        assertEquals("invalid profile field 'identities': at most 1000 identities per customer, got 1001",
                assertThrows(ProfileFormatException.class, () -> CustomerJson.read(profile.apply(1_001))).getMessage());
        String million = profile.apply(1_000_000);
        ProfileFormatException e = quickly(() -> assertThrows(ProfileFormatException.class, () -> CustomerJson.read(million)));
        assertEquals("invalid profile: the JSON text has " + million.length() + " characters, more than the limit of "
                + "16777216", e.getMessage());
        String tokens = profile.apply(60_000); // 1.3 million characters: under the length limit, over the token limit
        assertEquals("invalid profile: the JSON has more than 200000 tokens (values, names and brackets), the limit",
                quickly(() -> assertThrows(ProfileFormatException.class, () -> CustomerJson.read(tokens))).getMessage());
    }
}
