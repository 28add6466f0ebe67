package io.relevans.program;

import static io.relevans.definition.Conditions.attribute;
import static io.relevans.definition.Conditions.sinceTrigger;
import static io.relevans.program.ScenarioKit.email;
import static io.relevans.program.ScenarioKit.oslo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.ProgramResult;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Source;
import io.relevans.customer.Value;
import io.relevans.definition.Binding;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.FrequencyCap;
import io.relevans.definition.Policies;
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
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How programs run: results, quiet hours, caps, waits, branches, splits, actions, attributes. */
class MechanicsScenariosTest extends ScenarioTest {

    private static final EventType CAMPAIGN = EventType.of("spring_campaign");
    private static final Duration DAY = Duration.ofDays(1);

    static Program send(String name, int priority, ChannelChoice channel, String template) {
        return Program.named(name).on(Trigger.event(EventMatch.of(CAMPAIGN))).priority(priority)
                .steps(Steps.send("send", channel, template).build()).build();
    }

    // S9 ----------------------------------------------------------------------------------------------

    static Program abTest() {
        return Program.named("cart_ab").describedAs("S9: which reminder works better, and better than nothing?")
                .on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                .controlShare(0.25)
                .goal(EventMatch.of(EventType.PURCHASE), Duration.ofDays(7))
                .steps(new Step.Split("ab", List.of(new Step.Variant("a", 1, "send_a"), new Step.Variant("b", 1, "send_b"))),
                        Steps.send("send_a", ChannelChoice.preferred(Channel.EMAIL), "cart_reminder").build(),
                        Steps.end("done_a"),
                        Steps.send("send_b", ChannelChoice.preferred(Channel.EMAIL), "cart_reminder_b").build())
                .build();
    }

    @Test
    @DisplayName("S9 measured results: counts per variant and control, conversions only within the goal window, uplift")
    void results_perVariantAndControl() {
        ScenarioKit kit = new ScenarioKit(definitions("s9-ab-test",
                () -> Definitions.builder().program(abTest()).build()));
        int n = 80;
        for (int i = 0; i < n; i++) {
            kit.customer("c" + i);
            kit.at(EventType.CART_CHANGE, email("c" + i), b -> b.line("tv-1", "tv", 5000, 1));
        }
        kit.engine.tick();
        // expected[variant|control] = {decided, sent, delivered, opened, clicked, converted}
        Map<String, long[]> expected = new HashMap<>();
        List<String> converting = new ArrayList<>();
        List<String> late = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "c" + i;
            List<Message> ms = kit.messages(kit.id(name));
            assertEquals(1, ms.size(), name);
            Message m = ms.get(0);
            boolean control = m.status() == Message.Status.SUPPRESSED;
            assertEquals(control ? "control group" : "", m.reason());
            if (control) {
                assertEquals("", m.variant(), "the control group is one group, outside the variants");
            } else {
                assertEquals(m.variant().equals("a") ? "cart_reminder" : "cart_reminder_b", m.template());
            }
            long[] e = expected.computeIfAbsent(m.variant() + "|" + control, k -> new long[6]);
            e[0]++;
            boolean converts;
            if (control) {
                converts = i % 5 == 0;
            } else {
                e[1]++;
                String id = m.id();
                kit.at(EventType.MESSAGE_DELIVERED, email(name), b -> b.property("message_id", id).property("channel", "email"));
                e[2]++;
                if (i % 2 == 0) {
                    kit.at(EventType.MESSAGE_OPENED, email(name), b -> b.property("message_id", id).property("channel", "email"));
                    e[3]++;
                }
                if (i % 4 == 0) {
                    kit.at(EventType.MESSAGE_CLICKED, email(name), b -> b.property("message_id", id).property("channel", "email"));
                    e[4]++;
                }
                converts = m.variant().equals("a") ? i % 2 == 0 : i % 3 == 0;
            }
            if (converts) {
                e[5]++;
                converting.add(name);
            } else {
                late.add(name);
            }
        }
        kit.advance(Duration.ofDays(2));
        converting.forEach(name -> kit.purchase(name, "tv-1", "tv", 5000));
        kit.advance(Duration.ofDays(6)); // 8 days after the message: outside the goal window
        late.forEach(name -> kit.purchase(name, "tv-1", "tv", 5000));

        List<ProgramResult> results = kit.engine.results();
        Set<ProgramResult> want = new HashSet<>();
        expected.forEach((k, e) -> {
            String[] parts = k.split("\\|");
            want.add(new ProgramResult("cart_ab", parts[0], Boolean.parseBoolean(parts[1]), e[0], e[1], e[2], e[3], e[4], e[5]));
        });
        assertEquals(want, Set.copyOf(results));
        assertEquals(3, results.size(), "variants a and b, and one control group: " + results);

        ProgramResult a = row(results, "a", false);
        ProgramResult b = row(results, "b", false);
        ProgramResult control = row(results, "", true);
        assertTrue(control.decided() > 5 && control.decided() < 35, "about a quarter in control: " + control);
        assertTrue(control.converted() > 0, control.toString());
        assertEquals((a.conversionRate() - control.conversionRate()) / control.conversionRate(), a.upliftOver(control), 1e-12);
        assertTrue(a.upliftOver(control) > b.upliftOver(control), a + " vs " + b);
        assertTrue(b.upliftOver(control) > 0, b + " vs " + control);
        assertEquals(a.sent(), a.delivered());
        assertEquals(0, control.sent());
    }

    private static ProgramResult row(List<ProgramResult> results, String variant, boolean control) {
        return results.stream().filter(r -> r.variant().equals(variant) && r.control() == control).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + variant + "/" + control + " in " + results));
    }


    @Test
    @DisplayName("S9 a split is a deterministic function of program and customer: the same on another engine and on re-entry")
    void split_isDeterministic() {
        Program p = Program.named("split_test").on(Trigger.event(EventMatch.of(CAMPAIGN))).reentry(Reentry.RESTART)
                .steps(new Step.Split("ab", List.of(new Step.Variant("big", 3, "send_a"),
                                new Step.Variant("small", 1, "send_b"))),
                        Steps.send("send_a", ChannelChoice.preferred(Channel.EMAIL), "offer").build(),
                        Steps.end("done"),
                        Steps.send("send_b", ChannelChoice.preferred(Channel.EMAIL), "newsletter").build())
                .build();
        Definitions definitions = definitions("s9-split", () -> Definitions.builder().program(p).build());
        ScenarioKit one = new ScenarioKit(definitions);
        ScenarioKit two = new ScenarioKit(definitions);
        int big = 0;
        for (int i = 0; i < 40; i++) {
            String name = "s" + i;
            one.customer(name);
            two.customer(name);
            one.at(CAMPAIGN, email(name));
            two.at(CAMPAIGN, email(name));
            one.advance(Duration.ofMinutes(1));
            one.at(CAMPAIGN, email(name));
            List<String> first = one.messages(one.id(name)).stream().map(Message::variant).toList();
            List<String> other = two.messages(two.id(name)).stream().map(Message::variant).toList();
            assertEquals(2, first.size());
            assertEquals(first.get(0), first.get(1), "re-entry keeps the variant of " + name);
            assertEquals(List.of(first.get(0)), other, "another engine gives the same variant to " + name);
            assertEquals(first.get(0).equals("big") ? "offer" : "newsletter",
                    one.messages(one.id(name)).get(0).template());
            big += first.get(0).equals("big") ? 1 : 0;
        }
        assertTrue(big > 20 && big < 38, "about three quarters in the heavier variant, got " + big);
    }

    // quiet hours ----------------------------------------------------------------------------------------

    @Test
    @DisplayName("S4 quiet hours: a send due at 23:00 waits until 08:00 local and is then sent, not dropped")
    void quietHours_deferToMorning() {
        Program p = Program.named("evening_reminder").on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                .steps(Steps.wait("wait", Duration.ofHours(4)),
                        Steps.send("remind", ChannelChoice.preferred(Channel.EMAIL), "cart_reminder").build())
                .build();
        Program now = Program.named("instant").on(Trigger.event(EventMatch.of(CAMPAIGN)))
                .steps(Steps.send("send", ChannelChoice.preferred(Channel.EMAIL), "offer").build()).build();
        ScenarioKit kit = new ScenarioKit(definitions("s4-quiet-hours",
                () -> Definitions.builder().program(p).program(now).build()));
        CustomerId lea = kit.customer("lea");
        CustomerId max = kit.customer("max");
        kit.advanceTo(oslo(2026, 3, 2, 19, 0), Duration.ofHours(1));
        kit.at(EventType.CART_CHANGE, email("lea"), b -> b.line("tv-55", "tv", 8999, 1));
        kit.advanceTo(oslo(2026, 3, 2, 22, 30), Duration.ofMinutes(30));
        kit.at(CAMPAIGN, email("max"));
        kit.advanceTo(oslo(2026, 3, 2, 23, 0), Duration.ofMinutes(30));
        assertEquals(List.of(), kit.messages(lea));
        assertEquals(List.of(), kit.messages(max));
        assertEquals(List.of(new Timer.Key(lea, "evening_reminder", Timer.Kind.RESUME)),
                kit.engine.waiting(lea).stream().map(Timer::key).toList());
        assertEquals(List.of(oslo(2026, 3, 3, 8, 0)), kit.engine.waiting(lea).stream().map(Timer::due).toList());
        assertEquals(List.of("remind"), kit.engine.waiting(lea).stream().map(Timer::step).toList());
        kit.advanceTo(oslo(2026, 3, 3, 7, 59), Duration.ofHours(1));
        assertEquals(List.of(), kit.email.delivered());
        kit.advanceTo(oslo(2026, 3, 3, 8, 0), Duration.ofHours(1));
        for (CustomerId id : List.of(lea, max)) {
            List<Message> ms = kit.messages(id);
            assertEquals(List.of(Message.Status.SENT), ms.stream().map(Message::status).toList(), id.value());
            assertEquals(oslo(2026, 3, 3, 8, 0), ms.get(0).decidedAt());
        }
    }

    // caps ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("S4 caps: with one message a day overall, the higher priority program wins the slot; the other is capped")
    void overallCap_priorityWins() {
        Policies policies = Policies.DEFAULT.withCap(FrequencyCap.overall(1, DAY));
        ScenarioKit kit = new ScenarioKit(definitions("s4-overall-cap", () -> Definitions.builder().policies(policies)
                .program(send("low_news", 1, ChannelChoice.preferred(Channel.EMAIL), "newsletter"))
                .program(send("high_offer", 10, ChannelChoice.preferred(Channel.EMAIL), "offer")).build()));
        CustomerId nils = kit.customer("nils");
        kit.at(CAMPAIGN, email("nils"));
        kit.engine.tick();
        assertEquals(1, kit.sentOf(nils, "high_offer").size());
        assertEquals("capped: at most 1 per 1d", kit.onlyReason(nils, "low_news"));
        kit.advance(Duration.ofHours(6));
        kit.at(CAMPAIGN, email("nils"));
        assertEquals(1, kit.sentOf(nils, "high_offer").size());
        assertEquals(1, kit.of(nils, "high_offer", Message.Status.SUPPRESSED).size(), "the high one is capped too now");
        kit.advance(Duration.ofHours(18));
        kit.at(CAMPAIGN, email("nils"));
        kit.engine.tick();
        assertEquals(2, kit.sentOf(nils, "high_offer").size(), "a day later there is room again");
        assertEquals(2, kit.email.delivered().size());
    }

    @Test
    @DisplayName("S4 caps per channel leave other channels free; a program cap limits only that program")
    void channelAndProgramCaps() {
        Policies policies = Policies.DEFAULT.withCap(FrequencyCap.perChannel(Channel.EMAIL, 1, DAY))
                .withIntimateChannels(Set.of());
        Program weekly = Program.named("weekly_max").on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW)))
                .cap(1, Duration.ofDays(7))
                .steps(Steps.send("send", ChannelChoice.of(Channel.PUSH), "offer").build()).build();
        ScenarioKit kit = new ScenarioKit(definitions("s4-channel-and-program-caps",
                () -> Definitions.builder().policies(policies)
                .program(send("mail_a", 2, ChannelChoice.of(Channel.EMAIL), "offer"))
                .program(send("mail_b", 1, ChannelChoice.of(Channel.EMAIL), "newsletter"))
                .program(send("text_c", 0, ChannelChoice.of(Channel.SMS), "sms_offer"))
                .program(weekly).build()));
        CustomerId ola = kit.customer("ola");
        kit.at(CAMPAIGN, email("ola"));
        kit.engine.tick();
        assertEquals(1, kit.sentOf(ola, "mail_a").size());
        assertEquals("capped: at most 1 per 1d on email", kit.onlyReason(ola, "mail_b"));
        assertEquals(1, kit.sentOf(ola, "text_c").size());

        kit.view("ola", "tv-1", "tv");
        kit.advance(Duration.ofDays(3));
        kit.view("ola", "tv-1", "tv");
        kit.advance(Duration.ofDays(5));
        kit.view("ola", "tv-1", "tv");
        kit.engine.tick();
        assertEquals(2, kit.sentOf(ola, "weekly_max").size());
        assertEquals("capped: at most 1 per 7d in program weekly_max", kit.onlyReason(ola, "weekly_max"));
        assertEquals(2, kit.push.delivered().size());
    }

    // waits ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("S2 WaitUntil waits for the next 18:00 local; WaitForHours waits only when outside 12:00-14:00")
    void waitUntil_andWaitForHours() {
        Program until = Program.named("evening").on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                .steps(new Step.WaitUntil("six", LocalTime.of(18, 0)),
                        Steps.send("send", ChannelChoice.preferred(Channel.EMAIL), "cart_reminder").build()).build();
        Program hours = Program.named("lunch").on(Trigger.event(EventMatch.of(CAMPAIGN)))
                .steps(new Step.WaitForHours("lunchtime", LocalTime.of(12, 0), LocalTime.of(14, 0)),
                        Steps.send("send", ChannelChoice.preferred(Channel.EMAIL), "offer").build()).build();
        ScenarioKit kit = new ScenarioKit(definitions("s2-waits",
                () -> Definitions.builder().program(until).program(hours).build()));
        CustomerId early = kit.customer("early");
        CustomerId late = kit.customer("late");
        CustomerId morning = kit.customer("morning");
        CustomerId noon = kit.customer("noon");
        kit.at(EventType.CART_CHANGE, email("early"), b -> b.line("tv-1", "tv", 5000, 1));
        kit.at(CAMPAIGN, email("morning"));
        kit.advanceTo(oslo(2026, 3, 2, 13, 0), Duration.ofMinutes(15));
        kit.at(CAMPAIGN, email("noon"));
        kit.advanceTo(oslo(2026, 3, 2, 19, 0), Duration.ofMinutes(15));
        kit.at(EventType.CART_CHANGE, email("late"), b -> b.line("tv-1", "tv", 5000, 1));
        kit.advanceTo(oslo(2026, 3, 3, 19, 0), Duration.ofMinutes(15));
        assertEquals(List.of(oslo(2026, 3, 2, 18, 0)), decided(kit, early, "evening"));
        assertEquals(List.of(oslo(2026, 3, 3, 18, 0)), decided(kit, late, "evening"));
        assertEquals(List.of(oslo(2026, 3, 2, 12, 0)), decided(kit, morning, "lunch"));
        assertEquals(List.of(oslo(2026, 3, 2, 13, 0)), decided(kit, noon, "lunch"), "inside the hours: at once");
    }

    private static List<java.time.Instant> decided(ScenarioKit kit, CustomerId id, String program) {
        return kit.sentOf(id, program).stream().map(Message::decidedAt).toList();
    }

    // branch ----------------------------------------------------------------------------------------------

    @Test
    @DisplayName("S2 branch on 'clicked since the trigger': who clicked gets thanks, who did not (or clicked before) a nudge")
    void branch_onClickSinceTrigger() {
        Program p = Program.named("nurture").on(Trigger.event(EventMatch.of(CAMPAIGN)))
                .steps(Steps.send("first", ChannelChoice.preferred(Channel.EMAIL), "offer").build(),
                        Steps.wait("think", Duration.ofDays(2)),
                        new Step.Branch("clicked", sinceTrigger(EventMatch.of(EventType.MESSAGE_CLICKED)), "thanks", "nudge"),
                        Steps.send("nudge", ChannelChoice.preferred(Channel.EMAIL), "cart_reminder_b").build(),
                        Steps.end("done"),
                        Steps.send("thanks", ChannelChoice.preferred(Channel.EMAIL), "newsletter").build())
                .build();
        ScenarioKit kit = new ScenarioKit(definitions("s2-branch", () -> Definitions.builder().program(p).build()));
        CustomerId ann = kit.customer("ann");
        CustomerId bob = kit.customer("bob");
        CustomerId cid = kit.customer("cid");
        kit.at(EventType.MESSAGE_CLICKED, email("cid"), b -> b.property("message_id", "m-old").property("channel", "email"));
        kit.advance(Duration.ofMinutes(1));
        for (String who : List.of("ann", "bob", "cid")) {
            kit.at(CAMPAIGN, email(who));
        }
        kit.engine.tick();
        String first = kit.sentOf(ann, "nurture").get(0).id();
        kit.advance(Duration.ofHours(3));
        kit.at(EventType.MESSAGE_CLICKED, email("ann"), b -> b.property("message_id", first).property("channel", "email"));
        kit.advance(Duration.ofDays(2));
        assertEquals(List.of("first", "thanks"), kit.sentOf(ann, "nurture").stream().map(Message::step).toList());
        assertEquals(List.of("first", "nudge"), kit.sentOf(bob, "nurture").stream().map(Message::step).toList());
        assertEquals(List.of("first", "nudge"), kit.sentOf(cid, "nurture").stream().map(Message::step).toList());
        assertTrue(kit.sentOf(ann, "nurture").get(0).outcomes().containsKey("clicked"));
    }

    // actions and attributes ----------------------------------------------------------------------------

    @Test
    @DisplayName("S2 CallAction calls the application's action with bound data, except for the control group")
    void callAction_notForControl() {
        Program p = Program.named("coupon_print").on(Trigger.event(EventMatch.of(EventType.STORE_VISIT)))
                .controlShare(0.5)
                .steps(ScenarioKit.call("print", "print_coupon", Map.of("store", Binding.trigger("store"),
                                "coupon", Binding.constant(Value.of("SPRING10")), "name", Binding.attribute("first_name"))),
                        Steps.send("send", ChannelChoice.preferred(Channel.EMAIL), "offer").build())
                .build();
        ScenarioKit kit = new ScenarioKit(definitions("s2-call-action",
                () -> Definitions.builder().program(p).build()));
        Set<CustomerId> treated = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            CustomerId id = kit.customer("v" + i);
            kit.confirmed("v" + i, "first_name", Value.of("V" + i));
            kit.at(EventType.STORE_VISIT, email("v" + i), b -> b.property("store", "bergen"));
            if (kit.suppressedOf(id, "coupon_print").isEmpty()) {
                treated.add(id);
                int n = i;
                assertEquals(new ScenarioKit.ActionCall("print_coupon", id, Map.of("store", Value.of("bergen"),
                        "coupon", Value.of("SPRING10"), "name", Value.of("V" + n))), kit.actions.get(kit.actions.size() - 1));
            } else {
                assertEquals("control group", kit.onlyReason(id, "coupon_print"));
            }
        }
        assertEquals(treated, Set.copyOf(kit.actions.stream().map(ScenarioKit.ActionCall::customer).toList()));
        assertEquals(treated.size(), kit.actions.size());
        assertTrue(treated.size() > 5 && treated.size() < 25, "about half treated: " + treated.size());
    }

    @Test
    @DisplayName("S2 SetAttribute sets an inferred attribute that a later branch sees and that brings the customer into a segment")
    void setAttribute_seenByBranchAndSegment() {
        Program mark = Program.named("vip_mark").on(Trigger.event(EventMatch.of(EventType.PURCHASE)
                        .where(new io.relevans.definition.PropertyFilter("total", io.relevans.definition.Operator.GE,
                                Value.of(20000)))))
                .reentry(Reentry.ONCE)
                .steps(new Step.SetAttribute("mark", "vip", Value.of(true)),
                        new Step.Branch("check", attribute("vip").is(true), "welcome", "stop"),
                        Steps.end("stop"),
                        Steps.send("welcome", ChannelChoice.preferred(Channel.EMAIL), "welcome").build())
                .build();
        Program vipCare = Program.named("vip_care").on(Trigger.entered("vips")).purpose(io.relevans.customer.Purpose.SERVICE)
                .steps(Steps.send("care", ChannelChoice.preferred(Channel.EMAIL), "care").build()).build();
        ScenarioKit kit = new ScenarioKit(definitions("s2-set-attribute",
                () -> Definitions.builder().segment(Segment.named("vips").when(attribute("vip").is(true)))
                .program(mark).program(vipCare).build()));
        CustomerId rik = kit.customer("rik");
        CustomerId sam = kit.customer("sam");
        kit.purchase("rik", "tv-98", "tv", 25000);
        kit.purchase("sam", "tv-24", "tv", 2500);
        kit.engine.tick();
        var view = kit.engine.customer(rik).orElseThrow();
        assertEquals(Source.INFERRED, view.customer().attribute("vip").orElseThrow().source());
        assertTrue(view.segments().contains("vips"));
        assertEquals(1, kit.sentOf(rik, "vip_mark").size());
        assertEquals(1, kit.sentOf(rik, "vip_care").size(), "entering the segment starts its program");
        assertFalse(kit.engine.customer(sam).orElseThrow().customer().attribute("vip").isPresent());
        assertEquals(List.of(), kit.messages(sam));
    }
}
