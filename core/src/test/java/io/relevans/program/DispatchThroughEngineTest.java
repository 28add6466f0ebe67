package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.DispatchReport;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Program;
import io.relevans.definition.Reentry;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import io.relevans.program.ProgramWorkload.Run;
import io.relevans.spi.Delivery;
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Delivery through the engine on virtual time: retries with backoff while a channel fails
 * temporarily, dead letters that stay visible with their reason and do not use up a cap, and message
 * ids that make a decision and its delivery happen once.
 */
class DispatchThroughEngineTest {

    private static final CustomerId ANNA = ProgramWorkload.id(0);

    /** Sends the cart reminder by email at once on every cart change; at most one a week. */
    private static final Program NOTIFY = Program.named("notify").on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
            .reentry(Reentry.RESTART).cap(1, Duration.ofDays(7))
            .steps(Steps.send("remind", ChannelChoice.of(Channel.EMAIL), "cart_reminder").withLines().build())
            .build();

    private Run run;
    private InMemoryChannel email;

    @BeforeEach
    void setUp() {
        run = new Run(Definitions.builder().program(NOTIFY).build());
        run.setUp(Collections.nCopies(ProgramWorkload.CUSTOMERS, 511));
        email = run.adapters.get(Channel.EMAIL);
    }

    private Event cart() {
        return Event.builder(EventType.CART_CHANGE, ProgramWorkload.email(0), run.clock.instant()).origin(Origin.WEB)
                .line("tv-55", "tv", 8999, 1).build();
    }

    private List<Message> messages() {
        return run.engine.messages(ANNA);
    }

    private Message only() {
        List<Message> all = messages();
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    private DispatchReport after(Duration d) {
        run.clock.advance(d);
        return run.engine.tick().dispatch();
    }

    @Test
    @DisplayName("a channel failing temporarily: retrying after 1 and then 4 minutes, sent when it recovers")
    void temporaryFailure_retriesWithBackoff_thenSent() {
        email.failNext(2, Delivery.retryLater("421 try again"));
        Instant t0 = run.clock.instant();
        run.engine.ingest(cart());
        assertEquals(Message.Status.PENDING, only().status());

        assertEquals(new DispatchReport(0, 1, 0), after(Duration.ZERO));
        Message m = only();
        assertEquals(Message.Status.RETRYING, m.status());
        assertEquals("421 try again", m.reason());
        assertEquals(1, m.attempts());
        assertEquals(t0.plus(Duration.ofMinutes(1)), m.nextAttempt());

        assertEquals(new DispatchReport(0, 0, 0), after(Duration.ofSeconds(59)), "not due yet");
        assertEquals(new DispatchReport(0, 1, 0), after(Duration.ofSeconds(1)));
        assertEquals(2, only().attempts());
        assertEquals(t0.plus(Duration.ofMinutes(1 + 4)), only().nextAttempt());

        assertEquals(new DispatchReport(0, 0, 0), after(Duration.ofMinutes(3)));
        assertEquals(new DispatchReport(1, 0, 0), after(Duration.ofMinutes(1)));
        Message sent = only();
        assertEquals(Message.Status.SENT, sent.status());
        assertEquals("", sent.reason());
        assertEquals(3, sent.attempts());
        assertEquals(t0, sent.decidedAt(), "the decision keeps its time");
        assertEquals(List.of(sent.id()), email.delivered().stream().map(r -> r.id()).toList());
        assertEquals(3, email.attempts());
    }

    @Test
    @DisplayName("a retrying message holds its cap slot: a second trigger meanwhile is capped")
    void retrying_countsForTheCap() {
        email.failAlways(Delivery.retryLater("timeout"));
        run.engine.ingest(cart());
        after(Duration.ZERO);
        assertEquals(Message.Status.RETRYING, only().status());

        run.clock.advance(Duration.ofMinutes(30));
        run.engine.ingest(cart());

        List<Message> all = messages();
        assertEquals(2, all.size(), all.toString());
        assertEquals(Message.Status.SUPPRESSED, all.get(1).status());
        assertEquals("capped: at most 1 per 7d in program notify", all.get(1).reason());
    }

    @Test
    @DisplayName("a permanent failure is a dead letter with its reason, visible in the messages, and frees the cap")
    void permanentFailure_deadLetter_doesNotUseTheCap() {
        email.failAlways(Delivery.failed("550 mailbox unknown"));
        run.engine.ingest(cart());
        assertEquals(new DispatchReport(0, 0, 1), after(Duration.ZERO));
        Message dead = only();
        assertEquals(Message.Status.DEAD, dead.status());
        assertEquals("550 mailbox unknown", dead.reason());
        assertEquals(1, dead.attempts());

        email.recover();
        run.clock.advance(Duration.ofHours(1));
        run.engine.ingest(cart());
        assertEquals(new DispatchReport(1, 0, 0), after(Duration.ZERO));

        List<Message> all = messages();
        assertEquals(2, all.size(), all.toString());
        assertEquals(dead, all.get(0), "the dead letter stays as it was");
        assertEquals(Message.Status.SENT, all.get(1).status(), "the cap was not used by the dead letter");
        assertEquals(1, email.delivered().size());
    }

    @Test
    @DisplayName("a retry budget spent on failures of the message is a dead letter after 5 attempts over 85 minutes, and frees the cap")
    void retryBudgetSpent_deadLetter_doesNotUseTheCap() {
        email.failAlways(Delivery.retryMessageLater("452 mailbox full"));
        Instant t0 = run.clock.instant();
        run.engine.ingest(cart());
        run.engine.tick();
        for (int minutes : List.of(1, 4, 16, 64)) {
            assertEquals(Message.Status.RETRYING, only().status());
            run.clock.advance(Duration.ofMinutes(minutes));
            run.engine.tick();
        }
        Message dead = only();
        assertEquals(Message.Status.DEAD, dead.status());
        assertEquals("retry budget spent: 452 mailbox full", dead.reason());
        assertEquals(5, dead.attempts());
        assertEquals(t0.plus(Duration.ofMinutes(85)), run.clock.instant());

        email.recover();
        run.engine.ingest(cart());
        run.engine.tick();
        assertEquals(Message.Status.SENT, messages().get(1).status());
    }

    @Test
    @DisplayName("message ids are idempotency keys: the same event twice decides once, and later ticks send nothing again")
    void sameDecisionTwice_storedAndSentOnce() {
        Event cart = cart();
        run.engine.ingest(cart);
        run.engine.ingest(cart);
        Message m = only();

        assertEquals(new DispatchReport(1, 0, 0), after(Duration.ZERO));
        assertEquals(new DispatchReport(0, 0, 0), after(Duration.ZERO));
        assertEquals(new DispatchReport(0, 0, 0), after(Duration.ofDays(1)));
        assertEquals(1, email.delivered().size());
        assertEquals(m.id(), email.delivered().get(0).id());
        assertEquals(1, email.attempts());

        Run again = new Run(Definitions.builder().program(NOTIFY).build());
        again.setUp(Collections.nCopies(ProgramWorkload.CUSTOMERS, 511));
        again.engine.ingest(cart);
        assertEquals(m.id(), again.engine.messages(ANNA).get(0).id(), "the same decision on another engine has the same id");
    }

    @Test
    @DisplayName("a message still retrying when the customer withdraws consent is not delivered afterwards")
    void consentWithdrawnWhileRetrying_notDelivered() {
        email.failAlways(Delivery.retryLater("timeout"));
        run.engine.ingest(cart());
        run.engine.tick();
        assertEquals(Message.Status.RETRYING, only().status());

        run.clock.advance(Duration.ofSeconds(30));
        run.feed(0, EventType.MESSAGE_UNSUBSCRIBED, e -> e.property("message_id", only().id()).property("channel", "email"));
        email.recover();
        after(Duration.ofMinutes(5));

        assertEquals(List.of(), email.delivered(), "S24: an unsubscribe takes effect at once");
        Message m = only();
        assertEquals(Message.Status.SUPPRESSED, m.status());
        assertTrue(m.reason().startsWith("no consent for marketing on email: withdrawn before delivery (stopped at "),
                m.reason());
        assertEquals(1, m.attempts(), "the failed attempt before the unsubscribe");

        run.clock.advance(Duration.ofMinutes(30));
        run.engine.ingest(cart());
        run.engine.tick();
        assertEquals(Message.Status.SUPPRESSED, messages().get(1).status(), "later decisions are guarded as before");
        assertTrue(messages().get(1).reason().startsWith("no usable channel (email: no consent for marketing"),
                messages().get(1).reason());
    }
}
