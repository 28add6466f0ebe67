package io.relevans.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relevans.event.EventType;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever customers do, and whatever custom event type names an application sends: every applied event
 * is counted once, the event type tag takes at most the built-in names, the declared custom name and
 * {@code custom}, and no tag value is a customer's id, identity, message id or event id.
 */
class TagBoundsProperties {

    /** One step: a customer (0..5) does something, or time passes and the engine ticks. */
    record Act(int who, String type, int minutes) {
    }

    @Provide
    Arbitrary<List<Act>> acts() {
        Arbitrary<String> types = Arbitraries.oneOf(
                Arbitraries.of("cart_change", "purchase", "consent", "tick", "declared_custom"),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12).map(s -> "x_" + s));
        return Combinators.combine(Arbitraries.integers().between(0, Shop.CUSTOMERS - 1), types,
                Arbitraries.integers().between(0, 120)).as(Act::new).list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 20)
    void everyEventCountedOnce_andTagsStayBounded(@ForAll("acts") List<Act> acts) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Shop shop = new Shop(MicrometerObserver.builder(registry).customEventTypes("declared_custom").build());
        shop.signUpAll();
        int ingested = 2 * Shop.CUSTOMERS;
        for (Act a : acts) {
            switch (a.type()) {
                case "tick" -> {
                    shop.advance(Duration.ofMinutes(a.minutes()));
                    shop.engine.tick();
                }
                case "cart_change" -> shop.cart(a.who());
                case "purchase" -> shop.ingest(a.who(), EventType.PURCHASE, b -> b.line("tv-55", "tv", 8999, 1));
                case "consent" -> shop.consent(a.who(), a.minutes() % 2 == 0);
                default -> shop.ingest(a.who(), new EventType(a.type()), b -> b.property("n", a.minutes()));
            }
            ingested += a.type().equals("tick") ? 0 : 1;
        }

        double counted = registry.find(MicrometerObserver.EVENTS_INGESTED).counters().stream()
                .mapToDouble(Counter::count).sum();
        assertEquals(ingested, counted);
        Set<String> types = new TreeSet<>();
        registry.find(MicrometerObserver.EVENTS_INGESTED).meters().forEach(m -> types.add(m.getId().getTag("type")));
        Set<String> allowed = Set.of("signup", "consent_change", "cart_change", "purchase", "declared_custom",
                MicrometerObserver.CUSTOM);
        assertTrue(allowed.containsAll(types), types.toString());
        Set<String> personal = shop.personalValues();
        for (Meter m : registry.getMeters()) {
            for (Tag t : m.getId().getTags()) {
                assertFalse(personal.contains(t.getValue()), m.getId().toString());
            }
        }
    }
}
