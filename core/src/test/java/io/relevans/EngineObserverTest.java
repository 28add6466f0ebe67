package io.relevans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Channel;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Features;
import io.relevans.definition.Program;
import io.relevans.definition.Segment;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventFormatException;
import io.relevans.event.EventType;
import io.relevans.spi.EngineObserver;
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.Message;
import io.relevans.spi.SimpleTemplates;
import io.relevans.testing.LogCapture;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The engine's calls to its {@link EngineObserver}: each ingest a span ended once with each event's
 * outcome, decisions stored, evaluations, deliveries, the backlog at a tick, reloads; and an observer
 * that throws changes nothing the engine does.
 */
class EngineObserverTest {

    private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
    private static final Identity ANNA = Identity.email("anna.lindqvist@example.com");

    /**
     * Sends a thank-you at once on every purchase, to whoever granted email marketing consent; buyers are
     * customers with a purchase in 30 days.
     */
    private static final Definitions THANKS = Definitions.builder()
            .segment(Segment.named("buyers").when(Features.count(EventType.PURCHASE).within(Window.days(30)).atLeast(1)))
            .program(Program.named("thanks")
            .on(Trigger.event(EventMatch.of(EventType.PURCHASE)))
            .steps(Steps.send("thank", ChannelChoice.of(Channel.EMAIL), "thanks").build()).build()).build();

    /** What the engine told, in order, as text. */
    private static final class Recording implements EngineObserver {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final List<Backlog> backlogs = new ArrayList<>();
        int evaluations;

        @Override
        public Ingesting ingestStarted(List<Event> events) {
            calls.add("ingest " + events.stream().map(e -> e.type().name()).toList());
            return new Ingesting() {
                @Override
                public void applied(Ingested ingested) {
                    calls.add("applied " + ingested.event().type().name() + (ingested.redelivered() ? " again" : "")
                            + " " + ingested.decided().stream().map(Message::program).toList());
                }

                @Override
                public void refused(Event event, RuntimeException cause) {
                    calls.add("refused " + event.type().name() + " " + cause.getClass().getSimpleName());
                }

                @Override
                public void ended() {
                    calls.add("ended");
                }
            };
        }

        @Override
        public void decided(Decision decision) {
            calls.add("decided " + decision.decided().stream().map(m -> m.program() + ":" + m.status()).toList());
        }

        @Override
        public void evaluated(Evaluation evaluation) {
            evaluations++;
        }

        @Override
        public Delivering deliveryStarted(Message message) {
            calls.add("deliver " + message.program());
            return new Delivering() {
                @Override
                public void ended(Message attempt) {
                    calls.add("delivered " + attempt.status());
                }
            };
        }

        @Override
        public void ticked(Backlog backlog) {
            backlogs.add(backlog);
        }

        @Override
        public void reloaded(Reload reload) {
            calls.add("reloaded " + reload.loaded() + " " + reload.programs());
        }
    }

    /**
     * An observer that throws from every call, with personal data in the message, except that its ingest
     * spans are such observers too (so that their calls throw).
     */
    private static <T> T throwing(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getReturnType() == EngineObserver.Ingesting.class) {
                return throwing(EngineObserver.Ingesting.class);
            }
            throw new IllegalStateException("observer broke on " + ANNA.value());
        }));
    }

    private static final class Run {
        final VirtualClock clock = VirtualClock.at(START);
        final InMemoryChannel email = new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL);
        final Relevans engine;

        Run(EngineObserver observer) {
            Relevans.Builder b = Relevans.builder().clock(clock).channel(email).definitions(THANKS)
                    .templates(SimpleTemplates.builder().template("thanks", "Thanks", "Thanks").build());
            engine = (observer == null ? b : b.observer(observer)).build();
        }

        Event event(EventType type, String id) {
            Event.Builder b = Event.builder(type, ANNA, clock.instant()).id(id);
            if (type.equals(EventType.CONSENT_CHANGE)) {
                b.property("channel", "email").property("purpose", "marketing").property("granted", true);
            } else if (type.equals(EventType.PURCHASE)) {
                b.line("tv-55", "tv", 8999, 1);
            }
            return b.build();
        }

        /** Consent, a purchase (a thank-you decided), the purchase again, a tick that delivers it. */
        void play() {
            engine.ingest(event(EventType.CONSENT_CHANGE, "e-1"));
            engine.ingest(event(EventType.PURCHASE, "e-2"));
            engine.ingest(event(EventType.PURCHASE, "e-2"));
            clock.advance(Duration.ofMinutes(1));
            engine.tick();
        }
    }

    @Test
    @DisplayName("each ingest is one span ended once; decisions, deliveries and the backlog are told as stored")
    void observer_isToldOfEachStep() {
        Recording seen = new Recording();
        Run run = new Run(seen);
        run.play();
        assertEquals(List.of(
                "ingest [consent_change]", "decided []", "applied consent_change []", "ended",
                "ingest [purchase]", "decided [thanks:PENDING]", "applied purchase [thanks]", "ended",
                "ingest [purchase]", "applied purchase again []", "ended",
                "deliver thanks", "delivered SENT"), seen.calls);
        assertEquals(1, seen.backlogs.size());
        EngineObserver.Backlog backlog = seen.backlogs.get(0);
        assertEquals(START.plus(Duration.ofMinutes(1)), backlog.at());
        assertEquals(0, backlog.fired());
        assertEquals(Duration.ZERO, backlog.timerLag());
        assertEquals(0, backlog.waiting().orElseThrow(), "the in-memory outbox counts: nothing waits");
        assertTrue(seen.evaluations >= 2, "the two applied events were evaluated: " + seen.evaluations);

        seen.calls.clear();
        Event ahead = Event.builder(EventType.PURCHASE, ANNA, run.clock.instant().plus(Duration.ofDays(3))).id("e-3")
                .line("tv-55", "tv", 8999, 1).build();
        List<BatchOutcome> batch = run.engine.ingestAll(List.of(ahead, run.event(EventType.PURCHASE, "e-4")));
        assertInstanceOf(EventFormatException.class, batch.get(0).refusal().orElseThrow());
        assertEquals(List.of("ingest [purchase, purchase]", "decided [thanks:PENDING]", "refused purchase "
                + "EventFormatException", "applied purchase [thanks]", "ended"), seen.calls);

        seen.calls.clear();
        run.engine.load(Definitions.EMPTY);
        assertThrows(RuntimeException.class, () -> run.engine.load(Definitions.builder().program(Program.named("x")
                .on(Trigger.event(EventMatch.of(EventType.PURCHASE)))
                .steps(Steps.send("s", ChannelChoice.of(Channel.EMAIL), "unknown_template").build()).build()).build()));
        assertEquals(List.of("reloaded true 0", "reloaded false 0"), seen.calls);
    }

    @Test
    @DisplayName("an observer that throws everywhere changes nothing the engine does; the log names the call, not the message")
    void throwingObserver_isGuarded() {
        Run plain = new Run(null);
        plain.play();
        String logs;
        Run observed;
        try (LogCapture capture = LogCapture.start()) {
            observed = new Run(throwing(EngineObserver.class));
            observed.play();
            observed.engine.load(THANKS);
            logs = capture.text();
        }
        assertEquals(statuses(plain), statuses(observed));
        assertEquals(1, observed.email.delivered().size());
        assertTrue(logs.contains("threw java.lang.IllegalStateException in decided"), logs);
        assertTrue(logs.contains("in Ingesting.applied") && logs.contains("in deliveryStarted")
                && logs.contains("in ticked") && logs.contains("in reloaded") && logs.contains("in evaluated"), logs);
        assertFalse(logs.contains(ANNA.value()), "an observer's message may carry personal data");
    }

    private static List<Message.Status> statuses(Run run) {
        return run.engine.messages(ANNA).stream().map(Message::status).toList();
    }

    @Test
    @DisplayName("the observer setter refuses a second observer; disabled and guarded observers are not wrapped again")
    void builder_andGuards() {
        Relevans.Builder b = Relevans.builder().observer(new Recording());
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> b.observer(new Recording()));
        assertTrue(twice.getMessage().startsWith("observer was already set to "), twice.getMessage());
        assertThrows(NullPointerException.class, () -> Relevans.builder().observer(null));

        assertSame(EngineObserver.disabled(), EngineObserver.guarded(EngineObserver.disabled()));
        EngineObserver guarded = EngineObserver.guarded(new Recording());
        assertSame(guarded, EngineObserver.guarded(guarded));
        assertSame(EngineObserver.Ingesting.NONE, EngineObserver.disabled().ingestStarted(List.of()));
    }
}
