package io.relevans.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relevans.customer.Channel;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.InvalidDefinitionException;
import io.relevans.definition.Program;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.event.Event;
import io.relevans.event.EventFormatException;
import io.relevans.event.EventType;
import io.relevans.spi.Delivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The meters after real engine runs on virtual time: ingests of every kind (applied, delivered again,
 * refused, custom types, a batch), decisions sent and suppressed at decision and at delivery, deliveries
 * through an {@link io.relevans.spi.InMemoryChannel} that fails for a while and then for good, the
 * backlog gauges at a tick, segment entries and exits, and reloads loaded and refused.
 */
class MicrometerObserverTest {

    private SimpleMeterRegistry registry;
    private Shop shop;

    @BeforeEach
    void setUp() {
        registry = new SimpleMeterRegistry();
        shop = new Shop(MicrometerObserver.builder(registry).ingestPercentiles(0.5, 0.99).build());
    }

    private double count(String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    private long timed(String name, String... tags) {
        return registry.find(name).tags(tags).timers().stream().mapToLong(Timer::count).sum();
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private double seconds(String name) {
        return registry.get(name).timeGauge().value(TimeUnit.SECONDS);
    }

    private Event view(int who) {
        return shop.event(who, EventType.PRODUCT_VIEW, b -> b.property("sku", "tv-55").property("category", "tv"));
    }

    @Test
    @DisplayName("ingests: applied and delivered again by type, refused with a bounded reason, timed per call and per batch")
    void ingests_countedByTypeAndOutcome() {
        shop.signUpAll();
        shop.cart(0);
        Event purchase = shop.ingest(1, EventType.PURCHASE, b -> b.line("tv-55", "tv", 8999, 1));
        shop.ingest(2, new EventType("loyalty_points"), b -> b.property("points", 120));
        shop.engine.ingest(purchase); // delivered again: recognised, changes nothing
        Event ahead = Event.builder(EventType.PRODUCT_VIEW, Shop.email(3), shop.clock.instant().plus(Duration.ofDays(2)))
                .id("ev-ahead").property("sku", "tv-55").property("category", "tv").build();
        assertThrows(EventFormatException.class, () -> shop.engine.ingest(ahead));
        shop.engine.ingestAll(List.of(view(3), view(5)));

        assertEquals(6, count(MicrometerObserver.EVENTS_INGESTED, "type", "signup", "outcome", "applied"));
        assertEquals(6, count(MicrometerObserver.EVENTS_INGESTED, "type", "consent_change", "outcome", "applied"));
        assertEquals(1, count(MicrometerObserver.EVENTS_INGESTED, "type", "cart_change", "outcome", "applied"));
        assertEquals(1, count(MicrometerObserver.EVENTS_INGESTED, "type", "purchase", "outcome", "applied"));
        assertEquals(1, count(MicrometerObserver.EVENTS_INGESTED, "type", "purchase", "outcome", "redelivered"));
        assertEquals(1, count(MicrometerObserver.EVENTS_INGESTED, "type", "custom", "outcome", "applied"),
                "an undeclared custom type is tagged custom");
        assertEquals(2, count(MicrometerObserver.EVENTS_INGESTED, "type", "product_view", "outcome", "applied"));
        assertEquals(1, count(MicrometerObserver.EVENTS_REFUSED, "type", "product_view", "reason", "invalid"));
        assertEquals(18, count(MicrometerObserver.EVENTS_INGESTED));

        assertEquals(6, timed(MicrometerObserver.INGEST_LATENCY, "type", "signup", "outcome", "applied"));
        assertEquals(1, timed(MicrometerObserver.INGEST_LATENCY, "type", "purchase", "outcome", "redelivered"));
        assertEquals(1, timed(MicrometerObserver.INGEST_LATENCY, "type", "product_view", "outcome", "refused"));
        assertEquals(17, timed(MicrometerObserver.INGEST_LATENCY), "one per ingest call, none for the batch's events");
        assertEquals(1, timed(MicrometerObserver.INGEST_BATCH, "outcome", "applied"));
        Timer signups = registry.get(MicrometerObserver.INGEST_LATENCY).tags("type", "signup", "outcome", "applied").timer();
        assertTrue(signups.totalTime(TimeUnit.NANOSECONDS) > 0);
        ValueAtPercentile[] percentiles = signups.takeSnapshot().percentileValues();
        assertEquals(List.of(0.5, 0.99), java.util.Arrays.stream(percentiles).map(ValueAtPercentile::percentile).toList());
    }

    @Test
    @DisplayName("decisions by program, variant, outcome and guard; deliveries by channel; dead letters; backlog gauges")
    void decisionsAndDeliveries_throughTicks() {
        assertTrue(Double.isNaN(gauge(MicrometerObserver.OUTBOX_DEPTH)), "no tick yet");
        shop.signUpAll();
        assertEquals(6, count(MicrometerObserver.DECISIONS, "program", "welcome", "variant", "none",
                "outcome", "suppressed", "guard", "no_usable_channel", "moment", "decision"), "no consent at signup");

        shop.advance(Duration.ofMinutes(1));
        for (int who = 0; who < 5; who++) {
            shop.cart(who);
        }
        shop.advance(Duration.ofMinutes(90)); // the waits ended 30 minutes ago
        shop.email.failNext(2, Delivery.retryLater("421 busy"));
        shop.engine.tick();

        assertEquals(5, count(MicrometerObserver.TIMERS_FIRED));
        assertEquals(1800, seconds(MicrometerObserver.TIMER_LAG), 1e-9);
        assertEquals(5, count(MicrometerObserver.DECISIONS, "program", "cart", "outcome", "send", "guard", "none"));
        assertTrue(count(MicrometerObserver.DECISIONS, "program", "cart", "variant", "short") > 0
                || count(MicrometerObserver.DECISIONS, "program", "cart", "variant", "long") > 0);
        assertEquals(5, count(MicrometerObserver.DECISIONS, "program", "cart", "variant", "short")
                + count(MicrometerObserver.DECISIONS, "program", "cart", "variant", "long"));
        assertEquals(3, timed(MicrometerObserver.DELIVERIES, "channel", "email", "outcome", "sent"));
        assertEquals(2, timed(MicrometerObserver.DELIVERIES, "channel", "email", "outcome", "retrying"));
        assertEquals(2, gauge(MicrometerObserver.OUTBOX_DEPTH), "the two retrying messages wait");

        List<Integer> retrying = shop.retrying();
        assertEquals(2, retrying.size());
        shop.consent(retrying.get(0), false); // stopped before its retry
        assertEquals(1, count(MicrometerObserver.DECISIONS, "program", "cart", "outcome", "suppressed",
                "moment", "delivery"));
        shop.email.failNext(1, Delivery.failed("550 no such user"));
        shop.advance(Duration.ofMinutes(2));
        shop.engine.tick();
        assertEquals(1, timed(MicrometerObserver.DELIVERIES, "channel", "email", "outcome", "dead"));
        assertEquals(1, count(MicrometerObserver.DEAD_LETTERS, "channel", "email", "program", "cart"));
        assertEquals(0, gauge(MicrometerObserver.OUTBOX_DEPTH));
        assertEquals(0, seconds(MicrometerObserver.TIMER_LAG), "no timer was due");

        int sent = firstSent();
        shop.cart(sent); // a second reminder within the week: capped when the wait ends
        shop.advance(Duration.ofMinutes(61));
        shop.engine.tick();
        assertEquals(1, count(MicrometerObserver.DECISIONS, "program", "cart", "outcome", "suppressed",
                "guard", "cap", "moment", "decision"));
        assertEquals(6, count(MicrometerObserver.TIMERS_FIRED));
        assertEquals(3, timed(MicrometerObserver.DELIVERIES, "outcome", "sent"), "nothing more was sent");
        assertEquals(List.of("email"), tagValues(MicrometerObserver.DELIVERIES, "channel"));
    }

    private int firstSent() {
        for (int who = 0; who < Shop.CUSTOMERS; who++) {
            if (shop.engine.messages(Shop.email(who)).stream()
                    .anyMatch(m -> m.status() == io.relevans.spi.Message.Status.SENT)) {
                return who;
            }
        }
        throw new AssertionError("nothing sent");
    }

    @Test
    @DisplayName("segment entries and exits, evaluations with the rule engine's time, reloads loaded and refused")
    void segmentsEvaluationsAndReloads() {
        shop.signUpAll();
        shop.ingest(1, EventType.PURCHASE, b -> b.line("tv-55", "tv", 8999, 1));
        assertEquals(1, count(MicrometerObserver.SEGMENTS_ENTERED, "segment", "buyers"));
        shop.advance(Duration.ofDays(31));
        shop.engine.resegment();
        assertEquals(1, count(MicrometerObserver.SEGMENTS_EXITED, "segment", "buyers"), "the purchase left the window");

        double fired = count(MicrometerObserver.EVALUATIONS, "rules", "fired");
        double skipped = count(MicrometerObserver.EVALUATIONS, "rules", "skipped");
        assertTrue(fired >= 2, "the entry and the exit were evaluated by the rules: " + fired);
        assertTrue(fired + skipped >= 13, "at least one evaluation per event: " + (fired + skipped));
        Timer drools = registry.get(MicrometerObserver.DROOLS_EVALUATION).timer();
        assertEquals((long) fired, drools.count(), "timed once per evaluation that fired rules");
        assertTrue(drools.totalTime(TimeUnit.NANOSECONDS) > 0);

        Definitions more = Definitions.builder().segment(Shop.BUYERS).program(Shop.WELCOME).program(Shop.CART)
                .program(Program.named("browse").on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW)))
                        .steps(Steps.send("tip", ChannelChoice.of(Channel.EMAIL), "welcome").build()).build())
                .build();
        shop.engine.load(more);
        Definitions broken = Definitions.builder().program(Program.named("broken")
                .on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW)))
                .steps(Steps.send("tip", ChannelChoice.of(Channel.EMAIL), "no_such_template").build()).build()).build();
        assertThrows(InvalidDefinitionException.class, () -> shop.engine.load(broken));
        assertEquals(1, timed(MicrometerObserver.RELOADS, "outcome", "loaded"));
        assertEquals(1, timed(MicrometerObserver.RELOADS, "outcome", "refused"));
        assertEquals(3, shop.engine.definitions().programs().size(), "the refused definitions were not loaded");
    }

    @Test
    @DisplayName("no tag value is a customer id, an identity, a message id or an event id of the run")
    void tags_neverCarryPersonalOrUnboundedValues() {
        shop.signUpAll();
        for (int who = 0; who < Shop.CUSTOMERS; who++) {
            shop.cart(who);
        }
        shop.ingest(2, new EventType("loyalty_points"), b -> b.property("points", 120));
        shop.advance(Duration.ofMinutes(61));
        shop.email.failNext(1, Delivery.failed("550 no such user"));
        shop.engine.tick();
        shop.engine.ingestAll(List.of(view(0), view(1)));
        assertFalse(shop.engine.messages(Shop.email(0)).isEmpty());

        Set<String> personal = shop.personalValues();
        assertTrue(personal.size() > 3 * Shop.CUSTOMERS, "ids, identities, messages and events: " + personal.size());
        List<String> values = new ArrayList<>();
        for (Meter m : registry.getMeters()) {
            for (Tag t : m.getId().getTags()) {
                values.add(t.getValue());
                assertFalse(personal.contains(t.getValue()), m.getId() + " carries " + t.getValue());
                assertFalse(personal.stream().anyMatch(p -> t.getValue().contains(p)), m.getId() + " carries part of one");
                assertFalse(t.getValue().contains("@") || t.getValue().contains("+47"), m.getId().toString());
            }
        }
        assertTrue(values.contains("cart") && values.contains("email") && values.contains("signup"),
                "the bounded values are there: " + values);
    }

    @Test
    @DisplayName("a declared custom event type is tagged by its name; the builder refuses a setting twice and bad values")
    void builder_customTypesAndValidation() {
        SimpleMeterRegistry own = new SimpleMeterRegistry();
        Shop declared = new Shop(MicrometerObserver.builder(own).customEventTypes("loyalty_points").build());
        declared.ingest(0, new EventType("loyalty_points"), b -> b.property("points", 1));
        declared.ingest(0, new EventType("game_played"), b -> b.property("points", 1));
        assertEquals(1, own.get(MicrometerObserver.EVENTS_INGESTED).tags("type", "loyalty_points", "outcome", "applied").counter().count());
        assertEquals(1, own.get(MicrometerObserver.EVENTS_INGESTED).tags("type", "custom", "outcome", "applied").counter().count());

        MicrometerObserver.Builder b = MicrometerObserver.builder(own).ingestHistogram(true);
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> b.ingestHistogram(false));
        assertEquals("ingest histogram was already set to true", twice.getMessage());
        b.ingestPercentiles(0.95);
        assertEquals("ingest percentiles was already set to [0.95]",
                assertThrows(IllegalStateException.class, () -> b.ingestPercentiles(0.5)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> MicrometerObserver.builder(own).ingestPercentiles(1.5));
        assertThrows(IllegalArgumentException.class, () -> MicrometerObserver.builder(own).ingestPercentiles());
        assertThrows(IllegalArgumentException.class, () -> MicrometerObserver.builder(own).customEventTypes("Not A Type"));
        MicrometerObserver.Builder c = MicrometerObserver.builder(own).customEventTypes("a");
        assertThrows(IllegalStateException.class, () -> c.customEventTypes("b"));
        assertNotNull(b.build());
    }

    private List<String> tagValues(String name, String key) {
        return registry.find(name).meters().stream().map(m -> m.getId().getTag(key)).distinct().sorted().toList();
    }
}
