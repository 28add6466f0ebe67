package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Channel;
import io.relevans.customer.Identity;
import io.relevans.customer.Purpose;
import io.relevans.customer.Value;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import io.relevans.kafka.internal.CommandJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kafka runtime's topology against the embedded engine on the same events and ticks: every program
 * shape of the workload, caps, customers first known by a loyalty card or a cookie and merged when they
 * sign up (merges that go through the hand-over between customers), consents, purchases, carts,
 * complaints. Both store the same customers, timers and messages, byte for byte, deliver the same
 * messages in the same order, and resolve every identity to the same customer.
 */
class KafkaRuntimeTwinTest {

    private static final int CUSTOMERS = 6;
    private static final List<String> CATEGORIES = List.of("tv", "dress", "balcony", "washer");

    private static Identity email(int w) {
        return Identity.email("g" + w + "@example.com");
    }

    private static List<Identity> identities(int w) {
        return List.of(email(w), Identity.loyalty("L" + w), Identity.phone("+47 4000 00" + w), Identity.login("g" + w),
                Identity.cookie("ck" + w));
    }

    /** Feeds the twin a customer base's weeks: anonymous starts, sign-ups that merge, then activity. */
    private static final class Script {
        final KafkaTwin twin;
        final Random random;
        final boolean[] signedUp = new boolean[CUSTOMERS];
        Instant now;

        Script(KafkaTwin twin, long seed, Instant start) {
            this.twin = twin;
            this.random = new Random(seed);
            this.now = start;
        }

        void feed(Identity who, EventType type, Consumer<Event.Builder> details) {
            Event.Builder b = Event.builder(type, who, now).origin(Origin.WEB);
            details.accept(b);
            twin.feed(b.build());
        }

        /** Lets minutes pass, ticking every hour on the way. */
        void pass(int minutes) {
            int left = minutes;
            while (left > 60) {
                now = now.plus(Duration.ofMinutes(60));
                twin.tick(now);
                left -= 60;
            }
            now = now.plus(Duration.ofMinutes(left));
        }

        void signUp(int w) {
            signedUp[w] = true;
            List<Identity> ids = identities(w);
            feed(email(w), EventType.SIGNUP, e -> ids.subList(1, ids.size()).forEach(e::link));
            for (Channel c : KafkaTwin.CHANNELS) {
                for (Purpose p : List.of(Purpose.MARKETING, Purpose.SURVEYS, Purpose.SERVICE)) {
                    if (random.nextInt(4) > 0) {
                        pass(1);
                        feed(email(w), EventType.CONSENT_CHANGE, e -> e.property("channel", c.name())
                                .property("purpose", p.name()).property("granted", true));
                    }
                }
            }
        }

        void anonymous(int w) {
            String cat = CATEGORIES.get(random.nextInt(CATEGORIES.size()));
            if (random.nextBoolean()) {
                feed(Identity.loyalty("L" + w), EventType.PURCHASE, e -> e.origin(Origin.STORE)
                        .line(cat + "-" + w, cat, 500 + 1_500 * random.nextInt(6), 1));
            } else {
                feed(Identity.cookie("ck" + w), EventType.PRODUCT_VIEW, e -> e.property("sku", cat + "-1")
                        .property("category", cat));
            }
        }

        void act(int w) {
            List<Identity> ids = identities(w);
            Identity who = random.nextInt(4) == 0 ? ids.get(random.nextInt(ids.size() - 1)) : email(w);
            String cat = CATEGORIES.get(random.nextInt(CATEGORIES.size()));
            int price = 500 + 1_500 * random.nextInt(6);
            switch (random.nextInt(10)) {
                case 0 -> feed(who, EventType.CONSENT_CHANGE, e -> e.property("channel",
                                KafkaTwin.CHANNELS.get(random.nextInt(3)).name()).property("purpose", "MARKETING")
                        .property("granted", random.nextInt(3) > 0));
                case 1 -> feed(who, EventType.PREFERENCE_DECLARED, e -> e.property("category", cat)
                        .property("interest", random.nextBoolean() ? "interested" : "not_interested"));
                case 2 -> feed(who, EventType.ATTRIBUTE_CONFIRMED, e -> e.property("attribute", "tier")
                        .property("value", random.nextBoolean() ? "gold" : "silver"));
                case 3, 4 -> feed(who, EventType.PURCHASE, e -> e.line(cat + "-" + price, cat, price, 1));
                case 5, 6 -> feed(who, EventType.CART_CHANGE, e -> e.line(cat + "-" + price, cat, price, 1));
                case 7 -> feed(who, EventType.PRODUCT_VIEW, e -> e.property("sku", cat + "-2").property("category", cat));
                case 8 -> feed(who, EventType.SUPPORT_CONTACT, e -> e.property("topic", "delivery"));
                default -> feed(who, random.nextInt(3) == 0 ? EventType.COMPLAINT : EventType.ATTRIBUTE_CONFIRMED,
                        e -> {
                            e.property("reason", "late");
                            e.property("attribute", "balcony").property("value", Value.of(random.nextBoolean()));
                        });
            }
        }

        void run(int actions) {
            for (int w = 0; w < CUSTOMERS; w++) {
                if (w % 2 == 0) {
                    signUp(w);
                } else {
                    anonymous(w);
                    pass(30);
                    anonymous(w);
                }
                pass(5 + random.nextInt(90));
            }
            for (int k = 0; k < actions; k++) {
                int w = random.nextInt(CUSTOMERS);
                if (!signedUp[w]) {
                    if (random.nextInt(3) == 0) {
                        signUp(w);
                    } else {
                        anonymous(w);
                    }
                } else {
                    act(w);
                }
                pass(1 + random.nextInt(random.nextInt(8) == 0 ? 1_800 : 240));
            }
            pass(4 * 24 * 60); // every wait ends
            twin.tick(now);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void sameCustomersTimersMessagesAndDeliveries(long seed) throws Exception {
        Instant start = ProgramWorkload.START;
        try (KafkaTwin twin = new KafkaTwin(ProgramWorkload.definitions(new HashSet<>(ProgramWorkload.SHAPES),
                (int) (seed % 4)), KafkaTwin.templates(), start)) {
            new Script(twin, seed, start).run(120);

            assertEquals(List.of(), twin.refusals, "nothing refused");
            assertEquals(twin.embeddedRecords(), twin.kafkaRecords(), "customer records");
            assertEquals(twin.embeddedTimers(), twin.kafkaTimers(), "timers");
            assertEquals(twin.embeddedMessages(), twin.kafkaMessages(), "messages");
            assertEquals(KafkaTwin.delivered(twin.embeddedChannels), KafkaTwin.delivered(twin.kafkaChannels),
                    "deliveries, in order");
            Set<String> survivors = new HashSet<>();
            for (int w = 0; w < CUSTOMERS; w++) {
                for (Identity i : identities(w)) {
                    String kafka = twin.kafkaCustomerOf(CommandJson.key(i));
                    var mine = twin.embeddedCustomerOf(i);
                    assertEquals(mine == null ? null : mine.value(), kafka, "customer of " + i);
                    if (kafka != null) {
                        survivors.add(kafka);
                    }
                }
            }
            int decided = twin.embeddedMessages().size();
            assertTrue(decided > 10, "the workload decides messages: " + decided);
            assertTrue(twin.embeddedRecords().size() < countStarts(), "customers were merged");
            assertTrue(!twin.changes.isEmpty(), "segment changes go out");
        }
    }

    /** More customers were started than survive: the anonymous ones merge at sign-up. */
    private static int countStarts() {
        return CUSTOMERS + CUSTOMERS / 2;
    }

}
