package io.relevans.benchmarks.baseline.naive;

import io.relevans.event.Event;

/** Naive-Drools fact: one raw event of a customer's history, as a newcomer maps it. */
public final class RawEvent {
    private final String type;
    private final String origin;
    private final String category;
    private final long millis;
    private final long day;
    private final double rating;

    /** Maps an event. */
    public RawEvent(Event e) {
        this.type = e.type().name();
        this.origin = e.origin().name().toLowerCase(java.util.Locale.ROOT);
        this.category = e.text("category").orElse(null);
        this.millis = e.time().toEpochMilli();
        this.day = Math.floorDiv(millis, 86_400_000L);
        this.rating = e.property("rating").map(v -> v.asNumber()).orElse(Double.NaN);
    }

    /** The event type's name. */
    public String getType() {
        return type;
    }

    /** Where it came from, lower case. */
    public String getOrigin() {
        return origin;
    }

    /** The category property, or null. */
    public String getCategory() {
        return category;
    }

    /** Epoch millis. */
    public long getMillis() {
        return millis;
    }

    /** Epoch day. */
    public long getDay() {
        return day;
    }

    /** The rating property, or NaN. */
    public double getRating() {
        return rating;
    }
}
