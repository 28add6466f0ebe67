package io.relevans.json;

import io.relevans.event.*;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Category;
import io.relevans.customer.Identity;
import io.relevans.customer.Value;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventJsonTest {

    private static final Identity ANNA = Identity.email("anna@example.com");
    private static final Instant T = Instant.parse("2026-03-01T10:15:00Z");

    /** One realistic example per built-in type, each valid per {@link EventSchema}. */
    static Map<EventType, Event> examples() {
        Map<EventType, Event> m = new TreeMap<>();
        m.put(EventType.PURCHASE, Event.builder(EventType.PURCHASE, ANNA, T).id("o-1001").origin(Origin.STORE)
                .property("order_id", "1001").property("store", "oslo-1")
                .line("tv-55", "tv", 8999, 1).line("hdmi-2m", "cables", 149.5, 3)
                .link(Identity.loyalty("7001")).link(Identity.pos("P-42")).build());
        m.put(EventType.CART_CHANGE, Event.builder(EventType.CART_CHANGE, ANNA, T.plusSeconds(1)).origin(Origin.APP)
                .property("cart_id", "c-77").line("dress-1", "party_dresses", 599, 2).build());
        m.put(EventType.PRODUCT_VIEW, Event.builder(EventType.PRODUCT_VIEW, Identity.cookie("ck-123"), T)
                .property("sku", "wm-8").property("category", "washing_machines").property("price", 6490.0)
                .link(ANNA).build());
        m.put(EventType.SEARCH, Event.builder(EventType.SEARCH, ANNA, T)
                .property("query", "55\" TV \"OLED\" \\ cheap").property("category", "Any Text Here").build());
        m.put(EventType.SIGNUP, Event.builder(EventType.SIGNUP, Identity.phone("+47 (22) 33-44-55"), T)
                .link(ANNA).link(Identity.loyalty("7001")).build());
        m.put(EventType.CONSENT_CHANGE, Event.builder(EventType.CONSENT_CHANGE, ANNA, T).origin(Origin.SERVICE)
                .property("channel", "sms").property("purpose", "marketing").property("granted", false).build());
        m.put(EventType.PREFERENCE_DECLARED, Event.builder(EventType.PREFERENCE_DECLARED, ANNA, T)
                .property("category", "tv").property("interest", "not_interested")
                .property("channels", "sms, email").build());
        m.put(EventType.ATTRIBUTE_CONFIRMED, Event.builder(EventType.ATTRIBUTE_CONFIRMED, ANNA, T)
                .property("attribute", "birthday").property("value", Value.of(LocalDate.of(1990, 5, 1))).build());
        m.put(EventType.ATTRIBUTE_CORRECTED, Event.builder(EventType.ATTRIBUTE_CORRECTED, ANNA, T)
                .origin(Origin.STORE).property("attribute", "household.size").property("value", 4.0).build());
        m.put(EventType.REVIEW, Event.builder(EventType.REVIEW, ANNA, T).property("rating", 4.5)
                .property("sku", "tv-55").property("store", "oslo-1").build());
        m.put(EventType.SUPPORT_CONTACT, Event.builder(EventType.SUPPORT_CONTACT, ANNA, T).origin(Origin.SERVICE)
                .property("topic", "delivery").property("case_id", "K-9").property("satisfaction", 1.0).build());
        m.put(EventType.COMPLAINT, Event.builder(EventType.COMPLAINT, ANNA, T).property("reason", "broken on arrival")
                .property("sku", "tv-55").property("case_id", "K-10").build());
        m.put(EventType.STORE_VISIT, Event.builder(EventType.STORE_VISIT, Identity.loyalty("7001"), T)
                .origin(Origin.STORE).property("store", "bergen-2").build());
        for (EventType message : List.of(EventType.MESSAGE_DELIVERED, EventType.MESSAGE_OPENED,
                EventType.MESSAGE_CLICKED, EventType.MESSAGE_BOUNCED, EventType.MESSAGE_UNSUBSCRIBED)) {
            m.put(message, Event.builder(message, ANNA, T).origin(Origin.SYSTEM).property("message_id", "m-1")
                    .property("channel", "email").property("program", "spring sale")
                    .property("purpose", "marketing").build());
        }
        m.put(EventType.SEGMENT_ENTERED, Event.builder(EventType.SEGMENT_ENTERED, ANNA, T).origin(Origin.SYSTEM)
                .property("segment", "tv_buyers").build());
        m.put(EventType.SEGMENT_EXITED, Event.builder(EventType.SEGMENT_EXITED, ANNA, T).origin(Origin.SYSTEM)
                .property("segment", "tv_buyers").build());
        return m;
    }

    static Stream<Arguments> builtInExamples() {
        return examples().values().stream().map(e -> Arguments.of(e.type().name(), e));
    }

    @Test
    @DisplayName("the examples cover every built-in event type")
    void examples_coverEveryBuiltInType() {
        assertEquals(new java.util.TreeSet<>(EventType.builtIns()), examples().keySet());
        examples().keySet().forEach(t -> assertTrue(t.isBuiltIn(), t.name()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtInExamples")
    @DisplayName("every built-in type writes to JSON and reads back to an equal event")
    void write_builtInExample_readsBackEqual(String name, Event event) {
        String json = EventJson.write(event);
        Event back = EventJson.read(json);
        assertEquals(event, back);
        assertEquals(json, EventJson.write(back), "writing is stable");
        assertTrue(json.contains("\"type\":\"" + name + "\""), json);
    }

    @Test
    void write_purchase_producesDocumentedShape() {
        String json = EventJson.write(examples().get(EventType.PURCHASE));
        assertEquals("{\"id\":\"o-1001\",\"type\":\"purchase\",\"customer\":{\"email\":\"anna@example.com\"},"
                + "\"time\":\"2026-03-01T10:15:00Z\",\"origin\":\"store\","
                + "\"properties\":{\"order_id\":\"1001\",\"store\":\"oslo-1\"},"
                + "\"lines\":[{\"sku\":\"tv-55\",\"category\":\"tv\",\"price\":8999.0,\"quantity\":1},"
                + "{\"sku\":\"hdmi-2m\",\"category\":\"cables\",\"price\":149.5,\"quantity\":3}],"
                + "\"link\":[{\"loyalty_number\":\"7001\"},{\"pos_customer_number\":\"P-42\"}]}", json);
    }

    @Test
    void write_customEventWithEveryValueKind_readsBackEqual() {
        Event e = Event.builder(EventType.of("gift_card_redeemed"), ANNA, Instant.parse("2026-03-01T10:15:00.123456789Z"))
                .property("amount", 250.75).property("tiny", 4.9e-324).property("huge", Double.MAX_VALUE)
                .property("note", "æøå \u00e9 \ud83d\ude00 \"quoted\" back\\slash\nnew line\ttab\u0000nul")
                .property("first_time", true).property("valid_until", Value.of(LocalDate.of(2027, 12, 31)))
                .build();
        assertEquals(e, EventJson.read(EventJson.write(e)));
    }

    @Test
    @DisplayName("a hand-written purchase as a retailer's backend would send it")
    void read_handWrittenPurchase_givesEveryField() {
        String json = """
                {
                  "id": "o-1001",
                  "type": "purchase",
                  "customer": {"email": "  Anna@Example.COM "},
                  "time": "2026-03-01T10:15:00Z",
                  "origin": "Store",
                  "properties": {"store": "oslo-1", "order_id": "1001", "staff_assisted": true,
                                 "delivery_date": {"date": "2026-03-04"}},
                  "lines": [
                    {"sku": "tv-55", "category": "tv", "price": 8999, "quantity": 1},
                    {"sku": "hdmi-2m", "category": "Cables", "price": 149.50}
                  ],
                  "link": [{"loyalty_number": "7001"}, {"phone": "+47 22 33 44 55"}]
                }
                """;
        Event e = EventJson.read(json);
        assertEquals("o-1001", e.id());
        assertEquals(EventType.PURCHASE, e.type());
        assertEquals(ANNA, e.customer(), "email is normalised");
        assertEquals(T, e.time());
        assertEquals(Origin.STORE, e.origin(), "origin ignores case");
        assertEquals(Map.of("store", Value.of("oslo-1"), "order_id", Value.of("1001"),
                "staff_assisted", Value.of(true), "delivery_date", Value.of(LocalDate.of(2026, 3, 4))), e.properties());
        assertEquals(List.of(new Line("tv-55", Category.of("tv"), 8999, 1),
                new Line("hdmi-2m", Category.of("cables"), 149.5, 1)), e.lines(), "quantity defaults to 1");
        assertEquals(java.util.Set.of(Identity.loyalty("7001"), Identity.phone("+4722334455")), e.links());
        assertEquals(9148.5, e.total(), 1e-9);
        assertEquals(e, EventJson.read(EventJson.write(e)));
    }

    @Test
    void read_withoutOriginAndId_defaultsToWebAndDerivedId() {
        String json = "{\"type\": \"signup\", \"customer\": {\"email\": \"anna@example.com\"},"
                + " \"time\": \"2026-03-01T10:15:00Z\"}";
        Event e = EventJson.read(json);
        assertEquals(Origin.WEB, e.origin());
        assertTrue(e.id().matches("e-[0-9a-f]{24}"), e.id());
        assertEquals(Event.builder(EventType.SIGNUP, ANNA, T).build(), e, "same as the builder's defaults");
        assertEquals(Map.of(), e.properties());
        assertEquals(List.of(), e.lines());
        assertTrue(e.links().isEmpty());
    }

    @Test
    @DisplayName("the derived id is the same for the same content, however it is spelt")
    void derivedId_sameContent_sameId() {
        String a = "{\"type\":\"purchase\",\"customer\":{\"email\":\"anna@example.com\"},\"time\":\"2026-03-01T10:15:00Z\","
                + "\"properties\":{\"store\":\"oslo-1\",\"order_id\":\"1001\"},"
                + "\"lines\":[{\"sku\":\"tv-55\",\"category\":\"tv\",\"price\":8999,\"quantity\":1}],"
                + "\"link\":[{\"loyalty_number\":\"7001\"},{\"cookie\":\"ck\"}]}";
        String b = "{\"link\":[{\"cookie\":\"ck\"},{\"loyalty_number\":\"7001\"}],\"origin\":\"web\","
                + "\"lines\":[{\"price\":8999.0,\"category\":\"TV\",\"sku\":\"tv-55\"}],"
                + "\"properties\":{\"order_id\":\"1001\",\"store\":\"oslo-1\"},"
                + "\"time\":\"2026-03-01T11:15:00+01:00\",\"customer\":{\"EMAIL\":\"Anna@example.com\"},\"type\":\"purchase\"}";
        assertEquals(EventJson.read(a).id(), EventJson.read(a).id());
        assertEquals(EventJson.read(a).id(), EventJson.read(b).id());
        assertEquals(EventJson.read(a), EventJson.read(b));
    }

    /** The reference event for the id tests, built with one part replaced. */
    private static Event purchase(EventType type, Identity customer, Instant time, Origin origin, String store,
            Value note, int quantity, Identity link) {
        return Event.builder(type, customer, time).origin(origin).property("store", store).property("note", note)
                .line("tv-55", "tv", 8999, quantity).link(link).build();
    }

    static Stream<Arguments> contentChanges() {
        Value note = Value.of("1001");
        Identity loyalty = Identity.loyalty("7001");
        return Stream.of(
                Arguments.of("time", purchase(EventType.PURCHASE, ANNA, T.plusNanos(1), Origin.WEB, "oslo-1", note, 1, loyalty)),
                Arguments.of("type", purchase(EventType.CART_CHANGE, ANNA, T, Origin.WEB, "oslo-1", note, 1, loyalty)),
                Arguments.of("customer", purchase(EventType.PURCHASE, Identity.email("ann@example.com"), T, Origin.WEB,
                        "oslo-1", note, 1, loyalty)),
                Arguments.of("customer identity type", purchase(EventType.PURCHASE, Identity.login("anna@example.com"),
                        T, Origin.WEB, "oslo-1", note, 1, loyalty)),
                Arguments.of("origin", purchase(EventType.PURCHASE, ANNA, T, Origin.APP, "oslo-1", note, 1, loyalty)),
                Arguments.of("property value", purchase(EventType.PURCHASE, ANNA, T, Origin.WEB, "oslo-2", note, 1,
                        loyalty)),
                Arguments.of("property kind", purchase(EventType.PURCHASE, ANNA, T, Origin.WEB, "oslo-1",
                        Value.of(1001), 1, loyalty)),
                Arguments.of("line quantity", purchase(EventType.PURCHASE, ANNA, T, Origin.WEB, "oslo-1", note, 2,
                        loyalty)),
                Arguments.of("link", purchase(EventType.PURCHASE, ANNA, T, Origin.WEB, "oslo-1", note, 1,
                        Identity.cookie("7001"))),
                Arguments.of("extra property", Event.builder(EventType.PURCHASE, ANNA, T).property("store", "oslo-1")
                        .property("note", note).property("coupon", "x").line("tv-55", "tv", 8999, 1).link(loyalty)
                        .build()),
                Arguments.of("extra line", Event.builder(EventType.PURCHASE, ANNA, T).property("store", "oslo-1")
                        .property("note", note).line("tv-55", "tv", 8999, 1).line("tv-55", "tv", 8999, 1)
                        .link(loyalty).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contentChanges")
    @DisplayName("the derived id differs when any part of the content differs")
    void derivedId_differentContent_differentId(String what, Event changed) {
        Event reference = purchase(EventType.PURCHASE, ANNA, T, Origin.WEB, "oslo-1", Value.of("1001"), 1,
                Identity.loyalty("7001"));
        assertEquals(reference.id(), purchase(EventType.PURCHASE, ANNA, T, Origin.WEB, "oslo-1", Value.of("1001"), 1,
                Identity.loyalty("7001")).id(), "deterministic");
        assertNotEquals(reference, changed);
        assertNotEquals(reference.id(), changed.id(), what);
    }

    @Test
    @DisplayName("the derived id cannot be forged by text that imitates the digest's separators")
    void derivedId_separatorsInText_differentId() {
        Event two = Event.builder(EventType.of("note"), ANNA, T).property("a", "1").property("b", "2").build();
        Event one = Event.builder(EventType.of("note"), ANNA, T).property("a", "1;b=text:2").build();
        assertNotEquals(one.id(), two.id());

        Event linked = Event.builder(EventType.SIGNUP, Identity.login("x"), T).link(Identity.cookie("y")).build();
        Event forged = Event.builder(EventType.SIGNUP, Identity.login("x"), T).property("p", "v;cookie:y").build();
        Event plain = Event.builder(EventType.SIGNUP, Identity.login("x"), T).property("p", "v").link(Identity.cookie("y"))
                .build();
        assertNotEquals(forged.id(), plain.id());
        assertNotEquals(linked.id(), forged.id());
    }

    @Test
    @DisplayName("a phone number with a Unicode space after its punctuation reads back as the same identity")
    void write_phoneWithUnicodeSpaceAfterPunctuation_readsBackEqual() {
        Identity phone = Identity.phone("(\u2003" + "4799887766");
        assertEquals(Identity.phone("4799887766"), phone, "normalising is idempotent");
        Event e = Event.builder(EventType.SIGNUP, phone, T).link(Identity.phone("-\u3000" + "22334455")).build();
        assertEquals(e, EventJson.read(EventJson.write(e)));
    }

    @Test
    void write_explicitId_isKept() {
        Event e = Event.builder(EventType.SIGNUP, ANNA, T).id("my-own-id").build();
        assertEquals("my-own-id", EventJson.read(EventJson.write(e)).id());
    }

    @Test
    @DisplayName("readLines reads one event per line and skips blank lines")
    void readLines_severalLinesWithBlanks_readsEveryEvent() {
        List<Event> expected = List.of(examples().get(EventType.PURCHASE), examples().get(EventType.REVIEW),
                examples().get(EventType.SIGNUP), examples().get(EventType.SEGMENT_EXITED));
        String text = "\n" + EventJson.write(expected.get(0)) + "\n   \n"
                + EventJson.write(expected.get(1)) + "\r\n"
                + "\t\n"
                + EventJson.write(expected.get(2)) + "\n\n"
                + EventJson.write(expected.get(3)); // no newline at the end
        assertEquals(expected, EventJson.readLines(new StringReader(text)));
    }

    @Test
    void readLines_emptyInput_givesNoEvents() {
        assertEquals(List.of(), EventJson.readLines(new StringReader("")));
        assertEquals(List.of(), EventJson.readLines(new StringReader("\n \n\t\n")));
    }
}
