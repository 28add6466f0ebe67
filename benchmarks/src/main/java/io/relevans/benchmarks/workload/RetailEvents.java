package io.relevans.benchmarks.workload;

import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import java.time.Instant;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Makes one customer's retail events from a random source: product views, cart changes, purchases
 * with lines across categories, store visits, reviews, searches, support contacts, message outcomes,
 * and the profile events (attributes, consents, declared interests) a customer's history starts with.
 * Deterministic: the same random state gives the same events.
 */
final class RetailEvents {

    private RetailEvents() {
    }

    /** The profile events of a new customer, at the moment given. */
    static void profile(Identity who, Instant at, SplittableRandom r, java.util.List<Event> out) {
        out.add(attribute(who, at, "gender", r.nextInt(10) < 5 ? "female" : "male"));
        out.add(Event.builder(EventType.ATTRIBUTE_CONFIRMED, who, at).property("attribute", "age")
                .property("value", 18 + r.nextInt(60)).build());
        if (r.nextInt(10) < 4) {
            // the household attribute was often confirmed long ago (S20)
            out.add(attribute(who, at.minusSeconds(86_400L * r.nextInt(2_500)), "has_children", "yes"));
        }
        out.add(Event.builder(EventType.ATTRIBUTE_CONFIRMED, who, at).property("attribute", "birthday")
                .property("value", io.relevans.customer.Value.of(LocalDate.of(1950 + r.nextInt(55), 1 + r.nextInt(12),
                        1 + r.nextInt(28)))).build());
        if (r.nextInt(10) < 7) {
            out.add(consent(who, at, "email", r.nextInt(10) < 9));
        }
        if (r.nextInt(10) < 3) {
            out.add(consent(who, at, "sms", true));
        }
        if (r.nextInt(10) < 2) {
            out.add(Event.builder(EventType.PREFERENCE_DECLARED, who, at).property("category", category(r))
                    .property("interest", r.nextBoolean() ? "interested" : "not_interested").build());
        }
    }

    /** One activity event: the mix a retailer sees. */
    static Event activity(Identity who, Instant at, SplittableRandom r) {
        int roll = r.nextInt(100);
        Origin origin = origin(r);
        if (roll < 45) {
            String category = category(r);
            return Event.builder(EventType.PRODUCT_VIEW, who, at).origin(origin).property("sku", sku(r, category))
                    .property("category", category).property("price", price(r, category)).build();
        }
        if (roll < 57) {
            Event.Builder b = Event.builder(EventType.CART_CHANGE, who, at).origin(origin);
            lines(b, r, 1 + r.nextInt(3));
            return b.build();
        }
        if (roll < 67) {
            Event.Builder b = Event.builder(EventType.PURCHASE, who, at).origin(origin)
                    .property("order_id", "o" + Long.toHexString(r.nextLong()));
            if (origin == Origin.STORE) {
                b.property("store", store(r));
            }
            lines(b, r, 1 + r.nextInt(4));
            return b.build();
        }
        if (roll < 90) {
            return Event.builder(EventType.STORE_VISIT, who, at).origin(Origin.STORE).property("store", store(r)).build();
        }
        if (roll < 85) {
            return message(EventType.MESSAGE_DELIVERED, who, at, r);
        }
        if (roll < 91) {
            return message(EventType.MESSAGE_OPENED, who, at, r);
        }
        if (roll < 94) {
            return message(EventType.MESSAGE_CLICKED, who, at, r);
        }
        if (roll < 96) {
            return Event.builder(EventType.REVIEW, who, at).origin(origin).property("rating", 1 + r.nextInt(5)).build();
        }
        if (roll < 98) {
            String category = category(r);
            return Event.builder(EventType.SEARCH, who, at).origin(origin).property("query", category.replace('_', ' '))
                    .property("category", category).build();
        }
        if (roll < 99) {
            return Event.builder(EventType.SUPPORT_CONTACT, who, at).origin(Origin.SERVICE).property("topic", "delivery")
                    .property("satisfaction", 1 + r.nextInt(5)).build();
        }
        return consent(who, at, r.nextBoolean() ? "email" : "sms", r.nextInt(4) > 0);
    }

    /**
     * One event of the browsing a longer history adds: product views mostly (90%), searches (6%) and
     * cart changes (4%); no purchases, visits or messages.
     */
    static Event browsing(Identity who, Instant at, SplittableRandom r) {
        int roll = r.nextInt(100);
        Origin origin = r.nextInt(10) < 4 ? Origin.WEB : Origin.APP;
        String category = category(r);
        if (roll < 90) {
            return Event.builder(EventType.PRODUCT_VIEW, who, at).origin(origin).property("sku", sku(r, category))
                    .property("category", category).property("price", price(r, category)).build();
        }
        if (roll < 96) {
            return Event.builder(EventType.SEARCH, who, at).origin(origin).property("query", category.replace('_', ' '))
                    .property("category", category).build();
        }
        Event.Builder b = Event.builder(EventType.CART_CHANGE, who, at).origin(origin);
        lines(b, r, 1 + r.nextInt(2));
        return b.build();
    }

    private static Event attribute(Identity who, Instant at, String name, String value) {
        return Event.builder(EventType.ATTRIBUTE_CONFIRMED, who, at).property("attribute", name).property("value", value)
                .build();
    }

    private static Event consent(Identity who, Instant at, String channel, boolean granted) {
        return Event.builder(EventType.CONSENT_CHANGE, who, at).property("channel", channel)
                .property("purpose", "marketing").property("granted", granted).build();
    }

    private static Event message(EventType type, Identity who, Instant at, SplittableRandom r) {
        return Event.builder(type, who, at).origin(Origin.SYSTEM).property("message_id", "m" + r.nextInt(1_000_000))
                .property("channel", r.nextInt(4) == 0 ? "sms" : "email").property("program", "newsletter").build();
    }

    private static void lines(Event.Builder b, SplittableRandom r, int n) {
        for (int i = 0; i < n; i++) {
            String category = category(r);
            b.line(sku(r, category), category, price(r, category), 1 + (r.nextInt(5) == 0 ? 1 : 0));
        }
    }

    private static Origin origin(SplittableRandom r) {
        int o = r.nextInt(10);
        return o < 5 ? Origin.WEB : o < 8 ? Origin.APP : Origin.STORE;
    }

    private static String category(SplittableRandom r) {
        // a few categories sell much more than others
        int a = r.nextInt(Catalogue.CATEGORIES.size());
        int b = r.nextInt(Catalogue.CATEGORIES.size());
        return Catalogue.CATEGORIES.get(Math.min(a, b));
    }

    private static String sku(SplittableRandom r, String category) {
        return category.substring(0, Math.min(3, category.length())) + "-" + r.nextInt(200);
    }

    private static double price(SplittableRandom r, String category) {
        double min = Catalogue.minPrice(category);
        double max = Catalogue.maxPrice(category);
        return Math.round(min + (max - min) * r.nextDouble() * r.nextDouble() * 100) / 100.0;
    }

    private static String store(SplittableRandom r) {
        return Catalogue.STORES.get(r.nextInt(Catalogue.STORES.size()));
    }

    /** A well-mixed seed for one stream (a customer's history, the live stream) of a workload seed. */
    static long mix(long seed, long salt) {
        long z = seed + salt * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
