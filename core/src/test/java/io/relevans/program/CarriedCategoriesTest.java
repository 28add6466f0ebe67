package io.relevans.program;

import static io.relevans.definition.Conditions.attribute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Value;
import io.relevans.definition.Binding;
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
import io.relevans.spi.Message;
import io.relevans.spi.Suppression;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * S2, S16, S21: the guards look at what a message carries, not only at what its program declares: the
 * docs' browse follow-up sends the viewed product without {@code promotes}; a party dress still does not
 * go to a man, nor a tent to a customer who said tents are not for them.
 */
class CarriedCategoriesTest {

    private final ScenarioKit kit = new ScenarioKit(Definitions.builder()
            .policies(Policies.DEFAULT.withExclusion(new CategoryExclusion(Category.of("party_dresses"),
                    attribute("gender").is("male"))))
            .program(Program.named("complaint_care").on(Trigger.event(EventMatch.of(EventType.of("complaint"))))
                    .purpose(io.relevans.customer.Purpose.SERVICE)
                    .steps(Steps.send("we_care", ChannelChoice.of(Channel.EMAIL), "welcome")
                            .with("sku", Binding.trigger("sku")).build())
                    .build())
            .program(Program.named("browse_follow_up").on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW)))
                    .steps(Steps.send("follow_up", ChannelChoice.of(Channel.EMAIL), "cart_reminder")
                            .with("sku", Binding.trigger("sku")).build())
                    .build())
            .build());

    /** A customer whose gender staff corrected to male. */
    private CustomerId man(String name) {
        CustomerId id = kit.customer(name);
        kit.correctedInStore(name, "gender", Value.of("male"));
        return id;
    }

    private Message only(CustomerId id) {
        List<Message> all = kit.messages(id);
        assertEquals(1, all.size(), all::toString);
        return all.get(0);
    }

    @Test
    @DisplayName("S2, S16: a follow-up on a viewed party dress is not sent to a man, though the program promotes nothing")
    void theViewedProductsCategoryIsExcluded() {
        CustomerId kim = man("kim");
        kit.view("kim", "dress-red", "party_dresses");
        Message m = only(kim);
        assertEquals(Message.Status.SUPPRESSED, m.status());
        assertTrue(m.reason().startsWith("category party_dresses excluded"), m.reason());
        assertEquals(Set.of(Category.of("party_dresses")), m.categories());
        Suppression by = m.suppression().orElseThrow();
        assertEquals(Suppression.Guard.CATEGORY_EXCLUSION, by.guard(), "stopped at decision by the exclusion");
        assertEquals(Suppression.Moment.DECISION, by.moment());
        assertEquals(m.decidedAt(), by.at());
    }

    @Test
    @DisplayName("S21: a follow-up on a viewed tent is not sent to a customer who said tents are not for them")
    void declaredDisinterestCoversTheViewedProduct() {
        CustomerId ola = kit.customer("ola");
        kit.at(EventType.PREFERENCE_DECLARED, ScenarioKit.email("ola"), b -> b.property("category", "tents")
                .property("interest", "not_interested"));
        kit.view("ola", "tent-2", "tents");
        assertEquals("declared not interested in tents", only(ola).reason());
    }

    @Test
    @DisplayName("S21: a follow-up waiting for the mail server is stopped when the customer turns the viewed category down")
    void theCarriedCategoryIsCheckedAtDelivery() {
        CustomerId kari = kit.customer("kari");
        kit.email.failAlways(Delivery.retryLater("mail server down"));
        kit.view("kari", "dress-red", "party_dresses");
        kit.advance(Duration.ofMinutes(1));
        assertEquals(Message.Status.RETRYING, only(kari).status());
        kit.at(EventType.PREFERENCE_DECLARED, ScenarioKit.email("kari"), b -> b.property("category", "party_dresses")
                .property("interest", "not_interested"));
        kit.email.recover();
        kit.advance(Duration.ofHours(1));
        assertTrue(only(kari).reason().startsWith("declared not interested in party_dresses (stopped at "), only(kari).reason());
        assertEquals(List.of(), kit.email.delivered());
    }

    @Test
    @DisplayName("S23: a care message about a complaint on a party dress still reaches a man: service is not marketing")
    void serviceMessagesCarryOnlyWhatTheyPromote() {
        CustomerId kim = man("kim");
        kit.at(EventType.of("complaint"), ScenarioKit.email("kim"), b -> b.property("sku", "dress-red")
                .property("category", "party_dresses"));
        kit.advance(Duration.ofMinutes(1));
        assertEquals(Message.Status.SENT, only(kim).status(), () -> only(kim).reason());
        assertEquals(Set.of(), only(kim).categories());
    }

    @Test
    @DisplayName("a follow-up on a product of another category goes out as before")
    void otherCategoriesGoOut() {
        CustomerId kim = man("kim");
        kit.view("kim", "tent-2", "tents");
        kit.advance(Duration.ofMinutes(1));
        assertEquals(Message.Status.SENT, only(kim).status());
    }
}
