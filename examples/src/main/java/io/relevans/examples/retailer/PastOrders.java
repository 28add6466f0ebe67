package io.relevans.examples.retailer;

import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import io.relevans.json.EventJson;
import io.relevans.prediction.PurchaseHistory;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * The orders of the year before go-live, as the retailer's old order system hands them over: what the
 * customers of the old CRM bought online and in the stores, one purchase event per order, in time order.
 * Drawn from each customer's own behaviour and deterministic for a seed:
 *
 * <ul>
 * <li>{@value #NEVER_BOUGHT_PERCENT}% of the customers never bought (newsletter and loyalty sign-ups); every
 * other one made a first purchase on a day spread evenly over the year, online or in a store in proportion to
 * how they shop;</li>
 * <li>from then on, each day, an online purchase with the chance that one of their sessions ends in one and a
 * store purchase with the chance that one of their store visits does ({@link Behaviour#ONLINE_PURCHASE},
 * {@link Behaviour#STORE_PURCHASE}): the rates they keep after go-live;</li>
 * <li>after each repeat purchase day they lapse with their own {@link Shopper#dropout() chance} and buy nothing
 * more, the process the BG/NBD model assumes, so some had lapsed before go-live.</li>
 * </ul>
 *
 * Who had lapsed, and each customer's purchase history as the engine's prediction features fold it, are
 * returned for the simulation to go on from and for the report's calibration.
 */
final class PastOrders {

    /** How far back the orders go, in days before go-live. */
    static final int DAYS = 365;
    /** The share (%) of the old CRM's customers who never bought. */
    static final int NEVER_BOUGHT_PERCENT = 15;

    private PastOrders() {
    }

    /**
     * What the past orders left at go-live, per shopper by index. Days are days of the period: -1 is the day
     * before go-live.
     */
    static final class AtGoLive {
        private final int[] firstPurchase;
        private final int[] lastPurchase;
        private final int[] lapsedFrom;
        private final PurchaseHistory[] histories;
        private final long orders;

        private AtGoLive(int[] firstPurchase, int[] lastPurchase, int[] lapsedFrom, PurchaseHistory[] histories,
                         long orders) {
            this.firstPurchase = firstPurchase;
            this.lastPurchase = lastPurchase;
            this.lapsedFrom = lapsedFrom;
            this.histories = histories;
            this.orders = orders;
        }

        /** The day of the shopper's last purchase before go-live, if they bought. */
        OptionalInt lastPurchase(int shopper) {
            int d = lastPurchase[shopper];
            return d == Behaviour.NEVER ? OptionalInt.empty() : OptionalInt.of(d);
        }

        /** The day from which the shopper had lapsed (0 or before), if they had. */
        OptionalInt lapsedFrom(int shopper) {
            int d = lapsedFrom[shopper];
            return d == Behaviour.ACTIVE ? OptionalInt.empty() : OptionalInt.of(d);
        }

        /** The shopper's purchase days and spend before go-live, as the prediction features fold them. */
        Optional<PurchaseHistory> history(int shopper) {
            return Optional.ofNullable(histories[shopper]);
        }

        /** Orders in all. */
        long orders() {
            return orders;
        }

        /** Customers with at least one order. */
        int buyers() {
            int n = 0;
            for (int d : firstPurchase) {
                n += d == Behaviour.NEVER ? 0 : 1;
            }
            return n;
        }

        /** Customers with a purchase on more than one day. */
        int repeatBuyers() {
            int n = 0;
            for (PurchaseHistory h : histories) {
                n += h != null && h.purchaseDays() > 1 ? 1 : 0;
            }
            return n;
        }

        /** Customers who had lapsed by go-live (the simulation's truth). */
        int lapsed() {
            int n = 0;
            for (int d : lapsedFrom) {
                n += d == Behaviour.ACTIVE ? 0 : 1;
            }
            return n;
        }
    }

    /**
     * Draws the orders of the year before {@code start} and writes them as JSON lines, in time order.
     *
     * @param zone the zone whose days count as one purchase day for the prediction features
     */
    static AtGoLive write(long seed, Instant start, List<Shopper> shoppers, ZoneId zone, Writer out) throws IOException {
        Objects.requireNonNull(out, "out");
        Catalogue catalogue = Catalogue.nordhus();
        int n = shoppers.size();
        SplittableRandom[] random = new SplittableRandom[n];
        int[] first = new int[n];
        int[] last = new int[n];
        int[] lapsed = new int[n];
        PurchaseHistory[] histories = new PurchaseHistory[n];
        double[] onlineChance = new double[n]; // the day loop reads arrays, not the shoppers
        double[] storeChance = new double[n];
        double[] dropout = new double[n];
        for (int i = 0; i < n; i++) {
            Shopper s = shoppers.get(i);
            onlineChance[i] = s.onlineRate() * Behaviour.ONLINE_PURCHASE;
            storeChance[i] = s.storeRate() * Behaviour.STORE_PURCHASE;
            dropout[i] = s.dropout();
            random[i] = new SplittableRandom(seed * 1_000_003L + i + 0x6A09E667F3BCC909L);
            boolean buyer = shoppers.get(i).joinDay() < 0 && random[i].nextInt(100) >= NEVER_BOUGHT_PERCENT;
            first[i] = buyer ? -DAYS + random[i].nextInt(DAYS) : Behaviour.NEVER;
            last[i] = Behaviour.NEVER;
            lapsed[i] = Behaviour.ACTIVE;
        }
        long orders = 0;
        List<Order> today = new ArrayList<>();
        for (int day = -DAYS; day < 0; day++) {
            Instant midnight = start.plus(Duration.ofDays(day));
            for (int i = 0; i < n; i++) {
                if (first[i] == Behaviour.NEVER || first[i] > day || lapsed[i] <= day) {
                    continue;
                }
                SplittableRandom r = random[i];
                boolean online;
                boolean store;
                if (day == first[i]) { // the first purchase: where they shop more
                    online = r.nextDouble() * (onlineChance[i] + storeChance[i]) < onlineChance[i];
                    store = !online;
                } else {
                    online = r.nextDouble() < onlineChance[i];
                    store = r.nextDouble() < storeChance[i];
                }
                if (!online && !store) {
                    continue;
                }
                Shopper s = shoppers.get(i);
                if (online) {
                    today.add(new Order(online(s, at(midnight, r), "h" + (++orders), catalogue, r), i));
                }
                if (store) {
                    today.add(new Order(inStore(s, at(midnight, r), "h" + (++orders), catalogue, r), i));
                }
                if (day != first[i] && r.nextDouble() < dropout[i]) {
                    lapsed[i] = day + 1; // that repeat purchase was the last
                }
                last[i] = day;
            }
            today.sort(Comparator.comparing((Order o) -> o.event().time())); // stable: ties keep the shoppers' order
            for (Order o : today) {
                out.write(EventJson.write(o.event()));
                out.write('\n');
                double amount = Math.max(0, o.event().total()); // as the engine's purchase summary folds it
                PurchaseHistory h = histories[o.shopper()];
                histories[o.shopper()] = h == null ? PurchaseHistory.first(o.event().time(), amount, zone)
                        : h.with(o.event().time(), amount);
            }
            today.clear();
        }
        return new AtGoLive(first, last, lapsed, histories, orders);
    }

    /** An order and the shopper who placed it. */
    private record Order(Event event, int shopper) {
    }

    private static Instant at(Instant midnight, SplittableRandom r) {
        return midnight.plus(Duration.ofMinutes(6 * 60 + r.nextInt(15 * 60))); // 06:00-21:00 UTC, as after go-live
    }

    private static Event online(Shopper s, Instant t, String orderId, Catalogue catalogue, SplittableRandom r) {
        boolean app = r.nextDouble() < s.appShare();
        Identity who = app ? Identity.login(s.appLogin().orElseThrow()) : s.emailIdentity();
        String category = r.nextDouble() < 0.75 ? s.interests().get(r.nextInt(s.interests().size()))
                : catalogue.anyCategory(r);
        Catalogue.Product p = catalogue.pick(category, s.priceLean(), r);
        return Event.builder(EventType.PURCHASE, who, t).origin(app ? Origin.APP : Origin.WEB)
                .property("order_id", orderId).line(p.sku(), category, p.price(), 1).build();
    }

    private static Event inStore(Shopper s, Instant t, String orderId, Catalogue catalogue, SplittableRandom r) {
        String store = Population.STORES.get(Math.floorMod(s.index() + (r.nextDouble() < 0.8 ? 0 : r.nextInt(8)), 8));
        String category = s.interests().get(r.nextInt(s.interests().size()));
        Catalogue.Product p = catalogue.pick(category, s.priceLean(), r);
        return Event.builder(EventType.PURCHASE, s.storeIdentity(), t).origin(Origin.STORE).property("store", store)
                .property("order_id", orderId).line(p.sku(), category, p.price(), 1).build();
    }
}
