package io.relevans.customer;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The order in which a customer prefers to be reached (S1), most preferred first, and when it was
 * stated. An empty order means "no preference".
 *
 * @param order channels, most preferred first, no duplicates
 * @param time  when the order was stated
 */
public record ChannelPreference(List<Channel> order, Instant time) {

    /** No preference stated. */
    public static final ChannelPreference NONE = new ChannelPreference(List.of(), Instant.EPOCH);

    /** @throws IllegalArgumentException when a channel appears twice */
    public ChannelPreference {
        Objects.requireNonNull(time, "time");
        order = List.copyOf(order);
        Set<Channel> seen = new HashSet<>();
        for (Channel c : order) {
            if (!seen.add(c)) {
                throw new IllegalArgumentException("channel preference lists a channel twice: " + c);
            }
        }
    }

    /** Whether this preference should win over the other: the newer one, then a fixed order. */
    public boolean supersedes(ChannelPreference other) {
        int byTime = time.compareTo(other.time);
        if (byTime != 0) {
            return byTime > 0;
        }
        return order.toString().compareTo(other.order.toString()) >= 0;
    }
}
