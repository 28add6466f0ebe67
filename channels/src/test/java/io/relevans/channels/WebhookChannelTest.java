package io.relevans.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relevans.customer.Channel;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.spi.Delivery;
import io.relevans.spi.RenderedMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The webhook channel against a local HTTP server standing in for an SMS or push gateway. */
class WebhookChannelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RenderedMessage TEXT = new RenderedMessage("m-0123456789abcdef01234567", Channel.SMS,
            Identity.phone("+47 400 12 345"), "", "Hei Åse, \"tv-55\" <venter> i handlekurven & snart utsolgt");

    private WebhookServer gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private WebhookChannel sms(WebhookSettings settings) {
        return new WebhookChannel(settings);
    }

    private WebhookSettings settings() {
        return WebhookSettings.sms(gateway.uri()).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @Test
    @DisplayName("posts the message as JSON with the id as Idempotency-Key and an HMAC-SHA256 signature the gateway can check")
    void payloadHeadersAndSignature() throws Exception {
        gateway = WebhookServer.answering(202);
        WebhookChannel channel = sms(settings().withSigningSecret("gateway-secret"));
        assertEquals(Channel.SMS, channel.channel());
        assertEquals(IdentityType.PHONE, channel.addressType());

        assertEquals(Delivery.accepted(), channel.deliver(TEXT));

        WebhookServer.Received r = gateway.received().get(0);
        assertEquals("POST", r.method());
        assertEquals("/hook", r.path());
        assertEquals("application/json; charset=utf-8", r.header("Content-Type"));
        assertEquals("m-0123456789abcdef01234567", r.header("Idempotency-Key"));
        JsonNode json = JSON.readTree(r.body());
        assertEquals(List.of("id", "channel", "to", "subject", "body"), iterable(json.fieldNames()));
        assertEquals("m-0123456789abcdef01234567", json.get("id").asText());
        assertEquals("sms", json.get("channel").asText());
        assertEquals("+4740012345", json.get("to").asText());
        assertEquals("", json.get("subject").asText());
        assertEquals(TEXT.body(), json.get("body").asText());

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("gateway-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(r.body()));
        assertEquals(expected, r.header(WebhookChannel.SIGNATURE));
        assertEquals(expected, WebhookChannel.sign("gateway-secret", r.body()));
        assertFalse(expected.equals(WebhookChannel.sign("another-secret", r.body())), "the secret matters");
    }

    @Test
    @DisplayName("without a secret the request is not signed; every attempt of a message has the same key and body")
    void unsigned_sameKeyOnRetry() {
        gateway = WebhookServer.answering(200);
        WebhookChannel channel = sms(settings());
        channel.deliver(TEXT);
        channel.deliver(TEXT);
        List<WebhookServer.Received> r = gateway.received();
        assertNull(r.get(0).header(WebhookChannel.SIGNATURE));
        assertEquals(r.get(0).header("Idempotency-Key"), r.get(1).header("Idempotency-Key"));
        assertEquals(new String(r.get(0).body(), StandardCharsets.UTF_8), new String(r.get(1).body(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "HTTP {0} is accepted")
    @ValueSource(ints = {200, 201, 202, 204})
    void success(int status) {
        gateway = WebhookServer.answering(status);
        assertEquals(Delivery.accepted(), sms(settings()).deliver(TEXT));
    }

    @ParameterizedTest(name = "HTTP {0} is worth a retry")
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void temporary(int status) {
        gateway = WebhookServer.answering(status);
        Delivery d = sms(settings()).deliver(TEXT);
        assertEquals(Delivery.Outcome.TEMPORARY_FAILURE, d.outcome(), d.toString());
        assertTrue(d.detail().startsWith("HTTP " + status + " from the sms webhook"), d.detail());
        assertFalse(d.detail().contains("not for logs"), "the response body is not reported");
    }

    @ParameterizedTest(name = "HTTP {0} is permanent")
    @ValueSource(ints = {301, 400, 401, 403, 404, 410, 422})
    void permanent(int status) {
        gateway = WebhookServer.answering(status);
        Delivery d = sms(settings()).deliver(TEXT);
        assertEquals(Delivery.failed("HTTP " + status + " from the sms webhook"), d);
    }

    @Test
    @DisplayName("a Retry-After header in seconds is carried in the delivery and kept in the detail")
    void retryAfter_seconds() {
        gateway = WebhookServer.answering(503);
        assertEquals(Delivery.retryLater("HTTP 503 from the sms webhook (Retry-After: 120)", Duration.ofSeconds(120)),
                sms(settings()).deliver(TEXT));
        gateway.retryAfter(null);
        Delivery none = sms(settings()).deliver(TEXT);
        assertEquals(Delivery.retryLater("HTTP 503 from the sms webhook"), none);
        assertEquals(Delivery.Fault.CHANNEL, none.fault());
    }

    @Test
    @DisplayName("a Retry-After HTTP date is counted from the response's Date header")
    void retryAfter_httpDate_fromTheResponseDate() {
        gateway = WebhookServer.answering(429);
        // the JDK server sends its own Date: a wait of about 90 s whatever this machine's clock says
        gateway.retryAfter(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(90)));
        Delivery d = sms(settings()).deliver(TEXT);
        assertEquals(Delivery.Outcome.TEMPORARY_FAILURE, d.outcome(), d.toString());
        Duration wait = d.retryAfter().orElseThrow();
        assertTrue(wait.compareTo(Duration.ofSeconds(85)) >= 0 && wait.compareTo(Duration.ofSeconds(91)) <= 0,
                wait.toString());
    }

    @Test
    @DisplayName("Retry-After values: seconds, dates against Date or now, past dates, the 24-hour limit, garbage ignored")
    void retryAfter_parsing() {
        WebhookChannel channel = sms(WebhookSettings.sms(URI.create("http://127.0.0.1:9/hook")));
        Instant now = Instant.parse("2026-10-21T07:00:00Z");
        Optional<String> noDate = Optional.empty();
        assertEquals(Optional.of(Duration.ofSeconds(0)), channel.retryAfter("0", noDate, now, "m-1"));
        assertEquals(Optional.of(Duration.ofSeconds(3600)), channel.retryAfter(" 3600 ", noDate, now, "m-1"));
        assertEquals(Optional.of(Duration.ofMinutes(28)),
                channel.retryAfter("Wed, 21 Oct 2026 07:28:00 GMT", noDate, now, "m-1"), "from now without Date");
        assertEquals(Optional.of(Duration.ofMinutes(8)), channel.retryAfter("Wed, 21 Oct 2026 07:28:00 GMT",
                Optional.of("Wed, 21 Oct 2026 07:20:00 GMT"), now, "m-1"), "from the gateway's own Date");
        assertEquals(Optional.of(Duration.ZERO), channel.retryAfter("Wed, 21 Oct 2026 06:00:00 GMT", noDate, now, "m-1"),
                "a past date is no wait");
        assertEquals(Optional.of(Delivery.MAX_RETRY_AFTER), channel.retryAfter("172800", noDate, now, "m-1"),
                "two days brought down to the limit");
        assertEquals(Optional.of(Delivery.MAX_RETRY_AFTER),
                channel.retryAfter("99999999999999999999999", noDate, now, "m-1"));
        assertEquals(Optional.of(Delivery.MAX_RETRY_AFTER),
                channel.retryAfter("Sat, 21 Nov 2026 07:28:00 GMT", noDate, now, "m-1"));
        assertEquals(Optional.empty(), channel.retryAfter("-5", noDate, now, "m-1"));
        assertEquals(Optional.empty(), channel.retryAfter("soon", noDate, now, "m-1"));
        assertEquals(Optional.empty(), channel.retryAfter("", noDate, now, "m-1"));
    }

    @Test
    @DisplayName("a delivery refuses a wait beyond its limit, naming it")
    void delivery_retryAfterLimit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Delivery.retryLater("x", Duration.ofHours(25)));
        assertEquals("retry after must be from 0 to PT24H, got PT25H", e.getMessage());
    }

    @Test
    @DisplayName("a gateway that does not answer within the request timeout: try again later")
    void timeout_retryLater() {
        gateway = WebhookServer.answering(0);
        Delivery d = sms(settings().withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300))).deliver(TEXT);
        assertEquals(Delivery.Outcome.TEMPORARY_FAILURE, d.outcome(), d.toString());
        assertTrue(d.detail().startsWith("HttpTimeoutException: no answer from the sms webhook in time"), d.detail());
        assertEquals(1, gateway.received().size(), "the request reached the gateway");
    }

    @Test
    @DisplayName("nothing listening at the endpoint: try again later")
    void connectionRefused_retryLater() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Delivery d = sms(WebhookSettings.sms(URI.create("http://127.0.0.1:" + port + "/hook"))).deliver(TEXT);
        assertEquals(Delivery.Outcome.TEMPORARY_FAILURE, d.outcome(), d.toString());
        assertTrue(d.detail().startsWith("ConnectException calling the sms webhook"), d.detail());
    }

    @Test
    @DisplayName("push goes to the customer's login; a message of another channel or address kind is refused as permanent")
    void push_andMismatches() throws Exception {
        gateway = WebhookServer.answering(200);
        WebhookChannel push = new WebhookChannel(WebhookSettings.push(gateway.uri()));
        assertEquals(Channel.PUSH, push.channel());
        assertEquals(IdentityType.LOGIN, push.addressType());
        RenderedMessage note = new RenderedMessage("m-1", Channel.PUSH, Identity.login("kari"), "Tilbud", "Nye kjoler");
        assertEquals(Delivery.accepted(), push.deliver(note));
        JsonNode json = JSON.readTree(gateway.received().get(0).body());
        assertEquals("push", json.get("channel").asText());
        assertEquals("kari", json.get("to").asText());
        assertEquals("Tilbud", json.get("subject").asText());

        assertEquals(Delivery.Outcome.PERMANENT_FAILURE, push.deliver(TEXT).outcome(), "an SMS");
        RenderedMessage byPhone = new RenderedMessage("m-2", Channel.PUSH, Identity.phone("+4740012345"), "", "x");
        assertEquals(Delivery.Outcome.PERMANENT_FAILURE, push.deliver(byPhone).outcome(), "a phone address");
        assertEquals(1, gateway.received().size(), "refused messages are not posted");
    }

    @Test
    @DisplayName("settings: an absolute http(s) endpoint without credentials, a non-blank secret, positive timeouts; the secret never shows")
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> WebhookSettings.sms(URI.create("/relative")));
        assertThrows(IllegalArgumentException.class, () -> WebhookSettings.sms(URI.create("ftp://gw.test/x")));
        assertThrows(IllegalArgumentException.class, () -> WebhookSettings.sms(URI.create("https://u:p@gw.test/x")));
        WebhookSettings s = WebhookSettings.sms(URI.create("https://gw.test/x?token=abc"));
        assertThrows(IllegalArgumentException.class, () -> s.withSigningSecret(" "));
        assertThrows(IllegalArgumentException.class, () -> s.withTimeouts(Duration.ofSeconds(1), Duration.ZERO));
        String text = s.withSigningSecret("gateway-secret").toString();
        assertFalse(text.contains("gateway-secret"), text);
        assertFalse(text.contains("token=abc"), text);
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
