package io.relevans.program;

import io.relevans.customer.Channel;
import io.relevans.customer.Identity;
import io.relevans.customer.Purpose;
import io.relevans.customer.Value;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A customer base's weeks for the Kafka runtime's tests, seeded: customers first known by a loyalty card
 * or a cookie who merge when they sign up, consents, purchases, carts, views, preferences, support
 * contacts, complaints, with the hours between them ticking. Fed to a {@link Sink}: both engines of a
 * twin, or a producer to a broker.
 */
final class StreamWorkload {

    /** Where the workload goes: events, and the moments at which time has passed (ticks). */
    interface Sink {
        /** An event, at its time. */
        void feed(Event event);

        /** Time passed to the moment. */
        void tick(Instant at);
    }

    static final int CUSTOMERS = 6;
    private static final List<String> CATEGORIES = ProgramWorkload.CATEGORIES;

    static Identity email(int w) {
        return Identity.email("g" + w + "@example.com");
    }

    static List<Identity> identities(int w) {
        return List.of(email(w), Identity.loyalty("L" + w), Identity.phone("+47 4000 00" + w), Identity.login("g" + w),
                Identity.cookie("ck" + w));
    }

    private final Sink sink;
    private final boolean mixedIdentities;
    final Random random;
    final boolean[] signedUp = new boolean[CUSTOMERS];
    Instant now;

    /**
     * @param mixedIdentities whether signed-up customers also come in by their other identities (phone,
     *                        loyalty card...); without, each customer's events after sign-up name their email,
     *                        so they reach the customer in the order they were fed on any runtime
     */
    StreamWorkload(Sink sink, long seed, Instant start, boolean mixedIdentities) {
        this.sink = sink;
        this.mixedIdentities = mixedIdentities;
        this.random = new Random(seed);
        this.now = start;
    }

    void feed(Identity who, EventType type, Consumer<Event.Builder> details) {
        Event.Builder b = Event.builder(type, who, now).origin(Origin.WEB);
        details.accept(b);
        sink.feed(b.build());
    }

    /** Lets minutes pass, ticking every hour on the way. */
    void pass(int minutes) {
        int left = minutes;
        while (left > 60) {
            now = now.plus(Duration.ofMinutes(60));
            sink.tick(now);
            left -= 60;
        }
        now = now.plus(Duration.ofMinutes(left));
    }

    void signUp(int w) {
        signedUp[w] = true;
        List<Identity> ids = identities(w);
        feed(email(w), EventType.SIGNUP, e -> ids.subList(1, ids.size()).forEach(e::link));
        for (Channel c : KafkaTwin.CHANNELS) {
            for (Purpose p : ProgramWorkload.PURPOSES) {
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
        Identity who = mixedIdentities && random.nextInt(4) == 0 ? ids.get(random.nextInt(ids.size() - 1)) : email(w);
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
        run(actions, true);
    }

    /**
     * Signs customers up or lets them act anonymously, then the actions.
     *
     * @param settle whether four days pass at the end (every wait ends), with a tick
     */
    void run(int actions, boolean settle) {
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
        if (settle) {
            pass(4 * 24 * 60); // every wait ends
            sink.tick(now);
        }
    }
}
