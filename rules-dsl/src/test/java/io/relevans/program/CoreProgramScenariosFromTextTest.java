package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Program;
import io.relevans.definition.Reentry;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.event.EventType;
import io.relevans.spi.Message;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link CoreProgramScenariosTest} with its programs read from text: S3, S5, S8 welcome, S24 unsubscribe. */
class CoreProgramScenariosFromTextTest {

    private static final String CART = "s3-abandoned-cart.rel";

    static Program welcome() {
        return Program.named("welcome").on(Trigger.event(EventMatch.of(EventType.SIGNUP)))
                .reentry(Reentry.ONCE).purpose(io.relevans.customer.Purpose.SERVICE)
                .steps(Steps.send("hello", ChannelChoice.of(Channel.EMAIL), "welcome").build()).build();
    }

    @Test
    @DisplayName("S3, S5, S8: the text reads as the Java-built programs")
    void textEqualsTheJavaBuiltDefinitions() {
        assertEquals(Definitions.builder().program(CoreProgramScenariosTest.abandonedCart(0)).build(),
                ScenarioText.load(CART));
        assertEquals(Definitions.builder().program(CoreProgramScenariosTest.abandonedCart(0.3)).build(),
                ScenarioText.load("s5-control-group.rel"));
        assertEquals(Definitions.builder().program(welcome()).build(), ScenarioText.load("s8-welcome.rel"));
    }

    @Test
    @DisplayName("S3: a reminder after the wait, with the cart's items")
    void abandonedCart_remindsAfterTheWait() {
        ScenarioKit kit = new ScenarioKit(ScenarioText.load(CART));
        CustomerId anna = kit.customer("anna");
        kit.at(EventType.CART_CHANGE, Identity.email("anna@example.com"), b -> b.line("tv-55", "tv", 8999, 1));
        kit.advance(Duration.ofHours(3));
        assertEquals(List.of(), kit.email.delivered(), "nothing before the wait is over");
        kit.advance(Duration.ofHours(1));
        assertEquals(1, kit.email.delivered().size());
        assertEquals("cart_reminder tv     [tv-55]", kit.email.delivered().get(0).body());
        assertEquals(1, kit.sentOf(anna, "abandoned_cart").size());
    }

    @Test
    @DisplayName("S3: no reminder when the customer bought in the meantime")
    void abandonedCart_purchaseInTheMeantime_endsTheProgram() {
        ScenarioKit kit = new ScenarioKit(ScenarioText.load(CART));
        CustomerId anna = kit.customer("anna");
        kit.at(EventType.CART_CHANGE, Identity.email("anna@example.com"), b -> b.line("tv-55", "tv", 8999, 1));
        kit.advance(Duration.ofHours(1));
        kit.at(EventType.PURCHASE, Identity.email("anna@example.com"), b -> b.line("tv-55", "tv", 8999, 1));
        kit.advance(Duration.ofHours(5));
        assertEquals(List.of(), kit.email.delivered());
        List<Message> suppressed = kit.suppressedOf(anna, "abandoned_cart");
        assertEquals(1, suppressed.size());
        assertEquals("exit: purchase after the trigger", suppressed.get(0).reason());
        assertEquals(List.of(), kit.engine.waiting(anna));
    }

    @Test
    @DisplayName("S5: a stable share gets nothing, and is measured")
    void controlGroup_getsNothingButIsCounted() {
        ScenarioKit kit = new ScenarioKit(ScenarioText.load("s5-control-group.rel"));
        List<CustomerId> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String name = "c" + i;
            ids.add(kit.customer(name));
            kit.at(EventType.CART_CHANGE, Identity.email(name + "@example.com"), b -> b.line("tv-1", "tv", 5000, 1));
        }
        kit.advance(Duration.ofHours(5));
        int controls = 0;
        for (CustomerId id : ids) {
            boolean control = kit.suppressedOf(id, "abandoned_cart").stream()
                    .anyMatch(m -> m.reason().equals("control group"));
            assertEquals(!control, kit.sentOf(id, "abandoned_cart").size() == 1, id.value());
            controls += control ? 1 : 0;
        }
        assertTrue(controls > 8 && controls < 30, "about 30% in control, got " + controls);
        long controlResults = kit.engine.results().stream().filter(r -> r.control()).mapToLong(r -> r.decided()).sum();
        assertEquals(controls, controlResults);
    }

    @Test
    @DisplayName("S24: an unsubscribe takes effect at once: the waiting reminder is not sent")
    void unsubscribe_stopsTheWaitingReminder() {
        ScenarioKit kit = new ScenarioKit(ScenarioText.load(CART));
        CustomerId anna = kit.customer("anna");
        kit.at(EventType.CART_CHANGE, Identity.email("anna@example.com"), b -> b.line("tv-55", "tv", 8999, 1));
        for (String channel : List.of("email", "sms", "push")) {
            kit.at(EventType.MESSAGE_UNSUBSCRIBED, Identity.email("anna@example.com"),
                    b -> b.property("message_id", "m-earlier").property("channel", channel));
        }
        kit.advance(Duration.ofHours(5));
        assertEquals(List.of(), kit.email.delivered());
        Message m = kit.suppressedOf(anna, "abandoned_cart").get(0);
        assertTrue(m.reason().startsWith("no usable channel (email: no consent for marketing"), m.reason());
    }

    @Test
    @DisplayName("S8: welcome once per customer, right after signing up")
    void welcome_onceEver() {
        ScenarioKit kit = new ScenarioKit(ScenarioText.load("s8-welcome.rel"));
        kit.at(EventType.CONSENT_CHANGE, Identity.email("ola@example.com"), b -> b.property("channel", "email")
                .property("purpose", "service").property("granted", true));
        kit.at(EventType.SIGNUP, Identity.email("ola@example.com"));
        kit.at(EventType.SIGNUP, Identity.email("ola@example.com"));
        kit.engine.tick();
        assertEquals(1, kit.email.delivered().size());
    }
}
