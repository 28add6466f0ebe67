package io.relevans.internal.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Category;
import io.relevans.customer.Identity;
import io.relevans.customer.Value;
import io.relevans.definition.Feature;
import io.relevans.definition.Features;
import io.relevans.definition.Operator;
import io.relevans.definition.PriceRange;
import io.relevans.definition.PropertyFilter;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import io.relevans.spi.FeatureState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Hand-computed examples of every feature kind, maintained incrementally by {@link FeaturePlan}. */
class FeatureExamplesTest {

    private static final Identity WHO = Identity.email("kari@example.no");
    /** A Sunday, midnight UTC: the start of a day bucket. */
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final long DAY = 86_400_000L;
    private static final long HOUR = 3_600_000L;
    private static final EventType SCAN = EventType.of("loyalty_scan");
    private static final Map<Category, PriceRange> RANGES = Map.of(
            Category.of("tv"), new PriceRange(Category.of("tv"), 1000, 3000),
            Category.of("phones"), new PriceRange(Category.of("phones"), 100, 900));

    // ---------------------------------------------------------------- helpers

    private static Instant at(long millisFromT0) {
        return T0.plusMillis(millisFromT0);
    }

    private static long ms(Instant t) {
        return t.toEpochMilli();
    }

    private static Event.Builder event(EventType type, long millisFromT0) {
        return Event.builder(type, WHO, at(millisFromT0));
    }

    private static Event purchase(long millisFromT0, Origin origin, String... lines) {
        Event.Builder b = event(EventType.PURCHASE, millisFromT0).origin(origin);
        for (int i = 0; i < lines.length; i++) {
            String[] p = lines[i].split(":"); // category:price:quantity
            b.line("sku-" + i + "-" + p[0], p[0], Double.parseDouble(p[1]), Integer.parseInt(p[2]));
        }
        return b.build();
    }

    private static Event purchase(long millisFromT0, String... lines) {
        return purchase(millisFromT0, Origin.WEB, lines);
    }

    private static Event review(long millisFromT0, int rating) {
        return event(EventType.REVIEW, millisFromT0).property("rating", rating).build();
    }

    private static FeaturePlan plan(Feature... features) {
        return FeaturePlan.compile(List.of(features), RANGES);
    }

    /** Applies the events in order, each at its own time or at the given ingestion moment if later. */
    private static FeatureState ingest(FeaturePlan plan, FeatureState state, long nowFloor, Event... events) {
        for (Event e : events) {
            state = plan.apply(state, e, Math.max(ms(e.time()), nowFloor));
        }
        return state;
    }

    private static FeatureState ingest(FeaturePlan plan, Event... events) {
        return ingest(plan, FeatureState.EMPTY, Long.MIN_VALUE, events);
    }

    private static double value(FeaturePlan plan, FeatureState state, Feature f, long millisFromT0) {
        int i = plan.indexOf(f);
        assertTrue(i >= 0, "feature in plan: " + f.describe());
        return plan.values(state, ms(at(millisFromT0)))[i];
    }

    private static void assertNoValue(double v) {
        assertTrue(Double.isNaN(v), "expected no value, got " + v);
    }

    // ---------------------------------------------------------------- count

    @Nested
    class Count {
        @Test
        @DisplayName("count with an event-level filter counts only the events that pass it")
        void eventLevelFilter() {
            Feature all = Features.count(EventType.PURCHASE);
            Feature oslo = Features.count(EventType.PURCHASE).where("store", "oslo");
            Feature lowRatings = Features.count(EventType.REVIEW).where("rating", Operator.LE, 2);
            FeaturePlan plan = plan(all, oslo, lowRatings);
            FeatureState s = ingest(plan,
                    event(EventType.PURCHASE, 0).property("store", "oslo").line("a", "tv", 1000, 1).build(),
                    event(EventType.PURCHASE, HOUR).property("store", "bergen").line("b", "tv", 1000, 1).build(),
                    event(EventType.PURCHASE, 2 * HOUR).line("c", "tv", 1000, 1).build(),
                    review(3 * HOUR, 1), review(4 * HOUR, 2), review(5 * HOUR, 3), review(6 * HOUR, 5));
            double[] v = plan.values(s, ms(at(DAY)));
            assertArrayEquals(new double[] {3, 1, 2}, v);
        }

        @Test
        @DisplayName("count with a line filter counts the matching lines, not the events")
        void lineLevelFilter() {
            Feature tvLines = Features.count(EventType.PURCHASE).where("line.category", "tv");
            Feature notTv = Features.count(EventType.PURCHASE).where(new PropertyFilter("line.category", Operator.NE,
                    Value.of("tv")));
            Feature events = Features.count(EventType.PURCHASE);
            FeaturePlan plan = plan(tvLines, notTv, events);
            FeatureState s = ingest(plan,
                    purchase(0, "tv:1000:2", "tv:500:1", "phones:300:1"),
                    purchase(HOUR, "phones:200:1"),
                    purchase(2 * HOUR, "tv:1500:1"));
            assertArrayEquals(new double[] {3, 2, 3}, plan.values(s, ms(at(DAY))));
        }

        @Test
        void count_nothingIngested_isZero() {
            FeaturePlan plan = plan(Features.count(EventType.PURCHASE).within(Window.days(30)));
            assertArrayEquals(new double[] {0}, plan.values(FeatureState.EMPTY, ms(T0)));
        }

        @Test
        @DisplayName("count filtered on origin counts only events from that touchpoint")
        void originFilter() {
            Feature inStore = Features.count(EventType.PURCHASE).where("origin", "store");
            Feature notWeb = Features.count(EventType.PURCHASE).where(new PropertyFilter("origin", Operator.NE,
                    Value.of("web")));
            FeaturePlan plan = plan(inStore, notWeb);
            FeatureState s = ingest(plan,
                    purchase(0, Origin.STORE, "tv:1000:1"),
                    purchase(HOUR, Origin.WEB, "tv:1000:1"),
                    purchase(2 * HOUR, Origin.APP, "tv:1000:1"),
                    purchase(3 * HOUR, Origin.STORE, "tv:1000:1"));
            assertArrayEquals(new double[] {2, 3}, plan.values(s, ms(at(DAY))));
        }
    }

    // ---------------------------------------------------------------- sum, min, max

    @Nested
    class SumMinMax {
        private final Event first = purchase(0, "tv:1000:2", "phones:300:1");
        private final Event second = purchase(HOUR, "tv:500:1");

        @Test
        @DisplayName("sum of line.amount adds price x quantity of the matching lines")
        void sumLineAmount() {
            Feature tv = Features.sum(EventType.PURCHASE, "line.amount").where("line.category", "tv");
            Feature all = Features.sum(EventType.PURCHASE, "line.amount");
            FeaturePlan plan = plan(tv, all);
            FeatureState s = ingest(plan, first, second);
            assertArrayEquals(new double[] {2500, 2800}, plan.values(s, ms(at(DAY))));
        }

        @Test
        @DisplayName("sum of total adds each purchase's total once, not per line")
        void sumTotal() {
            Feature total = Features.sum(EventType.PURCHASE, "total").within(Window.days(30));
            Feature bigOrders = Features.sum(EventType.PURCHASE, "total").where("total", Operator.GT, 1000);
            FeaturePlan plan = plan(total, bigOrders);
            FeatureState s = ingest(plan, first, second);
            assertArrayEquals(new double[] {2800, 2300}, plan.values(s, ms(at(DAY))));
        }

        @Test
        void sum_nothingIngested_isZero() {
            FeaturePlan plan = plan(Features.sum(EventType.PURCHASE, "total"));
            assertArrayEquals(new double[] {0}, plan.values(FeatureState.EMPTY, ms(T0)));
        }

        @Test
        void minAndMax_ofLinePrice_areTheExtremesOverAllLines() {
            Feature min = Features.min(EventType.PURCHASE, "line.price");
            Feature max = Features.max(EventType.PURCHASE, "line.price");
            Feature maxQuantity = Features.max(EventType.PURCHASE, "line.quantity").within(Window.days(7));
            FeaturePlan plan = plan(min, max, maxQuantity);
            FeatureState s = ingest(plan, first, second);
            assertArrayEquals(new double[] {300, 1000, 2}, plan.values(s, ms(at(DAY))));
        }

        @Test
        void minAndMax_nothingMatches_haveNoValue() {
            Feature min = Features.min(EventType.PURCHASE, "line.price").where("line.category", "toys");
            Feature max = Features.max(EventType.REVIEW, "rating");
            FeaturePlan plan = plan(min, max);
            FeatureState s = ingest(plan, first, second);
            double[] v = plan.values(s, ms(at(DAY)));
            assertNoValue(v[0]);
            assertNoValue(v[1]);
        }

        @Test
        void minAndMax_afterTheExtremeLeavesTheWindow_fallBackToTheRest() {
            Feature min = Features.min(EventType.REVIEW, "rating").within(Window.days(2));
            Feature max = Features.max(EventType.REVIEW, "rating").within(Window.days(2));
            FeaturePlan plan = plan(min, max);
            FeatureState s = ingest(plan, review(0, 1), review(DAY + HOUR, 4), review(DAY + 2 * HOUR, 3));
            assertArrayEquals(new double[] {1, 4}, plan.values(s, ms(at(DAY + 3 * HOUR))));
            assertArrayEquals(new double[] {3, 4}, plan.values(s, ms(at(2 * DAY))));
            double[] gone = plan.values(s, ms(at(3 * DAY)));
            assertNoValue(gone[0]);
            assertNoValue(gone[1]);
        }
    }

    // ---------------------------------------------------------------- last

    @Nested
    class Last {
        private final Feature last = Features.last(EventType.REVIEW, "rating");

        @Test
        void last_takesTheNewestEventTime_notTheLastIngested() {
            FeaturePlan plan = plan(last);
            // rating 5 happened between the others but arrives last
            FeatureState s = ingest(plan, FeatureState.EMPTY, ms(at(3 * HOUR)),
                    review(HOUR, 4), review(3 * HOUR, 2), review(2 * HOUR, 5));
            assertEquals(2, value(plan, s, last, DAY));
        }

        @Test
        @DisplayName("last with two events at the same time takes the one ingested later")
        void tieOnEqualTimes_laterIngestedWins() {
            FeaturePlan plan = plan(last);
            FeatureState threeThenOne = ingest(plan, review(HOUR, 3), review(HOUR, 1));
            FeatureState oneThenThree = ingest(plan, review(HOUR, 1), review(HOUR, 3));
            assertEquals(1, value(plan, threeThenOne, last, DAY));
            assertEquals(3, value(plan, oneThenThree, last, DAY));
        }

        @Test
        void last_perLine_takesTheLastLineOfTheNewestPurchase() {
            Feature lastTvPrice = Features.last(EventType.PURCHASE, "line.price").where("line.category", "tv");
            FeaturePlan plan = plan(lastTvPrice);
            FeatureState s = ingest(plan, purchase(0, "tv:900:1"), purchase(HOUR, "tv:1200:1", "tv:800:1",
                    "phones:100:1"), purchase(2 * HOUR, "phones:300:1"));
            assertEquals(800, value(plan, s, lastTvPrice, DAY));
        }

        @Test
        void last_newestEventLeftTheWindow_fallsBackToTheNewestInside() {
            Feature windowed = Features.last(EventType.REVIEW, "rating").within(Window.hours(2));
            FeaturePlan plan = plan(windowed);
            FeatureState s = ingest(plan, review(10 * HOUR, 5), review(11 * HOUR + 30 * 60_000, 2));
            assertEquals(2, value(plan, s, windowed, 12 * HOUR + 59 * 60_000));
            assertNoValue(value(plan, s, windowed, 13 * HOUR));
        }
    }

    // ---------------------------------------------------------------- windows

    @Nested
    class Windows {
        @Test
        @DisplayName("a 3-day window counts today and the two days before; an event drops out at the midnight its day leaves")
        void daysWindowSlides() {
            Feature f = Features.count(EventType.PURCHASE).within(Window.days(3));
            FeaturePlan plan = plan(f);
            FeatureState s = ingest(plan,
                    purchase(10 * HOUR, "tv:1000:1"), // day 0
                    purchase(DAY + 23 * HOUR, "tv:1000:1"), // day 1
                    purchase(2 * DAY + 30 * 60_000, "tv:1000:1")); // day 2
            assertEquals(3, value(plan, s, f, 2 * DAY + 12 * HOUR));
            assertEquals(3, value(plan, s, f, 3 * DAY - 1));
            assertEquals(2, value(plan, s, f, 3 * DAY));
            assertEquals(2, value(plan, s, f, 4 * DAY - 1));
            assertEquals(1, value(plan, s, f, 4 * DAY));
            assertEquals(1, value(plan, s, f, 5 * DAY - 1));
            assertEquals(0, value(plan, s, f, 5 * DAY));
            assertEquals(0, value(plan, s, f, 400 * DAY));
        }

        @Test
        @DisplayName("an hour window moves one hour bucket at a time")
        void hoursWindowSlides() {
            Feature f = Features.sum(EventType.PURCHASE, "total").within(Window.hours(2));
            FeaturePlan plan = plan(f);
            FeatureState s = ingest(plan, purchase(10 * HOUR + 15 * 60_000, "tv:100:1"),
                    purchase(11 * HOUR + 45 * 60_000, "tv:20:1"));
            assertEquals(120, value(plan, s, f, 11 * HOUR + 59 * 60_000));
            assertEquals(20, value(plan, s, f, 12 * HOUR));
            assertEquals(20, value(plan, s, f, 13 * HOUR - 1));
            assertEquals(0, value(plan, s, f, 13 * HOUR));
        }

        @Test
        @DisplayName("a window over 400 days uses week buckets aligned to the epoch")
        void weekBuckets() {
            Window w = Window.days(420); // 60 weeks
            assertEquals(Duration.ofDays(7), w.bucket());
            Feature f = Features.count(EventType.PURCHASE).within(w);
            FeaturePlan plan = plan(f);
            long weekStart = Math.floorDiv(ms(T0), 7 * DAY) * 7 * DAY - ms(T0); // relative to T0
            FeatureState s = ingest(plan, purchase(weekStart + 3 * DAY, "tv:1000:1"));
            long leaves = weekStart + 60 * 7 * DAY;
            assertEquals(1, value(plan, s, f, leaves - 1));
            assertEquals(0, value(plan, s, f, leaves));
        }

        @Test
        @DisplayName("an event in the future counts only from its own bucket on")
        void futureEventCountsFromItsBucket() {
            Feature f = Features.count(EventType.PURCHASE).within(Window.days(2));
            FeaturePlan plan = plan(f);
            FeatureState s = plan.apply(FeatureState.EMPTY, purchase(DAY + HOUR, "tv:1000:1"), ms(T0));
            assertEquals(0, value(plan, s, f, DAY - 1));
            assertEquals(1, value(plan, s, f, DAY));
        }

        @Test
        void allTime_keepsEveryEventForever() {
            Feature count = Features.count(EventType.PURCHASE);
            Feature channels = Features.channelsUsed(Window.ALL_TIME);
            Feature min = Features.min(EventType.PURCHASE, "line.price");
            FeaturePlan plan = plan(count, channels, min);
            FeatureState s = ingest(plan, purchase(0, Origin.STORE, "tv:700:1"),
                    purchase(300 * DAY, Origin.WEB, "tv:900:1"),
                    purchase(3000 * DAY, Origin.WEB, "tv:800:1"));
            assertArrayEquals(new double[] {3, 2, 700}, plan.values(s, ms(at(9000 * DAY))));
        }

        @Test
        @DisplayName("events already outside the window when they arrive are ignored and leave the state unchanged")
        void eventsOlderThanTheWindowAreIgnored() {
            Feature f = Features.count(EventType.PURCHASE).within(Window.days(7));
            FeaturePlan plan = plan(f);
            long now = ms(at(30 * DAY + 12 * HOUR));
            FeatureState empty = plan.apply(FeatureState.EMPTY, purchase(0, "tv:1000:1"), now);
            assertSame(FeatureState.EMPTY, empty);
            FeatureState s = plan.apply(empty, purchase(24 * DAY, "tv:1000:1"), now); // first day of the window
            assertEquals(1, plan.values(s, now)[0]);
            FeatureState same = plan.apply(s, purchase(23 * DAY + 23 * HOUR, "tv:1000:1"), now); // just outside
            assertSame(s, same);
            assertEquals(1, plan.values(same, now)[0]);
        }

        @Test
        @DisplayName("events arriving out of order inside the window are counted in their own buckets")
        void outOfOrderInsideTheWindow() {
            Feature f = Features.count(EventType.PURCHASE).within(Window.days(3));
            Feature sum = Features.sum(EventType.PURCHASE, "total").within(Window.days(3));
            FeaturePlan plan = plan(f, sum);
            long now = ms(at(2 * DAY + 20 * HOUR));
            FeatureState s = FeatureState.EMPTY;
            s = plan.apply(s, purchase(2 * DAY + HOUR, "tv:1:1"), now);
            s = plan.apply(s, purchase(HOUR, "tv:10:1"), now);
            s = plan.apply(s, purchase(DAY + HOUR, "tv:100:1"), now);
            assertArrayEquals(new double[] {3, 111}, plan.values(s, now));
            assertArrayEquals(new double[] {2, 101}, plan.values(s, ms(at(3 * DAY))));
            assertArrayEquals(new double[] {1, 1}, plan.values(s, ms(at(4 * DAY))));
        }
    }

    // ---------------------------------------------------------------- days since

    @Nested
    class DaysSince {
        private final Feature since = Features.daysSince(EventType.PURCHASE);

        @Test
        void daysSince_noEvent_hasNoValue() {
            FeaturePlan plan = plan(since);
            assertNoValue(plan.values(FeatureState.EMPTY, ms(T0))[0]);
            FeatureState reviewsOnly = ingest(plan, review(0, 3));
            assertNoValue(plan.values(reviewsOnly, ms(at(DAY)))[0]);
        }

        @Test
        void daysSince_countsFractionalDaysSinceTheNewestEvent() {
            FeaturePlan plan = plan(since);
            FeatureState s = ingest(plan, purchase(0, "tv:1000:1"));
            assertEquals(1.5, value(plan, s, since, 36 * HOUR), 1e-12);
            assertEquals(0.25, value(plan, s, since, 6 * HOUR), 1e-12);
            s = ingest(plan, s, ms(at(36 * HOUR)), purchase(DAY, "tv:1000:1")); // arrives late, is newer
            assertEquals(0.5, value(plan, s, since, 36 * HOUR), 1e-12);
            s = ingest(plan, s, ms(at(36 * HOUR)), purchase(-10 * DAY, "tv:1000:1")); // older: no change
            assertEquals(0.5, value(plan, s, since, 36 * HOUR), 1e-12);
            assertEquals(100.5, value(plan, s, since, 101 * DAY + 12 * HOUR), 1e-12); // never windowed
        }

        @Test
        @DisplayName("days since with a line filter takes the newest event with a matching line")
        void lineFilter() {
            Feature sinceTv = Features.daysSince(EventType.PURCHASE).where("line.category", "tv");
            FeaturePlan plan = plan(sinceTv);
            FeatureState s = ingest(plan, purchase(0, "phones:100:1", "tv:2000:1"), purchase(DAY, "phones:100:1"));
            assertEquals(2.0, value(plan, s, sinceTv, 2 * DAY), 1e-12);
        }
    }

    // ---------------------------------------------------------------- channels used

    @Nested
    class ChannelsUsed {
        @Test
        @DisplayName("channels used counts distinct origins of any event type within the window")
        void distinctOriginsInWindow() {
            Feature f = Features.channelsUsed(Window.days(30));
            FeaturePlan plan = plan(f);
            FeatureState s = ingest(plan,
                    event(EventType.PRODUCT_VIEW, 0).origin(Origin.APP).property("sku", "a").property("category", "tv")
                            .build(),
                    purchase(10 * DAY, Origin.WEB, "tv:1000:1"),
                    event(EventType.STORE_VISIT, 20 * DAY).origin(Origin.STORE).property("store", "oslo").build(),
                    event(EventType.REVIEW, 25 * DAY).origin(Origin.WEB).property("rating", 5).build(),
                    event(SCAN, 26 * DAY).origin(Origin.STORE).build());
            assertEquals(3, value(plan, s, f, 29 * DAY));
            assertEquals(2, value(plan, s, f, 30 * DAY)); // the app view of day 0 left
            assertEquals(2, value(plan, s, f, 40 * DAY - 1));
            assertEquals(2, value(plan, s, f, 40 * DAY)); // web review of day 25 keeps web in
            assertEquals(2, value(plan, s, f, 50 * DAY)); // store visit left, the scan from the store is still in
            assertEquals(2, value(plan, s, f, 55 * DAY - 1));
            assertEquals(1, value(plan, s, f, 55 * DAY)); // web review left
            assertEquals(1, value(plan, s, f, 56 * DAY - 1));
            assertEquals(0, value(plan, s, f, 56 * DAY));
        }

        @Test
        @DisplayName("events from the system origin (message feedback) are not a channel the customer used")
        void systemOriginIsNotAChannel() {
            Feature f = Features.channelsUsed(Window.days(30));
            FeaturePlan plan = plan(f);
            FeatureState s = ingest(plan, purchase(0, Origin.STORE, "tv:1000:1"),
                    event(EventType.MESSAGE_DELIVERED, HOUR).origin(Origin.SYSTEM).property("message_id", "m1")
                            .property("channel", "email").build());
            assertEquals(1, value(plan, s, f, DAY));
        }

        @Test
        void channelsUsed_nothingIngested_isZero() {
            FeaturePlan plan = plan(Features.channelsUsed(Window.days(90)));
            assertArrayEquals(new double[] {0}, plan.values(FeatureState.EMPTY, ms(T0)));
        }
    }

    // ---------------------------------------------------------------- price tier

    @Nested
    class PriceTier {
        private final Feature tv = Features.priceTier(Category.of("tv")); // range 1000..3000

        @Test
        @DisplayName("price tier averages the share of each line price in the range, clamped to 0..1")
        void averagesClampedShares() {
            FeaturePlan plan = plan(tv);
            FeatureState s = ingest(plan,
                    purchase(0, "tv:2000:1", "phones:100:1"), // 0.5; phones ignored
                    purchase(HOUR, "tv:500:1"), // below min: 0
                    purchase(2 * HOUR, "tv:4000:1")); // above max: 1
            assertEquals(0.5, value(plan, s, tv, DAY), 1e-12);
        }

        @Test
        void priceTier_singleLine_isItsShare() {
            FeaturePlan plan = plan(tv);
            FeatureState s = ingest(plan, purchase(0, "tv:1500:1"));
            assertEquals(0.25, value(plan, s, tv, DAY), 1e-12);
        }

        @Test
        @DisplayName("price tier averages over lines; quantity does not weigh")
        void quantityDoesNotWeigh() {
            FeaturePlan plan = plan(tv);
            FeatureState s = ingest(plan, purchase(0, "tv:3000:5", "tv:1000:1"));
            assertEquals(0.5, value(plan, s, tv, DAY), 1e-12);
        }

        @Test
        void priceTier_noPurchaseInTheCategory_hasNoValue() {
            FeaturePlan plan = plan(tv);
            assertNoValue(plan.values(FeatureState.EMPTY, ms(T0))[0]);
            FeatureState s = ingest(plan, purchase(0, "phones:500:1"));
            assertNoValue(value(plan, s, tv, DAY));
        }

        @Test
        void priceTier_windowed_forgetsOldPurchases() {
            Feature recent = new Feature.PriceTier(Category.of("phones"), Window.days(10)); // range 100..900
            FeaturePlan plan = plan(recent);
            FeatureState s = ingest(plan, purchase(0, "phones:900:1"), purchase(5 * DAY, "phones:300:1"));
            assertEquals(0.625, value(plan, s, recent, 9 * DAY), 1e-12);
            assertEquals(0.25, value(plan, s, recent, 10 * DAY), 1e-12);
            assertNoValue(value(plan, s, recent, 15 * DAY));
        }

        @Test
        @DisplayName("compiling a price tier of a category without a price range fails naming the category")
        void compileWithoutRangeFails() {
            Feature washers = Features.priceTier(Category.of("washing_machines"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FeaturePlan.compile(List.of(Features.count(EventType.PURCHASE), washers), RANGES));
            assertTrue(e.getMessage().contains("washing_machines"), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- missing properties, text vs number

    @Nested
    class Properties {
        @Test
        @DisplayName("events missing the property are not counted, summed or compared")
        void missingPropertyIsNotCounted() {
            Feature sum = Features.sum(EventType.PRODUCT_VIEW, "price");
            Feature min = Features.min(EventType.PRODUCT_VIEW, "price");
            Feature priced = Features.count(EventType.PRODUCT_VIEW).where("price", Operator.GE, 0);
            Feature unpricedNe = Features.count(EventType.PRODUCT_VIEW).where("price", Operator.NE, 100);
            Feature all = Features.count(EventType.PRODUCT_VIEW);
            FeaturePlan plan = plan(sum, min, priced, unpricedNe, all);
            FeatureState s = ingest(plan,
                    view(0, 100), view(HOUR, -1), view(2 * HOUR, 250), view(3 * HOUR, -1));
            assertArrayEquals(new double[] {350, 100, 2, 1, 4}, plan.values(s, ms(at(DAY))));
        }

        @Test
        void last_newestEventLacksTheProperty_takesTheNewestThatHasIt() {
            Feature last = Features.last(EventType.PRODUCT_VIEW, "price");
            FeaturePlan plan = plan(last);
            FeatureState s = ingest(plan, view(0, 100), view(HOUR, 250), view(2 * HOUR, -1));
            assertEquals(250, value(plan, s, last, DAY));
        }

        @Test
        @DisplayName("text compares only for equality: a text filter never matches a number and vice versa")
        void textVersusNumber() {
            Feature textFive = Features.count(SCAN).where("code", "5");
            Feature numberFive = Features.count(SCAN).where("code", Operator.EQ, 5);
            Feature notTextFive = Features.count(SCAN).where(new PropertyFilter("code", Operator.NE, Value.of("5")));
            Feature atLeastZero = Features.count(SCAN).where("code", Operator.GE, 0);
            Feature sumCode = Features.sum(SCAN, "code");
            Feature maxCode = Features.max(SCAN, "code");
            FeaturePlan plan = plan(textFive, numberFive, notTextFive, atLeastZero, sumCode, maxCode);
            FeatureState s = ingest(plan,
                    event(SCAN, 0).property("code", "5").build(),
                    event(SCAN, HOUR).property("code", 5).build(),
                    event(SCAN, 2 * HOUR).property("code", "abc").build(),
                    event(SCAN, 3 * HOUR).build());
            // text "5" == "5": 1; number 5 == 5: 1; != "5": the number and "abc" (missing never passes): 2;
            // >= 0: the number only; sum and max see the number only
            assertArrayEquals(new double[] {1, 1, 2, 1, 5, 5}, plan.values(s, ms(at(DAY))));
        }

        @Test
        void orderingFilterOnText_isRejected() {
            assertThrows(IllegalArgumentException.class,
                    () -> new PropertyFilter("code", Operator.GT, Value.of("5")));
        }

        private Event view(long millisFromT0, double price) {
            Event.Builder b = event(EventType.PRODUCT_VIEW, millisFromT0).property("sku", "tv-1")
                    .property("category", "tv");
            if (price >= 0) {
                b.property("price", price);
            }
            return b.build();
        }
    }

    // ---------------------------------------------------------------- prune, plan changes, encoding

    @Nested
    class StateMaintenance {
        @Test
        @DisplayName("prune drops buckets that left the window without changing any value")
        void pruneKeepsValues() {
            Feature count = Features.count(EventType.PURCHASE).within(Window.days(3));
            Feature total = Features.sum(EventType.PURCHASE, "total").within(Window.days(3));
            Feature last = Features.last(EventType.PURCHASE, "line.price").within(Window.days(3));
            Feature allTime = Features.count(EventType.PURCHASE);
            FeaturePlan plan = plan(count, total, last, allTime);
            FeatureState s = FeatureState.EMPTY;
            for (int d = 0; d < 10; d++) {
                s = plan.apply(s, purchase(d * DAY + HOUR, "tv:" + (100 + d) + ":1"), ms(at(d * DAY + HOUR)));
            }
            long now = ms(at(20 * DAY));
            FeatureState pruned = plan.prune(s, now);
            assertTrue(pruned.size() < s.size(), "pruned " + pruned.size() + " of " + s.size() + " bytes");
            for (long later : new long[] {now, now + DAY, now + 500 * DAY}) {
                assertArrayEquals(plan.values(s, later), plan.values(pruned, later));
            }
            long earlier = ms(at(9 * DAY + 2 * HOUR)); // the last 3 days are still in the pruned state
            FeatureState prunedEarly = plan.prune(s, earlier);
            assertArrayEquals(new double[] {3, 100 + 7 + 100 + 8 + 100 + 9, 109, 10}, plan.values(prunedEarly, earlier));
            assertArrayEquals(plan.values(s, earlier), plan.values(prunedEarly, earlier));
            assertArrayEquals(new double[] {0, 0, Double.NaN, 10}, plan.values(pruned, now));
        }

        @Test
        void prune_nothingToDrop_returnsTheSameState() {
            FeaturePlan plan = plan(Features.count(EventType.PURCHASE).within(Window.days(3)),
                    Features.count(EventType.PURCHASE));
            FeatureState s = ingest(plan, purchase(0, "tv:1:1"));
            assertSame(s, plan.prune(s, ms(at(HOUR))));
            assertSame(FeatureState.EMPTY, plan.prune(FeatureState.EMPTY, ms(at(HOUR))));
        }

        @Test
        @DisplayName("state of features no longer in the plan is dropped on the next apply")
        void droppedFeaturesStateIsRemoved() {
            Feature purchases = Features.count(EventType.PURCHASE);
            Feature reviews = Features.count(EventType.REVIEW);
            FeaturePlan before = plan(purchases, reviews);
            FeaturePlan after = plan(purchases);
            FeatureState s = ingest(before, purchase(0, "tv:1:1"), review(HOUR, 4), review(2 * HOUR, 5));
            assertArrayEquals(new double[] {1, 2}, before.values(s, ms(at(DAY))));

            // an event the new plan's features don't take still rewrites the state without the old feature
            FeatureState rewritten = after.apply(s, review(3 * HOUR, 1), ms(at(3 * HOUR)));
            assertNotEquals(s, rewritten);
            assertTrue(rewritten.size() < s.size());
            assertArrayEquals(new double[] {1, 0}, before.values(rewritten, ms(at(DAY))));
            assertArrayEquals(new double[] {1}, after.values(rewritten, ms(at(DAY))));

            FeatureState counted = after.apply(s, purchase(4 * HOUR, "tv:1:1"), ms(at(4 * HOUR)));
            assertArrayEquals(new double[] {2, 0}, before.values(counted, ms(at(DAY))));

            FeatureState pruned = after.prune(s, ms(at(DAY)));
            assertArrayEquals(new double[] {1, 0}, before.values(pruned, ms(at(DAY))));
        }

        @Test
        void stateFromItsBytes_givesTheSameValuesAndUpdates() {
            Feature count = Features.count(EventType.PURCHASE).within(Window.days(3));
            Feature last = Features.last(EventType.REVIEW, "rating");
            Feature channels = Features.channelsUsed(Window.hours(48));
            Feature since = Features.daysSince(EventType.REVIEW);
            Feature tier = Features.priceTier(Category.of("tv"));
            FeaturePlan plan = plan(count, last, channels, since, tier);
            FeatureState s = ingest(plan, purchase(0, Origin.APP, "tv:2000:1"), review(HOUR, 4),
                    purchase(DAY, Origin.STORE, "tv:1200:3"));
            FeatureState copy = FeatureState.of(s.toBytes());
            assertEquals(s, copy);
            long now = ms(at(DAY + HOUR));
            assertArrayEquals(plan.values(s, now), plan.values(copy, now));
            Event next = review(DAY + 2 * HOUR, 2);
            assertEquals(plan.apply(s, next, now), plan.apply(copy, next, now));
            assertArrayEquals(new double[] {2, 2, 3, 0, 0.3},
                    plan.values(plan.apply(copy, next, now), ms(at(DAY + 2 * HOUR))), 1e-12);
        }
    }
}
