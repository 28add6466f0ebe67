package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.Offer;
import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.Channel;
import io.relevans.customer.Identity;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Conditions;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Features;
import io.relevans.definition.Operator;
import io.relevans.definition.Program;
import io.relevans.definition.Reentry;
import io.relevans.definition.Segment;
import io.relevans.definition.Step;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Friction a newcomer met on the way (issue 14), each now an API or a message that helps. */
class NewcomerFrictionTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Identity ANNA = Identity.email("anna@example.com");

    /** The {@link Program} Javadoc's example, as written there: it compiles and builds. */
    private static Program javadocExample() {
        return Program.named("abandoned_cart")
                .on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                .exitOn(EventMatch.of(EventType.PURCHASE))
                .reentry(Reentry.RESTART)
                .controlShare(0.1)
                .steps(new Step.Wait("wait", Duration.ofHours(4)),
                        Steps.send("remind", ChannelChoice.preferred(Channel.EMAIL), "cart_reminder").withLines().build())
                .build();
    }

    private static Program smsOnly(String name, boolean relevant) {
        Program.Builder b = Program.named(name).on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW)))
                .steps(Steps.send("text", ChannelChoice.of(Channel.SMS), "sms_offer").build());
        return (relevant ? b.highRelevance(Conditions.attribute("vip").present()) : b).build();
    }

    @Test
    @DisplayName("the template ids the definitions use are listed, sends and questions alike")
    void templateIdsAreListed() {
        Program ask = Program.named("review").on(Trigger.event(EventMatch.of(EventType.PURCHASE)))
                .steps(new Step.Ask("ask", Step.Question.REVIEW, "", ChannelChoice.of(Channel.EMAIL), "review_request",
                        new TreeMap<>())).build();
        Definitions d = Definitions.builder().program(javadocExample()).program(ask).program(smsOnly("sms", true)).build();
        assertEquals(List.of("cart_reminder", "review_request", "sms_offer"), List.copyOf(d.templateIds()));
    }

    @Test
    @DisplayName("a marketing program that sends only by SMS without a relevance condition is warned about at load")
    void intimateOnlyProgramsAreWarnedAbout() {
        Definitions d = Definitions.builder().program(smsOnly("silent", false)).program(smsOnly("relevant", true))
                .program(javadocExample()).build();
        assertEquals(1, d.warnings().size(), d.warnings().toString());
        assertTrue(d.warnings().get(0).contains("program 'silent'") && d.warnings().get(0).contains("held back"),
                d.warnings().get(0));
    }

    @Test
    @DisplayName("messages, next best offers and explanations are reachable from an identity")
    void identityOverloads() {
        VirtualClock clock = VirtualClock.at(NOW);
        Relevans engine = Relevans.builder().clock(clock).definitions(Definitions.builder()
                .segment(Segment.named("buyer").when(Features.count(EventType.PURCHASE).atLeast(1)))
                .program(Program.named("tents").on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW))).promotes("tents")
                        .offer().steps(Steps.end("done")).build())
                .build()).build();
        engine.ingest(Event.builder(EventType.PURCHASE, ANNA, NOW).line("tent", "tents", 100, 1).build());
        var id = engine.customer(ANNA).orElseThrow().customer().id();
        assertEquals(engine.messages(id), engine.messages(ANNA));
        assertTrue(engine.messages(Identity.email("nobody@example.com")).isEmpty());
        assertTrue(engine.explain(ANNA, "buyer").member());
        clock.advance(Duration.ofDays(60));
        List<Offer> offers = engine.nextBestOffers(ANNA);
        assertEquals(List.of("tents"), offers.stream().map(Offer::program).toList());
        assertTrue(offers.get(0).priceOffer(), "the program offers a price");
        assertThrows(NoSuchElementException.class, () -> engine.nextBestOffers(Identity.email("nobody@example.com")));
    }

    @Test
    @DisplayName("an event match filters on numbers and flags, not only text")
    void eventMatchesOnNumbersAndFlags() {
        Event oneStar = Event.builder(EventType.of("review"), ANNA, NOW).property("rating", 1).build();
        Event granted = Event.builder(EventType.CONSENT_CHANGE, ANNA, NOW).property("channel", "email")
                .property("purpose", "marketing").property("granted", true).build();
        assertTrue(EventMatch.of(EventType.of("review")).where("rating", 1).matches(oneStar));
        assertFalse(EventMatch.of(EventType.of("review")).where("rating", "1").matches(oneStar), "text is not a number");
        assertTrue(EventMatch.of(EventType.of("review")).where("rating", Operator.LE, 2).matches(oneStar));
        assertTrue(EventMatch.of(EventType.CONSENT_CHANGE).where("granted", true).matches(granted));
        assertFalse(EventMatch.of(EventType.CONSENT_CHANGE).where("granted", false).matches(granted));
    }

    @Test
    @DisplayName("two identical events without ids count once, as the builder's Javadoc says; with ids, twice")
    void identicalEventsWithoutIdsCountOnce() {
        VirtualClock clock = VirtualClock.at(NOW);
        Relevans engine = Relevans.builder().clock(clock).definitions(Definitions.builder()
                .segment(Segment.named("viewer").when(Features.count(EventType.PRODUCT_VIEW).atLeast(2))).build()).build();
        Event.Builder view = Event.builder(EventType.PRODUCT_VIEW, ANNA, NOW).property("sku", "tent").property("category", "tents");
        engine.ingest(view.build());
        engine.ingest(view.build());
        assertFalse(engine.customer(ANNA).orElseThrow().segments().contains("viewer"), "the second view was a re-delivery");
        engine.ingest(view.id("view-2").build());
        assertTrue(engine.customer(ANNA).orElseThrow().segments().contains("viewer"));
    }
}
