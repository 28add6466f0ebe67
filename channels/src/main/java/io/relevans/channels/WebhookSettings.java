package io.relevans.channels;

import io.relevans.customer.Channel;
import io.relevans.customer.IdentityType;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how {@link WebhookChannel} hands messages of one channel to an HTTP gateway: the channel
 * and the kind of address it serves, the endpoint, an optional shared secret to sign each request
 * with, and the timeouts. Start from {@link #sms(URI)}, {@link #push(URI)} or {@link #of(Channel,
 * IdentityType, URI)} (5 s to connect, 10 s for the whole request, unsigned) and adjust with the
 * {@code with} methods.
 *
 * <pre>{@code
 * WebhookSettings sms = WebhookSettings.sms(URI.create("https://gateway.example/relevans/sms"))
 *         .withSigningSecret(secretFromVault);
 * }</pre>
 *
 * @param channel        the channel the webhook delivers on
 * @param addressType    the kind of identity its messages are addressed to
 * @param endpoint       the absolute http or https address requests are posted to
 * @param signingSecret  the shared secret of the HMAC-SHA256 signature, when requests are signed; not blank
 * @param connectTimeout the longest wait for the connection, positive
 * @param requestTimeout the longest wait for the response once the request is sent, positive
 */
public record WebhookSettings(Channel channel, IdentityType addressType, URI endpoint, Optional<String> signingSecret,
                              Duration connectTimeout, Duration requestTimeout) {

    /** The connection timeout of the factories. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The request timeout of the factories. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** @throws IllegalArgumentException naming the part that is out of range */
    public WebhookSettings {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(addressType, "address type");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(signingSecret, "signing secret");
        Objects.requireNonNull(connectTimeout, "connect timeout");
        Objects.requireNonNull(requestTimeout, "request timeout");
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!endpoint.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("webhook endpoint of the " + channel
                    + " channel must be an absolute http or https address with a host, got '" + endpoint + "'");
        }
        if (endpoint.getRawUserInfo() != null) {
            throw new IllegalArgumentException("webhook endpoint of the " + channel
                    + " channel must not hold a user name or password; sign the requests instead");
        }
        if (signingSecret.isPresent() && signingSecret.get().isBlank()) {
            throw new IllegalArgumentException("the signing secret of the " + channel
                    + " webhook must not be blank; leave it out for unsigned requests");
        }
        checkTimeout(channel, "connect timeout", connectTimeout);
        checkTimeout(channel, "request timeout", requestTimeout);
    }

    /**
     * Settings for a channel, unsigned, with the default timeouts.
     *
     * @param channel     the channel
     * @param addressType the kind of identity its messages go to
     * @param endpoint    where requests are posted
     */
    public static WebhookSettings of(Channel channel, IdentityType addressType, URI endpoint) {
        return new WebhookSettings(channel, addressType, endpoint, Optional.empty(), DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT);
    }

    /** Settings for {@link Channel#SMS text messages}, addressed to the customer's {@link IdentityType#PHONE phone}. */
    public static WebhookSettings sms(URI endpoint) {
        return of(Channel.SMS, IdentityType.PHONE, endpoint);
    }

    /**
     * Settings for {@link Channel#PUSH app push notifications}, addressed to the customer's {@link
     * IdentityType#LOGIN login} of the web shop or app: the gateway maps the login to the devices.
     */
    public static WebhookSettings push(URI endpoint) {
        return of(Channel.PUSH, IdentityType.LOGIN, endpoint);
    }

    /** These settings with requests signed by the shared secret. */
    public WebhookSettings withSigningSecret(String secret) {
        return new WebhookSettings(channel, addressType, endpoint, Optional.of(secret), connectTimeout, requestTimeout);
    }

    /** These settings with other timeouts. */
    public WebhookSettings withTimeouts(Duration newConnectTimeout, Duration newRequestTimeout) {
        return new WebhookSettings(channel, addressType, endpoint, signingSecret, newConnectTimeout,
                newRequestTimeout);
    }

    /** A description without the secret. */
    @Override
    public String toString() {
        return "WebhookSettings[" + channel + " to " + addressType.jsonName() + " via " + endpoint.getScheme() + "://"
                + endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort()) + endpoint.getRawPath() + (signingSecret.isPresent() ? ", signed" : "")
                + ", timeouts " + connectTimeout + "/" + requestTimeout + "]";
    }

    private static void checkTimeout(Channel channel, String what, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(what + " of the " + channel + " webhook must be positive, got "
                    + timeout);
        }
    }
}
