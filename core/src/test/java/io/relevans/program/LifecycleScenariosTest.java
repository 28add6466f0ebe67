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
import io.relevans.definition.Binding;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Program;
import io.relevans.definition.Reentry;
import io.relevans.definition.Segment;
import io.relevans.definition.Step;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.event.EventType;
import io.relevans.spi.Message;
import io.relevans.spi.Timer;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Programs along the customer's life: after a purchase, birthdays, inactivity, stale data, schedules. */
class LifecycleScenariosTest extends ScenarioTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    // S7 ------------------------------------------------------------------------------------------

    static Program tvCrossSell() {
        return Program.named("tv_cross_sell").describedAs("S7: accessories and care tips two weeks after a tv")
                .on(Trigger.event(EventMatch.of(EventType.PURCHASE).where("line.category", "tv")))
                .promotes("soundbars", "wall_mounts")
                .steps(Steps.wait("settle_in", Duration.ofDays(14)),
                        Steps.send("suggest", ChannelChoice.preferred(Channel.EMAIL), "cross_sell")
                                .with("category", Binding.trigger("line.category"))
                                .with("sku", Binding.trigger("line.sku"))
                                .with("suggest", Binding.constant(Value.of("soundbars, wall_mounts")))
                                .build())
                .build();
    }

    @Test
    @DisplayName("S7 cross-sell: 14 days after a tv, soundbars and wall mounts with care tips for the tv bought")
    void crossSell_afterTheWait_suggestsWithTheBoughtProduct() {
        ScenarioKit kit = new ScenarioKit(definitions("s7-cross-sell",
                () -> Definitions.builder().program(tvCrossSell()).build()));
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
    @DisplayName("S7 cross-sell: the care tips are for the tv even when the basket starts with another item")
    void crossSell_mixedBasket_bindsTheLineThatMatchedTheTrigger() {
        ScenarioKit kit = new ScenarioKit(definitions("s7-cross-sell",
                () -> Definitions.builder().program(tvCrossSell()).build()));
        CustomerId anna = kit.customer("anna");
        kit.at(EventType.PURCHASE, ScenarioKit.email("anna"), b -> b.line("hdmi-2m", "cables", 199, 2)
                .line("tv-65", "tv", 12999, 1));
        kit.advance(Duration.ofDays(14));
        Message m = kit.sentOf(anna, "tv_cross_sell").get(0);
        assertEquals(Value.of("tv"), m.data().get("category"));
        assertEquals(Value.of("tv-65"), m.data().get("sku"));
    }

    @Test
    @DisplayName("S7 cross-sell: a purchase from another category does not start it")
    void crossSell_otherCategory_nothing() {
        ScenarioKit kit = new ScenarioKit(definitions("s7-cross-sell",
                () -> Definitions.builder().program(tvCrossSell()).build()));
        CustomerId anna = kit.customer("anna");
        kit.purchase("anna", "fridge-1", "fridges", 7999);
        assertEquals(List.of(), kit.engine.waiting(anna));
        kit.advance(Duration.ofDays(15));
        assertEquals(List.of(), kit.messages(anna));
    }

    // S8 birthday ---------------------------------------------------------------------------------

    static Program birthday() {
        return Program.named("birthday").describedAs("S8: a greeting on the birthday")
                .on(new Trigger.OnAnniversary("birthday", LocalTime.of(9, 0)))
                .reentry(Reentry.oncePer(Duration.ofDays(300)))
                .steps(Steps.send("greet", ChannelChoice.preferred(Channel.EMAIL), "birthday").build())
                .build();
    }

    @Test
    @DisplayName("S8 birthday: greeted at 09:00 local on the day, once, and again the next year")
    void birthday_onTheDay_onceAYear() {
        ScenarioKit kit = new ScenarioKit(definitions("s8-birthday",
                () -> Definitions.builder().program(birthday()).build()));
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
    @DisplayName("S8 birthday: a birthday corrected after the greeting does not give a second greeting that year")
    void birthday_correctedAfterGreeting_notTwiceInAYear() {
        ScenarioKit kit = new ScenarioKit(definitions("s8-birthday",
                () -> Definitions.builder().program(birthday()).build()));
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
    @DisplayName("S8 birthday: at 09:00 in the customer's own time zone; no date, no greeting")
    void birthday_customerTimeZone_andNoDate() {
        ScenarioKit kit = new ScenarioKit(definitions("s8-birthday",
                () -> Definitions.builder().program(birthday()).build()));
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

    static Program winBack() {
        return Program.named("win_back").describedAs("S8: we miss you, with a coupon, after 180 days without a purchase")
                .on(new Trigger.OnInactivity(EventMatch.of(EventType.PURCHASE), Duration.ofDays(180)))
                .steps(Steps.send("miss_you", ChannelChoice.preferred(Channel.EMAIL), "we_miss_you")
                        .with("coupon", Binding.constant(Value.of("COMEBACK20"))).build())
                .build();
    }

    @Test
    @DisplayName("S8 win-back: 180 days after the last purchase, a coupon")
    void winBack_after180Days_sendsTheCoupon() {
        ScenarioKit kit = new ScenarioKit(definitions("s8-win-back",
                () -> Definitions.builder().program(winBack()).build()));
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
    @DisplayName("S8 win-back: a purchase in between moves the timer; who never bought is not missed")
    void winBack_purchaseInBetween_movesTheTimer() {
        ScenarioKit kit = new ScenarioKit(definitions("s8-win-back",
                () -> Definitions.builder().program(winBack()).build()));
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

    static Definitions reconfirm() {
        return Definitions.builder()
                .segment(Segment.named("children_stale").when(attribute("has_children").olderThan(Duration.ofDays(3 * 365))))
                .program(Program.named("reconfirm_children").describedAs("S20: ask again about data older than 3 years")
                        .on(Trigger.entered("children_stale"))
                        .steps(ScenarioKit.ask("ask", Step.Question.RECONFIRM, "has_children",
                                ChannelChoice.preferred(Channel.EMAIL), "reconfirm", Map.of()))
                        .build())
                .build();
    }

    @Test
    @DisplayName("S20 re-confirm: after 3 years re-segmentation asks again, and a confirmation takes the customer out")
    void reconfirm_afterResegment_asksAndConfirmationLeaves() {
        ScenarioKit kit = new ScenarioKit(definitions("s20-reconfirm", () -> reconfirm()));
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
        assertEquals(java.util.Set.of("children_stale"), answer.exited());
        assertFalse(kit.engine.customer(cai).orElseThrow().segments().contains("children_stale"));
        assertEquals(0, kit.engine.resegment().changed(), "fresh again");
    }

    @Test
    @DisplayName("S20 re-confirm: any later event brings the stale customer into the segment and starts the question")
    void reconfirm_viaIngest_asks() {
        ScenarioKit kit = new ScenarioKit(definitions("s20-reconfirm", () -> reconfirm()));
        CustomerId dag = kit.customer("dag");
        kit.confirmed("dag", "has_children", Value.of(false));
        kit.advance(Duration.ofDays(3 * 365 + 1));
        IngestResult visit = kit.at(EventType.STORE_VISIT, ScenarioKit.email("dag"), b -> b.property("store", "oslo-city"));
        assertEquals(java.util.Set.of("children_stale"), visit.entered());
        assertEquals(List.of(Message.Status.PENDING),
                kit.messages(dag).stream().map(Message::status).toList());
        kit.engine.tick();
        assertEquals(1, kit.sentOf(dag, "reconfirm_children").size());
        assertEquals(java.util.Set.of("children_stale"),
                kit.correctedInStore("dag", "has_children", Value.of(true)).exited());
    }

    @Test
    @DisplayName("S20 re-confirm: also asked when another program's timer is the first to see the data go stale")
    void reconfirm_afterAnotherProgramsTimer_stillAsks() {
        Definitions d = reconfirm();
        ScenarioKit kit = new ScenarioKit(definitions("s20-reconfirm+s8-birthday",
                () -> Definitions.builder().segments(d.segments()).program(d.programs().get(0))
                .program(birthday()).build()));
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
    @DisplayName("S2 a scheduled program starts for every customer in its audience, at each moment of the schedule")
    void schedule_startsForTheAudience() {
        Program newsletter = Program.named("newsletter").describedAs("weekly news for subscribers")
                .on(new Trigger.OnSchedule(oslo(2026, 3, 5, 10, 0), Duration.ofDays(7)))
                .audience(attribute("newsletter").is(true))
                .steps(Steps.send("news", ChannelChoice.preferred(Channel.EMAIL), "newsletter").build())
                .build();
        ScenarioKit kit = new ScenarioKit(definitions("s2-newsletter",
                () -> Definitions.builder().program(newsletter).build()));
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
