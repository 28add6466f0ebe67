package io.relevans.benchmarks.baseline.naive;

import io.relevans.benchmarks.workload.Catalogue;
import io.relevans.event.Event;
import io.relevans.event.Line;

/** Naive-Drools fact: one line of a raw purchase or cart event. */
public final class RawLine {
    private final boolean purchase;
    private final String category;
    private final double amount;
    private final double share;
    private final long day;

    /** Maps a line of an event. */
    public RawLine(Event e, Line line) {
        this.purchase = e.type().equals(io.relevans.event.EventType.PURCHASE);
        this.category = line.category().name();
        this.amount = line.amount();
        this.share = Catalogue.share(category, line.price());
        this.day = Math.floorDiv(e.time().toEpochMilli(), 86_400_000L);
    }

    /** Whether the line is a purchase's. */
    public boolean isPurchase() {
        return purchase;
    }

    /** The category. */
    public String getCategory() {
        return category;
    }

    /** Price times quantity. */
    public double getAmount() {
        return amount;
    }

    /** Where the price sits in the category's range, 0 to 1. */
    public double getShare() {
        return share;
    }

    /** Epoch day. */
    public long getDay() {
        return day;
    }
}
