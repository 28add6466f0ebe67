package io.relevans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.definition.Conditions;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Features;
import io.relevans.definition.FrequencyCap;
import io.relevans.definition.InvalidDefinitionException;
import io.relevans.definition.Limits;
import io.relevans.definition.Reentry;
import io.relevans.definition.Segment;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventFormatException;
import io.relevans.event.EventType;
import io.relevans.json.EventJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Values that must not break the engine: event times, identities, quantities and durations out of any
 * sensible range are refused with an error that names the field and the limit, and nothing stored
 * changes.
 */
class ValuesThatMustNotBreakTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Identity ANNA = Identity.email("anna@example.com");

    private final VirtualClock clock = VirtualClock.at(NOW);
    private final Relevans engine = Relevans.builder().clock(clock).definitions(Definitions.builder()
            .segment(Segment.named("recent").when(Features.daysSince(EventType.PURCHASE).atMost(7)))
            .segment(Segment.named("buyer").when(Features.count(EventType.PURCHASE).within(Window.ALL_TIME).atLeast(1)))
            .build()).build();

    private static Event purchase(String id, Instant at) {
        return Event.builder(EventType.PURCHASE, ANNA, at).id(id).line("tent", "tents", 1_000, 1).build();
    }

    private static String json(String time) {
        return "{\"type\": \"purchase\", \"customer\": {\"email\": \"anna@example.com\"}, \"time\": \"" + time
                + "\", \"lines\": [{\"sku\": \"tent\", \"category\": \"tents\", \"price\": 10}]}";
    }

    @Test
    @DisplayName("an event at the end of Java's time is refused when it is read or built, naming the limit")
    void theLastInstantIsRefused() {
        EventFormatException read = assertThrows(EventFormatException.class, () -> EventJson.read(json("+999999999-12-31T23:59:59Z")));
        assertEquals("time", read.field());
        assertTrue(read.problem().contains("9999-12-31T23:59:59Z"), read.problem());
        assertThrows(EventFormatException.class, () -> purchase("e1", Instant.MAX));
        assertThrows(EventFormatException.class, () -> purchase("e1", Instant.parse("1899-12-31T23:59:59Z")));
    }

    @Test
    @DisplayName("an event dated a thousand years ahead is refused by ingest, naming the limit, and stores nothing")
    void anEventFarAheadOfTheClockIsRefused() {
        EventFormatException e = assertThrows(EventFormatException.class,
                () -> engine.ingest(purchase("e1", Instant.parse("3026-12-06T12:00:00Z"))));
        assertEquals("time", e.field());
        assertTrue(e.problem().contains("PT24H after the engine's clock"), e.problem());
        assertTrue(engine.customer(ANNA).isEmpty(), "nothing stored");

        // a till whose clock is an hour ahead is fine; a few days' tolerance is the application's choice
        assertTrue(engine.ingest(purchase("e2", NOW.plus(Duration.ofHours(1)))).entered().contains("recent"));
        Relevans lenient = Relevans.builder().clock(clock).maxEventAhead(Duration.ofDays(3)).build();
        lenient.ingest(purchase("e3", NOW.plus(Duration.ofDays(2))));
        assertThrows(IllegalArgumentException.class, () -> Relevans.builder().maxEventAhead(Duration.ofDays(366)));
    }

    @Test
    @DisplayName("in a batch, an event far ahead of the clock is refused alone; the others apply")
    void aBatchRefusesTheFarAheadEventAlone() {
        List<BatchOutcome> out = engine.ingestAll(List.of(purchase("e1", NOW), purchase("e2", Instant.parse("3026-01-01T00:00:00Z")),
                purchase("e3", NOW.plusSeconds(1))));
        assertTrue(out.get(0).applied());
        assertFalse(out.get(1).applied());
        assertTrue(out.get(1).refusal().orElseThrow() instanceof EventFormatException);
        assertTrue(out.get(2).applied());
        assertEquals(2.0, engine.customer(ANNA).orElseThrow().features().get("count(purchase)"), "two purchases applied");
    }

    @Test
    @DisplayName("an identity with a line break is refused where it is read, naming the field")
    void identitiesWithControlCharactersAreRefused() {
        IllegalArgumentException built = assertThrows(IllegalArgumentException.class,
                () -> Identity.email("eve@example.com\r\nbcc: all@example.com"));
        assertTrue(built.getMessage().contains("U+000D"), built.getMessage());
        EventFormatException read = assertThrows(EventFormatException.class, () -> EventJson.read(
                "{\"type\": \"signup\", \"customer\": {\"email\": \"eve@example.com\\r\\nbcc: all@example.com\"}, "
                        + "\"time\": \"2026-12-06T12:00:00Z\"}"));
        assertEquals("customer.email", read.field());
        assertThrows(IllegalArgumentException.class, () -> Identity.loyalty("L-1\u0000"));
        assertEquals("a b", new Identity(IdentityType.POSTAL_ADDRESS, "a\nb").value(),
                "an address's line breaks are spaces");
    }

    @Test
    @DisplayName("a quantity too large for a line names the limit")
    void aHugeQuantityNamesTheLimit() {
        EventFormatException e = assertThrows(EventFormatException.class, () -> EventJson.read(
                "{\"type\": \"purchase\", \"customer\": {\"email\": \"anna@example.com\"}, \"time\": \"2026-12-06T12:00:00Z\", "
                        + "\"lines\": [{\"sku\": \"tent\", \"category\": \"tents\", \"price\": 10, \"quantity\": 99999999999}]}"));
        assertEquals("lines[0].quantity", e.field());
        assertTrue(e.problem().contains("1,000,000") && e.problem().contains("99999999999"), e.problem());
    }

    @Test
    @DisplayName("the lowest priority there is loses a contested slot (negating it overflowed to the highest)")
    void theLowestPriorityComesLast() {
        var email = new io.relevans.spi.InMemoryChannel(io.relevans.customer.Channel.EMAIL, IdentityType.EMAIL);
        java.util.function.BiFunction<String, Integer, io.relevans.definition.Program> program = (name, priority) ->
                io.relevans.definition.Program.named(name).on(Trigger.event(EventMatch.of(EventType.PURCHASE)))
                        .priority(priority).purpose(io.relevans.customer.Purpose.SERVICE)
                        .steps(Steps.send("s", io.relevans.definition.ChannelChoice.of(io.relevans.customer.Channel.EMAIL), "t")
                                .build()).build();
        Relevans engine = Relevans.builder().clock(clock).channel(email)
                .templates(io.relevans.spi.SimpleTemplates.builder().template("t", "t", "t").build())
                .definitions(Definitions.builder()
                        .policies(io.relevans.definition.Policies.DEFAULT.withCap(FrequencyCap.overall(1, Duration.ofDays(1))))
                        .program(program.apply("lowest", Integer.MIN_VALUE)).program(program.apply("ordinary", 0)).build())
                .build();
        engine.ingest(Event.builder(EventType.CONSENT_CHANGE, ANNA, NOW).property("channel", "email")
                .property("purpose", "service").property("granted", true).build());
        engine.ingest(purchase("p1", NOW));
        var id = engine.customer(ANNA).orElseThrow().customer().id();
        assertEquals(List.of("ordinary"), engine.messages(id).stream()
                .filter(m -> m.status() == io.relevans.spi.Message.Status.PENDING).map(m -> m.program()).toList());
    }

    @Test
    @DisplayName("durations too large for the engine's time arithmetic are refused when defined, naming the limit")
    void hugeDurationsAreRefusedWhenDefined() {
        Duration huge = Duration.ofDays(9_999_999_999_999L);
        List<Executable> definitions = List.of(
                () -> FrequencyCap.overall(1, huge),
                () -> new Window(huge, Duration.ofDays(1)),
                () -> new Window(Duration.ofDays(30), huge),
                () -> Steps.wait("w", Duration.ofDays(25_000_000_000L * 7)),
                () -> Reentry.oncePer(huge),
                () -> new Trigger.OnInactivity(EventMatch.of(EventType.PURCHASE), huge),
                () -> Conditions.attribute("birthday").olderThan(huge));
        for (Executable d : definitions) {
            InvalidDefinitionException e = assertThrows(InvalidDefinitionException.class, d);
            assertTrue(e.getMessage().contains("36500 days") || e.getMessage().contains("3660 days"), e.getMessage());
        }
        InvalidDefinitionException cap = assertThrows(InvalidDefinitionException.class,
                () -> FrequencyCap.overall(Limits.MAX_COUNT + 1, Duration.ofDays(1)));
        assertTrue(cap.getMessage().contains("1,000,000"), cap.getMessage());
        Steps.wait("w", Limits.MAX_DURATION); // the limit itself is allowed
    }
}
