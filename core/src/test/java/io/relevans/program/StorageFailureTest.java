package io.relevans.program;

import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Program;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.SimpleTemplates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.IngestResult;
import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.definition.Definitions;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.CustomerStore;
import io.relevans.spi.ForwardingCustomerStore;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.InMemoryOutbox;
import io.relevans.spi.InMemoryTimerStore;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A failing customer store: the exception reaches the caller of {@code ingest} unchanged, the engine
 * keeps no state of its own that could diverge from storage (the next event is applied to the stored
 * record), and the event delivered again later is applied once.
 */
class StorageFailureTest {

    private static final Identity ANNA = Identity.email("anna@example.com");
    private static final Definitions DEFINITIONS = Definitions.builder().segments(ProgramWorkload.SEGMENTS).build();

    /** A store whose next save fails when armed, as a full disk or a lost connection would. */
    private static final class FailingStore extends ForwardingCustomerStore {
        private final CustomerStore store = new InMemoryCustomerStore();
        private RuntimeException next;

        @Override
        protected CustomerStore delegate() {
            return store;
        }

        @Override
        public void save(CustomerRecord record) {
            RuntimeException failure = next;
            next = null;
            if (failure != null) {
                throw failure;
            }
            store.save(record);
        }
    }

    private final VirtualClock clock = VirtualClock.at(ProgramWorkload.START);

    private Relevans engine(CustomerStore store) {
        return Relevans.builder().clock(clock).store(store).timers(new InMemoryTimerStore())
                .outbox(new InMemoryOutbox()).definitions(DEFINITIONS).build();
    }

    private Event purchase(int amount) {
        clock.advance(Duration.ofMinutes(5));
        return Event.builder(EventType.PURCHASE, ANNA, clock.instant()).line("tv-" + amount, "tv", amount, 1).build();
    }

    private static SortedMap<String, Double> features(Relevans engine) {
        return engine.customer(ANNA).orElseThrow().features();
    }

    @Test
    @DisplayName("a failed save reaches the caller; the next event sees the stored state; the retry counts once")
    void failedSave_surfaces_andStateFollowsStorage() {
        FailingStore store = new FailingStore();
        Relevans engine = engine(store);
        Event first = purchase(1_000);
        Event failed = purchase(2_000);
        Event next = purchase(4_000);
        engine.ingest(first);

        RuntimeException diskFull = new IllegalStateException("disk full while saving customer records");
        store.next = diskFull;
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> engine.ingest(failed));
        assertSame(diskFull, thrown, "the store's own exception, unchanged");

        Relevans reference = engine(new InMemoryCustomerStore());
        reference.ingest(first);
        assertEquals(features(reference), features(engine), "the failed event is not applied");
        engine.ingest(next);
        reference.ingest(next);
        assertEquals(features(reference), features(engine), "the next event applies to the stored record");

        IngestResult retried = engine.ingest(failed);
        reference.ingest(failed);
        assertTrue(!retried.features().isEmpty(), "the retry is applied: " + retried);
        assertEquals(features(reference), features(engine), "the retry counts once");
        assertEquals(List.of(), engine.ingest(failed).features(), "a further delivery changes nothing");
        assertEquals(features(reference), features(engine));
    }

    @Test
    @DisplayName("a decision stored before a failed save is not made twice when the event comes again later")
    void redeliveredLater_decidesTheSameMessageOnce() {
        Program thanks = Program.named("thanks").on(Trigger.event(EventMatch.of(EventType.PURCHASE)))
                .steps(Steps.send("thank", ChannelChoice.of(Channel.EMAIL), "thanks").build(),
                        Steps.wait("later", Duration.ofDays(1)),
                        Steps.send("tips", ChannelChoice.of(Channel.EMAIL), "tips").build())
                .build();
        FailingStore store = new FailingStore();
        InMemoryOutbox outbox = new InMemoryOutbox();
        InMemoryTimerStore timers = new InMemoryTimerStore();
        java.util.function.Supplier<Relevans> restart = () -> Relevans.builder().clock(clock).store(store).timers(timers)
                .outbox(outbox).channel(new InMemoryChannel(Channel.EMAIL, io.relevans.customer.IdentityType.EMAIL))
                .templates(SimpleTemplates.builder().template("thanks", "Thanks", "t").template("tips", "Tips", "t").build())
                .definitions(Definitions.builder().program(thanks).build()).build();
        Relevans engine = restart.get();
        engine.ingest(Event.builder(EventType.CONSENT_CHANGE, ANNA, clock.instant()).property("channel", "email")
                .property("purpose", "marketing").property("granted", true).build());
        Event bought = purchase(1_000);
        store.next = new IllegalStateException("connection lost");
        assertThrows(IllegalStateException.class, () -> engine.ingest(bought)); // the decision is stored
        clock.advance(Duration.ofMinutes(7));                                     // the backend retries later
        Relevans again = restart.get();
        again.ingest(bought);
        CustomerId anna = again.customer(ANNA).orElseThrow().customer().id();
        assertEquals(1, again.messages(anna).stream().filter(m -> m.step().equals("thank")).count(),
                again.messages(anna).toString());

        clock.advance(Duration.ofDays(1));
        store.next = new IllegalStateException("connection lost");
        assertThrows(IllegalStateException.class, again::tick); // the timer's round fails at the save
        clock.advance(Duration.ofMinutes(30));
        restart.get().tick();                                    // the timer is still due and fires again
        assertEquals(1, again.messages(anna).stream().filter(m -> m.step().equals("tips")).count(),
                again.messages(anna).toString());
    }
}
