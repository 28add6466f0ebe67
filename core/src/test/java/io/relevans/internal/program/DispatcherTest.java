package io.relevans.internal.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.ChannelBreaker;
import io.relevans.ChannelStatus;
import io.relevans.DispatchReport;
import io.relevans.RetryPolicy;
import io.relevans.VirtualClock;
import io.relevans.customer.Channel;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.customer.Purpose;
import io.relevans.customer.Value;
import io.relevans.event.Line;
import io.relevans.spi.ChannelAdapter;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.Delivery;
import io.relevans.spi.FeatureState;
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.InMemoryOutbox;
import io.relevans.spi.Message;
import io.relevans.spi.RenderedMessage;
import io.relevans.spi.SimpleTemplates;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DispatcherTest {

    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    private static final CustomerId ADA = CustomerId.of("c-ada");
    private static final CustomerId NO_EMAIL = CustomerId.of("c-loyal");

    private VirtualClock clock;
    private InMemoryOutbox outbox;
    private InMemoryCustomerStore customers;
    private InMemoryChannel email;
    private SimpleTemplates templates;
    private Map<Channel, ChannelAdapter> adapters;

    @BeforeEach
    void setUp() {
        clock = VirtualClock.at(T);
        outbox = new InMemoryOutbox();
        customers = new InMemoryCustomerStore();
        email = new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL);
        templates = SimpleTemplates.builder()
                .template("cart_reminder", "Still thinking, {{first_name}}?",
                        "<p>Hi {{first_name}}</p><ul>{{#lines}}<li>{{sku}} {{price}}</li>{{/lines}}</ul>")
                .build();
        adapters = new HashMap<>(Map.of(Channel.EMAIL, email));
        Customer ada = Customer.newCustomer(ADA, Identity.loyalty("L-1"))
                .withIdentity(Identity.email("Zed@Example.com"))
                .withIdentity(Identity.email("Ada@Example.com"))
                .withIdentity(Identity.phone("+47 400 00 000"));
        customers.save(new CustomerRecord(ada, new TreeSet<>(), FeatureState.EMPTY));
        customers.save(new CustomerRecord(Customer.newCustomer(NO_EMAIL, Identity.loyalty("L-2")), new TreeSet<>(),
                FeatureState.EMPTY));
    }

    private Dispatcher dispatcher(RetryPolicy policy) {
        return new Dispatcher(outbox, adapters, templates, customers, clock, policy);
    }

    private Dispatcher dispatcher(RetryPolicy policy, ChannelBreaker breaker) {
        return new Dispatcher(outbox, adapters, templates, customers, clock, policy, breaker, new CustomerLocks(1),
                Dispatcher.DEFAULT_LEASE);
    }

    private Dispatcher dispatcher() {
        return dispatcher(RetryPolicy.DEFAULT);
    }

    private static Message message(String id, CustomerId customer, Optional<Channel> channel, String template,
                                   Instant nextAttempt) {
        return new Message(id, customer, "cart", "remind", "", channel, template, Purpose.MARKETING,
                new TreeMap<>(Map.of("first_name", Value.of("Ada & <Co>"))), List.of(Line.of("TV-55", "tv", 1299, 1)),
                T.minus(Duration.ofMinutes(1)), Message.Status.PENDING, "", 0, nextAttempt,
                new TreeMap<>(Map.of("delivered", T.minus(Duration.ofDays(1)))));
    }

    private Message add(String id) {
        Message m = message(id, ADA, Optional.of(Channel.EMAIL), "cart_reminder", T);
        assertTrue(outbox.add(m));
        return m;
    }

    private Message stored(String id) {
        return outbox.find(id).orElseThrow();
    }

    private static Instant at(Duration d) {
        return T.plus(d);
    }

    @Test
    @DisplayName("a due message is rendered, delivered to the customer's first email address and marked sent")
    void dispatch_happyPath_sent() {
        Message m = add("m-1");

        DispatchReport report = dispatcher().dispatch(10);

        assertEquals(new DispatchReport(1, 0, 0), report);
        assertEquals(List.of(new RenderedMessage("m-1", Channel.EMAIL, Identity.email("ada@example.com"),
                "Still thinking, Ada & <Co>?", "<p>Hi Ada &amp; &lt;Co&gt;</p><ul><li>TV-55 1299</li></ul>")),
                email.delivered());
        Message sent = stored("m-1");
        assertEquals(Message.Status.SENT, sent.status());
        assertEquals(1, sent.attempts());
        assertEquals("", sent.reason());
        assertEquals(m.outcomes(), sent.outcomes(), "outcomes unchanged");
        assertEquals(m.with(Message.Status.SENT, "", 1, m.nextAttempt()), sent, "nothing else changed");
    }

    @Test
    @DisplayName("temporary failures are retried after the policy's delays and the message is sent once the channel recovers")
    void dispatch_temporaryFailures_retriedWithBackoff_thenSent() {
        add("m-1");
        email.failNext(3, Delivery.retryLater("421 busy"));
        Dispatcher d = dispatcher();

        assertEquals(new DispatchReport(0, 1, 0), d.dispatch(10));
        assertEquals(Message.Status.RETRYING, stored("m-1").status());
        assertEquals("421 busy", stored("m-1").reason());
        assertEquals(1, stored("m-1").attempts());
        assertEquals(at(Duration.ofMinutes(1)), stored("m-1").nextAttempt());

        assertEquals(new DispatchReport(0, 0, 0), d.dispatch(10), "not due before its next attempt");
        clock.advance(Duration.ofSeconds(59));
        assertEquals(new DispatchReport(0, 0, 0), d.dispatch(10));
        assertEquals(1, email.attempts());

        clock.advance(Duration.ofSeconds(1)); // T + 1 min
        assertEquals(new DispatchReport(0, 1, 0), d.dispatch(10));
        assertEquals(2, stored("m-1").attempts());
        assertEquals(at(Duration.ofMinutes(1 + 4)), stored("m-1").nextAttempt());

        clock.advanceTo(stored("m-1").nextAttempt()); // T + 5 min
        assertEquals(new DispatchReport(0, 1, 0), d.dispatch(10));
        assertEquals(3, stored("m-1").attempts());
        assertEquals(at(Duration.ofMinutes(1 + 4 + 16)), stored("m-1").nextAttempt());

        clock.advanceTo(stored("m-1").nextAttempt()); // T + 21 min: the channel has recovered
        assertEquals(new DispatchReport(1, 0, 0), d.dispatch(10));
        Message sent = stored("m-1");
        assertEquals(Message.Status.SENT, sent.status());
        assertEquals(4, sent.attempts());
        assertEquals("", sent.reason());
        assertEquals(4, email.attempts());
        assertEquals(List.of("m-1"), email.delivered().stream().map(RenderedMessage::id).toList());
    }

    @Test
    @DisplayName("when the retry budget is spent on failures of the message the message is dead with the last failure as reason")
    void dispatch_retryBudgetSpent_dead() {
        add("m-1");
        email.failAlways(Delivery.retryMessageLater("452 mailbox full"));
        Dispatcher d = dispatcher(new RetryPolicy(3, Duration.ofMinutes(10), 2.0, Duration.ofMinutes(15)));

        assertEquals(new DispatchReport(0, 1, 0), d.dispatch(10));
        assertEquals(at(Duration.ofMinutes(10)), stored("m-1").nextAttempt());
        clock.advanceTo(stored("m-1").nextAttempt());
        assertEquals(new DispatchReport(0, 1, 0), d.dispatch(10));
        assertEquals(at(Duration.ofMinutes(10 + 15)), stored("m-1").nextAttempt(), "20 min capped at 15");
        clock.advanceTo(stored("m-1").nextAttempt());
        assertEquals(new DispatchReport(0, 0, 1), d.dispatch(10));

        Message dead = stored("m-1");
        assertEquals(Message.Status.DEAD, dead.status());
        assertEquals("retry budget spent: 452 mailbox full", dead.reason());
        assertEquals(3, dead.attempts());
        clock.advance(Duration.ofDays(30));
        email.recover();
        assertEquals(new DispatchReport(0, 0, 0), d.dispatch(10), "dead messages are never tried again");
        assertEquals(3, email.attempts());
        assertEquals(List.of(), email.delivered());
    }

    @Test
    @DisplayName("a permanent failure makes the message dead at once")
    void dispatch_permanentFailure_deadAtOnce() {
        add("m-1");
        email.failNext(1, Delivery.failed("550 no such mailbox"));

        assertEquals(new DispatchReport(0, 0, 1), dispatcher().dispatch(10));

        Message dead = stored("m-1");
        assertEquals(Message.Status.DEAD, dead.status());
        assertEquals("550 no such mailbox", dead.reason());
        assertEquals(1, dead.attempts());
        clock.advance(Duration.ofDays(1));
        assertEquals(new DispatchReport(0, 0, 0), dispatcher().dispatch(10));
        assertEquals(1, email.attempts());
    }

    @Test
    @DisplayName("an adapter that throws counts as a temporary failure and the message is retried")
    void dispatch_adapterThrows_retried() {
        add("m-1");
        int[] calls = new int[1];
        adapters.put(Channel.EMAIL, new ChannelAdapter() {
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
                if (calls[0]++ == 0) {
                    throw new IllegalStateException("smtp connection refused");
                }
                return email.deliver(message);
            }
        });
        Dispatcher d = dispatcher();

        assertEquals(new DispatchReport(0, 1, 0), d.dispatch(10));
        Message retrying = stored("m-1");
        assertEquals(Message.Status.RETRYING, retrying.status());
        assertEquals("java.lang.IllegalStateException: smtp connection refused", retrying.reason());
        assertEquals(1, retrying.attempts());
        assertEquals(at(Duration.ofMinutes(1)), retrying.nextAttempt());

        clock.advance(Duration.ofMinutes(1));
        assertEquals(new DispatchReport(1, 0, 0), d.dispatch(10));
        assertEquals(Message.Status.SENT, stored("m-1").status());
        assertEquals(2, stored("m-1").attempts());
        assertEquals(1, email.delivered().size());
    }

    @Test
    @DisplayName("a customer without an identity of the channel's address type gets no message: dead, no attempt")
    void dispatch_noIdentityOfAddressType_dead() {
        outbox.add(message("m-1", NO_EMAIL, Optional.of(Channel.EMAIL), "cart_reminder", T));

        assertEquals(new DispatchReport(0, 0, 1), dispatcher().dispatch(10));

        assertEquals(Message.Status.DEAD, stored("m-1").status());
        assertEquals("customer has no email identity", stored("m-1").reason());
        assertEquals(0, stored("m-1").attempts());
        assertEquals(0, email.attempts());
    }

    @Test
    @DisplayName("the recipient is the first identity of the adapter's address type, whatever the channel")
    void dispatch_addressTypeComesFromAdapter() {
        InMemoryChannel sms = new InMemoryChannel(Channel.SMS, IdentityType.PHONE);
        adapters.put(Channel.SMS, sms);
        outbox.add(message("m-1", ADA, Optional.of(Channel.SMS), "cart_reminder", T));

        assertEquals(new DispatchReport(1, 0, 0), dispatcher().dispatch(10));

        assertEquals(1, sms.delivered().size());
        RenderedMessage r = sms.delivered().get(0);
        assertEquals(Identity.phone("+4740000000"), r.recipient());
        assertEquals("<p>Hi Ada & <Co></p><ul><li>TV-55 1299</li></ul>", r.body(), "no HTML escaping for sms");
        assertEquals(List.of(), email.delivered());
    }

    @Test
    @DisplayName("a message for an erased customer is dead and sent nowhere")
    void dispatch_customerErased_dead() {
        outbox.add(message("m-1", CustomerId.of("c-gone"), Optional.of(Channel.EMAIL), "cart_reminder", T));

        assertEquals(new DispatchReport(0, 0, 1), dispatcher().dispatch(10));

        assertEquals("customer was erased", stored("m-1").reason());
        assertEquals(0, email.attempts());
    }

    @Test
    @DisplayName("a message on a channel without adapter, or without channel, is dead")
    void dispatch_noAdapter_dead() {
        outbox.add(message("m-sms", ADA, Optional.of(Channel.SMS), "cart_reminder", T));
        outbox.add(message("m-none", ADA, Optional.empty(), "cart_reminder", T));

        assertEquals(new DispatchReport(0, 0, 2), dispatcher().dispatch(10));

        assertEquals(Message.Status.DEAD, stored("m-sms").status());
        assertEquals("no adapter for channel sms", stored("m-sms").reason());
        assertEquals(Message.Status.DEAD, stored("m-none").status());
        assertEquals("message has no channel", stored("m-none").reason());
        assertEquals(0, email.attempts());
    }

    @Test
    @DisplayName("a message whose template is unknown is dead with the renderer's error, and nothing is sent")
    void dispatch_unknownTemplate_dead() {
        outbox.add(message("m-1", ADA, Optional.of(Channel.EMAIL), "no_such_template", T));

        assertEquals(new DispatchReport(0, 0, 1), dispatcher().dispatch(10));

        Message dead = stored("m-1");
        assertEquals(Message.Status.DEAD, dead.status());
        assertTrue(dead.reason().contains("no_such_template"), dead.reason());
        assertEquals(0, dead.attempts());
        assertEquals(0, email.attempts());
    }

    @Test
    @DisplayName("messages whose next attempt has not come are left alone until it comes")
    void dispatch_notYetDue_notSent() {
        outbox.add(message("m-later", ADA, Optional.of(Channel.EMAIL), "cart_reminder", at(Duration.ofMinutes(10))));

        assertEquals(new DispatchReport(0, 0, 0), dispatcher().dispatch(10));
        assertEquals(Message.Status.PENDING, stored("m-later").status());
        assertEquals(0, email.attempts());

        clock.advance(Duration.ofMinutes(10));
        assertEquals(new DispatchReport(1, 0, 0), dispatcher().dispatch(10));
        assertEquals(Message.Status.SENT, stored("m-later").status());
    }

    @Test
    @DisplayName("dispatch handles at most the limit, earliest first, and the rest on the next run")
    void dispatch_respectsLimit() {
        for (int i = 0; i < 5; i++) {
            outbox.add(message("m-" + i, ADA, Optional.of(Channel.EMAIL), "cart_reminder",
                    T.minus(Duration.ofMinutes(i))));
        }
        Dispatcher d = dispatcher();

        assertEquals(new DispatchReport(2, 0, 0), d.dispatch(2));
        assertEquals(List.of("m-4", "m-3"), email.delivered().stream().map(RenderedMessage::id).toList());
        assertEquals(new DispatchReport(0, 0, 0), d.dispatch(0));
        assertEquals(new DispatchReport(3, 0, 0), d.dispatch(10));
        assertEquals(List.of("m-4", "m-3", "m-2", "m-1", "m-0"),
                email.delivered().stream().map(RenderedMessage::id).toList());
        assertThrows(IllegalArgumentException.class, () -> d.dispatch(-1));
    }

    @Test
    @DisplayName("running dispatch again, or adding the same decision again, never sends a message twice")
    void dispatch_twice_eachIdSentOnce() {
        Message m = add("m-1");
        add("m-2");
        Dispatcher d = dispatcher();

        assertEquals(new DispatchReport(2, 0, 0), d.dispatch(10));
        assertEquals(new DispatchReport(0, 0, 0), d.dispatch(10));
        assertFalse(outbox.add(m), "the same decision again is not stored again");
        clock.advance(Duration.ofDays(1));
        assertEquals(new DispatchReport(0, 0, 0), dispatcher().dispatch(10));

        assertEquals(List.of("m-1", "m-2"), email.delivered().stream().map(RenderedMessage::id).toList());
        assertEquals(2, email.attempts());
    }

    @Test
    @DisplayName("an adapter registered for a channel it does not deliver on is refused")
    void constructor_mismatchedAdapter_refused() {
        adapters.put(Channel.SMS, email);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::dispatcher);
        assertTrue(e.getMessage().contains("sms"), e.getMessage());
    }

    @Test
    @DisplayName("the default policy waits 1, 4, 16, 64 minutes, growing by 4 up to 6 hours")
    void retryPolicy_delays() {
        RetryPolicy p = RetryPolicy.DEFAULT;
        assertEquals(5, p.maxAttempts());
        assertEquals(Duration.ofMinutes(1), p.delayAfter(1));
        assertEquals(Duration.ofMinutes(4), p.delayAfter(2));
        assertEquals(Duration.ofMinutes(16), p.delayAfter(3));
        assertEquals(Duration.ofMinutes(64), p.delayAfter(4));
        assertEquals(Duration.ofMinutes(256), p.delayAfter(5));
        assertEquals(Duration.ofHours(6), p.delayAfter(6), "1024 min capped");
        assertEquals(Duration.ofHours(6), p.delayAfter(Integer.MAX_VALUE));
        assertEquals(Duration.ofSeconds(30), new RetryPolicy(3, Duration.ofSeconds(30), 1.0, Duration.ofHours(1))
                .delayAfter(3), "multiplier 1: constant");
        assertEquals(Duration.ofMillis(1500), new RetryPolicy(3, Duration.ofSeconds(1), 1.5, Duration.ofHours(1))
                .delayAfter(2));
        assertThrows(IllegalArgumentException.class, () -> p.delayAfter(0));
    }

    @Test
    @DisplayName("a retry policy out of range is refused")
    void retryPolicy_validation() {
        Duration m = Duration.ofMinutes(1);
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, m, 2, m));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, m.negated(), 2, m));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, m, 0.5, m));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, m, Double.NaN, m));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, m, Double.POSITIVE_INFINITY, m));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, m, 2, Duration.ofSeconds(59)));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, m, 2, Duration.ofDays(366)));
        assertThrows(NullPointerException.class, () -> new RetryPolicy(3, null, 2, m));
    }

    @Test
    @DisplayName("without a breaker, a budget spent on failures of the channel is a dead letter, as before breakers")
    void dispatch_neverBreaker_budgetSpentOnChannel_dead() {
        add("m-1");
        email.failAlways(Delivery.retryLater("421 busy"));
        Dispatcher d = dispatcher(new RetryPolicy(2, Duration.ofMinutes(10), 2.0, Duration.ofMinutes(15)),
                ChannelBreaker.NEVER);
        assertEquals(new DispatchReport(0, 1, 0), d.dispatch(10));
        clock.advance(Duration.ofMinutes(10));
        assertEquals(new DispatchReport(0, 0, 1), d.dispatch(10));
        assertEquals("retry budget spent: 421 busy", stored("m-1").reason());
    }

    /** Seven due messages, a channel failing every attempt, the default policies. */
    private Dispatcher sevenMessagesOnAFailingChannel() {
        addMessages(7);
        email.failAlways(Delivery.retryLater("421 busy"));
        return dispatcher();
    }

    /** Due messages m-1 to m-n. */
    private void addMessages(int n) {
        for (int i = 1; i <= n; i++) {
            add("m-" + i);
        }
    }

    @Test
    @DisplayName("five failures of the channel in a row pause it: the other due messages wait, unattempted, with their status")
    void dispatch_fiveChannelFailures_pauseTheChannel() {
        Dispatcher d = sevenMessagesOnAFailingChannel();

        assertEquals(new DispatchReport(0, 5, 0, 2), d.dispatch(10));
        assertEquals(5, email.attempts());
        for (String id : List.of("m-6", "m-7")) {
            Message waiting = stored(id);
            assertEquals(Message.Status.PENDING, waiting.status(), "not attempted: still pending");
            assertEquals(0, waiting.attempts());
            assertEquals(at(Duration.ofMinutes(1)), waiting.nextAttempt(), "waits for the end of the first pause");
            assertEquals("waiting for the " + Channel.EMAIL + " channel, paused until " + at(Duration.ofMinutes(1))
                    + ": 421 busy", waiting.reason());
        }
        assertEquals(new DispatchReport(0, 0, 0), d.dispatch(10), "nothing is due during the pause");
    }

    @Test
    @DisplayName("at the end of a pause one message is tried: a failure pauses twice as long, a success lets the rest follow at once")
    void dispatch_halfOpen_oneProbe_thenAllFollow() {
        Dispatcher d = sevenMessagesOnAFailingChannel();
        d.dispatch(10);
        clock.advance(Duration.ofMinutes(1)); // the first five are due again too (1 minute backoff)

        assertEquals(new DispatchReport(0, 1, 0, 6), d.dispatch(10), "one try, the rest wait");
        assertEquals(6, email.attempts());
        assertEquals(at(Duration.ofMinutes(3)), stored("m-7").nextAttempt(), "paused 2 minutes after a failed try");
        clock.advance(Duration.ofMinutes(2));
        assertEquals(new DispatchReport(0, 1, 0, 5), d.dispatch(10), "m-1 waits its own backoff (4 minutes) meanwhile");
        assertEquals(at(Duration.ofMinutes(7)), stored("m-7").nextAttempt(), "then 4 minutes");

        email.recover();
        clock.advance(Duration.ofMinutes(4));
        assertEquals(new DispatchReport(7, 0, 0), d.dispatch(10), "the try got through, and every waiting message after it");
        assertEquals(7, email.delivered().size());
        assertEquals(7, email.delivered().stream().map(RenderedMessage::id).distinct().count());
    }

    @Test
    @DisplayName("channels() tells each channel's state: working, failing, paused with its times, trying at the end of the pause, working again")
    void channels_followTheBreaker() {
        Dispatcher d = sevenMessagesOnAFailingChannel();
        assertEquals(List.of(ChannelStatus.working(Channel.EMAIL)), d.channels(), "not used yet");

        d.dispatch(3);
        assertEquals(List.of(new ChannelStatus(Channel.EMAIL, ChannelStatus.State.FAILING, 3, Optional.empty(),
                Optional.empty(), "421 busy")), d.channels(), "three failures, fewer than pause it");
        d.dispatch(10);
        ChannelStatus paused = d.channels().get(0);
        assertEquals(new ChannelStatus(Channel.EMAIL, ChannelStatus.State.PAUSED, 5, Optional.of(T),
                Optional.of(at(Duration.ofMinutes(1))), "421 busy"), paused);
        assertTrue(paused.paused());

        clock.advance(Duration.ofMinutes(1));
        assertEquals(ChannelStatus.State.TRYING, d.channels().get(0).state(), "the pause is over: the next message tries it");
        assertFalse(d.channels().get(0).paused());
        email.recover();
        d.dispatch(10);
        assertEquals(List.of(ChannelStatus.working(Channel.EMAIL)), d.channels(), "the try got through");
    }

    @Test
    @DisplayName("a channel status refuses a pause without times, and times without a pause")
    void channelStatus_validation() {
        assertThrows(IllegalArgumentException.class, () -> new ChannelStatus(Channel.EMAIL, ChannelStatus.State.PAUSED,
                5, Optional.empty(), Optional.empty(), ""));
        assertThrows(IllegalArgumentException.class, () -> new ChannelStatus(Channel.EMAIL, ChannelStatus.State.WORKING,
                0, Optional.of(T), Optional.of(T), ""));
        assertThrows(IllegalArgumentException.class, () -> new ChannelStatus(Channel.EMAIL, ChannelStatus.State.FAILING,
                -1, Optional.empty(), Optional.empty(), ""));
    }

    @Test
    @DisplayName("a message whose budget is spent on failures of the channel waits for it, and is given up only past the breaker's limit")
    void dispatch_budgetSpentOnChannel_waits_givenUpAfterTheLimit() {
        add("m-1");
        email.failAlways(Delivery.retryLater("421 busy"));
        ChannelBreaker breaker = new ChannelBreaker(100, Duration.ofMinutes(1), Duration.ofMinutes(30), Duration.ofHours(5));
        Dispatcher d = dispatcher(new RetryPolicy(2, Duration.ofMinutes(10), 2.0, Duration.ofMinutes(15)), breaker);
        d.dispatch(10);
        clock.advance(Duration.ofMinutes(10));
        assertEquals(new DispatchReport(0, 1, 0), d.dispatch(10));
        Message waiting = stored("m-1");
        assertEquals(Message.Status.RETRYING, waiting.status());
        assertEquals(2, waiting.attempts());
        assertEquals(at(Duration.ofMinutes(11)), waiting.nextAttempt(), "paused at once: the budget is spent");

        for (int i = 0; i < 40 && stored("m-1").status() == Message.Status.RETRYING; i++) {
            clock.advanceTo(stored("m-1").nextAttempt());
            d.dispatch(10);
        }
        Message dead = stored("m-1");
        assertEquals(Message.Status.DEAD, dead.status());
        assertTrue(dead.reason().startsWith("gave up waiting for the " + Channel.EMAIL + " channel: still paused PT5H"
                + " after the decision, the limit (421 busy)"), dead.reason());
        assertFalse(clock.instant().isBefore(T.minus(Duration.ofMinutes(1)).plus(Duration.ofHours(5))),
                "not before the limit: " + clock.instant());
    }

    @Test
    @DisplayName("failures of single messages (a full mailbox) never pause the channel")
    void dispatch_messageFailures_doNotPause() {
        addMessages(8);
        email.failAlways(Delivery.retryMessageLater("452 mailbox full"));
        assertEquals(new DispatchReport(0, 8, 0), dispatcher().dispatch(10));
        assertEquals(8, email.attempts());
    }

    @Test
    @DisplayName("a provider's Retry-After is honoured: the next attempt is not before it, and a pause lasts at least as long")
    void dispatch_retryAfter_honoured() {
        add("m-1");
        email.failNext(1, Delivery.retryLater("HTTP 429", Duration.ofMinutes(30)));
        Dispatcher d = dispatcher();
        assertEquals(new DispatchReport(0, 1, 0), d.dispatch(10));
        assertEquals(at(Duration.ofMinutes(30)), stored("m-1").nextAttempt(), "30 minutes asked, 1 minute of backoff");

        add("m-2");
        email.failNext(1, Delivery.retryLater("HTTP 503", Duration.ofSeconds(10)));
        clock.advanceTo(at(Duration.ofMinutes(30)));
        d.dispatch(10); // m-1 sent, then m-2 fails with a short wait
        assertEquals(Message.Status.SENT, stored("m-1").status());
        assertEquals(at(Duration.ofMinutes(31)), stored("m-2").nextAttempt(), "the backoff is longer than 10 s");

        for (int i = 3; i <= 7; i++) {
            add("m-" + i);
        }
        email.failAlways(Delivery.retryLater("HTTP 503", Duration.ofHours(2)));
        d.dispatch(10);
        assertEquals(at(Duration.ofMinutes(150)), stored("m-7").nextAttempt(), "the pause lasts the 2 hours asked");
    }

    @Test
    @DisplayName("jitter shortens each wait by a share of up to the jitter, the same for the same message and attempt")
    void retryPolicy_jitter_deterministicWithinBounds() {
        RetryPolicy p = RetryPolicy.DEFAULT.withJitter(0.5);
        java.util.Set<Duration> seen = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            for (int attempt = 1; attempt <= 4; attempt++) {
                Duration full = p.delayAfter(attempt);
                Duration d = p.delayAfter(attempt, "m-" + i);
                assertEquals(d, p.delayAfter(attempt, "m-" + i), "deterministic");
                assertFalse(d.compareTo(full) > 0, d + " longer than " + full);
                assertFalse(d.compareTo(full.dividedBy(2)) < 0, d + " shorter than half of " + full);
                if (attempt == 1) {
                    seen.add(d);
                }
            }
        }
        assertTrue(seen.size() > 150, "spread over the messages: " + seen.size() + " distinct waits of 200");
        assertEquals(Duration.ofMinutes(4), RetryPolicy.DEFAULT.delayAfter(2, "m-1"), "no jitter by default");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.withJitter(1.5));
        assertEquals("jitter must be a share from 0 to 1, got 1.5", e.getMessage());
    }

    @Test
    @DisplayName("the dispatcher waits the jittered delay of each message")
    void dispatch_jitteredDelay() {
        add("m-1");
        email.failNext(1, Delivery.retryLater("421 busy"));
        RetryPolicy p = RetryPolicy.DEFAULT.withJitter(0.3);
        dispatcher(p).dispatch(10);
        assertEquals(T.plus(p.delayAfter(1, "m-1")), stored("m-1").nextAttempt());
        assertTrue(p.delayAfter(1, "m-1").compareTo(Duration.ofMinutes(1)) < 0, "shortened");
    }

    @Test
    @DisplayName("a breaker out of range is refused, naming the value and its limit")
    void breaker_validation() {
        Duration m = Duration.ofMinutes(1);
        assertEquals("failures that pause a channel must be 0 to 1000, got -1", assertThrows(
                IllegalArgumentException.class, () -> new ChannelBreaker(-1, m, m, m)).getMessage());
        assertEquals("max pause must be from the first pause PT1M to PT24H, got PT25H", assertThrows(
                IllegalArgumentException.class, () -> new ChannelBreaker(5, m, Duration.ofHours(25), m)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ChannelBreaker(5, Duration.ZERO, m, m));
        assertThrows(IllegalArgumentException.class, () -> new ChannelBreaker(5, m, m, Duration.ofDays(366)));
        assertEquals(List.of(m, Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8),
                        Duration.ofMinutes(15), Duration.ofMinutes(15)),
                java.util.stream.IntStream.rangeClosed(1, 6).mapToObj(ChannelBreaker.DEFAULT::pause).toList());
    }
}
