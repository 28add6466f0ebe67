package io.relevans.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.relevans.customer.Channel;
import io.relevans.customer.Identity;
import io.relevans.spi.Delivery;
import io.relevans.spi.RenderedMessage;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SMTP channel against GreenMail, a real SMTP server in the test, and against a scripted
 * responder for the replies GreenMail never gives.
 */
class SmtpChannelTest {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("news@shop.test", "news", "s3cret"));

    private static final Identity ANNA = Identity.email("Anna.Berg@Example.com");

    private static RenderedMessage reminder(String id) {
        return new RenderedMessage(id, Channel.EMAIL, ANNA, "Glemte du noe, Åse & Co?",
                "<p>Hei Åse &amp; Co,</p><ul><li>tv-55: 8999</li><li>soundbar: 1990</li></ul>"
                        + "<p><a href=\"https://shop.test/cart?c=1&amp;u=2\">Til handlekurven</a></p>");
    }

    private static SmtpSettings plain(int port) {
        return SmtpSettings.of("localhost", port, "news@shop.test", "The Shop").withSecurity(SmtpSettings.Security.NONE)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private static SmtpChannel greenMail() {
        return new SmtpChannel(plain(MAIL.getSmtp().getPort()));
    }

    private static MimeMessage onlyReceived() {
        assertTrue(MAIL.waitForIncomingEmail(5_000, 1), "no mail arrived");
        MimeMessage[] received = MAIL.getReceivedMessages();
        assertEquals(1, received.length);
        return received[0];
    }

    @Test
    @DisplayName("a message arrives with recipient, sender, subject, an HTML and a plain-text part, and its id in the headers")
    void delivers_toARealServer() throws Exception {
        Delivery d = greenMail().deliver(reminder("m-0123456789abcdef01234567"));
        assertEquals(Delivery.accepted(), d);

        MimeMessage mail = onlyReceived();
        assertEquals(List.of(new InternetAddress("anna.berg@example.com")), List.of(mail.getRecipients(Message.RecipientType.TO)));
        Address[] from = mail.getFrom();
        assertEquals("news@shop.test", ((InternetAddress) from[0]).getAddress());
        assertEquals("The Shop", ((InternetAddress) from[0]).getPersonal());
        assertEquals("Glemte du noe, Åse & Co?", mail.getSubject());
        assertEquals("<m-0123456789abcdef01234567@shop.test>", mail.getMessageID());
        assertEquals("m-0123456789abcdef01234567", mail.getHeader(SmtpChannel.MESSAGE_ID_HEADER, null));

        MimeMultipart alternative = assertInstanceOf(MimeMultipart.class, mail.getContent());
        assertTrue(alternative.getContentType().startsWith("multipart/alternative"), alternative.getContentType());
        assertEquals(2, alternative.getCount());
        BodyPart text = alternative.getBodyPart(0);
        BodyPart html = alternative.getBodyPart(1);
        assertTrue(text.isMimeType("text/plain"), text.getContentType());
        assertTrue(html.isMimeType("text/html"), html.getContentType());
        assertEquals(reminder("x").body(), html.getContent());
        assertEquals("Hei Åse & Co,\n\n- tv-55: 8999\n- soundbar: 1990\n\n"
                + "Til handlekurven (https://shop.test/cart?c=1&u=2)", ((String) text.getContent()).replace("\r\n", "\n"));
    }

    @Test
    @DisplayName("every attempt of one message carries the same Message-ID, so a retry is recognisable")
    void retries_carryTheSameMessageId() throws Exception {
        SmtpChannel channel = greenMail();
        channel.deliver(reminder("m-aa"));
        channel.deliver(reminder("m-aa"));
        channel.deliver(reminder("m-bb"));
        assertTrue(MAIL.waitForIncomingEmail(5_000, 3));
        MimeMessage[] received = MAIL.getReceivedMessages();
        assertEquals(List.of("<m-aa@shop.test>", "<m-aa@shop.test>", "<m-bb@shop.test>"),
                List.of(received[0].getMessageID(), received[1].getMessageID(), received[2].getMessageID()));
    }

    @Test
    @DisplayName("an id with characters a Message-ID cannot hold is hex-encoded there, and kept as it is in the id header")
    void oddId_encodedInMessageId() throws Exception {
        greenMail().deliver(reminder("order 7/<1>"));
        MimeMessage mail = onlyReceived();
        assertEquals("<x-6f7264657220372f3c313e@shop.test>", mail.getMessageID());
        assertEquals("order 7/<1>", mail.getHeader(SmtpChannel.MESSAGE_ID_HEADER, null));
    }

    @Test
    @DisplayName("with a login: the right password sends, a wrong one is a temporary failure (a settings problem)")
    void login() {
        int port = MAIL.getSmtp().getPort();
        assertEquals(Delivery.accepted(), new SmtpChannel(plain(port).withLogin("news", "s3cret")).deliver(reminder("m-1")));
        onlyReceived();

        Delivery wrong = new SmtpChannel(plain(port).withLogin("news", "wrong")).deliver(reminder("m-2"));
        assertEquals(Delivery.Outcome.TEMPORARY_FAILURE, wrong.outcome(), wrong.toString());
        assertTrue(wrong.detail().startsWith("login to localhost:" + port + " failed"), wrong.detail());
        assertEquals(1, MAIL.getReceivedMessages().length);
    }

    @Test
    @DisplayName("STARTTLS required and not offered by the server: a temporary failure, nothing sent in the clear")
    void startTlsRequired_notOffered_retryLater() {
        Delivery d = new SmtpChannel(plain(MAIL.getSmtp().getPort()).withSecurity(SmtpSettings.Security.STARTTLS))
                .deliver(reminder("m-1"));
        assertEquals(Delivery.Outcome.TEMPORARY_FAILURE, d.outcome(), d.toString());
        assertTrue(d.detail().contains("STARTTLS"), d.detail());
        assertEquals(0, MAIL.getReceivedMessages().length);
    }

    @Test
    @DisplayName("the server stopped (nothing listening on the port): try again later")
    void serverDown_retryLater() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Delivery d = new SmtpChannel(plain(port)).deliver(reminder("m-1"));
        assertEquals(Delivery.Outcome.TEMPORARY_FAILURE, d.outcome(), d.toString());
        assertEquals(Delivery.Fault.CHANNEL, d.fault());
        assertTrue(d.detail().startsWith("connection to localhost:" + port + " failed: ConnectException"), d.detail());
    }

    @Test
    @DisplayName("a server that accepts the connection and never answers: try again later, after the read timeout")
    void silentServer_timeout_retryLater() throws Exception {
        try (ScriptedSmtpServer silent = ScriptedSmtpServer.silent()) {
            Delivery d = new SmtpChannel(plain(silent.port()).withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300)))
                    .deliver(reminder("m-1"));
            assertEquals(Delivery.Outcome.TEMPORARY_FAILURE, d.outcome(), d.toString());
            assertTrue(d.detail().contains("SocketTimeoutException"), d.detail());
        }
    }

    @Test
    @DisplayName("a 550 for the recipient is permanent, and the reply's address is masked in the detail")
    void recipientRefused550_failed_addressMasked() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.refusingRecipient(
                "550 5.1.1 <anna.berg@example.com>: Recipient address rejected: User unknown")) {
            Delivery d = new SmtpChannel(plain(server.port())).deliver(reminder("m-1"));
            assertEquals(Delivery.Outcome.PERMANENT_FAILURE, d.outcome(), d.toString());
            assertEquals("recipient refused: 550 5.1.1 <[address]>: Recipient address rejected: User unknown", d.detail());
            assertFalse(server.commands().stream().anyMatch(c -> c.startsWith("DATA")), "no message after a refusal");
        }
    }

    @Test
    @DisplayName("a 4xx for the recipient (mailbox busy, greylisting) is temporary")
    void recipientRefused450_retryLater() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.refusingRecipient("450 4.2.1 mailbox busy, try later")) {
            Delivery d = new SmtpChannel(plain(server.port())).deliver(reminder("m-1"));
            assertEquals(Delivery.Outcome.TEMPORARY_FAILURE, d.outcome(), d.toString());
            assertEquals(Delivery.Fault.MESSAGE, d.fault(), "the recipient's, not the channel's: it does not pause email");
            assertTrue(d.detail().startsWith("recipient refused: 450 4.2.1 mailbox busy"), d.detail());
        }
    }

    @Test
    @DisplayName("a 552 for the recipient (mailbox full) is read as 452 (RFC 5321) and is temporary")
    void recipientRefused552_retryLater() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.refusingRecipient("552 5.2.2 mailbox full")) {
            Delivery d = new SmtpChannel(plain(server.port())).deliver(reminder("m-1"));
            assertEquals(Delivery.Outcome.TEMPORARY_FAILURE, d.outcome(), d.toString());
            assertEquals(Delivery.Fault.MESSAGE, d.fault());
            assertTrue(d.detail().contains("552 5.2.2 mailbox full"), d.detail());
        }
    }

    @Test
    @DisplayName("a 5xx for the message itself (rejected as spam) is permanent, a 4xx temporary")
    void messageRefused() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.refusingMessage("554 5.7.1 message rejected as spam")) {
            Delivery d = new SmtpChannel(plain(server.port())).deliver(reminder("m-1"));
            assertEquals(Delivery.Outcome.PERMANENT_FAILURE, d.outcome(), d.toString());
            assertTrue(d.detail().startsWith("message refused: 554 5.7.1 message rejected as spam"), d.detail());
        }
        try (ScriptedSmtpServer server = ScriptedSmtpServer.refusingMessage("451 4.3.0 local error, try again")) {
            Delivery d = new SmtpChannel(plain(server.port())).deliver(reminder("m-1"));
            assertEquals(Delivery.Outcome.TEMPORARY_FAILURE, d.outcome(), d.toString());
            assertTrue(d.detail().startsWith("message refused: 451 4.3.0"), d.detail());
        }
    }

    @Test
    @DisplayName("the sender refused, even with a 5xx, is temporary: a settings problem, not the message's")
    void senderRefused_retryLater() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.refusingSender("553 5.7.1 sender not allowed")) {
            Delivery d = new SmtpChannel(plain(server.port())).deliver(reminder("m-1"));
            assertEquals(Delivery.Outcome.TEMPORARY_FAILURE, d.outcome(), d.toString());
            assertEquals(Delivery.Fault.CHANNEL, d.fault(), "every message would fail: counts towards pausing email");
            assertTrue(d.detail().startsWith("sender refused: 553 5.7.1 sender not allowed"), d.detail());
        }
    }

    @Test
    @DisplayName("a 421 greeting (server too busy) is temporary")
    void busyGreeting_retryLater() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.greeting("421 4.3.2 too busy")) {
            Delivery d = new SmtpChannel(plain(server.port())).deliver(reminder("m-1"));
            assertEquals(Delivery.Outcome.TEMPORARY_FAILURE, d.outcome(), d.toString());
        }
    }

    @Test
    @DisplayName("a recipient that is not an email address is permanent, without contacting the server")
    void invalidAddress_failed() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.accepting()) {
            RenderedMessage bad = new RenderedMessage("m-1", Channel.EMAIL, Identity.email("anna at example"), "s", "b");
            Delivery d = new SmtpChannel(plain(server.port())).deliver(bad);
            assertEquals(Delivery.failed("the recipient is not a valid email address"), d);
            assertEquals(List.of(), server.commands());
        }
    }

    @Test
    @DisplayName("a message for another channel is refused as permanent")
    void otherChannel_failed() {
        RenderedMessage sms = new RenderedMessage("m-1", Channel.SMS, Identity.phone("+47 400 00 000"), "", "Hei");
        assertEquals(Delivery.Outcome.PERMANENT_FAILURE, greenMail().deliver(sms).outcome());
    }

    @Test
    @DisplayName("settings: the sender must be an email address, the port in range; the password never shows")
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> SmtpSettings.of("localhost", 25, "not an address", ""));
        assertThrows(IllegalArgumentException.class, () -> SmtpSettings.of("localhost", 0, "news@shop.test", ""));
        assertThrows(IllegalArgumentException.class, () -> SmtpSettings.of(" ", 25, "news@shop.test", ""));
        assertThrows(IllegalArgumentException.class, () -> SmtpSettings.of("localhost", 25, "news@shop.test", "")
                .withTimeouts(Duration.ZERO, Duration.ofSeconds(1)));
        SmtpSettings s = SmtpSettings.of("localhost", 25, "news@shop.test", "").withLogin("news", "s3cret");
        assertFalse(s.toString().contains("s3cret"), s.toString());
        assertFalse(s.login().orElseThrow().toString().contains("s3cret"));
        assertEquals(SmtpSettings.Security.STARTTLS, s.security(), "STARTTLS unless told otherwise");
    }

    /** Delivers {@code n} reminders through a channel with the pool, each accepted; answers the server's connections. */
    private static int connectionsFor(ScriptedSmtpServer server, SmtpSettings.Pool pool, int n) {
        try (SmtpChannel channel = new SmtpChannel(plain(server.port()).withPool(pool))) {
            for (int i = 0; i < n; i++) {
                assertEquals(Delivery.accepted(), channel.deliver(reminder("m-" + i)), "message " + i);
            }
        }
        assertEquals(n, server.commands().stream().filter(c -> c.equals("DATA")).count(), "each message once");
        return server.connections();
    }

    @Test
    @DisplayName("connections are reused: ten messages over one connection, or one per three messages when the pool says so")
    void pool_reusesConnections() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.accepting()) {
            assertEquals(1, connectionsFor(server, SmtpSettings.Pool.DEFAULT, 10), "one connection for the ten");
        }
        try (ScriptedSmtpServer server = ScriptedSmtpServer.accepting()) {
            assertEquals(4, connectionsFor(server, new SmtpSettings.Pool(2, 3, Duration.ofSeconds(30)), 10),
                    "3 + 3 + 3 + 1 messages");
        }
        try (ScriptedSmtpServer server = ScriptedSmtpServer.accepting()) {
            assertEquals(3, connectionsFor(server, SmtpSettings.Pool.connectionPerMessage(), 3),
                    "no reuse: a connection per message, as before pools");
        }
    }

    @Test
    @DisplayName("a broken pooled connection is replaced: the server hangs up after each message, every message still goes out once")
    void pool_brokenConnectionReplaced() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.hangingUpAfterEachMessage()) {
            assertEquals(5, connectionsFor(server, SmtpSettings.Pool.DEFAULT, 5), "a new connection after each hang-up");
        }
    }

    /** A channel to the server with a pool of the connections and idle timeout, 100 messages each. */
    private static SmtpChannel pooled(ScriptedSmtpServer server, int connections, Duration idle) {
        return new SmtpChannel(plain(server.port()).withPool(new SmtpSettings.Pool(connections, 100, idle)));
    }

    @Test
    @DisplayName("the pool is bounded: eight threads delivering at once through a pool of two open at most two connections")
    void pool_bounded() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.accepting();
             SmtpChannel channel = pooled(server, 2, Duration.ofSeconds(30))) {
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<Delivery>> results = new java.util.ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    String id = "m-" + i;
                    results.add(threads.submit(() -> channel.deliver(reminder(id))));
                }
                for (java.util.concurrent.Future<Delivery> r : results) {
                    assertEquals(Delivery.accepted(), r.get());
                }
            } finally {
                threads.shutdownNow();
            }
            assertTrue(server.mostOpenAtOnce() <= 2, server.mostOpenAtOnce() + " open at once");
            assertTrue(server.connections() <= 2, server.connections() + " connections for 40 messages");
            assertEquals(40, server.commands().stream().filter(c -> c.equals("DATA")).count());
        }
    }

    @Test
    @DisplayName("a connection idle longer than the pool's idle timeout is closed, not reused")
    void pool_idleTimeout() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.accepting();
             SmtpChannel channel = pooled(server, 1, Duration.ofSeconds(1))) {
            assertEquals(Delivery.accepted(), channel.deliver(reminder("m-1")));
            Thread.sleep(1_200);
            assertEquals(Delivery.accepted(), channel.deliver(reminder("m-2")));
            assertEquals(2, server.connections());
            assertTrue(server.commands().contains("QUIT"), "the idle one was closed politely");
        }
    }

    @Test
    @DisplayName("a pool out of range is refused, naming the value and the limit")
    void pool_validation() {
        assertEquals("SMTP pool connections must be 1..64, got 0", assertThrows(IllegalArgumentException.class,
                () -> new SmtpSettings.Pool(0, 1, Duration.ofSeconds(30))).getMessage());
        assertEquals("SMTP messages per connection must be 1..10000, got 10001", assertThrows(
                IllegalArgumentException.class, () -> new SmtpSettings.Pool(1, 10_001, Duration.ofSeconds(30)))
                .getMessage());
        assertEquals("SMTP pool idle timeout must be from 1 s to PT10M, got PT11M", assertThrows(
                IllegalArgumentException.class, () -> new SmtpSettings.Pool(1, 1, Duration.ofMinutes(11))).getMessage());
    }
}
