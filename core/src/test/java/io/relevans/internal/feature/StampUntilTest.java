package io.relevans.internal.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.relevans.customer.Identity;
import io.relevans.definition.Feature;
import io.relevans.definition.Features;
import io.relevans.definition.Operator;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.spi.FeatureState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Examples of a stamp's {@link Evaluation#until()}: the first moment a comparison the segments make may
 * answer otherwise without new events, exact where it is simple to know.
 */
class StampUntilTest {

    private static final Identity WHO = Identity.email("kari@example.no");
    private static final long DAY = 86_400_000L;
    /** Midnight UTC: the start of a day bucket. */
    private static final long T0 = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    private static final Feature BOUGHT_30D = Features.count(EventType.PURCHASE).within(Window.days(30));
    private static final Feature DAYS_SINCE = Features.daysSince(EventType.PURCHASE);
    private static final Feature SPENT_ALL_TIME = Features.sum(EventType.PURCHASE, "line.amount");

    private static Event purchase(long at) {
        return Event.builder(EventType.PURCHASE, WHO, Instant.ofEpochMilli(at)).line("sku-1", "tv", 100, 1).build();
    }

    private static Evaluation stamp(List<Feature> features, int[] positions, Operator[] operators, double[] operands,
                                    List<Event> events) {
        FeaturePlan plan = FeaturePlan.compile(features, Map.of()).watching(positions, operators, operands);
        FeatureState state = plan.applyAllAndRefresh(FeatureState.EMPTY, events, T0, 7L).state();
        return plan.stampOf(state);
    }

    @Test
    @DisplayName("a count at its threshold holds until the purchase that keeps it there leaves the window")
    void countAtThreshold() {
        Evaluation e = stamp(List.of(BOUGHT_30D), new int[] {0}, new Operator[] {Operator.GE}, new double[] {2},
                List.of(purchase(T0 - 10 * DAY), purchase(T0 - 5 * DAY)));
        assertEquals(T0, e.at());
        assertEquals(7L, e.definitions());
        // the purchase 10 days ago is in day bucket T0-10d; it leaves when the window's oldest bucket is past it
        assertEquals(T0 + 20 * DAY, e.until());
    }

    @Test
    @DisplayName("a count above its threshold holds until enough purchases have left, not the first")
    void countAboveThreshold() {
        Evaluation e = stamp(List.of(BOUGHT_30D), new int[] {0}, new Operator[] {Operator.GE}, new double[] {2},
                List.of(purchase(T0 - 20 * DAY), purchase(T0 - 10 * DAY), purchase(T0 - 5 * DAY)));
        assertEquals(T0 + 20 * DAY, e.until(), "the second oldest decides: 3 -> 2 still holds, 2 -> 1 does not");
    }

    @Test
    @DisplayName("a count below its threshold can only fall: it holds for ever")
    void countBelowThreshold() {
        Evaluation e = stamp(List.of(BOUGHT_30D), new int[] {0}, new Operator[] {Operator.GE}, new double[] {5},
                List.of(purchase(T0 - 10 * DAY)));
        assertEquals(Long.MAX_VALUE, e.until());
    }

    @Test
    @DisplayName("days since a purchase passes its threshold a millisecond after the stamp says")
    void daysSince() {
        Evaluation e = stamp(List.of(DAYS_SINCE), new int[] {0}, new Operator[] {Operator.GT}, new double[] {45},
                List.of(purchase(T0 - 10 * DAY)));
        assertEquals(T0 + 35 * DAY - 1, e.until());
        Evaluation past = stamp(List.of(DAYS_SINCE), new int[] {0}, new Operator[] {Operator.GT}, new double[] {5},
                List.of(purchase(T0 - 10 * DAY)));
        assertEquals(Long.MAX_VALUE, past.until(), "past the threshold it only grows");
    }

    @Test
    @DisplayName("the earliest of several comparisons decides; all-time features never change by time")
    void earliestOfSeveral() {
        Evaluation e = stamp(List.of(BOUGHT_30D, DAYS_SINCE, SPENT_ALL_TIME), new int[] {0, 1, 2},
                new Operator[] {Operator.GE, Operator.LT, Operator.GE}, new double[] {1, 3, 150},
                List.of(purchase(T0 - 2 * DAY)));
        assertEquals(T0 + DAY - 1, e.until(), "days since < 3 turns false first");
    }

    @Test
    @DisplayName("without the comparisons, a stamp holds only at its moment; an unstamped state has none")
    void unwatched() {
        FeaturePlan plan = FeaturePlan.compile(List.of(BOUGHT_30D), Map.of());
        FeatureState state = plan.applyAllAndRefresh(FeatureState.EMPTY, List.of(purchase(T0 - DAY)), T0, 7L).state();
        Evaluation e = plan.stampOf(state);
        assertEquals(T0 + 1, e.until());
        assertNull(plan.stampOf(plan.apply(FeatureState.EMPTY, purchase(T0 - DAY), T0)));
        assertNull(plan.stampOf(FeatureState.EMPTY));
    }
}
