/**
 * Channel adapters an application can ship as they are: {@link io.relevans.channels.SmtpChannel}
 * sends email over SMTP, {@link io.relevans.channels.WebhookChannel} hands SMS and push
 * notifications to an HTTP gateway. Both implement {@link io.relevans.spi.ChannelAdapter}, pass the
 * message id on so that a retried delivery can be recognised, and map failures to a temporary
 * ({@link io.relevans.spi.Delivery#retryLater(String)}) or permanent
 * ({@link io.relevans.spi.Delivery#failed(String)}) outcome. Neither logs or reports an address or a
 * message text.
 */
@NullMarked
package io.relevans.channels;

import org.jspecify.annotations.NullMarked;
