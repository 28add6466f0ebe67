package io.relevans.examples.boot;

import io.relevans.customer.Channel;
import io.relevans.customer.IdentityType;
import io.relevans.spi.ChannelAdapter;
import io.relevans.spi.Delivery;
import io.relevans.spi.RenderedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * The example's email channel while no SMTP server is named ({@code relevans.channels.smtp.host} unset):
 * takes every message and logs its id, never the address, subject or body. The starter gives every
 * {@link ChannelAdapter} bean to the engine.
 */
@Component
@ConditionalOnExpression("'${relevans.channels.smtp.host:}' == ''")
public class LogEmailChannel implements ChannelAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(LogEmailChannel.class);

    /** Spring creates it. */
    public LogEmailChannel() {
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public IdentityType addressType() {
        return IdentityType.EMAIL;
    }

    @Override
    public Delivery deliver(RenderedMessage message) {
        LOG.info("email {} handed over", message.id());
        return Delivery.accepted();
    }
}
