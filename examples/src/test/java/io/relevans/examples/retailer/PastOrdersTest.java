package io.relevans.examples.retailer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.json.EventJson;
import io.relevans.prediction.PurchaseHistory;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The year of orders before go-live: deterministic, plausible, and what the go-live state says it is. */
class PastOrdersTest {

    private static final Instant START = Instant.parse("2026-09-01T00:00:00Z");

    private static String orders(long seed, List<Shopper> shoppers, PastOrders.AtGoLive[] state) throws Exception {
        StringWriter out = new StringWriter();
        state[0] = PastOrders.write(seed, START, shoppers, ZoneOffset.UTC, out);
        return out.toString();
    }

    @Test
    void theSameSeedGivesTheSameOrders() throws Exception {
        List<Shopper> shoppers = Population.generate(5, 500, 91);
        PastOrders.AtGoLive[] a = new PastOrders.AtGoLive[1];
        PastOrders.AtGoLive[] b = new PastOrders.AtGoLive[1];
        assertEquals(orders(5, shoppers, a), orders(5, shoppers, b));
        List<Shopper> others = Population.generate(6, 500, 91);
        assertFalse(orders(5, shoppers, a).equals(orders(6, others, b)), "another seed, other orders");
    }

    @Test
    void purchasesOfTheYearBeforeGoLiveInTimeOrderFromTheBuyersOwnRates() throws Exception {
        List<Shopper> shoppers = Population.generate(2026, 4_000, 91);
        PastOrders.AtGoLive[] state = new PastOrders.AtGoLive[1];
        String text = orders(2026, shoppers, state);
        PastOrders.AtGoLive goLive = state[0];
        List<Event> events = text.lines().map(EventJson::read).toList();
        assertEquals(goLive.orders(), events.size());
        Instant earliest = START.minusSeconds(86_400L * PastOrders.DAYS);
        Instant previous = earliest;
        for (Event e : events) {
            assertEquals(EventType.PURCHASE, e.type());
            assertTrue(!e.time().isBefore(previous) && e.time().isBefore(START), "in time order, before go-live: " + e);
            assertTrue(e.total() > 0, "every order is worth something");
            previous = e.time();
        }

        long existing = shoppers.stream().filter(s -> s.joinDay() < 0).count();
        double buyers = goLive.buyers() / (double) existing;
        assertTrue(Math.abs(buyers - 0.85) < 0.03, "about 85% of the old CRM's customers bought: " + buyers);
        assertTrue(goLive.repeatBuyers() > goLive.buyers() / 3, "many bought on more than one day: " + goLive.repeatBuyers());
        assertTrue(goLive.lapsed() > goLive.buyers() / 10 && goLive.lapsed() < goLive.buyers() / 2,
                "some, not most, had lapsed: " + goLive.lapsed() + " of " + goLive.buyers());

        double fastRepeat = 0;
        double slowRepeat = 0;
        int fast = 0;
        int slow = 0;
        for (Shopper s : shoppers) {
            if (s.joinDay() >= 0) {
                assertTrue(goLive.history(s.index()).isEmpty(), "who signs up during the period had not bought before");
                continue;
            }
            PurchaseHistory h = goLive.history(s.index()).orElse(null);
            assertEquals(h == null, goLive.lastPurchase(s.index()).isEmpty());
            if (h == null) {
                assertTrue(goLive.lapsedFrom(s.index()).isEmpty(), "only buyers lapse");
                continue;
            }
            assertEquals(START.atZone(ZoneOffset.UTC).toLocalDate().plusDays(goLive.lastPurchase(s.index()).getAsInt()),
                    h.lastDay());
            goLive.lapsedFrom(s.index()).ifPresent(day -> {
                assertTrue(day <= 0, "lapsed before go-live");
                assertEquals(goLive.lastPurchase(s.index()).getAsInt() + 1, day, "lapsed after their last purchase");
                assertTrue(h.purchaseDays() > 1, "a customer lapses after a repeat purchase");
            });
            double perDay = (h.purchaseDays() - 1) / (double) Math.max(1, h.lastDay().toEpochDay() - h.firstDay().toEpochDay());
            if (s.onlineRate() > 0.05) {
                fastRepeat += perDay;
                fast++;
            } else if (s.onlineRate() < 0.006 && s.storeRate() < 0.004) {
                slowRepeat += perDay;
                slow++;
            }
        }
        assertTrue(fastRepeat / fast > 2 * slowRepeat / slow, "frequent visitors buy more often: " + fastRepeat / fast
                + " against " + slowRepeat / slow + " repeat purchase days a day");
    }
}
