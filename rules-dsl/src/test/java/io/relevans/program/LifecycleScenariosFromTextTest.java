package io.relevans.program;

import static io.relevans.definition.Conditions.attribute;
import static io.relevans.program.ScenarioKit.START;
import static io.relevans.program.ScenarioKit.oslo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.IngestResult;
import io.relevans.ResegmentationReport;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Purpose;
import io.relevans.customer.Value;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.Program;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.event.EventType;
import io.relevans.spi.Message;
import io.relevans.spi.Timer;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link LifecycleScenariosTest} with its programs read from text: S7, S8 birthday and win-back, S20, S2. */
class LifecycleScenariosFromTextTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    static Program newsletter() {
        return Program.named("newsletter").describedAs("weekly news for subscribers")
                .on(new Trigger.OnSchedule(oslo(2026, 3, 5, 10, 0), Duration.ofDays(7)))
                .audience(attribute("newsletter").is(true))
                .steps(Steps.send("news", ChannelChoice.preferred(Channel.EMAIL), "newsletter").build())
                .build();
    }

    @Test
    @DisplayName("S7, S8, S20, S2: the text reads as the Java-built definitions")
    void textEqualsTheJavaBuiltDefinitions() {
        assertEquals(Definitions.builder().program(LifecycleScenariosTest.tvCrossSell()).build(),
                ScenarioText.load("s7-cross-sell.rel"));
        assertEquals(Definitions.builder().program(LifecycleScenariosTest.birthday()).build(),
                ScenarioText.load("s8-birthday.rel"));
        assertEquals(Definitions.builder().program(LifecycleScenariosTest.winBack()).build(),
                ScenarioText.load("s8-win-back.rel"));
        assertEquals(LifecycleScenariosTest.reconfirm(), ScenarioText.load("s20-reconfirm.rel"));
        assertEquals(Definitions.builder().program(newsletter()).build(), ScenarioText.load("s2-newsletter.rel"));
    }

    // S7 ------------------------------------------------------------------------------------------

    @Test
    @DisplayName("S7: 14 days after a tv, soundbars and wall mounts with care tips for the tv bought")
    void crossSell_afterTheWait_suggestsWithTheBoughtProduct() {
        ScenarioKit kit = new ScenarioKit(ScenarioText.load("s7-cross-sell.rel"));
        CustomerId anna = kit.customer("anna");
        kit.purchase("anna", "tv-55", "tv", 8999);
        kit.advanceTo(START.plus(Duration.ofDays(14)).minus(HOUR), DAY);
        assertEquals(List.of(), kit.email.delivered(), "nothing before the 14 days are over");
        kit.advance(HOUR);
        Message m = kit.sentOf(anna, "tv_cross_sell").get(0);
        assertEquals(Map.of("category", Value.of("tv"), "sku", Value.of("tv-55"),
                "suggest", Value.of("soundbars, wall_mounts")), m.data());
        assertEquals("cross_sell tv tv-55 soundbars, wall_mounts  ", kit.email.delivered().get(0).body());
        assertEquals(START.plus(Duration.ofDays(14)), m.decidedAt());
    }

    @Test
    @DisplayName("S7: the care tips are for the tv even when the basket starts with another item")
    void crossSell_mixedBasket_bindsTheLineThatMatchedTheTrigger() {
        ScenarioKit kit = new ScenarioKit(ScenarioText.load("s7-cross-sell.rel"));
        CustomerId anna = kit.customer("anna");
        kit.at(EventType.PURCHASE, ScenarioKit.email("anna"), b -> b.line("hdmi-2m", "cables", 199, 2)
                .line("tv-65", "tv", 12999, 1));
        kit.advance(Duration.ofDays(14));
        Message m = kit.sentOf(anna, "tv_cross_sell").get(0);
        assertEquals(Value.of("tv"), m.data().get("category"));
        assertEquals(Value.of("tv-65"), m.data().get("sku"));
    }

    @Test
    @DisplayName("S7: a purchase from another category does not start the cross-sell")
    void crossSell_otherCategory_nothing() {
        ScenarioKit kit = new ScenarioKit(ScenarioText.load("s7-cross-sell.rel"));
        CustomerId anna = kit.customer("anna");
        kit.purchase("anna", "fridge-1", "fridges", 7999);
        assertEquals(List.of(), kit.engine.waiting(anna));
        kit.advance(Duration.ofDays(15));
        assertEquals(List.of(), kit.messages(anna));
    }

    // S8 birthday ---------------------------------------------------------------------------------

    @Test
    @DisplayName("S8: birthday greeted at 09:00 local on the day, once, and again the next year")
    void birthday_onTheDay_onceAYear() {
        ScenarioKit kit = new ScenarioKit(ScenarioText.load("s8-birthday.rel"));
        CustomerId bea = kit.customer("bea");
        kit.confirmed("bea", "birthday", Value.of(LocalDate.of(1990, 3, 5)));
        assertEquals(List.of(oslo(2026, 3, 5, 9, 0)), kit.engine.waiting(bea).stream().map(Timer::due).toList());

        kit.advanceTo(oslo(2026, 3, 5, 8, 0), HOUR);
        assertEquals(List.of(), kit.messages(bea), "not before the day and hour");
        kit.advanceTo(oslo(2026, 3, 5, 9, 0), HOUR);
        assertEquals(List.of(oslo(2026, 3, 5, 9, 0)),
                kit.sentOf(bea, "birthday").stream().map(Message::decidedAt).toList());

        kit.advanceTo(oslo(2027, 3, 4, 9, 0), DAY);
        assertEquals(1, kit.messages(bea).size(), "once in the year");
        kit.advanceTo(oslo(2027, 3, 5, 9, 0), HOUR);
        assertEquals(List.of(oslo(2026, 3, 5, 9, 0), oslo(2027, 3, 5, 9, 0)),
                kit.sentOf(bea, "birthday").stream().map(Message::decidedAt).toList());
        assertEquals(2, kit.deliveredTo(kit.email, "bea").size());
    }

    @Test
    @DisplayName("S8: a birthday corrected after the greeting does not give a second greeting that year")
    void birthday_correctedAfterGreeting_notTwiceInAYear() {
        ScenarioKit kit = new ScenarioKit(ScenarioText.load("s8-birthday.rel"));
        CustomerId bea = kit.customer("bea");
        kit.confirmed("bea", "birthday", Value.of(LocalDate.of(1990, 3, 5)));
        kit.advanceTo(oslo(2026, 3, 6, 10, 0), HOUR);
        assertEquals(1, kit.sentOf(bea, "birthday").size());
        kit.confirmed("bea", "birthday", Value.of(LocalDate.of(1990, 3, 20)));
        kit.advanceTo(oslo(2026, 3, 21, 10, 0), HOUR);
        assertEquals(1, kit.messages(bea).size(), "the re-entry rule keeps it to once a year");
        kit.advanceTo(oslo(2027, 3, 20, 9, 0), DAY);
        assertEquals(List.of(oslo(2026, 3, 5, 9, 0), oslo(2027, 3, 20, 9, 0)),
                kit.sentOf(bea, "birthday").stream().map(Message::decidedAt).toList());
    }

    @Test
    @DisplayName("S8: birthday at 09:00 in the customer's own time zone; no date, no greeting")
    void birthday_customerTimeZone_andNoDate() {
        ScenarioKit kit = new ScenarioKit(ScenarioText.load("s8-birthday.rel"));
        CustomerId ny = kit.customer("nyc");
        CustomerId none = kit.customer("none");
        kit.confirmed("nyc", "time_zone", Value.of("America/New_York"));
        kit.confirmed("nyc", "birthday", Value.of(LocalDate.of(1985, 3, 4)));
        java.time.Instant nineInNewYork = LocalDateTime.of(2026, 3, 4, 9, 0).atZone(ZoneId.of("America/New_York"))
                .toInstant();
        assertEquals(List.of(nineInNewYork), kit.engine.waiting(ny).stream().map(Timer::due).toList());
        assertEquals(List.of(), kit.engine.waiting(none));
        kit.advanceTo(oslo(2026, 3, 6, 0, 0), HOUR);
        assertEquals(List.of(nineInNewYork), kit.sentOf(ny, "birthday").stream().map(Message::decidedAt).toList());
        assertEquals(List.of(), kit.messages(none));
    }

    // S8 win-back -----------------------------------------------------------------------------------

    @Test
    @DisplayName("S8: we miss you, with a coupon, 180 days after the last purchase")
    void winBack_after180Days_sendsTheCoupon() {
        ScenarioKit kit = new ScenarioKit(ScenarioText.load("s8-win-back.rel"));
        CustomerId carl = kit.customer("carl");
        kit.purchase("carl", "sofa-3", "sofas", 9999);
        kit.advanceTo(START.plus(Duration.ofDays(179)), DAY);
        assertEquals(List.of(), kit.messages(carl));
        kit.advanceTo(START.plus(Duration.ofDays(180)), DAY);
        Message m = kit.sentOf(carl, "win_back").get(0);
        assertEquals(Value.of("COMEBACK20"), m.data().get("coupon"));
        assertTrue(kit.email.delivered().get(0).body().contains("COMEBACK20"), kit.email.delivered().get(0).body());
        kit.advanceTo(START.plus(Duration.ofDays(400)), Duration.ofDays(10));
        assertEquals(1, kit.messages(carl).size(), "only one per period of inactivity");
    }

    @Test
    @DisplayName("S8: a purchase in between moves the win-back timer; who never bought is not missed")
    void winBack_purchaseInBetween_movesTheTimer() {
        ScenarioKit kit = new ScenarioKit(ScenarioText.load("s8-win-back.rel"));
        CustomerId carl = kit.customer("carl");
        CustomerId dina = kit.customer("dina");
        kit.purchase("carl", "sofa-3", "sofas", 9999);
        kit.advanceTo(START.plus(Duration.ofDays(100)), DAY);
        kit.purchase("carl", "lamp-1", "lamps", 499);
        assertEquals(List.of(START.plus(Duration.ofDays(280))),
                kit.engine.waiting(carl).stream().map(Timer::due).toList());
        kit.advanceTo(START.plus(Duration.ofDays(279)), DAY);
        assertEquals(List.of(), kit.messages(carl));
        kit.advanceTo(START.plus(Duration.ofDays(280)), DAY);
        assertEquals(1, kit.sentOf(carl, "win_back").size());
        assertEquals(List.of(), kit.messages(dina));
        assertEquals(List.of(), kit.engine.waiting(dina));
    }

    // S20 ---------------------------------------------------------------------------------------------

    @Test
    @DisplayName("S20: after 3 years re-segmentation asks again, and a confirmation takes the customer out")
    void reconfirm_afterResegment_asksAndConfirmationLeaves() {
        ScenarioKit kit = new ScenarioKit(ScenarioText.load("s20-reconfirm.rel"));
        CustomerId cai = kit.customer("cai");
        kit.confirmed("cai", "has_children", Value.of(true));
        kit.advance(Duration.ofDays(3 * 365 - 1));
        assertEquals(0, kit.engine.resegment().changed(), "not stale yet");
        kit.advance(Duration.ofDays(2));
        ResegmentationReport report = kit.engine.resegment();
        assertEquals(Map.of("children_stale", 1L), report.entered());
        kit.engine.tick();
        Message ask = kit.sentOf(cai, "reconfirm_children").get(0);
        assertEquals(Map.of("question", Value.of("reconfirm"), "attribute", Value.of("has_children")), ask.data());
        assertEquals(Purpose.SURVEYS, ask.purpose());

        IngestResult answer = kit.confirmed("cai", "has_children", Value.of(true));
        assertEquals(Set.of("children_stale"), answer.exited());
        assertFalse(kit.engine.customer(cai).orElseThrow().segments().contains("children_stale"));
        assertEquals(0, kit.engine.resegment().changed(), "fresh again");
    }

    @Test
    @DisplayName("S20: any later event brings the stale customer into the segment and starts the question")
    void reconfirm_viaIngest_asks() {
        ScenarioKit kit = new ScenarioKit(ScenarioText.load("s20-reconfirm.rel"));
        CustomerId dag = kit.customer("dag");
        kit.confirmed("dag", "has_children", Value.of(false));
        kit.advance(Duration.ofDays(3 * 365 + 1));
        IngestResult visit = kit.at(EventType.STORE_VISIT, ScenarioKit.email("dag"),
                b -> b.property("store", "oslo-city"));
        assertEquals(Set.of("children_stale"), visit.entered());
        assertEquals(List.of(Message.Status.PENDING),
                kit.messages(dag).stream().map(Message::status).toList());
        kit.engine.tick();
        assertEquals(1, kit.sentOf(dag, "reconfirm_children").size());
        assertEquals(Set.of("children_stale"),
                kit.correctedInStore("dag", "has_children", Value.of(true)).exited());
    }

    @Test
    @DisplayName("S20: also asked when another program's timer (S8 birthday, another file) first sees it stale")
    void reconfirm_afterAnotherProgramsTimer_stillAsks() {
        Definitions d = ScenarioText.load("s20-reconfirm.rel", "s8-birthday.rel");
        Definitions java = LifecycleScenariosTest.reconfirm();
        assertEquals(Definitions.builder().segments(java.segments()).program(java.programs().get(0))
                .program(LifecycleScenariosTest.birthday()).build(), d);
        ScenarioKit kit = new ScenarioKit(d);
        CustomerId eir = kit.customer("eir");
        kit.confirmed("eir", "has_children", Value.of(true));
        kit.confirmed("eir", "birthday", Value.of(LocalDate.of(1980, 3, 5)));
        kit.advanceTo(oslo(2029, 3, 5, 10, 0), DAY); // the 2029 greeting is the first to see it stale
        assertEquals(4, kit.sentOf(eir, "birthday").size());
        assertEquals(List.of(oslo(2029, 3, 5, 10, 0)),
                kit.sentOf(eir, "reconfirm_children").stream().map(Message::decidedAt).toList());
        assertTrue(kit.engine.customer(eir).orElseThrow().segments().contains("children_stale"));
        assertEquals(0, kit.engine.resegment().changed());
        assertEquals(1, kit.messages(eir).stream().filter(m -> m.program().equals("reconfirm_children")).count());
    }

    // scheduled ---------------------------------------------------------------------------------------

    @Test
    @DisplayName("S2: a scheduled program starts for every customer in its audience, at each moment of the schedule")
    void schedule_startsForTheAudience() {
        ScenarioKit kit = new ScenarioKit(ScenarioText.load("s2-newsletter.rel"));
        List<CustomerId> subscribers = List.of(kit.customer("eli"), kit.customer("fia"));
        CustomerId other = kit.customer("gro");
        kit.confirmed("eli", "newsletter", Value.of(true));
        kit.confirmed("fia", "newsletter", Value.of(true));
        kit.confirmed("gro", "newsletter", Value.of(false));

        kit.advanceTo(oslo(2026, 3, 5, 9, 0), HOUR);
        assertEquals(List.of(), kit.email.delivered());
        kit.advanceTo(oslo(2026, 3, 5, 10, 0), HOUR);
        for (CustomerId id : subscribers) {
            assertEquals(List.of(oslo(2026, 3, 5, 10, 0)),
                    kit.sentOf(id, "newsletter").stream().map(Message::decidedAt).toList(), id.value());
        }
        assertEquals(List.of(), kit.messages(other));
        kit.advanceTo(oslo(2026, 3, 12, 12, 0), HOUR);
        for (CustomerId id : subscribers) {
            assertEquals(2, kit.sentOf(id, "newsletter").size(), id.value());
        }
        assertEquals(List.of(), kit.messages(other));
        assertEquals(4, kit.email.delivered().size());
    }
}
