package io.relevans.spi;

import io.relevans.customer.Channel;
import io.relevans.customer.IdentityType;

/**
 * Delivers rendered messages on one channel (email over SMTP, SMS over an HTTP gateway...). Called by
 * the engine's dispatcher after the message is stored in the outbox. An exception counts as a
 * temporary failure.
 */
public interface ChannelAdapter {

    /** The channel this adapter delivers on. */
    Channel channel();

    /** The kind of identity the channel addresses (email for email, phone for SMS). */
    IdentityType addressType();

    /** Tries to deliver the message once. */
    Delivery deliver(RenderedMessage message);
}
