package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.IngestResult;
import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.IdentityType;
import io.relevans.customer.Identity;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Features;
import io.relevans.definition.FrequencyCap;
import io.relevans.definition.Policies;
import io.relevans.definition.Program;
import io.relevans.definition.Reentry;
import io.relevans.definition.Segment;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.Message;
import io.relevans.spi.SimpleTemplates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * S13, S4: when an event merges two profiles, the merged profile's messages are the customer's at once:
 * they count for the caps of what the event decides, and the event converts them.
 */
class MergedHistoryTest {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final Identity EMAIL = Identity.email("kari@example.com");
    private static final Identity CARD = Identity.loyalty("L-17");

    private final VirtualClock clock = VirtualClock.at(START);
    private final InMemoryChannel email = new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL);
    private final Relevans engine = Relevans.builder().clock(clock).channel(email)
            .templates(SimpleTemplates.builder().template("news", "news", "news").template("vip", "vip", "vip").build())
            .definitions(Definitions.builder()
                    .segment(Segment.named("big_spender").when(Features.sum(EventType.PURCHASE, "line.amount")
                            .atLeast(10_000)))
                    .policies(Policies.DEFAULT.withCap(FrequencyCap.perChannel(Channel.EMAIL, 2, Duration.ofDays(7))))
                    .program(Program.named("news").on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW)))
                            .reentry(Reentry.RESTART).goal(EventMatch.of(EventType.PURCHASE), Duration.ofDays(7))
                            .steps(Steps.send("send", ChannelChoice.of(Channel.EMAIL), "news").build()).build())
                    .program(Program.named("vip").on(Trigger.entered("big_spender")).priority(5)
                            .steps(Steps.send("offer", ChannelChoice.of(Channel.EMAIL), "vip").build()).build())
                    .build())
            .build();

    private IngestResult ingest(Event.Builder b) {
        clock.advance(Duration.ofMinutes(10));
        return engine.ingest(b.build());
    }

    @Test
    @DisplayName("the merged profile's recent messages count for the caps of what the merging event decides")
    void merge_countsTheMergedProfilesMessagesForCaps() {
        ingest(Event.builder(EventType.SIGNUP, EMAIL, clock.instant().plusSeconds(600)));
        ingest(Event.builder(EventType.CONSENT_CHANGE, EMAIL, clock.instant().plusSeconds(600))
                .property("channel", "email").property("purpose", "marketing").property("granted", true));
        ingest(Event.builder(EventType.PRODUCT_VIEW, EMAIL, clock.instant().plusSeconds(600)).property("sku", "a").property("category", "tv"));
        ingest(Event.builder(EventType.PRODUCT_VIEW, EMAIL, clock.instant().plusSeconds(600)).property("sku", "b").property("category", "tv"));
        CustomerId online = engine.customer(EMAIL).orElseThrow().customer().id();
        assertEquals(2, engine.messages(online).stream().filter(m -> m.status() == Message.Status.PENDING).count(),
                "the email cap is used up");
        // the store's card profile buys; then a purchase with the card turns out to be the same customer's
        ingest(Event.builder(EventType.PURCHASE, CARD, clock.instant().plusSeconds(600)).origin(Origin.STORE)
                .line("sofa", "furniture", 6_000, 1));
        IngestResult merged = ingest(Event.builder(EventType.PURCHASE, CARD, clock.instant().plusSeconds(600))
                .origin(Origin.STORE).link(EMAIL).line("table", "furniture", 6_000, 1));
        assertEquals(1, merged.merged().size(), "the profiles merged");
        assertTrue(merged.entered().contains("big_spender"), "the merge's purchases make a big spender");

        List<Message> all = engine.messages(merged.customer());
        assertEquals(3, all.size(), "two news and the VIP offer the merge's segment entry decided");
        Message vip = all.stream().filter(m -> m.program().equals("vip")).findFirst().orElseThrow();
        assertEquals(Message.Status.SUPPRESSED, vip.status(), "the merged profile's two emails fill the cap");
        assertTrue(vip.reason().startsWith("capped"), vip.reason());
    }

    @Test
    @DisplayName("a purchase that merges profiles converts the merged profile's messages")
    void merge_convertsTheMergedProfilesMessages() {
        ingest(Event.builder(EventType.SIGNUP, EMAIL, clock.instant().plusSeconds(600)));
        ingest(Event.builder(EventType.CONSENT_CHANGE, EMAIL, clock.instant().plusSeconds(600))
                .property("channel", "email").property("purpose", "marketing").property("granted", true));
        ingest(Event.builder(EventType.PRODUCT_VIEW, EMAIL, clock.instant().plusSeconds(600)).property("sku", "a").property("category", "tv"));
        ingest(Event.builder(EventType.STORE_VISIT, CARD, clock.instant().plusSeconds(600)).origin(Origin.STORE)
                .property("store", "oslo"));

        IngestResult merged = ingest(Event.builder(EventType.PURCHASE, CARD, clock.instant().plusSeconds(600))
                .origin(Origin.STORE).link(EMAIL).line("lamp", "furniture", 900, 1));

        Message news = engine.messages(merged.customer()).stream().filter(m -> m.program().equals("news"))
                .findFirst().orElseThrow();
        assertTrue(news.outcomes().containsKey("converted"), "converted by the purchase that merged the profiles");
    }
}
