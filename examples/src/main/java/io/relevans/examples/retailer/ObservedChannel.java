package io.relevans.examples.retailer;

import io.relevans.customer.Channel;
import io.relevans.customer.IdentityType;
import io.relevans.spi.ChannelAdapter;
import io.relevans.spi.Delivery;
import io.relevans.spi.RenderedMessage;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A channel that tells a listener about every message its delegate accepted: how the simulation
 * learns what reached its customers, whether the delegate is a real SMTP server or webhook, or
 * {@link #simulated(Channel, IdentityType, Consumer) nothing at all}.
 */
public final class ObservedChannel implements ChannelAdapter {

    private final ChannelAdapter delegate;
    private final Consumer<RenderedMessage> accepted;

    /** Observes the delegate's accepted messages. */
    public ObservedChannel(ChannelAdapter delegate, Consumer<RenderedMessage> accepted) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.accepted = Objects.requireNonNull(accepted, "accepted");
    }

    /** A channel that accepts every message without sending it anywhere and tells the listener. */
    public static ObservedChannel simulated(Channel channel, IdentityType addressType,
                                            Consumer<RenderedMessage> accepted) {
        return new ObservedChannel(new ChannelAdapter() {
            @Override
            public Channel channel() {
                return channel;
            }

            @Override
            public IdentityType addressType() {
                return addressType;
            }

            @Override
            public Delivery deliver(RenderedMessage message) {
                return Delivery.accepted();
            }
        }, accepted);
    }

    @Override
    public Channel channel() {
        return delegate.channel();
    }

    @Override
    public IdentityType addressType() {
        return delegate.addressType();
    }

    @Override
    public Delivery deliver(RenderedMessage message) {
        Delivery d = delegate.deliver(message);
        if (d.outcome() == Delivery.Outcome.ACCEPTED) {
            accepted.accept(message);
        }
        return d;
    }
}
