package io.relevans.program;

import static io.relevans.definition.Conditions.attribute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Value;
import io.relevans.definition.CategoryExclusion;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Policies;
import io.relevans.definition.Program;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.event.EventType;
import io.relevans.spi.Delivery;
import io.relevans.MessageExplanation;
import io.relevans.spi.Message;
import io.relevans.spi.Suppression;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Guards at delivery: a message decided before the customer's situation changed, and still waiting
 * (retrying after a channel outage, or not dispatched yet), is stopped when a guard, evaluated on the
 * customer as they are now, says no; stored as suppressed with the reason and the moment.
 */
class GuardsAtDeliveryTest {

    private static final EventType CAMPAIGN = EventType.of("spring_campaign");
    private static final EventType COMPLAINT = EventType.of("complaint");

    private static Program campaign(String name, String category, boolean offer) {
        Program.Builder b = Program.named(name).on(Trigger.event(EventMatch.of(CAMPAIGN))).promotes(category)
                .exitOn(EventMatch.of(COMPLAINT))
                .steps(Steps.send("offer", ChannelChoice.of(Channel.EMAIL), "dress_offer").build());
        return (offer ? b.offer() : b).build();
    }

    private final ScenarioKit kit = new ScenarioKit(Definitions.builder()
            .policies(Policies.DEFAULT.withExclusion(new CategoryExclusion(Category.of("party_dresses"),
                    attribute("gender").is("male"))))
            .program(campaign("dress_offer", "party_dresses", false))
            .program(campaign("tent_offer", "tents", true))
            .build());

    /** The customer, and a campaign decided while the mail server is down: both offers wait to be retried. */
    private CustomerId waitingForTheMailServer(String name) {
        CustomerId id = kit.customer(name);
        kit.email.failAlways(Delivery.retryLater("mail server down"));
        kit.at(CAMPAIGN, ScenarioKit.email(name));
        kit.advance(Duration.ofMinutes(1));
        assertEquals(1, kit.of(id, "dress_offer", Message.Status.RETRYING).size());
        assertEquals(1, kit.of(id, "tent_offer", Message.Status.RETRYING).size());
        kit.advance(Duration.ofMinutes(1));
        return id;
    }

    /** The mail server is back; an hour later every retry is done. */
    private void recovered() {
        kit.email.recover();
        kit.advance(Duration.ofHours(1));
    }

    @Test
    @DisplayName("S21: a dress offer waiting for the mail server is not sent after the customer says dresses are not for her")
    void declaredDisinterestStopsAWaitingMessage() {
        CustomerId id = waitingForTheMailServer("wenche");
        kit.at(EventType.PREFERENCE_DECLARED, ScenarioKit.email("wenche"), b -> b.property("category", "party_dresses")
                .property("interest", "not_interested"));
        recovered();
        String reason = kit.onlyReason(id, "dress_offer");
        assertTrue(reason.startsWith("declared not interested in party_dresses (stopped at "), reason);
        Message stopped = kit.suppressedOf(id, "dress_offer").get(0);
        Suppression by = stopped.suppression().orElseThrow();
        assertEquals(Suppression.Guard.DECLARED_DISINTEREST, by.guard());
        assertEquals(Suppression.Moment.DELIVERY, by.moment());
        assertEquals(java.util.Map.of("category", "party_dresses"), by.seen());
        assertTrue(by.at().isAfter(stopped.decidedAt()), "stopped after it was decided");
        MessageExplanation why = kit.engine.explainMessage(id, stopped.id());
        assertTrue(why.summary().contains("not sent: stopped by DECLARED_DISINTEREST at delivery"), why.summary());
        assertEquals(1, kit.sentOf(id, "tent_offer").size(), "the tent offer is still relevant");
        assertEquals(1, kit.email.delivered().size());
    }

    @Test
    @DisplayName("S16: staff correct the customer's gender; the dress offer waiting for the mail server is not sent")
    void aStaffCorrectionStopsAWaitingMessage() {
        CustomerId id = waitingForTheMailServer("kim");
        kit.correctedInStore("kim", "gender", Value.of("male"));
        recovered();
        assertTrue(kit.onlyReason(id, "dress_offer").startsWith("category party_dresses excluded"),
                kit.onlyReason(id, "dress_offer"));
        Suppression by = kit.suppressedOf(id, "dress_offer").get(0).suppression().orElseThrow();
        assertEquals(Suppression.Guard.CATEGORY_EXCLUSION, by.guard());
        assertEquals("party_dresses", by.seen().get("category"));
        assertEquals(1, kit.sentOf(id, "tent_offer").size());
    }

    @Test
    @DisplayName("S24: a complaint ends the program; its messages waiting for the mail server are not sent")
    void anExitEventStopsAWaitingMessage() {
        CustomerId id = waitingForTheMailServer("ola");
        kit.at(COMPLAINT, ScenarioKit.email("ola"));
        recovered();
        assertTrue(kit.onlyReason(id, "dress_offer").startsWith("exit: complaint after the message was decided"),
                kit.onlyReason(id, "dress_offer"));
        assertTrue(kit.onlyReason(id, "tent_offer").startsWith("exit: complaint"), kit.onlyReason(id, "tent_offer"));
        assertEquals(List.of(), kit.email.delivered());
    }

    @Test
    @DisplayName("S10: a tent offer retrying after an outage is not sent after the customer bought a tent")
    void aPurchaseStopsAnOfferRetryingAfterAnOutage() {
        CustomerId id = waitingForTheMailServer("per");
        kit.purchase("per", "tent-2", "tents", 2_000);
        recovered();
        assertTrue(kit.onlyReason(id, "tent_offer").startsWith("bought tents 0 day(s) ago"), kit.onlyReason(id, "tent_offer"));
        Suppression by = kit.suppressedOf(id, "tent_offer").get(0).suppression().orElseThrow();
        assertEquals(java.util.Map.of("category", "tents", "days_since_purchase", "0", "within", "30d"), by.seen());
        Message sent = kit.sentOf(id, "dress_offer").get(0);
        assertTrue(kit.engine.explainMessage(id, sent.id()).summary().contains(": sent by email after 3 attempt(s)"),
                kit.engine.explainMessage(id, sent.id()).summary());
        assertEquals(1, kit.sentOf(id, "dress_offer").size());
    }
}
