package io.relevans.definition;

import io.relevans.event.Event;
import io.relevans.event.EventType;
import java.util.List;
import java.util.Objects;

/**
 * Events of one type that pass filters, such as "a purchase" or "a review with rating 1 or 2": what
 * starts a program, ends it, or counts as its conversion. With a line filter an event passes when one
 * of its lines does.
 *
 * @param type    the event type
 * @param filters conditions on the event's properties
 */
public record EventMatch(EventType type, List<PropertyFilter> filters) {

    /** Copies the filters. */
    public EventMatch {
        Objects.requireNonNull(type, "event type");
        filters = List.copyOf(filters);
    }

    /** Every event of the type. */
    public static EventMatch of(EventType type) {
        return new EventMatch(type, List.of());
    }

    /** This match with one more filter {@code property == value}. */
    public EventMatch where(String property, String value) {
        return where(new PropertyFilter(property, Operator.EQ, io.relevans.customer.Value.of(value)));
    }

    /** This match with one more filter {@code property == value} for a number, such as a rating of 1. */
    public EventMatch where(String property, double value) {
        return where(new PropertyFilter(property, Operator.EQ, io.relevans.customer.Value.of(value)));
    }

    /** This match with one more filter {@code property == value} for a flag, such as {@code granted}. */
    public EventMatch where(String property, boolean value) {
        return where(new PropertyFilter(property, Operator.EQ, io.relevans.customer.Value.of(value)));
    }

    /**
     * This match with one more filter comparing the property with a number, such as
     * {@code where("total", Operator.GE, 1000)}.
     */
    public EventMatch where(String property, Operator operator, double value) {
        return where(new PropertyFilter(property, operator, io.relevans.customer.Value.of(value)));
    }

    /** This match with one more filter. */
    public EventMatch where(PropertyFilter filter) {
        java.util.ArrayList<PropertyFilter> more = new java.util.ArrayList<>(filters);
        more.add(filter);
        return new EventMatch(type, more);
    }

    /** Whether the event matches. */
    public boolean matches(Event event) {
        if (!event.type().equals(type)) {
            return false;
        }
        if (filters.isEmpty()) {
            return true;
        }
        if (filters.stream().anyMatch(PropertyFilter::isLineFilter)) {
            return event.lines().stream().anyMatch(l -> filters.stream().allMatch(f -> f.test(event, l)));
        }
        return filters.stream().allMatch(f -> f.test(event, null));
    }

    /** The match as text, such as {@code purchase | line.category == "tv"}. */
    public String describe() {
        return type + Features.describe(filters);
    }
}
