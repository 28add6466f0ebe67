package io.relevans.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.Purpose;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Condition;
import io.relevans.definition.Conditions;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Features;
import io.relevans.definition.FrequencyCap;
import io.relevans.definition.Program;
import io.relevans.definition.Reentry;
import io.relevans.definition.Segment;
import io.relevans.definition.Step;
import io.relevans.definition.Steps;
import io.relevans.definition.Tier;
import io.relevans.definition.Trigger;
import io.relevans.definition.Window;
import io.relevans.definition.Binding;
import io.relevans.customer.Value;
import io.relevans.event.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RelangParseTest {

    static String example() throws IOException {
        try (InputStream in = RelangParseTest.class.getResourceAsStream("/example.rel")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Segment segment(Definitions d, String name) {
        return d.segments().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    static Program program(Definitions d, String name) {
        return d.programs().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void readsTheExample() throws IOException {
        ParseResult r = Relang.parse("example.rel", example());
        assertEquals("", r.report());
        Definitions d = r.definitions();
        assertEquals(9, d.segments().size());
        assertEquals(5, d.programs().size());
        assertEquals(3, d.priceRanges().size());
        assertEquals(new Segment("omnichannel", "used two or more channels in 90 days",
                Features.channelsUsed(Window.days(90)).atLeast(2)), segment(d, "omnichannel"));
        assertEquals(Features.sum(EventType.PURCHASE, "line.amount").within(Window.days(365)).atLeast(20_000),
                segment(d, "big_spenders").condition());
        assertEquals(Conditions.attribute("has_children").olderThan(Duration.ofDays(3 * 365)),
                segment(d, "stale_children").condition());
        assertEquals(Features.priceTier(Category.of("washing_machines")).is(Tier.BUDGET),
                segment(d, "budget_washers").condition());
        assertEquals(Conditions.allOf(Features.daysSince(EventType.PURCHASE).greaterThan(180),
                        Conditions.hasConsent(Channel.EMAIL, Purpose.MARKETING),
                        Conditions.not(Conditions.inSegment("complainers"))),
                segment(d, "win_back").condition());
        assertEquals(Conditions.anyOf(Features.count(EventType.PURCHASE).where("line.category", "tv")
                                .within(new Window(Duration.ofDays(30), Duration.ofHours(6))).atLeast(2),
                        Conditions.interestedIn("tv")),
                segment(d, "fans").condition());
        assertEquals(Conditions.allOf(
                        Conditions.attribute("birthday").is(io.relevans.definition.Operator.GE, LocalDate.of(1990, 1, 1)),
                        Conditions.attribute("birthday").is(io.relevans.definition.Operator.LT, LocalDate.of(2000, 1, 1))),
                segment(d, "born_90s").condition());
        assertEquals(Set.of(Channel.SMS, Channel.PUSH), d.policies().intimateChannels());
        assertEquals(2, d.policies().caps().size());
        assertEquals(FrequencyCap.perChannel(Channel.SMS, 1, Duration.ofDays(1)), d.policies().caps().get(1));

        Program expected = Program.named("abandoned_cart").describedAs("remind about a left cart")
                .on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                .exitOn(EventMatch.of(EventType.PURCHASE))
                .reentry(Reentry.RESTART).controlShare(0.1).priority(5).promotes("tv", "washing_machines").offer()
                .highRelevance(Features.count(EventType.PRODUCT_VIEW).within(Window.days(7)).atLeast(3))
                .goal(EventMatch.of(EventType.PURCHASE), Duration.ofDays(7))
                .cap(1, Duration.ofDays(7))
                .steps(Steps.wait("wait", Duration.ofHours(4)),
                        Steps.send("remind", ChannelChoice.preferred(Channel.EMAIL), "cart_reminder").withLines()
                                .with("category", Binding.trigger("line.category"))
                                .with("coupon", Binding.constant(Value.of("SAVE10"))).build())
                .build();
        assertEquals(expected, program(d, "abandoned_cart"));
        assertEquals(new Trigger.OnAnniversary("birthday", LocalTime.of(9, 0)), program(d, "birthday").trigger());
        assertEquals(Reentry.oncePer(Duration.ofDays(365)), program(d, "birthday").reentry());
        assertEquals(Trigger.entered("fans"), program(d, "welcome").trigger());
        assertTrue(program(d, "miss_you").exitWhen().orElseThrow() instanceof Condition.SinceTrigger);
    }

    @Test
    void printedExampleReadsBackEqual() throws IOException {
        Definitions d = Relang.parse("example.rel", example()).orThrow();
        String text = Relang.print(d);
        ParseResult again = Relang.parse("printed.rel", text);
        assertEquals("", again.report(), text);
        assertEquals(d, again.definitions());
    }

    @Test
    void splitPickingAWinnerReadsAndPrintsBack() {
        String text = """
                program ab_cart:
                  on cart_change
                  goal purchase within 7d
                  steps:
                    ab: split short 50% -> a, long 50% -> b, pick winner after 500 per variant at 97.5%
                    a: send cart_short by email
                    stop: end
                    b: send cart_long by email
                    odd: split "pick" 1 -> a, winner 2 -> b, pick winner after 10 per variant at 0.8123456789
                """;
        ParseResult r = Relang.parse("ab.rel", text);
        assertEquals("", r.report());
        Program p = r.definitions().programs().get(0);
        assertEquals(java.util.Optional.of(new Step.WinnerRule(500, 0.975)), ((Step.Split) p.steps().get(0)).winner());
        Step.Split odd = (Step.Split) p.steps().get(4);
        assertEquals(List.of("pick", "winner"), odd.variants().stream().map(Step.Variant::name).toList());
        assertEquals(java.util.Optional.of(new Step.WinnerRule(10, 0.8123456789)), odd.winner());
        String printed = Relang.print(r.definitions());
        assertTrue(printed.contains("pick winner after 500 per variant at 97.5%"), printed);
        assertEquals(r.definitions(), Relang.parse("printed.rel", printed).orThrow());
    }

    @Test
    void nameInQuotesAndKeywordsAsNames() {
        ParseResult r = Relang.parse("q.rel", """
                segment "and" "a segment called and":
                  attribute "not" present
                segment other: in segment "and" and count "where" where "and" == 1 >= 1
                """);
        assertEquals("", r.report());
        assertEquals(2, r.definitions().segments().size());
    }

    @Test
    void literalsAreValuesNeverCode() {
        String code = "\"; System.exit(1); //";
        ParseResult r = Relang.parse("l.rel", "segment a: attribute x == " + "\"\\\"; System.exit(1); //\"" + "\n");
        assertEquals("", r.report());
        assertEquals(Conditions.attribute("x").is(code), r.definitions().segments().get(0).condition());
    }
}
