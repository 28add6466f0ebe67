package io.relevans.definition;

import io.relevans.customer.Category;
import io.relevans.event.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A figure the engine keeps per customer because a definition needs it, updated incrementally as
 * events arrive, without keeping the events. Create them with {@link Features}; compare them with
 * {@link #atLeast(double)} and friends to make a {@link Condition}. Two equal features share one
 * piece of state per customer.
 */
public sealed interface Feature permits Feature.Aggregate, Feature.TimeSince, Feature.ChannelsUsed, Feature.PriceTier,
        Feature.Predicted {

    /** The window the feature looks back over. */
    Window window();

    /** A canonical text of the feature, such as {@code sum(purchase.line.amount | line.category == "tv") over 90d}. */
    String describe();

    /** The condition "this feature is greater than the value". */
    default Condition greaterThan(double value) {
        return new Condition.FeatureCompare(this, Operator.GT, value);
    }

    /** The condition "this feature is at least the value". */
    default Condition atLeast(double value) {
        return new Condition.FeatureCompare(this, Operator.GE, value);
    }

    /** The condition "this feature is less than the value". */
    default Condition lessThan(double value) {
        return new Condition.FeatureCompare(this, Operator.LT, value);
    }

    /** The condition "this feature is at most the value". */
    default Condition atMost(double value) {
        return new Condition.FeatureCompare(this, Operator.LE, value);
    }

    /** The condition "this feature equals the value". */
    default Condition equalTo(double value) {
        return new Condition.FeatureCompare(this, Operator.EQ, value);
    }

    /** The condition "this feature compares to the value with the operator". */
    default Condition is(Operator operator, double value) {
        return new Condition.FeatureCompare(this, operator, value);
    }

    /**
     * Count, sum, minimum, maximum or last value of an event property over a window, for events of
     * one type that pass the filters. When the property or a filter is a line property, each line
     * is one value; otherwise each event is.
     *
     * @param aggregation how to fold the values
     * @param eventType   the type of events counted
     * @param property    the property folded; empty for {@link Aggregation#COUNT}
     * @param filters     conditions every counted event or line passes
     * @param window      the period looked back over
     */
    record Aggregate(Aggregation aggregation, EventType eventType, String property, List<PropertyFilter> filters,
                     Window window) implements Feature {

        /** @throws IllegalArgumentException when a count names a property or another aggregation lacks one */
        public Aggregate {
            Objects.requireNonNull(aggregation, "aggregation");
            Objects.requireNonNull(eventType, "event type");
            Objects.requireNonNull(property, "property");
            Objects.requireNonNull(window, "window");
            filters = List.copyOf(filters);
            if (aggregation == Aggregation.COUNT && !property.isEmpty()) {
                throw new IllegalArgumentException("count takes no property, got '" + property + "'");
            }
            if (aggregation != Aggregation.COUNT) {
                new PropertyFilter(property, Operator.EQ, io.relevans.customer.Value.of(0)); // validates the name
            }
        }

        /** This feature with one more filter: {@code property == value}. */
        public Aggregate where(String property, String value) {
            return where(new PropertyFilter(property, Operator.EQ, io.relevans.customer.Value.of(value)));
        }

        /** This feature with one more filter comparing a number. */
        public Aggregate where(String property, Operator operator, double value) {
            return where(new PropertyFilter(property, operator, io.relevans.customer.Value.of(value)));
        }

        /** This feature with one more filter. */
        public Aggregate where(PropertyFilter filter) {
            List<PropertyFilter> more = new ArrayList<>(filters);
            more.add(filter);
            return new Aggregate(aggregation, eventType, property, more, window);
        }

        /** This feature over another window. */
        public Aggregate within(Window window) {
            return new Aggregate(aggregation, eventType, property, filters, window);
        }

        /** Whether values are taken per line rather than per event. */
        public boolean perLine() {
            return property.startsWith("line.") || filters.stream().anyMatch(PropertyFilter::isLineFilter);
        }

        @Override
        public String describe() {
            String what = aggregation.name().toLowerCase(java.util.Locale.ROOT) + "(" + eventType
                    + (property.isEmpty() ? "" : "." + property) + Features.describe(filters) + ")";
            return window.isAllTime() ? what : what + " over " + window.describe();
        }
    }

    /**
     * Days (with fraction) since the newest event of a type that passes the filters; no value when
     * there was none. Not windowed.
     *
     * @param eventType the type of events
     * @param filters   conditions the event passes
     */
    record TimeSince(EventType eventType, List<PropertyFilter> filters) implements Feature {
        /** Never null parts; with line filters an event passes when one of its lines does. */
        public TimeSince {
            Objects.requireNonNull(eventType, "event type");
            filters = List.copyOf(filters);
        }

        /** This feature with one more filter: {@code property == value}. */
        public TimeSince where(String property, String value) {
            List<PropertyFilter> more = new ArrayList<>(filters);
            more.add(new PropertyFilter(property, Operator.EQ, io.relevans.customer.Value.of(value)));
            return new TimeSince(eventType, more);
        }

        @Override
        public Window window() {
            return Window.ALL_TIME;
        }

        @Override
        public String describe() {
            return "days_since(" + eventType + Features.describe(filters) + ")";
        }
    }

    /**
     * How many distinct origins (web, app, store, service) the customer's events came from within a
     * window (S17): omnichannel customers have 2 or more.
     *
     * @param window the period looked back over
     */
    record ChannelsUsed(Window window) implements Feature {
        /** Never null. */
        public ChannelsUsed {
            Objects.requireNonNull(window, "window");
        }

        @Override
        public String describe() {
            return window.isAllTime() ? "channels_used()" : "channels_used() over " + window.describe();
        }
    }

    /**
     * Where the prices a customer paid in a category sit in that category's price range (S19), as the
     * average share from 0 (cheapest) to 1 (dearest) over the purchase lines in the window; no value
     * when the customer bought nothing in the category. The category's range comes from
     * {@link Definitions#priceRanges()}.
     *
     * @param category the category
     * @param window   the period looked back over
     */
    record PriceTier(Category category, Window window) implements Feature {
        /** Never null. */
        public PriceTier {
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(window, "window");
        }

        /** The condition "the customer's price level in this category is in the tier". */
        public Condition is(Tier tier) {
            Condition low = new Condition.FeatureCompare(this, Operator.GE, tier.from());
            if (tier == Tier.PREMIUM) {
                return low;
            }
            Condition high = new Condition.FeatureCompare(this, Operator.LT, tier.to());
            return tier == Tier.BUDGET ? high : new Condition.AllOf(List.of(low, high));
        }

        @Override
        public String describe() {
            String what = "price_tier(" + category + ")";
            return window.isAllTime() ? what : what + " over " + window.describe();
        }
    }

    /**
     * A prediction from the customer's purchase days and amounts (the engine keeps their summary: first and
     * last purchase day, number of purchase days, spend of the repeat days) and the customer-base models
     * fitted on every customer's summary ({@code Relevans.fitPredictions()}). No value without a usable
     * fitted model, and none for a customer who never bought. Not windowed: the value changes from day to
     * day as the time since the last purchase grows, so {@code resegment()} moves customers as it falls.
     *
     * @param prediction what is predicted
     * @param horizon    the period ahead, whole days, for {@link Prediction#PURCHASES} and
     *                   {@link Prediction#SPEND} (at most {@link #MAX_HORIZON}); {@link java.time.Duration#ZERO} for
     *                   {@link Prediction#ALIVE}
     * @param discount   for {@link Prediction#SPEND}, the yearly discount rate applied to future spend, from 0
     *                   (none) up to {@link #MAX_DISCOUNT}; 0 otherwise
     */
    record Predicted(Prediction prediction, java.time.Duration horizon, double discount) implements Feature {

        /** The longest horizon: 3,660 days, as the longest window. */
        public static final java.time.Duration MAX_HORIZON = Window.MAX_LENGTH;

        /** The largest yearly discount rate: 1 (100%). */
        public static final double MAX_DISCOUNT = 1;

        /** @throws IllegalArgumentException naming the value when the horizon or discount is out of range */
        public Predicted {
            Objects.requireNonNull(prediction, "prediction");
            Objects.requireNonNull(horizon, "horizon");
            if (!prediction.hasHorizon()) {
                if (!horizon.isZero() || discount != 0) {
                    throw new IllegalArgumentException(prediction.keyword() + " takes no period and no discount, got "
                            + horizon + " and " + discount);
                }
            } else {
                if (horizon.isNegative() || horizon.isZero() || horizon.toSeconds() % 86_400 != 0
                        || horizon.getNano() != 0) {
                    throw new IllegalArgumentException(prediction.keyword() + " needs a period of whole days ahead, got "
                            + horizon);
                }
                if (horizon.compareTo(MAX_HORIZON) > 0) {
                    throw new IllegalArgumentException(prediction.keyword() + " looks ahead at most "
                            + MAX_HORIZON.toDays() + " days, got " + horizon.toDays() + " days");
                }
                if (!(discount >= 0 && discount <= MAX_DISCOUNT)) {
                    throw new IllegalArgumentException("the yearly discount rate of " + prediction.keyword()
                            + " must be between 0 and " + (int) MAX_DISCOUNT + ", got " + discount);
                }
                if (discount != 0 && prediction != Prediction.SPEND) {
                    throw new IllegalArgumentException(prediction.keyword() + " takes no discount, got " + discount);
                }
            }
        }

        /** This spend prediction discounted at a yearly rate (0.1: future spend is worth 10% less per year). */
        public Predicted discounted(double yearlyRate) {
            return new Predicted(prediction, horizon, yearlyRate);
        }

        /** The horizon in days; 0 for {@link Prediction#ALIVE}. */
        public int horizonDays() {
            return (int) horizon.toDays();
        }

        @Override
        public Window window() {
            return Window.ALL_TIME;
        }

        @Override
        public String describe() {
            if (!prediction.hasHorizon()) {
                return prediction.keyword() + "()";
            }
            return prediction.keyword() + "(next " + horizonDays() + "d"
                    + (discount == 0 ? "" : ", discount " + java.math.BigDecimal.valueOf(discount).stripTrailingZeros().toPlainString()) + ")";
        }
    }
}
