package io.relevans;

import static io.relevans.definition.Conditions.allOf;
import static io.relevans.definition.Conditions.anyOf;
import static io.relevans.definition.Conditions.attribute;
import static io.relevans.definition.Conditions.hasConsent;
import static io.relevans.definition.Conditions.inSegment;
import static io.relevans.definition.Conditions.not;
import static io.relevans.definition.Conditions.notInterestedIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.Identity;
import io.relevans.customer.Purpose;
import io.relevans.definition.Condition;
import io.relevans.definition.Definitions;
import io.relevans.definition.Features;
import io.relevans.definition.Operator;
import io.relevans.definition.Segment;
import io.relevans.definition.Tier;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import io.relevans.internal.engine.CompiledSegments;
import io.relevans.spi.InMemoryCustomerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A realistic definition set of 100 segments (every condition kind, nested segments, per-category
 * tiers) compiles, and the rules agree with the direct evaluation for a few hundred customers built
 * from random retail events. The compile time is logged by the engine ("loaded 100 segment(s) ...").
 */
class HundredSegmentsTest {

    static final List<String> CATEGORIES = List.of("tv", "washing_machines", "party_dresses", "balcony_furniture",
            "tents", "sleeping_bags", "sunglasses", "coffee_makers", "sofas", "running_shoes");

    static Definitions hundredSegments() {
        Definitions.Builder b = Definitions.builder();
        CATEGORIES.forEach(c -> b.priceRange(c, 100, 10_000));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String cat = CATEGORIES.get(i / 10 % CATEGORIES.size());
            Window w = Window.days(new int[] {7, 30, 90, 365}[(i / 10 + i) % 4]);
            Condition c = switch (i % 10) {
                case 0 -> Features.count(EventType.PURCHASE).where("line.category", cat).within(w).atLeast(1 + i % 3);
                case 1 -> Features.sum(EventType.PURCHASE, "line.amount").within(w).greaterThan(500 * (i % 7 + 1));
                case 2 -> Features.priceTier(Category.of(cat)).is(Tier.values()[i % 3]);
                case 3 -> Features.channelsUsed(w).atLeast(2);
                case 4 -> allOf(Features.daysSince(EventType.PURCHASE).greaterThan(30 + i), hasConsent(Channel.EMAIL,
                        Purpose.MARKETING));
                case 5 -> anyOf(attribute("gender").is("female"), Features.count(EventType.PRODUCT_VIEW)
                        .where("category", cat).within(w).atLeast(3));
                case 6 -> allOf(attribute("has_children").olderThan(Duration.ofDays(3 * 365)), not(notInterestedIn(cat)));
                case 7 -> Features.max(EventType.REVIEW, "rating").within(w).is(Operator.LE, 2);
                case 8 -> attribute("age").is(Operator.GE, 20 + i % 40);
                default -> names.isEmpty() ? attribute("gender").present()
                        : allOf(inSegment(names.get(i * 7 % names.size())), not(inSegment(names.get(i * 3 % names.size()))));
            };
            String name = "seg_" + i;
            b.segment(Segment.named(name).when(c));
            names.add(name);
        }
        return b.build();
    }

    @Test
    void hundredSegments_rulesAgreeWithDirectEvaluation() {
        VirtualClock clock = VirtualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        InMemoryCustomerStore store = new InMemoryCustomerStore();
        Relevans engine = Relevans.builder().clock(clock).store(store).definitions(hundredSegments()).build();
        Random random = new Random(42);
        for (int day = 0; day < 120; day++) {
            clock.advance(Duration.ofDays(1));
            for (int n = 0; n < 20; n++) {
                engine.ingest(randomEvent(random, clock.instant()));
            }
        }
        ResegmentationReport report = engine.resegment(); // windows slid since each customer's last event
        assertEquals(store.count(), report.customers());
        CompiledSegments compiled = CompiledSegments.compile(engine.definitions());
        long now = clock.millis();
        int[] members = new int[1];
        store.forEach(r -> {
            double[] values = compiled.plan().values(r.features(), now);
            var byRules = compiled.evaluate(r.customer(), values, now);
            assertEquals(compiled.evaluateDirectly(r.customer(), values, now), byRules, r.id().value());
            assertEquals(r.segments(), new java.util.TreeSet<>(byRules), "stored memberships of " + r.id());
            members[0] += byRules.size();
        });
        assertTrue(store.count() > 100, "customers: " + store.count());
        assertTrue(members[0] > store.count(), "the definitions should select people, got " + members[0]);
    }

    static Event randomEvent(Random random, Instant now) {
        Identity who = Identity.email("customer" + random.nextInt(200) + "@example.com");
        Instant t = now.minus(Duration.ofMinutes(random.nextInt(600)));
        Origin origin = Origin.values()[random.nextInt(4)];
        String cat = CATEGORIES.get(random.nextInt(CATEGORIES.size()));
        return switch (random.nextInt(7)) {
            case 0, 1 -> Event.builder(EventType.PURCHASE, who, t).origin(origin)
                    .line("sku-" + random.nextInt(50), cat, 100 + random.nextInt(9_900), 1 + random.nextInt(2)).build();
            case 2 -> Event.builder(EventType.PRODUCT_VIEW, who, t).origin(origin).property("sku", "sku-1")
                    .property("category", cat).build();
            case 3 -> Event.builder(EventType.REVIEW, who, t).origin(origin).property("rating", 1 + random.nextInt(5)).build();
            case 4 -> Event.builder(EventType.CONSENT_CHANGE, who, t).property("channel", "email")
                    .property("purpose", "marketing").property("granted", random.nextBoolean()).build();
            case 5 -> Event.builder(EventType.ATTRIBUTE_CONFIRMED, who, t.minus(Duration.ofDays(random.nextInt(2000))))
                    .property("attribute", random.nextBoolean() ? "gender" : "has_children")
                    .property("value", random.nextBoolean() ? "female" : "male").build();
            default -> Event.builder(EventType.ATTRIBUTE_CONFIRMED, who, t).property("attribute", "age")
                    .property("value", 18 + random.nextInt(60)).build();
        };
    }
}
