package io.relevans.examples.retailer;

import io.relevans.customer.Channel;
import io.relevans.customer.Identity;
import io.relevans.customer.Value;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import java.time.Duration;
import java.time.Instant;
import java.time.Month;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * How the simulated customers act, day by day, and how they answer the messages they get: browsing
 * sessions on the web and in the app, carts (some left behind), purchases online and in stores,
 * reviews, customer service contacts, complaints, changed minds about categories, and opens, clicks,
 * purchases, unsubscribes and survey answers after a message. Messages work: a customer who clicks is
 * more likely to buy, which the programs' control groups make visible. Deterministic for a seed.
 *
 * <p>Customers lapse as the BG/NBD model assumes: after each repeat purchase a customer stops with their
 * own {@link Shopper#dropout() chance}, and from the next day on makes no visit and no purchase of their
 * own. A lapsed customer still gets messages and opens fewer of them; one who buys after a message is
 * active again. Who had lapsed before go-live comes from the {@link PastOrders past orders}.
 */
final class Behaviour {

    /** A custom event type: the answer to a satisfaction survey. */
    static final EventType SURVEY_ANSWER = EventType.of("survey_answer");
    /** The chance that an online session puts something in the cart. */
    static final double CART = 0.35;
    /** The chance that a cart is bought at once. */
    static final double BUY_NOW = 0.45;
    /** The chance that a cart left behind is bought later without a reminder. */
    static final double COME_BACK = 0.10;
    /** The chance that an online session ends in a purchase (at once or later). */
    static final double ONLINE_PURCHASE = CART * (BUY_NOW + (1 - BUY_NOW) * COME_BACK);
    /** The chance that a store visit ends in a purchase. */
    static final double STORE_PURCHASE = 0.6;
    /** How much less often a lapsed customer opens a message than an active one. */
    static final double LAPSED_OPENS = 0.4;
    /** The lapse day of a shopper who has not lapsed. */
    static final int ACTIVE = Integer.MAX_VALUE;
    /** The last purchase day of a shopper who never bought. */
    static final int NEVER = Integer.MIN_VALUE;

    private final long seed;
    private final Instant start;
    private final Catalogue catalogue = Catalogue.nordhus();
    private final List<Shopper> shoppers;
    private final Agenda agenda;
    private final String[] openCart; // sku left in the cart, or null
    private final SplittableRandom reactions;
    /** Per shopper, the day (before the period, so negative) from which they had lapsed, or ACTIVE. */
    private final int[] lapsedBefore;
    /** Per shopper, the day of their last purchase (negative: before the period), or NEVER. */
    private final int[] lastPurchase;
    /** Per shopper whose state changed during the period: from which day they lapsed (true) or came back. */
    private final Map<Integer, TreeMap<Integer, Boolean>> changes = new HashMap<>();
    private long orders;

    /**
     * @param goLive who had bought and who had lapsed before the period, from the past orders
     */
    Behaviour(long seed, Instant start, List<Shopper> shoppers, Agenda agenda, PastOrders.AtGoLive goLive) {
        this.seed = seed;
        this.start = start;
        this.shoppers = shoppers;
        this.agenda = agenda;
        this.openCart = new String[shoppers.size()];
        this.reactions = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.lapsedBefore = new int[shoppers.size()];
        this.lastPurchase = new int[shoppers.size()];
        for (int i = 0; i < shoppers.size(); i++) {
            lapsedBefore[i] = goLive.lapsedFrom(i).orElse(ACTIVE);
            lastPurchase[i] = goLive.lastPurchase(i).orElse(NEVER);
        }
    }

    /**
     * Whether the shopper had lapsed on the day of the period (negative: before it): the simulation's truth,
     * which a prediction can only estimate.
     */
    boolean lapsed(int shopper, int day) {
        TreeMap<Integer, Boolean> changed = changes.get(shopper);
        Map.Entry<Integer, Boolean> last = changed == null ? null : changed.floorEntry(day);
        return last != null ? last.getValue() : day >= lapsedBefore[shopper];
    }

    /** The day of the period an instant is on. */
    private int day(Instant t) {
        return (int) Math.floorDiv(Duration.between(start, t).toSeconds(), 86_400L);
    }

    /**
     * The shopper buys at the moment: a repeat purchase day may be their last ({@link Shopper#dropout()});
     * a purchase after a message brings a lapsed customer back.
     */
    private void buys(Shopper s, Instant t, boolean afterMessage, SplittableRandom r) {
        int day = day(t);
        int i = s.index();
        if (afterMessage && lapsed(i, day)) {
            changes.computeIfAbsent(i, k -> new TreeMap<>()).put(day, false);
        }
        if (lastPurchase[i] != NEVER && lastPurchase[i] != day && r.nextDouble() < s.dropout()) {
            changes.computeIfAbsent(i, k -> new TreeMap<>()).put(day + 1, true);
        }
        lastPurchase[i] = day;
    }

    /** Plans what every shopper does on the day. */
    void plan(int day) {
        Instant midnight = start.plus(Duration.ofDays(day));
        Month month = midnight.atOffset(ZoneOffset.UTC).getMonth();
        for (Shopper s : shoppers) {
            if (s.joinDay() > day) {
                continue;
            }
            SplittableRandom r = new SplittableRandom(seed * 31 + (long) day * 1_000_003L + s.index());
            if (s.joinDay() == day) {
                signUp(s, at(midnight, r));
                continue;
            }
            if (lapsed(s.index(), day)) {
                continue; // gone: no visit, no purchase of their own
            }
            if (r.nextDouble() < s.onlineRate()) {
                session(s, at(midnight, r), month, r);
            }
            if (r.nextDouble() < s.storeRate()) {
                storeVisit(s, at(midnight, r), r);
            }
        }
    }

    private static Instant at(Instant midnight, SplittableRandom r) {
        return midnight.plus(Duration.ofMinutes(6 * 60 + r.nextInt(15 * 60))); // 06:00-21:00 UTC
    }

    private void signUp(Shopper s, Instant t) {
        Event.Builder signup = Event.builder(EventType.SIGNUP, s.emailIdentity(), t).origin(Origin.WEB);
        s.phone().map(Identity::phone).ifPresent(signup::link);
        s.loyaltyNumber().map(Identity::loyalty).ifPresent(signup::link);
        s.appLogin().map(Identity::login).ifPresent(signup::link);
        agenda.plan(s.index(), signup.build());
        Instant later = t.plusSeconds(1);
        for (String consent : s.consents()) {
            String[] parts = consent.split(":");
            agenda.plan(s.index(), Event.builder(EventType.CONSENT_CHANGE, s.emailIdentity(), later).origin(Origin.WEB)
                    .property("channel", parts[0]).property("purpose", parts[1]).property("granted", true).build());
        }
        confirm(s, later, "first_name", Value.of(s.firstName()));
        confirm(s, later, "birthday", Value.of(s.birthday()));
        if (!s.gender().isEmpty()) {
            confirm(s, later, "gender", Value.of(s.gender()));
        }
        if (!s.channels().isEmpty()) {
            agenda.plan(s.index(), Event.builder(EventType.PREFERENCE_DECLARED, s.emailIdentity(), later)
                    .origin(Origin.WEB).property("channels", String.join(",", s.channels().stream()
                            .map(Channel::name).toList())).build());
        }
    }

    private void confirm(Shopper s, Instant t, String attribute, Value value) {
        agenda.plan(s.index(), Event.builder(EventType.ATTRIBUTE_CONFIRMED, s.emailIdentity(), t).origin(Origin.WEB)
                .property("attribute", attribute).property("value", value).build());
    }

    private String category(Shopper s, Month month, SplittableRandom r) {
        String c = r.nextDouble() < 0.75 ? s.interests().get(r.nextInt(s.interests().size())) : catalogue.anyCategory(r);
        if (month == Month.NOVEMBER && r.nextDouble() < 0.08) {
            return "party_dresses"; // the party season
        }
        if (month != Month.SEPTEMBER && (c.equals("outdoor_furniture") || c.equals("tents")) && r.nextBoolean()) {
            return catalogue.anyCategory(r); // autumn: fewer look at garden and camping
        }
        return c;
    }

    private void session(Shopper s, Instant t, Month month, SplittableRandom r) {
        boolean app = r.nextDouble() < s.appShare();
        Origin origin = app ? Origin.APP : Origin.WEB;
        Identity who = app ? Identity.login(s.appLogin().orElseThrow()) : s.emailIdentity();
        String category = category(s, month, r);
        if (r.nextDouble() < 0.2) {
            agenda.plan(s.index(), Event.builder(EventType.SEARCH, who, t).origin(origin)
                    .property("query", category.replace('_', ' ')).property("category", category).build());
        }
        Catalogue.Product product = null;
        int views = 1 + r.nextInt(3);
        for (int v = 0; v < views; v++) {
            product = catalogue.pick(category, s.priceLean(), r);
            agenda.plan(s.index(), Event.builder(EventType.PRODUCT_VIEW, who, t.plusSeconds(60L * v + 5)).origin(origin)
                    .property("sku", product.sku()).property("category", category).property("price", product.price())
                    .build());
        }
        Instant after = t.plusSeconds(60L * views + 30);
        if (category.equals("party_dresses") && s.gender().equals("male") && r.nextDouble() < 0.3) {
            agenda.plan(s.index(), Event.builder(EventType.PREFERENCE_DECLARED, who, after).origin(origin)
                    .property("category", category).property("interest", "not_interested").build());
            return;
        }
        if (r.nextDouble() < CART) {
            agenda.plan(s.index(), Event.builder(EventType.CART_CHANGE, who, after).origin(origin)
                    .property("cart_id", "c" + s.index() + "-" + after.getEpochSecond())
                    .line(product.sku(), category, product.price(), 1).build());
            if (r.nextDouble() < BUY_NOW) {
                purchase(s, who, origin, after.plus(Duration.ofMinutes(3 + r.nextInt(20))), product, false, r);
            } else {
                openCart[s.index()] = product.sku();
                if (r.nextDouble() < COME_BACK) { // some come back by themselves
                    purchase(s, who, origin, after.plus(Duration.ofHours(6 + r.nextInt(5 * 24))), product, false, r);
                }
            }
        }
    }

    private void storeVisit(Shopper s, Instant t, SplittableRandom r) {
        String store = Population.STORES.get(Math.floorMod(s.index() + (r.nextDouble() < 0.8 ? 0 : r.nextInt(8)), 8));
        agenda.plan(s.index(), Event.builder(EventType.STORE_VISIT, s.storeIdentity(), t).origin(Origin.STORE)
                .property("store", store).property("app", s.appUser() && r.nextDouble() < 0.3).build());
        if (r.nextDouble() < STORE_PURCHASE) {
            String category = s.interests().get(r.nextInt(s.interests().size()));
            Event.Builder b = Event.builder(EventType.PURCHASE, s.storeIdentity(), t.plus(Duration.ofMinutes(20)))
                    .origin(Origin.STORE).property("store", store).property("order_id", "s" + (++orders));
            Catalogue.Product p = catalogue.pick(category, s.priceLean(), r);
            b.line(p.sku(), category, p.price(), 1);
            agenda.plan(s.index(), b.build());
            buys(s, t.plus(Duration.ofMinutes(20)), false, r);
            afterPurchase(s, t.plus(Duration.ofMinutes(20)), r);
        }
    }

    private void purchase(Shopper s, Identity who, Origin origin, Instant t, Catalogue.Product product,
                          boolean afterMessage, SplittableRandom r) {
        openCart[s.index()] = null;
        agenda.plan(s.index(), Event.builder(EventType.PURCHASE, who, t).origin(origin)
                .property("order_id", "o" + (++orders)).line(product.sku(), product.category(), product.price(), 1).build());
        buys(s, t, afterMessage, r);
        afterPurchase(s, t, r);
    }

    private void afterPurchase(Shopper s, Instant t, SplittableRandom r) {
        double x = r.nextDouble();
        if (x < 0.02) {
            agenda.plan(s.index(), Event.builder(EventType.COMPLAINT, s.serviceIdentity(),
                            t.plus(Duration.ofHours(48 + r.nextInt(8 * 24)))).origin(Origin.SERVICE)
                    .property("reason", r.nextBoolean() ? "delivery" : "quality").property("case_id", "k" + orders).build());
        } else if (x < 0.05) {
            agenda.plan(s.index(), Event.builder(EventType.SUPPORT_CONTACT, s.serviceIdentity(),
                            t.plus(Duration.ofHours(24 + r.nextInt(4 * 24)))).origin(Origin.SERVICE)
                    .property("topic", r.nextBoolean() ? "delivery" : "installation").build());
        } else if (x < 0.08) {
            agenda.plan(s.index(), Event.builder(EventType.REVIEW, s.emailIdentity(),
                            t.plus(Duration.ofDays(3 + r.nextInt(10)))).origin(Origin.WEB)
                    .property("rating", rating(r)).build());
        }
    }

    private static double rating(SplittableRandom r) {
        double x = r.nextDouble();
        return x < 0.08 ? 1 : x < 0.15 ? 2 : x < 0.30 ? 3 : x < 0.62 ? 4 : 5;
    }

    /**
     * The shopper got a message: they may open it, click it, unsubscribe, answer it and, if it worked,
     * buy.
     *
     * @param program the program that sent the message, which says what it is about
     */
    void received(Shopper s, String messageId, Channel channel, String program, Instant t) {
        SplittableRandom r = reactions;
        Identity who = channel.equals(Channel.SMS) ? s.serviceIdentity()
                : channel.equals(Channel.PUSH) ? Identity.login(s.appLogin().orElseThrow())
                : channel.equals(Channel.IN_STORE) ? s.storeIdentity() : s.emailIdentity();
        if (channel.equals(Channel.IN_STORE)) { // staff make the offer at the till
            if (r.nextDouble() < 0.25) {
                Catalogue.Product p = catalogue.pick("tv", s.priceLean(), r);
                purchase(s, who, Origin.STORE, t.plus(Duration.ofMinutes(10)), p, true, r);
            }
            return;
        }
        double open = (channel.equals(Channel.EMAIL) ? 0.45 : channel.equals(Channel.PUSH) ? 0.35 : 0.9)
                * (lapsed(s.index(), day(t)) ? LAPSED_OPENS : 1);
        if (r.nextDouble() >= open) {
            return;
        }
        Instant opened = t.plus(Duration.ofMinutes(5 + r.nextInt(8 * 60)));
        agenda.plan(s.index(), outcome(EventType.MESSAGE_OPENED, who, opened, messageId, channel, program));
        if (channel.equals(Channel.EMAIL) && r.nextDouble() < 0.01) {
            agenda.plan(s.index(), outcome(EventType.MESSAGE_UNSUBSCRIBED, who, opened.plusSeconds(30), messageId,
                    channel, program));
            return;
        }
        switch (program) {
            case "review_request", "washer_onboarding" -> {
                if (r.nextDouble() < 0.3) {
                    agenda.plan(s.index(), Event.builder(EventType.REVIEW, s.emailIdentity(), opened.plusSeconds(120))
                            .origin(Origin.WEB).property("rating", rating(r)).build());
                }
                return;
            }
            case "satisfaction" -> {
                if (r.nextDouble() < CART) {
                    agenda.plan(s.index(), Event.builder(SURVEY_ANSWER, who, opened.plusSeconds(60)).origin(Origin.WEB)
                            .property("score", 1 + r.nextInt(5)).property("message_id", messageId).build());
                }
                return;
            }
            case "reconfirm_children" -> {
                if (r.nextDouble() < 0.4) {
                    boolean children = s.hasChildren().orElse(false) || r.nextDouble() < 0.1;
                    agenda.plan(s.index(), Event.builder(EventType.ATTRIBUTE_CONFIRMED, s.emailIdentity(),
                                    opened.plusSeconds(60)).origin(Origin.WEB).property("attribute", "has_children")
                            .property("value", children).build());
                }
                return;
            }
            default -> {
            }
        }
        if (r.nextDouble() >= 0.3) {
            return;
        }
        Instant clicked = opened.plusSeconds(20);
        agenda.plan(s.index(), outcome(EventType.MESSAGE_CLICKED, who, clicked, messageId, channel, program));
        String cart = openCart[s.index()];
        double buys = program.equals("abandoned_cart") ? 0.45 : program.equals("complaint_care") ? 0 : 0.2;
        if (r.nextDouble() < buys) {
            Catalogue.Product p = cart != null && program.equals("abandoned_cart") ? product(cart)
                    : catalogue.pick(s.interests().get(r.nextInt(s.interests().size())), s.priceLean(), r);
            Origin origin = channel.equals(Channel.PUSH) ? Origin.APP : Origin.WEB;
            Identity buyer = origin == Origin.APP ? who : s.emailIdentity();
            purchase(s, buyer, origin, clicked.plus(Duration.ofMinutes(2 + r.nextInt(48 * 60))), p, true, r);
        }
    }

    private Catalogue.Product product(String sku) {
        String category = sku.substring(0, sku.lastIndexOf('-'));
        return catalogue.products(category).stream().filter(p -> p.sku().equals(sku)).findFirst().orElseThrow();
    }

    private static Event outcome(EventType type, Identity who, Instant t, String messageId, Channel channel,
                                 String program) {
        return Event.builder(type, who, t).origin(Origin.SYSTEM).property("message_id", messageId)
                .property("channel", channel.name()).property("program", program).build();
    }
}
