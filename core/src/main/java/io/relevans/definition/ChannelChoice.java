package io.relevans.definition;

import io.relevans.customer.Channel;
import java.util.List;
import java.util.Objects;

/**
 * Which channel a message goes out on (S1): a named one, or the customer's preferred order followed
 * by a fallback order; the engine takes the first channel that has an adapter, the consent the
 * program needs and, for intimate channels, enough relevance (S16).
 *
 * @param preferred whether the customer's own preference order comes first
 * @param order     the channels to try, in order (after the customer's when {@code preferred})
 */
public record ChannelChoice(boolean preferred, List<Channel> order) {

    /** Copies the order; a named choice has exactly one channel. */
    public ChannelChoice {
        order = List.copyOf(order);
        if (!preferred && order.size() != 1) {
            throw new IllegalArgumentException("a named channel choice has exactly one channel, got " + order);
        }
    }

    /** Exactly this channel. */
    public static ChannelChoice of(Channel channel) {
        return new ChannelChoice(false, List.of(Objects.requireNonNull(channel, "channel")));
    }

    /** The customer's preferred channel, then the fallback order. */
    public static ChannelChoice preferred(Channel... fallback) {
        return new ChannelChoice(true, List.of(fallback));
    }

    /** The choice as text, such as {@code preferred, then email, sms}. */
    public String describe() {
        if (!preferred) {
            return order.get(0).name();
        }
        return order.isEmpty() ? "preferred" : "preferred, then " + String.join(", ",
                order.stream().map(Channel::name).toList());
    }
}
