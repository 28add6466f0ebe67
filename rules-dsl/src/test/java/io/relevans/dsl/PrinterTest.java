package io.relevans.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Channel;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Condition;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Features;
import io.relevans.definition.Program;
import io.relevans.definition.Segment;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.definition.Window;
import io.relevans.event.EventType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrinterTest {

    private static Program withControl(double share) {
        return Program.named("p").on(Trigger.event(EventMatch.of(EventType.PURCHASE))).controlShare(share)
                .steps(Steps.send("s", ChannelChoice.preferred(Channel.EMAIL), "t").build()).build();
    }

    private static String printAndCheck(Definitions d) {
        String text = Relang.print(d);
        assertEquals(d, Relang.parse("p.rel", text).orThrow(), text);
        return text;
    }

    @Test
    void controlShareIsAPercentOnlyWhenExact() {
        assertTrue(printAndCheck(Definitions.builder().program(withControl(0.1)).build()).contains("control 10%\n"));
        assertTrue(printAndCheck(Definitions.builder().program(withControl(0.07)).build()).contains("control 7%\n"));
        String third = printAndCheck(Definitions.builder().program(withControl(1.0 / 3)).build());
        assertTrue(third.contains("control 0.3333333333333333\n") || third.contains("control 33.33333333333333%\n"),
                third);
        assertTrue(!printAndCheck(Definitions.builder().program(withControl(0)).build()).contains("control"));
    }

    @Test
    void aTriggerMatchWithFiltersIsBracketedBeforeAnotherPartOfTheCondition() {
        // printed bare, 'since trigger view where sku = x and channels_used over 90d != 2' read the
        // comparison of the feature back as one more filter of the event match (found by RoundTripProperties)
        Condition since = new Condition.SinceTrigger(EventMatch.of(EventType.PRODUCT_VIEW).where("sku", "x"));
        Condition used = Features.channelsUsed(Window.days(90)).atLeast(2);
        Program p = Program.named("p").on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW)))
                .exitWhen(new Condition.AllOf(List.of(since, used))).steps(Steps.end("e")).build();
        assertTrue(printAndCheck(Definitions.builder().program(p).build()).contains("(since trigger "));
        Program q = Program.named("q").on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW)))
                .exitWhen(new Condition.AnyOf(List.of(since, used))).steps(Steps.end("e")).build();
        printAndCheck(Definitions.builder().program(q).build());
    }

    @Test
    void cappedMessagesMayWaitInTheLanguage() {
        String text = """
                policies:
                  cap 2 per 7d overall defer up to 3d
                  cap 1 per 1d on email

                program p:
                  on purchase
                  cap 1 per 14d defer up to 2d
                  steps:
                    s: send t by email
                """;
        Definitions d = Relang.parse("p.rel", text).orThrow();
        assertEquals(java.time.Duration.ofDays(3), d.policies().caps().get(0).defer());
        assertEquals(java.time.Duration.ZERO, d.policies().caps().get(1).defer());
        assertEquals(java.time.Duration.ofDays(2), d.programs().get(0).caps().get(0).defer());
        assertTrue(printAndCheck(d).contains("cap 1 per 14d defer up to 2d\n"));
        assertEquals("p.rel:2:30: error: a capped message may wait from 0 up to the cap's period (7d), got 8d",
                Relang.parse("p.rel", "policies:\n  cap 2 per 7d overall defer up to 8d\n").report());
    }

    @Test
    void extremePrioritiesReadBack() {
        for (int priority : new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, -1}) {
            Program p = Program.named("p").on(Trigger.event(EventMatch.of(EventType.PURCHASE))).priority(priority)
                    .steps(Steps.end("e")).build();
            printAndCheck(Definitions.builder().program(p).build());
        }
    }

    @Test
    void windowsShowTheBucketOnlyWhenItIsNotTheUsualOne() {
        Definitions d = Definitions.builder()
                .segment(Segment.named("a").when(Features.count(EventType.PURCHASE).within(Window.days(30)).atLeast(1)))
                .segment(Segment.named("b").when(Features.count(EventType.PURCHASE)
                        .within(new Window(Duration.ofDays(30), Duration.ofHours(6))).atLeast(1)))
                .segment(Segment.named("c").when(Features.count(EventType.PURCHASE).within(Window.days(700)).atLeast(1)))
                .segment(Segment.named("d").when(Features.count(EventType.PURCHASE).within(Window.hours(12)).atLeast(1)))
                .build();
        assertEquals("""
                segment a:
                  count purchase over 30d >= 1

                segment b:
                  count purchase over 30d/6h >= 1

                segment c:
                  count purchase over 700d >= 1

                segment d:
                  count purchase over 12h >= 1

                """, printAndCheck(d));
    }

    @Test
    void printsTheCartExampleReadably() {
        Program cart = Program.named("abandoned_cart")
                .on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                .exitOn(EventMatch.of(EventType.PURCHASE))
                .reentry(io.relevans.definition.Reentry.RESTART).controlShare(0.1)
                .goal(EventMatch.of(EventType.PURCHASE), Duration.ofDays(7))
                .steps(Steps.wait("wait", Duration.ofHours(4)),
                        Steps.send("remind", ChannelChoice.preferred(Channel.EMAIL), "cart_reminder").withLines().build())
                .build();
        assertEquals("""
                program abandoned_cart:
                  on cart_change
                  exit on purchase
                  reentry restart
                  control 10%
                  goal purchase within 7d
                  steps:
                    "wait": wait 4h
                    remind: send cart_reminder by preferred, email with lines

                """, printAndCheck(Definitions.builder().program(cart).build()));
    }
}
