package io.relevans.internal.step;

import io.relevans.spi.Commit;
import java.util.List;

/**
 * What {@link CustomerStep#history} gives back for a group of linked events: one commit per customer
 * the history leaves (almost always one), with the events each covers, and the events skipped because
 * the customer's record had them applied already.
 *
 * @param customers the customers to store, each with the positions of its events in the group
 * @param repeated  the positions of events applied before (delivered twice), changing nothing
 */
public record HistoryOutcome(List<Customer> customers, List<Integer> repeated) {

    /** Copies the lists. */
    public HistoryOutcome {
        customers = List.copyOf(customers);
        repeated = List.copyOf(repeated);
    }

    /**
     * One customer of the outcome.
     *
     * @param commit   what to store for them
     * @param events the positions in the group of the events folded into them
     */
    public record Customer(Commit commit, List<Integer> events) {
        /** Copies the list. */
        public Customer {
            events = List.copyOf(events);
        }
    }
}
