package io.relevans.examples.retailer;

import io.relevans.event.Event;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The simulated customers' future actions, in time order: what they do today and what they will do
 * later because of it (come back to a cart, write a review, complain, open a message). Ties keep the
 * order in which the actions were planned, so a run is the same for the same seed.
 */
final class Agenda implements EventSource {

    private record Planned(Event event, int shopper, long order) {
    }

    private final PriorityQueue<Planned> queue = new PriorityQueue<>(
            Comparator.comparing((Planned p) -> p.event().time()).thenComparingLong(Planned::order));
    private long planned;

    /** Plans an event of the shopper at the event's time. */
    void plan(int shopper, Event event) {
        queue.add(new Planned(event, shopper, planned++));
    }

    @Override
    public boolean hasBefore(Instant moment) {
        return !queue.isEmpty() && queue.peek().event().time().isBefore(moment);
    }

    @Override
    public Event next() {
        return queue.poll().event();
    }

    /** How many actions are planned. */
    int size() {
        return queue.size();
    }
}
