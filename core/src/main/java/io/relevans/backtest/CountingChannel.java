package io.relevans.backtest;

import io.relevans.customer.Channel;
import io.relevans.customer.IdentityType;
import io.relevans.spi.ChannelAdapter;
import io.relevans.spi.Delivery;
import io.relevans.spi.RenderedMessage;
import java.util.ArrayList;
import java.util.List;

/** A channel of a backtest: accepts every message, sends it nowhere, and keeps the ids it accepted. */
final class CountingChannel implements ChannelAdapter {

    private final Channel channel;
    private final IdentityType addressType;
    private final List<String> accepted = new ArrayList<>();

    CountingChannel(Channel channel, IdentityType addressType) {
        this.channel = channel;
        this.addressType = addressType;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public IdentityType addressType() {
        return addressType;
    }

    @Override
    public synchronized Delivery deliver(RenderedMessage message) {
        accepted.add(message.id());
        return Delivery.accepted();
    }

    /** The ids accepted since the last call, in order. */
    synchronized List<String> drain() {
        List<String> out = List.copyOf(accepted);
        accepted.clear();
        return out;
    }
}
