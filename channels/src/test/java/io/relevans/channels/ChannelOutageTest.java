package io.relevans.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.relevans.ChannelBreaker;
import io.relevans.DispatchReport;
import io.relevans.Relevans;
import io.relevans.RetryPolicy;
import io.relevans.VirtualClock;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Policies;
import io.relevans.definition.Program;
import io.relevans.definition.Reentry;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.spi.ChannelAdapter;
import io.relevans.spi.Message;
import io.relevans.spi.SimpleTemplates;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The engine with the real channel adapters through outages: the SMTP server down and back, an SMTP
 * server too slow to answer, a webhook gateway failing half the time, the SMTP server down for six
 * hours. Sends are retried with the {@link RetryPolicy}'s backoff (never before they are due), a failed
 * send gives its cap slot back once it is dead, the backlog drains when the channel returns, each
 * message arriving once. Without a {@link ChannelBreaker} messages whose retry budget is spent are
 * visible as {@link Message.Status#DEAD} with the reason; with the default one an outage longer than
 * the retry schedule pauses the channel and no message is dead. Time is virtual except for the
 * adapters' own network timeouts.
 */
class ChannelOutageTest {

    private static final Instant MONDAY_10 = Instant.parse("2026-03-02T10:00:00Z");
    private static final RetryPolicy RETRY = RetryPolicy.DEFAULT; // 5 attempts: waits of 1, 4, 16, 64 minutes
    private static final Pattern EMAIL_ADDRESS = Pattern.compile("[^\\s@<>]+@[^\\s@<>]+\\.[a-z]+");

    private final VirtualClock clock = VirtualClock.at(MONDAY_10);
    private final List<AutoCloseable> servers = new ArrayList<>();
    private Relevans engine;

    @AfterEach
    void stopServers() throws Exception {
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private GreenMail greenMailOn(int port) {
        GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        servers.add(mail::stop);
        return mail;
    }

    private static SmtpChannel smtpOn(int port, Duration timeout) {
        return new SmtpChannel(SmtpSettings.of("127.0.0.1", port, "news@shop.test", "The Shop")
                .withSecurity(SmtpSettings.Security.NONE).withTimeouts(timeout, timeout));
    }

    /** On every cart change, a message on the channel at once; at most one per program a week; no breaker. */
    private void start(ChannelAdapter adapter) {
        start(adapter, ChannelBreaker.NEVER);
    }

    /** On every cart change, a message on the channel at once; at most one per program a week. */
    private void start(ChannelAdapter adapter, ChannelBreaker breaker) {
        Program reminder = Program.named("reminder").on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                .reentry(Reentry.RESTART).cap(1, Duration.ofDays(7))
                .steps(Steps.send("send", ChannelChoice.of(adapter.channel()), "reminder").withLines().build())
                .build();
        engine = Relevans.builder().clock(clock).channel(adapter).retry(RETRY).breaker(breaker)
                .templates(SimpleTemplates.builder().template("reminder", "Your cart", "<p>{{#lines}}{{sku}} {{/lines}}</p>")
                        .build())
                .definitions(Definitions.builder().program(reminder)
                        .policies(Policies.DEFAULT.withIntimateChannels(Set.of())).build())
                .build();
    }

    /** Customers with consent for the channel, each leaving a cart; returns their ids. */
    private List<CustomerId> cartsOf(int customers, String channel) {
        List<CustomerId> ids = new ArrayList<>();
        for (int i = 0; i < customers; i++) {
            Identity who = Identity.email("outage" + i + "@example.com");
            engine.ingest(Event.builder(EventType.SIGNUP, who, clock.instant())
                    .link(Identity.phone("+47 400 20 " + String.format("%03d", i))).build());
            engine.ingest(Event.builder(EventType.CONSENT_CHANGE, who, clock.instant()).property("channel", channel)
                    .property("purpose", "marketing").property("granted", true).build());
            cart(who, "sku-" + i);
            ids.add(engine.customer(who).orElseThrow().customer().id());
        }
        return ids;
    }

    private void cart(Identity who, String sku) {
        engine.ingest(Event.builder(EventType.CART_CHANGE, who, clock.instant()).line(sku, "tv", 990, 1).build());
    }

    private DispatchReport tickAfter(Duration d) {
        clock.advance(d);
        return engine.tick().dispatch();
    }

    private List<Message> messages(List<CustomerId> ids) {
        List<Message> all = new ArrayList<>();
        ids.forEach(id -> all.addAll(engine.messages(id)));
        return all;
    }

    /** Every message: retrying after the given number of attempts, due after the policy's delay from now. */
    private void assertRetrying(List<CustomerId> ids, int attempts) {
        for (Message m : messages(ids)) {
            assertEquals(Message.Status.RETRYING, m.status(), m.toString());
            assertEquals(attempts, m.attempts());
            assertEquals(clock.instant().plus(RETRY.delayAfter(attempts)), m.nextAttempt(), "backoff after " + attempts);
            assertFalse(EMAIL_ADDRESS.matcher(m.reason()).find(), "no address in " + m.reason());
        }
    }

    @Test
    @DisplayName("SMTP down, then back: retries back off 1, 4, 16 minutes, nothing is tried early, then the backlog drains once each")
    void smtpDown_thenBack_backlogDrains() throws Exception {
        smtpBacklog(10);
    }

    @Test
    @EnabledIfSystemProperty(named = "relevans.soak", matches = "true")
    @DisplayName("soak: a backlog of 300 emails drains once each when the SMTP server is back")
    void soak_smtpDown_thenBack() throws Exception {
        smtpBacklog(300);
    }

    private void smtpBacklog(int n) throws Exception {
        int port = freePort(); // nothing listens: connections are refused
        start(smtpOn(port, Duration.ofSeconds(2)));
        List<CustomerId> ids = cartsOf(n, "email");

        assertEquals(new DispatchReport(0, n, 0), tickAfter(Duration.ZERO));
        assertRetrying(ids, 1);
        assertTrue(messages(ids).get(0).reason().startsWith("connection to 127.0.0.1:" + port + " failed: "),
                messages(ids).get(0).reason());
        assertEquals(new DispatchReport(0, 0, 0), tickAfter(Duration.ofSeconds(59)), "not due yet");
        assertEquals(new DispatchReport(0, n, 0), tickAfter(Duration.ofSeconds(1)));
        assertRetrying(ids, 2);
        assertEquals(new DispatchReport(0, n, 0), tickAfter(Duration.ofMinutes(4)));
        assertRetrying(ids, 3);

        GreenMail mail = greenMailOn(port); // the server is back
        assertEquals(new DispatchReport(0, 0, 0), tickAfter(Duration.ofMinutes(15)), "still waiting out the backoff");
        assertEquals(new DispatchReport(n, 0, 0), tickAfter(Duration.ofMinutes(1)));
        assertTrue(mail.waitForIncomingEmail(30_000, n));
        MimeMessage[] received = mail.getReceivedMessages();
        assertEquals(n, received.length);
        Set<String> ids2 = new TreeSet<>();
        for (MimeMessage m : received) {
            ids2.add(m.getHeader(SmtpChannel.MESSAGE_ID_HEADER, null));
        }
        assertEquals(messages(ids).stream().map(Message::id).collect(java.util.stream.Collectors.toCollection(TreeSet::new)),
                ids2, "each message arrives once");
        for (Message m : messages(ids)) {
            assertEquals(Message.Status.SENT, m.status());
            assertEquals(4, m.attempts());
        }
        assertEquals(new DispatchReport(0, 0, 0), tickAfter(Duration.ofDays(1)), "nothing is sent twice");
        assertEquals(n, mail.getReceivedMessages().length);
    }

    @Test
    @DisplayName("a 6-hour SMTP outage with the default breaker: the channel pauses, 0 messages dead, each delivered once after, a withdrawal still stops its message")
    void smtpDownSixHours_paused_noneDead_eachOnce() throws Exception {
        int n = 30;
        int port = freePort(); // nothing listens: connections are refused
        start(smtpOn(port, Duration.ofSeconds(2)), ChannelBreaker.DEFAULT);
        List<CustomerId> ids = cartsOf(n, "email");
        Instant down = clock.instant();
        int dead = 0;
        int paused = 0;
        while (clock.instant().isBefore(down.plus(Duration.ofHours(6)))) {
            DispatchReport r = tickAfter(Duration.ofMinutes(1));
            dead += r.dead();
            paused += r.paused();
            if (clock.instant().equals(down.plus(Duration.ofHours(3)))) {
                // the customer withdraws while the message waits: the guard at delivery still stops it
                engine.ingest(Event.builder(EventType.CONSENT_CHANGE, Identity.email("outage7@example.com"),
                        clock.instant()).property("channel", "email").property("purpose", "marketing")
                        .property("granted", false).build());
            }
        }
        assertEquals(0, dead, "no message is dead during the outage");
        assertTrue(paused > 0, "the channel was paused");
        int failedAttempts = messages(ids).stream().mapToInt(Message::attempts).sum();
        assertTrue(failedAttempts < 5 + 6 * 60 / 15 + 5, failedAttempts
                + " failed attempts: one try per pause, not five per message (" + 5 * n + ")");
        for (Message m : messages(ids)) {
            if (m.customer().equals(ids.get(7))) {
                assertEquals(Message.Status.SUPPRESSED, m.status(), m.toString());
            } else if (m.status() == Message.Status.PENDING) {
                String why = engine.explainMessage(m.customer(), m.id()).summary();
                assertTrue(why.contains(": waiting for delivery by email from " + m.nextAttempt()
                        + " (waiting for the email channel, paused until "), why);
            } else {
                assertTrue(m.status() == Message.Status.PENDING || m.status() == Message.Status.RETRYING, m.toString());
                assertTrue(m.reason().startsWith("waiting for the email channel, paused until ")
                        || m.reason().startsWith("connection to 127.0.0.1:" + port), m.reason());
            }
        }

        GreenMail mail = greenMailOn(port); // the server is back
        int sent = 0;
        for (int i = 0; i < 20 && sent < n - 1; i++) {
            DispatchReport r = tickAfter(Duration.ofMinutes(1));
            assertEquals(0, r.dead());
            sent += r.sent();
        }
        assertEquals(n - 1, sent, "every waiting message but the withdrawn one, within 15 minutes of the return");
        assertTrue(mail.waitForIncomingEmail(30_000, n - 1));
        assertEquals(new DispatchReport(0, 0, 0), tickAfter(Duration.ofDays(1)), "nothing is sent twice");
        MimeMessage[] received = mail.getReceivedMessages();
        assertEquals(n - 1, received.length);
        Set<String> receivedIds = new TreeSet<>();
        for (MimeMessage m : received) {
            assertTrue(receivedIds.add(m.getHeader(SmtpChannel.MESSAGE_ID_HEADER, null)), "each message arrives once");
        }
        for (Message m : messages(ids)) {
            assertEquals(m.customer().equals(ids.get(7)) ? Message.Status.SUPPRESSED : Message.Status.SENT, m.status(),
                    m.toString());
            assertEquals(m.status() == Message.Status.SENT, receivedIds.contains(m.id()), m.id());
        }
    }

    @Test
    @DisplayName("after the retry budget a message is dead with the reason; a dead message gives its cap slot back, a retrying one holds it")
    void retryBudgetSpent_dead_capSlotFree() throws Exception {
        int port = freePort();
        start(smtpOn(port, Duration.ofSeconds(2)));
        List<CustomerId> ids = cartsOf(1, "email");
        Identity who = Identity.email("outage0@example.com");
        CustomerId id = ids.get(0);
        tickAfter(Duration.ZERO);
        clock.advance(Duration.ofSeconds(1));
        cart(who, "second-cart"); // while the first message is retrying it holds the weekly slot
        assertEquals(Message.Status.SUPPRESSED, forCart(id, "second-cart").status());
        assertEquals("capped: at most 1 per 7d in program reminder", forCart(id, "second-cart").reason());

        for (Duration wait : List.of(Duration.ofMinutes(1), Duration.ofMinutes(4), Duration.ofMinutes(16))) {
            assertEquals(new DispatchReport(0, 1, 0), tickAfter(wait));
        }
        assertEquals(new DispatchReport(0, 0, 1), tickAfter(Duration.ofMinutes(64)));
        Message dead = forCart(id, "sku-0");
        assertEquals(Message.Status.DEAD, dead.status());
        assertEquals(RETRY.maxAttempts(), dead.attempts());
        assertTrue(dead.reason().startsWith("retry budget spent: connection to 127.0.0.1:" + port + " failed: "),
                dead.reason());
        assertFalse(EMAIL_ADDRESS.matcher(dead.reason()).find(), dead.reason());
        assertEquals(new DispatchReport(0, 0, 0), tickAfter(Duration.ofDays(1)), "a dead message is not tried again");

        GreenMail mail = greenMailOn(port);
        cart(who, "third-cart"); // the dead message does not count: the slot is free
        assertEquals(Message.Status.PENDING, forCart(id, "third-cart").status());
        assertEquals(new DispatchReport(1, 0, 0), tickAfter(Duration.ZERO));
        assertTrue(mail.waitForIncomingEmail(5_000, 1));
        clock.advance(Duration.ofSeconds(1));
        cart(who, "fourth-cart"); // the sent one holds it
        assertEquals("capped: at most 1 per 7d in program reminder", forCart(id, "fourth-cart").reason());
        assertEquals(1, mail.getReceivedMessages().length);
        assertEquals(4, engine.messages(id).size());
    }

    private Message forCart(CustomerId id, String sku) {
        return engine.messages(id).stream().filter(m -> m.lines().get(0).sku().equals(sku)).findFirst().orElseThrow();
    }

    @Test
    @DisplayName("an SMTP server too slow to answer: each attempt ends at the read timeout and is retried; a fast server then takes the backlog")
    void smtpSlow_timeouts_thenBack() throws Exception {
        int port = freePort();
        ScriptedSmtpServer silent = ScriptedSmtpServer.silent(port);
        start(smtpOn(port, Duration.ofMillis(300)));
        List<CustomerId> ids = cartsOf(3, "email");

        assertEquals(new DispatchReport(0, 3, 0), tickAfter(Duration.ZERO));
        assertRetrying(ids, 1);
        assertTrue(messages(ids).get(0).reason().contains("SocketTimeoutException"), messages(ids).get(0).reason());
        assertEquals(new DispatchReport(0, 3, 0), tickAfter(Duration.ofMinutes(1)));
        assertRetrying(ids, 2);

        silent.close();
        GreenMail mail = greenMailOn(port);
        assertEquals(new DispatchReport(3, 0, 0), tickAfter(Duration.ofMinutes(4)));
        assertTrue(mail.waitForIncomingEmail(5_000, 3));
        assertEquals(3, mail.getReceivedMessages().length);
    }

    @Test
    @DisplayName("a webhook failing half the time, without a breaker: every text is sent once or dead after 5 failures, as the gateway saw it")
    void webhookFailingHalfTheTime() {
        int[] sentAndDead = webhookFlaky(20, 7, ChannelBreaker.NEVER); // 18 through, 2 failed five times
        assertEquals(18, sentAndDead[0]);
        assertEquals(2, sentAndDead[1]);
    }

    @Test
    @DisplayName("a webhook failing half the time, with the default breaker: every text is sent once, none dead")
    void webhookFailingHalfTheTime_breaker_noneDead() {
        int[] sentAndDead = webhookFlaky(20, 7, ChannelBreaker.DEFAULT);
        assertEquals(20, sentAndDead[0]);
        assertEquals(0, sentAndDead[1]);
    }

    @Test
    @EnabledIfSystemProperty(named = "relevans.soak", matches = "true")
    @DisplayName("soak: three rounds of 300 customers on a webhook failing half the time")
    void soak_webhookFailingHalfTheTime() {
        for (long seed = 1; seed <= 3; seed++) {
            webhookFlaky(300, seed, ChannelBreaker.NEVER);
        }
    }

    private int[] webhookFlaky(int customers, long seed, ChannelBreaker breaker) {
        Random random = new Random(seed);
        Map<Integer, Integer> answers = new HashMap<>();
        WebhookServer gateway = new WebhookServer(n -> {
            synchronized (answers) {
                return answers.computeIfAbsent(n, k -> random.nextBoolean() ? 503 : 200);
            }
        });
        servers.add(gateway);
        // a fresh engine each round, on a later day at 10:00, outside quiet hours
        clock.advanceTo(clock.instant().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(30)).plus(Duration.ofHours(10)));
        start(new WebhookChannel(WebhookSettings.sms(gateway.uri())), breaker);
        List<CustomerId> ids = cartsOf(customers, "sms");

        DispatchReport first = tickAfter(Duration.ZERO);
        assertEquals(customers, first.sent() + first.retrying());
        for (int round = 0; round < 10; round++) {
            tickAfter(RETRY.maxDelay());
        }

        Map<String, List<Integer>> seen = new TreeMap<>();
        List<WebhookServer.Received> posts = gateway.received();
        for (int n = 0; n < posts.size(); n++) {
            seen.computeIfAbsent(posts.get(n).header(WebhookChannel.IDEMPOTENCY_KEY), k -> new ArrayList<>())
                    .add(answers.get(n));
        }
        int sent = 0;
        int dead = 0;
        for (Message m : messages(ids)) {
            List<Integer> statuses = seen.get(m.id());
            assertEquals(m.attempts(), statuses.size(), "every attempt reached the gateway: " + m);
            if (m.status() == Message.Status.SENT) {
                sent++;
                assertEquals(200, statuses.get(statuses.size() - 1));
                assertEquals(statuses.size() - 1, statuses.stream().filter(s -> s == 503).count(), "accepted once");
            } else {
                dead++;
                assertEquals(Message.Status.DEAD, m.status(), m.toString());
                assertEquals(List.of(503, 503, 503, 503, 503), statuses);
                assertEquals(ChannelBreaker.NEVER, breaker, "only without a breaker");
                assertEquals("retry budget spent: HTTP 503 from the sms webhook (Retry-After: 120)", m.reason());
            }
        }
        assertEquals(customers, sent + dead);
        assertTrue(sent > customers / 2, sent + " of " + customers + " sent");
        assertEquals(seen.keySet(), messages(ids).stream().map(Message::id).collect(java.util.stream.Collectors.toSet()));
        return new int[] {sent, dead};
    }
}
