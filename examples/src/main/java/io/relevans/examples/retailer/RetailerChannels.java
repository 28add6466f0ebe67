package io.relevans.examples.retailer;

import io.relevans.channels.SmtpChannel;
import io.relevans.channels.SmtpSettings;
import io.relevans.channels.WebhookChannel;
import io.relevans.channels.WebhookSettings;
import io.relevans.customer.Channel;
import io.relevans.customer.IdentityType;
import io.relevans.spi.ChannelAdapter;
import io.relevans.spi.RenderedMessage;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The retailer's channels: email, SMS, push and the staff screen in the stores. Each is simulated
 * unless a real server is named: email goes to an SMTP server ({@code smtp://host:port},
 * {@code smtp+starttls://host:port} or {@code smtps://host:port}; login from the environment variables
 * {@code RELEVANS_SMTP_USER} and {@code RELEVANS_SMTP_PASSWORD}), SMS and push to HTTP webhooks. Every
 * channel tells the observer what it delivered.
 *
 * @param smtp        the SMTP server for email, if any
 * @param smsWebhook  the SMS gateway's webhook, if any
 * @param pushWebhook the push service's webhook, if any
 */
public record RetailerChannels(Optional<URI> smtp, Optional<URI> smsWebhook, Optional<URI> pushWebhook) {

    /** Every channel simulated. */
    public static RetailerChannels simulated() {
        return new RetailerChannels(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The adapters, each observed. */
    public List<ChannelAdapter> adapters(Consumer<RenderedMessage> observer) {
        List<ChannelAdapter> out = new ArrayList<>();
        out.add(smtp.<ChannelAdapter>map(uri -> new ObservedChannel(new SmtpChannel(smtpSettings(uri)), observer))
                .orElseGet(() -> ObservedChannel.simulated(Channel.EMAIL, IdentityType.EMAIL, observer)));
        out.add(smsWebhook.<ChannelAdapter>map(uri -> new ObservedChannel(new WebhookChannel(WebhookSettings.sms(uri)),
                observer)).orElseGet(() -> ObservedChannel.simulated(Channel.SMS, IdentityType.PHONE, observer)));
        out.add(pushWebhook.<ChannelAdapter>map(uri -> new ObservedChannel(new WebhookChannel(WebhookSettings.push(uri)),
                observer)).orElseGet(() -> ObservedChannel.simulated(Channel.PUSH, IdentityType.LOGIN, observer)));
        out.add(ObservedChannel.simulated(Channel.IN_STORE, IdentityType.LOYALTY_NUMBER, observer));
        return out;
    }

    /** What the channels are, for the report. */
    public String describe() {
        return "email " + smtp.map(u -> "by SMTP to " + u.getHost() + ":" + u.getPort()).orElse("simulated")
                + ", sms " + smsWebhook.map(u -> "by webhook to " + u.getHost()).orElse("simulated")
                + ", push " + pushWebhook.map(u -> "by webhook to " + u.getHost()).orElse("simulated")
                + ", in_store simulated";
    }

    static SmtpSettings smtpSettings(URI uri) {
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        SmtpSettings.Security security = switch (scheme) {
            case "smtp" -> SmtpSettings.Security.NONE;
            case "smtp+starttls" -> SmtpSettings.Security.STARTTLS;
            case "smtps" -> SmtpSettings.Security.SSL;
            default -> throw new IllegalArgumentException("the SMTP server must be smtp://, smtp+starttls:// or smtps://, got "
                    + uri);
        };
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("the SMTP server needs a host and a port, got " + uri);
        }
        SmtpSettings settings = SmtpSettings.of(uri.getHost(), uri.getPort(), "news@nordhus.example", "Nordhus")
                .withSecurity(security);
        String user = System.getenv("RELEVANS_SMTP_USER");
        return user == null ? settings : settings.withLogin(user, String.valueOf(System.getenv("RELEVANS_SMTP_PASSWORD")));
    }
}
