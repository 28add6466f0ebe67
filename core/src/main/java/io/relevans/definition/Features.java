package io.relevans.definition;

import io.relevans.customer.Category;
import io.relevans.event.EventType;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Factories for {@link Feature}s, to be refined with {@code where(...)} and {@code within(...)}:
 *
 * <pre>{@code
 * Features.sum(EventType.PURCHASE, "line.amount").where("line.category", "tv").within(Window.days(365))
 * Features.daysSince(EventType.PURCHASE)
 * Features.channelsUsed(Window.days(90))
 * Features.priceTier(Category.of("washing_machines")).is(Tier.BUDGET)
 * Features.probabilityAlive().lessThan(0.3)
 * }</pre>
 */
public final class Features {

    /** The properties every purchase or cart line has. */
    public static final Set<String> LINE_PROPERTIES =
            Set.of("line.sku", "line.category", "line.price", "line.quantity", "line.amount");

    private Features() {
    }

    /** How many events of the type, over all time until narrowed. */
    public static Feature.Aggregate count(EventType type) {
        return new Feature.Aggregate(Aggregation.COUNT, type, "", List.of(), Window.ALL_TIME);
    }

    /** The sum of a property of events of the type. */
    public static Feature.Aggregate sum(EventType type, String property) {
        return new Feature.Aggregate(Aggregation.SUM, type, property, List.of(), Window.ALL_TIME);
    }

    /** The smallest value of a property. */
    public static Feature.Aggregate min(EventType type, String property) {
        return new Feature.Aggregate(Aggregation.MIN, type, property, List.of(), Window.ALL_TIME);
    }

    /** The largest value of a property. */
    public static Feature.Aggregate max(EventType type, String property) {
        return new Feature.Aggregate(Aggregation.MAX, type, property, List.of(), Window.ALL_TIME);
    }

    /** The value of a property in the newest event. */
    public static Feature.Aggregate last(EventType type, String property) {
        return new Feature.Aggregate(Aggregation.LAST, type, property, List.of(), Window.ALL_TIME);
    }

    /** Days since the newest event of the type. */
    public static Feature.TimeSince daysSince(EventType type) {
        return new Feature.TimeSince(type, List.of());
    }

    /** How many distinct origins the customer's events came from in the window (S17). */
    public static Feature.ChannelsUsed channelsUsed(Window window) {
        return new Feature.ChannelsUsed(window);
    }

    /** The customer's price level in a category over all purchases (S19). */
    public static Feature.PriceTier priceTier(Category category) {
        return new Feature.PriceTier(category, Window.ALL_TIME);
    }

    /** The probability that the customer is still an active customer ({@code p_alive}). */
    public static Feature.Predicted probabilityAlive() {
        return new Feature.Predicted(Prediction.ALIVE, java.time.Duration.ZERO, 0);
    }

    /** The expected number of purchase days in the coming period ({@code expected_purchases next 90d}). */
    public static Feature.Predicted expectedPurchases(java.time.Duration next) {
        return new Feature.Predicted(Prediction.PURCHASES, next, 0);
    }

    /**
     * The expected spend in the coming period ({@code expected_spend next 365d}); {@link
     * Feature.Predicted#discounted(double)} discounts it.
     */
    public static Feature.Predicted expectedSpend(java.time.Duration next) {
        return new Feature.Predicted(Prediction.SPEND, next, 0);
    }

    static String describe(List<PropertyFilter> filters) {
        return filters.isEmpty() ? ""
                : " | " + filters.stream().map(PropertyFilter::describe).collect(Collectors.joining(" and "));
    }
}
