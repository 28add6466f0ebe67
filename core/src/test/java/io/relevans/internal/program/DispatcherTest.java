package io.relevans.internal.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    @DisplayName("when the retry budget is spent the message is dead with the last failure as reason")
    void dispatch_retryBudgetSpent_dead() {
        add("m-1");
        email.failAlways(Delivery.retryLater("421 busy"));
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
        assertEquals("retry budget spent: 421 busy", dead.reason());
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
}
