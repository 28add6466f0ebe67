package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.FrequencyCap;
import io.relevans.definition.InvalidDefinitionException;
import io.relevans.definition.Policies;
import io.relevans.definition.Program;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.event.EventType;
import io.relevans.spi.Message;
import io.relevans.spi.Suppression;
import io.relevans.spi.Timer;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * S4: a cap may let a capped message wait for the next free slot instead of dropping it, within a
 * bound; when the slot comes, the message is decided again with every guard.
 */
class CappedMessagesWaitTest {

    private static final EventType CAMPAIGN = EventType.of("spring_campaign");

    private static ScenarioKit kit(FrequencyCap cap) {
        return new ScenarioKit(Definitions.builder().policies(Policies.DEFAULT.withCap(cap))
                .program(offer("tv_offer", "tv", 2)).program(offer("tent_offer", "tents", 1)).build());
    }

    private static Program offer(String name, String category, int priority) {
        return Program.named(name).on(Trigger.event(EventMatch.of(CAMPAIGN))).promotes(category).priority(priority)
                .steps(Steps.send("offer", ChannelChoice.of(Channel.EMAIL), "dress_offer").build()).build();
    }

    @Test
    @DisplayName("S4: the lower-priority offer waits for the next free slot and is sent then")
    void aCappedMessageWaitsForTheNextSlot() {
        ScenarioKit kit = kit(FrequencyCap.overall(1, Duration.ofDays(1)).deferUpTo(Duration.ofDays(1)));
        CustomerId id = kit.customer("kari");
        kit.at(CAMPAIGN, ScenarioKit.email("kari"));
        assertEquals(1, kit.messages(id).size(), "only the TV offer is decided now");
        assertEquals(Timer.Kind.DEFER, kit.engine.waiting(id).stream().filter(t -> t.program().equals("tent_offer"))
                .findFirst().orElseThrow().kind());
        kit.advance(Duration.ofHours(23));
        assertEquals(0, kit.sentOf(id, "tent_offer").size(), "not before the slot is free");
        kit.advance(Duration.ofHours(2));
        assertEquals(1, kit.sentOf(id, "tv_offer").size());
        assertEquals(1, kit.sentOf(id, "tent_offer").size(), "sent when the TV offer left the cap's window");
        assertTrue(kit.engine.waiting(id).isEmpty());
    }

    @Test
    @DisplayName("S4, S21: a waiting message meets every guard again: a declaration meanwhile stops it")
    void aWaitingMessageMeetsEveryGuardAgain() {
        ScenarioKit kit = kit(FrequencyCap.overall(1, Duration.ofDays(1)).deferUpTo(Duration.ofDays(1)));
        CustomerId id = kit.customer("kari");
        kit.at(CAMPAIGN, ScenarioKit.email("kari"));
        kit.advance(Duration.ofHours(3));
        kit.at(EventType.PREFERENCE_DECLARED, ScenarioKit.email("kari"), b -> b.property("category", "tents")
                .property("interest", "not_interested"));
        kit.advance(Duration.ofDays(1));
        Message tent = kit.suppressedOf(id, "tent_offer").get(0);
        assertEquals(Suppression.Guard.DECLARED_DISINTEREST, tent.suppression().orElseThrow().guard());
        assertEquals(0, kit.sentOf(id, "tent_offer").size());
    }

    @Test
    @DisplayName("S4: a slot further away than the cap lets a message wait drops the message as before")
    void aSlotBeyondTheBoundDropsTheMessage() {
        ScenarioKit kit = kit(FrequencyCap.overall(1, Duration.ofDays(3)).deferUpTo(Duration.ofDays(1)));
        CustomerId id = kit.customer("kari");
        kit.at(CAMPAIGN, ScenarioKit.email("kari"));
        assertEquals(Suppression.Guard.CAP, kit.suppressedOf(id, "tent_offer").get(0).suppression().orElseThrow().guard());
        assertTrue(kit.engine.waiting(id).isEmpty());
    }

    @Test
    @DisplayName("a cap lets messages wait at most its period")
    void theWaitIsBounded() {
        assertThrows(InvalidDefinitionException.class,
                () -> FrequencyCap.overall(1, Duration.ofDays(1)).deferUpTo(Duration.ofDays(2)));
        assertThrows(InvalidDefinitionException.class,
                () -> FrequencyCap.overall(1, Duration.ofDays(1)).deferUpTo(Duration.ofDays(-1)));
    }
}
