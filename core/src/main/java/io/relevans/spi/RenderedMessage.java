package io.relevans.spi;

import io.relevans.customer.Channel;
import io.relevans.customer.Identity;
import java.util.Objects;

/**
 * A message ready for a channel: who gets it at which address, and the rendered text.
 *
 * @param id        the message id, the idempotency key the channel should pass on
 * @param channel   the channel
 * @param recipient the address: the customer's identity of the kind the channel needs
 * @param subject   the subject or title, may be empty
 * @param body      the body; for email HTML with every data value escaped
 */
public record RenderedMessage(String id, Channel channel, Identity recipient, String subject, String body) {
    /** Never null parts. */
    public RenderedMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
    }

    /** A description safe for logs: id and channel, never the address or the text. */
    @Override
    public String toString() {
        return "RenderedMessage[" + id + " by " + channel + "]";
    }
}
