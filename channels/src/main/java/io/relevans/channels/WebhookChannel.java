package io.relevans.channels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relevans.customer.Channel;
import io.relevans.customer.IdentityType;
import io.relevans.spi.ChannelAdapter;
import io.relevans.spi.Delivery;
import io.relevans.spi.RenderedMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands messages of one channel, typically {@link Channel#SMS SMS} or {@link Channel#PUSH push}, to an
 * HTTP gateway the application runs or buys: one {@code POST} per attempt to the configured endpoint
 * with the JDK's {@link HttpClient}.
 *
 * <p>The request body is UTF-8 JSON, {@code {"id":..., "channel":..., "to":..., "subject":...,
 * "body":...}}: the message id, the channel name, the recipient's address (the customer's identity of
 * the {@link WebhookSettings#addressType() configured kind}: a phone number for SMS, a login for
 * push), the subject or title (may be empty) and the body as rendered (for channels other than email
 * {@link io.relevans.spi.SimpleTemplates} inserts data unescaped: the gateway must escape it for
 * whatever markup it produces). Headers:
 * <ul>
 *   <li>{@value #IDEMPOTENCY_KEY}: the message id, the same on every attempt, so the gateway can drop
 *       a retry of a message it already accepted;</li>
 *   <li>{@value #SIGNATURE}: {@code sha256=} and the lower-case hex HMAC-SHA256 of the exact body
 *       bytes under the shared secret, when the settings have one.</li>
 * </ul>
 *
 * <p>Outcomes: a 2xx response is {@link Delivery#accepted()}; 408, 429 and 5xx responses, timeouts and
 * connection errors are {@link Delivery#retryLater(String)} (failures of the channel, which count
 * towards pausing it); any other status (3xx: redirects are not followed; 4xx) is {@link
 * Delivery#failed(String)}. Details carry the status or the error, never the response body (it may echo
 * the address).
 *
 * <p><b>Retry-After.</b> A {@code Retry-After} header on a 408, 429 or 5xx response is carried in the
 * delivery ({@link Delivery#retryAfter()}), so the message is not tried again before it: either a
 * number of seconds or an HTTP date (IMF-fixdate, {@code Wed, 21 Oct 2026 07:28:00 GMT}), the date
 * counted from the response's {@code Date} header when it has one (the gateway's clock against its own
 * clock), from this machine's clock otherwise. A wait longer than {@link Delivery#MAX_RETRY_AFTER} is
 * brought down to it, a date in the past is no wait, and a value that is neither is ignored; each is
 * logged with the value and the limit.
 *
 * <p>Logs message ids and outcomes at debug level; never an address or message text. Thread-safe.
 */
public final class WebhookChannel implements ChannelAdapter {

    /** The header carrying the message id. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** The header carrying the body's signature, when requests are signed. */
    public static final String SIGNATURE = "X-Relevans-Signature";

    private static final Logger LOG = LoggerFactory.getLogger(WebhookChannel.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HMAC = "HmacSHA256";

    private final WebhookSettings settings;
    private final HttpClient client;
    private final Optional<SecretKeySpec> key;

    /**
     * A webhook channel with its own HTTP client (HTTP/1.1 or 2 as the server offers, the settings'
     * connect timeout, redirects not followed).
     *
     * @param settings the channel, address kind, endpoint, secret and timeouts
     */
    public WebhookChannel(WebhookSettings settings) {
        this(settings, HttpClient.newBuilder().connectTimeout(Objects.requireNonNull(settings, "settings")
                .connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build());
    }

    /**
     * A webhook channel sending with the given client: for a proxy, client certificates or an
     * executor of the application's. The client's own connect timeout applies; the settings' request
     * timeout is set on every request.
     *
     * @param settings the channel, address kind, endpoint, secret and timeouts
     * @param client   the HTTP client
     */
    public WebhookChannel(WebhookSettings settings, HttpClient client) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = Objects.requireNonNull(client, "client");
        this.key = settings.signingSecret().map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), HMAC));
        key.ifPresent(WebhookChannel::mac); // fails now, not at the first message, if the JVM lacks HMAC-SHA256
    }

    @Override
    public Channel channel() {
        return settings.channel();
    }

    @Override
    public IdentityType addressType() {
        return settings.addressType();
    }

    /** The settings this channel sends with. */
    public WebhookSettings settings() {
        return settings;
    }

    /**
     * Posts the message once. Never throws for a failed delivery; the outcome says whether to try
     * again. An interrupt while waiting for the gateway is a temporary failure and leaves the thread's
     * interrupt flag set.
     */
    @Override
    public Delivery deliver(RenderedMessage message) {
        Objects.requireNonNull(message, "message");
        if (!settings.channel().equals(message.channel()) || message.recipient().type() != settings.addressType()) {
            return Delivery.failed("the " + settings.channel() + " webhook delivers to "
                    + settings.addressType().jsonName() + " addresses, not " + message.channel() + " to "
                    + message.recipient().type().jsonName());
        }
        byte[] body = payload(message);
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.endpoint())
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header(IDEMPOTENCY_KEY, message.id())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        key.ifPresent(k -> request.header(SIGNATURE, signature(k, body)));
        Delivery outcome;
        try {
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            outcome = classify(response, message.id());
        } catch (HttpTimeoutException e) {
            outcome = Delivery.retryLater(e.getClass().getSimpleName() + ": no answer from the " + settings.channel()
                    + " webhook in time (" + Redaction.scrub(String.valueOf(e.getMessage()), message.recipient()) + ")");
        } catch (IOException e) {
            outcome = Delivery.retryLater(e.getClass().getSimpleName() + " calling the " + settings.channel()
                    + " webhook" + (e.getMessage() == null ? "" : ": " + Redaction.scrub(e.getMessage(),
                    message.recipient())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = Delivery.retryLater("interrupted while calling the " + settings.channel() + " webhook");
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} message {}: {}{}", settings.channel(), message.id(), outcome.outcome(),
                    outcome.detail().isEmpty() ? "" : " (" + outcome.detail() + ")");
        }
        return outcome;
    }

    /**
     * The signature header value for a body: {@code sha256=} and the hex HMAC-SHA256 of the bytes
     * under the secret. For gateways written in Java, and for tests.
     *
     * @param secret the shared secret
     * @param body   the exact request body
     * @return the value of the {@value #SIGNATURE} header
     */
    public static String sign(String secret, byte[] body) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(body, "body");
        return signature(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC), body);
    }

    private Delivery classify(HttpResponse<Void> response, String messageId) {
        int status = response.statusCode();
        Optional<String> retryAfter = response.headers().firstValue("Retry-After");
        String detail = "HTTP " + status + " from the " + settings.channel() + " webhook"
                + retryAfter.map(r -> " (Retry-After: " + r + ")").orElse("");
        if (status >= 200 && status < 300) {
            return Delivery.accepted();
        }
        if (status == 408 || status == 429 || (status >= 500 && status < 600)) {
            Optional<Duration> wait = retryAfter.flatMap(r -> retryAfter(r, response.headers().firstValue("Date"),
                    Instant.now(), messageId));
            return new Delivery(Delivery.Outcome.TEMPORARY_FAILURE, detail, Delivery.Fault.CHANNEL, wait);
        }
        return Delivery.failed(detail);
    }

    /**
     * The wait a {@code Retry-After} value asks for: seconds, or an HTTP date counted from the response's
     * {@code Date} (or {@code now} without one); at most {@link Delivery#MAX_RETRY_AFTER}, a past date no
     * wait, empty for a value that is neither.
     *
     * @param value     the header's value
     * @param date      the response's {@code Date} header, if any
     * @param now       this machine's time, used without a {@code Date} header
     * @param messageId for the log
     */
    Optional<Duration> retryAfter(String value, Optional<String> date, Instant now, String messageId) {
        String v = value.strip();
        String shown = v.length() > 64 ? v.substring(0, 64) + "..." : v; // for the log
        Duration wait;
        if (!v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            wait = v.length() > 12 ? Delivery.MAX_RETRY_AFTER.plusSeconds(1) : Duration.ofSeconds(Long.parseLong(v));
        } else {
            Optional<Instant> at = httpDate(v);
            if (at.isEmpty()) {
                LOG.info("{} message {}: Retry-After '{}' is neither seconds nor an HTTP date: ignored",
                        settings.channel(), messageId, shown);
                return Optional.empty();
            }
            Instant from = date.flatMap(WebhookChannel::httpDate).orElse(now);
            wait = Duration.between(from, at.get());
            if (wait.isNegative()) {
                wait = Duration.ZERO;
            }
        }
        if (wait.compareTo(Delivery.MAX_RETRY_AFTER) > 0) {
            LOG.info("{} message {}: Retry-After '{}' is beyond the limit of {}: waiting {}", settings.channel(),
                    messageId, shown, Delivery.MAX_RETRY_AFTER,
                    Delivery.MAX_RETRY_AFTER);
            return Optional.of(Delivery.MAX_RETRY_AFTER);
        }
        return Optional.of(wait);
    }

    private static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private byte[] payload(RenderedMessage message) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", message.id());
        node.put("channel", message.channel().name());
        node.put("to", message.recipient().value());
        node.put("subject", message.subject());
        node.put("body", message.body());
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the JSON of message " + message.id(), e);
        }
    }

    private static String signature(SecretKeySpec key, byte[] body) {
        Mac mac = mac(key);
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static Mac mac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM: " + e.getMessage(), e);
        }
    }
}
