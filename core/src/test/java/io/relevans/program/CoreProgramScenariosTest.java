package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.definition.Binding;
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

class CoreProgramScenariosTest extends ScenarioTest {

    static Program abandonedCart(double control) {
        return Program.named("abandoned_cart").describedAs("S3: remind about a left cart unless bought meanwhile")
                .on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                .exitOn(EventMatch.of(EventType.PURCHASE))
                .reentry(Reentry.RESTART)
                .controlShare(control)
                .promotes("tv")
                .goal(EventMatch.of(EventType.PURCHASE), Duration.ofDays(7))
                .steps(Steps.wait("wait", Duration.ofHours(4)),
                        Steps.send("remind", ChannelChoice.preferred(Channel.EMAIL), "cart_reminder")
                                .with("category", Binding.trigger("line.category")).withLines().build())
                .build();
    }

    @Test
    @DisplayName("S3 abandoned cart: a reminder after the wait, with the cart's items")
    void abandonedCart_remindsAfterTheWait() {
        ScenarioKit kit = new ScenarioKit(definitions("s3-abandoned-cart",
                () -> Definitions.builder().program(abandonedCart(0)).build()));
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
    @DisplayName("S3 abandoned cart: no reminder when the customer bought in the meantime")
    void abandonedCart_purchaseInTheMeantime_endsTheProgram() {
        ScenarioKit kit = new ScenarioKit(definitions("s3-abandoned-cart",
                () -> Definitions.builder().program(abandonedCart(0)).build()));
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
    @DisplayName("S5 control group: a stable share gets nothing, and is measured")
    void controlGroup_getsNothingButIsCounted() {
        ScenarioKit kit = new ScenarioKit(definitions("s5-control-group",
                () -> Definitions.builder().program(abandonedCart(0.3)).build()));
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
    @DisplayName("S5 the control group holds only customers the program could have reached: the other guards come first")
    void controlGroup_isDecidedAfterTheOtherGuards() {
        ScenarioKit kit = new ScenarioKit(definitions("s5-control-group-half",
                () -> Definitions.builder().program(abandonedCart(0.5)).build()));
        List<CustomerId> unreachable = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String name = "n" + i;
            unreachable.add(kit.customer(name, List.of("email"), List.of("surveys"))); // no marketing consent
            kit.at(EventType.CART_CHANGE, Identity.email(name + "@example.com"), b -> b.line("tv-1", "tv", 5000, 1));
        }
        kit.advance(Duration.ofHours(5));
        for (CustomerId id : unreachable) {
            List<Message> suppressed = kit.suppressedOf(id, "abandoned_cart");
            assertEquals(1, suppressed.size(), id.value());
            assertTrue(suppressed.get(0).reason().startsWith("no usable channel"), suppressed.get(0).reason());
        }
        assertEquals(0, kit.engine.results().stream().filter(r -> r.control()).mapToLong(r -> r.decided()).sum(),
                "nobody the program could not reach is counted in the control group");
    }

    @Test
    @DisplayName("S9 a goal reached between decision and delivery converts the message, as it would in control")
    void conversion_countsFromTheDecision() {
        Program offer = Program.named("offer").on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW)))
                .goal(EventMatch.of(EventType.PURCHASE), Duration.ofDays(7))
                .steps(Steps.send("send", ChannelChoice.of(Channel.EMAIL), "welcome").build()).build();
        ScenarioKit kit = new ScenarioKit(definitions("s9-conversion-from-decision",
                () -> Definitions.builder().program(offer).build()));
        CustomerId anna = kit.customer("anna");
        kit.view("anna", "tv-1", "tv");          // decided now, delivered at the next tick
        kit.purchase("anna", "tv-1", "tv", 4990); // bought before the tick
        kit.advance(Duration.ofMinutes(5));
        Message m = kit.sentOf(anna, "offer").get(0);
        assertTrue(m.outcomes().containsKey("converted"), m.outcomes().toString());
        assertEquals(1, kit.engine.results().get(0).converted());
    }

    @Test
    @DisplayName("S24 an unsubscribe takes effect at once: the waiting reminder is not sent")
    void unsubscribe_stopsTheWaitingReminder() {
        ScenarioKit kit = new ScenarioKit(definitions("s3-abandoned-cart",
                () -> Definitions.builder().program(abandonedCart(0)).build()));
        CustomerId anna = kit.customer("anna");
        kit.at(EventType.CART_CHANGE, Identity.email("anna@example.com"), b -> b.line("tv-55", "tv", 8999, 1));
        kit.at(EventType.MESSAGE_UNSUBSCRIBED, Identity.email("anna@example.com"),
                b -> b.property("message_id", "m-earlier").property("channel", "email"));
        kit.at(EventType.MESSAGE_UNSUBSCRIBED, Identity.email("anna@example.com"),
                b -> b.property("message_id", "m-earlier").property("channel", "sms"));
        kit.at(EventType.MESSAGE_UNSUBSCRIBED, Identity.email("anna@example.com"),
                b -> b.property("message_id", "m-earlier").property("channel", "push"));
        kit.advance(Duration.ofHours(5));
        assertEquals(List.of(), kit.email.delivered());
        Message m = kit.suppressedOf(anna, "abandoned_cart").get(0);
        assertTrue(m.reason().startsWith("no usable channel (email: no consent for marketing"), m.reason());
    }

    @Test
    @DisplayName("S8 welcome: once per customer, right after signing up")
    void welcome_onceEver() {
        Program welcome = Program.named("welcome").on(Trigger.event(EventMatch.of(EventType.SIGNUP)))
                .reentry(Reentry.ONCE).purpose(io.relevans.customer.Purpose.SERVICE)
                .steps(Steps.send("hello", ChannelChoice.of(Channel.EMAIL), "welcome").build()).build();
        ScenarioKit kit = new ScenarioKit(definitions("s8-welcome",
                () -> Definitions.builder().program(welcome).build()));
        kit.at(EventType.CONSENT_CHANGE, Identity.email("ola@example.com"), b -> b.property("channel", "email")
                .property("purpose", "service").property("granted", true));
        kit.at(EventType.SIGNUP, Identity.email("ola@example.com"));
        kit.at(EventType.SIGNUP, Identity.email("ola@example.com"));
        kit.engine.tick();
        assertEquals(1, kit.email.delivered().size());
    }
}
