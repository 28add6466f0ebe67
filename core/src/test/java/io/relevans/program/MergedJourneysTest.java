package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.IngestResult;
import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
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
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.Message;
import io.relevans.spi.SimpleTemplates;
import io.relevans.spi.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * S13, S1: a journey waiting for a profile that an event merges into another goes on for the customer
 * the profiles make: the survivor (the smaller id) takes the merged profile's waiting journeys; where
 * both wait in the same program, the program's re-entry rule decides which journey stays.
 */
class MergedJourneysTest {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    private final VirtualClock clock = VirtualClock.at(START);
    private final InMemoryChannel email = new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL);

    private Relevans engine(Reentry reentry) {
        return Relevans.builder().clock(clock).channel(email)
                .templates(SimpleTemplates.builder().template("cart", "Your cart", "Still there").build())
                .definitions(Definitions.builder()
                        .program(Program.named("abandoned_cart").on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                                .reentry(reentry).exitOn(EventMatch.of(EventType.PURCHASE))
                                .steps(Steps.wait("wait", Duration.ofHours(4)),
                                        Steps.send("remind", ChannelChoice.of(Channel.EMAIL), "cart").build())
                                .build())
                        .build())
                .build();
    }

    /** Two identities of one person, the first with the larger id (its profile is merged away). */
    private static List<Identity> loserThenSurvivor() {
        Identity a = Identity.email("kari@example.com");
        Identity b = Identity.loyalty("L-17");
        return CustomerId.derivedFrom(a).compareTo(CustomerId.derivedFrom(b)) > 0 ? List.of(a, b) : List.of(b, a);
    }

    private static IngestResult ingest(Relevans engine, Event.Builder b) {
        return engine.ingest(b.build());
    }

    /** An event ten minutes after the last, at the clock's time. */
    private Event.Builder event(EventType type, Identity who) {
        clock.advance(Duration.ofMinutes(10));
        return Event.builder(type, who, clock.instant());
    }

    private Event.Builder cart(Identity who, String sku) {
        return event(EventType.CART_CHANGE, who).line(sku, "tents", 1_000, 1);
    }

    private Event.Builder visit(Identity who) {
        return event(EventType.STORE_VISIT, who).origin(Origin.STORE).property("store", "oslo");
    }

    @Test
    @DisplayName("S13: the cart reminder of a profile merged away is sent to the customer it was merged into")
    void aMergedProfilesJourneyGoesOnForTheSurvivor() {
        Relevans engine = engine(Reentry.RESTART);
        List<Identity> ids = loserThenSurvivor();
        Identity loser = ids.get(0);
        Identity survivor = ids.get(1);
        ingest(engine, cart(loser, "tent-2"));
        ingest(engine, visit(survivor));
        CustomerId lost = engine.customer(loser).orElseThrow().customer().id();
        assertEquals(1, engine.waiting(lost).size(), "the cart journey waits");

        IngestResult merged = ingest(engine, visit(survivor).link(loser));
        assertEquals(List.of(lost), merged.merged(), "the profile with the journey was merged away");
        List<Timer> waiting = engine.waiting(merged.customer());
        assertEquals(1, waiting.size(), "the survivor waits in the journey now");
        assertEquals("abandoned_cart", waiting.get(0).program());

        clock.advance(Duration.ofHours(5));
        engine.tick();
        List<Message> sent = engine.messages(merged.customer());
        assertEquals(1, sent.size(), "the reminder was decided for the survivor");
        assertEquals("abandoned_cart", sent.get(0).program());
    }

    @Test
    @DisplayName("S13, S1: a purchase that merges the profiles ends the merged profile's cart journey too")
    void aMergingPurchaseEndsTheMovedJourney() {
        Relevans engine = engine(Reentry.RESTART);
        List<Identity> ids = loserThenSurvivor();
        ingest(engine, cart(ids.get(0), "tent-2"));
        ingest(engine, visit(ids.get(1)));

        IngestResult merged = ingest(engine, event(EventType.PURCHASE, ids.get(1))
                .origin(Origin.STORE).link(ids.get(0)).line("tent-2", "tents", 1_000, 1));
        assertTrue(engine.waiting(merged.customer()).isEmpty(), "the purchase exits the journey it moved");
        List<Message> log = engine.messages(merged.customer());
        assertEquals(1, log.size(), "the journey's end is recorded for the survivor, as for its own journeys");
        assertEquals(Message.Status.SUPPRESSED, log.get(0).status());
        assertTrue(log.get(0).reason().startsWith("exit: purchase"), log.get(0).reason());
        clock.advance(Duration.ofHours(5));
        engine.tick();
        assertEquals(log, engine.messages(merged.customer()), "no reminder after the purchase");
    }

    @Test
    @DisplayName("S13: both profiles wait in a restarting program: the journey started last stays")
    void bothWaitingWithRestartKeepsTheLaterJourney() {
        Relevans engine = engine(Reentry.RESTART);
        List<Identity> ids = loserThenSurvivor();
        ingest(engine, cart(ids.get(1), "tent-1")); // the survivor's journey starts first
        ingest(engine, cart(ids.get(0), "tent-2").id("later-cart"));

        IngestResult merged = ingest(engine, visit(ids.get(1)).link(ids.get(0)));
        List<Timer> waiting = engine.waiting(merged.customer());
        assertEquals(1, waiting.size(), "one journey per program");
        assertEquals("later-cart", waiting.get(0).trigger().id(), "a restarting program keeps the newest journey");
    }

    @Test
    @DisplayName("S13: both profiles wait in a once-only program: the journey started first stays")
    void bothWaitingWithOnceKeepsTheEarlierJourney() {
        Relevans engine = engine(Reentry.ONCE);
        List<Identity> ids = loserThenSurvivor();
        ingest(engine, cart(ids.get(0), "tent-2").id("earlier-cart")); // the merged profile's starts first
        ingest(engine, cart(ids.get(1), "tent-1"));

        IngestResult merged = ingest(engine, visit(ids.get(1)).link(ids.get(0)));
        List<Timer> waiting = engine.waiting(merged.customer());
        assertEquals(1, waiting.size(), "one journey per program");
        assertEquals("earlier-cart", waiting.get(0).trigger().id(), "a once-only program keeps the first journey");
    }
}
