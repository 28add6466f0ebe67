package io.relevans.program;

import static io.relevans.definition.Conditions.inSegment;
import static io.relevans.definition.Conditions.sinceTrigger;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.TickReport;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.InvalidDefinitionException;
import io.relevans.definition.Program;
import io.relevans.definition.Reentry;
import io.relevans.definition.Step;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.event.EventType;
import io.relevans.program.ProgramWorkload.Run;
import io.relevans.spi.Message;
import io.relevans.spi.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Replacing the definitions while customers wait in a program: they keep their place when the new
 * version still has the step they wait at, their journey ends quietly when it does not, and invalid
 * definitions are refused as a whole with every problem listed while the old ones keep running.
 */
class ProgramReloadTest {

    private static final CustomerId ANNA = ProgramWorkload.id(0);

    private Run run;
    private Instant carted;

    /** The abandoned cart reminder: wait 4 hours, then remind by email with the given template. */
    private static Program cart(Step wait, String template) {
        return Program.named("cart").on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                .exitOn(EventMatch.of(EventType.PURCHASE)).reentry(Reentry.RESTART)
                .steps(wait, Steps.send("remind", ChannelChoice.preferred(Channel.EMAIL), template).build())
                .build();
    }

    private static Definitions v1() {
        return Definitions.builder().segments(ProgramWorkload.SEGMENTS)
                .program(cart(Steps.wait("wait", Duration.ofHours(4)), "cart_reminder")).build();
    }

    /** Anna, with every consent, has left a cart and waits at "remind", due 4 hours later. */
    @BeforeEach
    void annaLeavesACart() {
        run = new Run(v1());
        run.setUp(Collections.nCopies(ProgramWorkload.CUSTOMERS, 511));
        carted = run.clock.instant();
        run.feed(0, EventType.CART_CHANGE, e -> e.line("tv-55", "tv", 8999, 1));
        run.clock.advance(Duration.ofHours(1));
        run.engine.tick();
        Timer t = onlyTimer();
        assertEquals("remind", t.step());
        assertEquals(carted.plus(Duration.ofHours(4)), t.due());
    }

    private Timer onlyTimer() {
        List<Timer> timers = run.engine.waiting(ANNA);
        assertEquals(1, timers.size(), timers.toString());
        return timers.get(0);
    }

    private List<Message> cartMessages() {
        return run.engine.messages(ANNA).stream().filter(m -> m.program().equals("cart")).toList();
    }

    /** Moves to the moment the reminder is due (4 hours after the cart) and ticks. */
    private TickReport reachDue() {
        run.clock.advanceTo(carted.plus(Duration.ofHours(4)));
        return run.engine.tick();
    }

    @Test
    @DisplayName("a new version with the same step label keeps the customer in place: the new template goes out at the old due time")
    void reload_sameLabel_customerKeepsPlaceAndGetsTheNewVersion() {
        run.engine.load(Definitions.builder().segments(ProgramWorkload.SEGMENTS)
                .program(cart(Steps.wait("wait", Duration.ofHours(10)), "cart_reminder_b")).build());

        assertEquals("remind", onlyTimer().step(), "the timer is untouched by the reload");
        run.clock.advanceTo(carted.plus(Duration.ofHours(4)).minusSeconds(1));
        assertEquals(0, run.engine.tick().timersFired(), "not due before the old due time");
        TickReport report = reachDue();

        assertEquals(1, report.timersFired());
        List<Message> sent = cartMessages();
        assertEquals(1, sent.size(), sent.toString());
        assertEquals(Message.Status.SENT, sent.get(0).status());
        assertEquals("cart_reminder_b", sent.get(0).template());
        assertEquals("remind", sent.get(0).step());
        assertEquals(carted.plus(Duration.ofHours(4)), sent.get(0).decidedAt());
        assertEquals(List.of(), run.engine.waiting(ANNA));
        assertEquals(1, run.adapters.get(Channel.EMAIL).delivered().size());
    }

    @Test
    @DisplayName("a new wait before the step the customer waits at applies to new journeys only")
    void reload_changedWait_appliesToNewJourneys() {
        run.engine.load(Definitions.builder().segments(ProgramWorkload.SEGMENTS)
                .program(cart(Steps.wait("wait", Duration.ofHours(10)), "cart_reminder")).build());
        reachDue();
        assertEquals(1, cartMessages().size());

        Instant second = run.clock.instant();
        run.feed(0, EventType.CART_CHANGE, e -> e.line("tv-65", "tv", 12999, 1));
        assertEquals(second.plus(Duration.ofHours(10)), onlyTimer().due());
    }

    @Test
    @DisplayName("when the new version no longer has the step, the journey ends at its due time: no message, no timer, no error")
    void reload_labelGone_journeyEndsQuietly() {
        Program renamed = Program.named("cart").on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                .reentry(Reentry.RESTART)
                .steps(Steps.wait("pause", Duration.ofHours(2)),
                        Steps.send("nudge", ChannelChoice.of(Channel.EMAIL), "cart_reminder_b").build())
                .build();
        run.engine.load(Definitions.builder().segments(ProgramWorkload.SEGMENTS).program(renamed).build());

        TickReport report = reachDue();

        assertEquals(1, report.timersFired(), "the old timer fired");
        assertEquals(List.of(), cartMessages(), "nothing sent, nothing suppressed");
        assertEquals(List.of(), run.engine.waiting(ANNA));
        assertEquals(List.of(), run.adapters.get(Channel.EMAIL).delivered());

        run.feed(0, EventType.CART_CHANGE, e -> e.line("tv-65", "tv", 12999, 1));
        assertEquals("nudge", onlyTimer().step(), "new journeys follow the new version");
        run.clock.advance(Duration.ofHours(2));
        run.engine.tick();
        assertEquals(List.of("cart_reminder_b"), cartMessages().stream().map(Message::template).toList());
    }

    @Test
    @DisplayName("when the program is removed, the waiting journey ends at its due time and new triggers start nothing")
    void reload_programRemoved_journeyEndsQuietly() {
        run.engine.load(Definitions.builder().segments(ProgramWorkload.SEGMENTS).build());

        TickReport report = reachDue();

        assertEquals(1, report.timersFired());
        assertEquals(List.of(), cartMessages());
        assertEquals(List.of(), run.engine.waiting(ANNA));
        run.feed(0, EventType.CART_CHANGE, e -> e.line("tv-65", "tv", 12999, 1));
        assertEquals(List.of(), run.engine.waiting(ANNA));
    }

    /** Offers a dress 2 hours after a view, unless a matching event happened since the view. */
    private static Program browse(EventMatch skipAfter) {
        return Program.named("browse").on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW)))
                .steps(Steps.wait("wait", Duration.ofHours(2)),
                        new Step.Branch("check", sinceTrigger(skipAfter), "done", "offer"),
                        Steps.send("offer", ChannelChoice.of(Channel.EMAIL), "dress_offer").build(),
                        Steps.end("done"))
                .build();
    }

    /** Bea views a dress, buys a TV half an hour later; the definitions may change meanwhile; 2 hours pass. */
    private List<Message> beaViewsThenBuys(Program before, Program after) {
        run.engine.load(Definitions.builder().segments(ProgramWorkload.SEGMENTS).program(before).build());
        run.feed(1, EventType.PRODUCT_VIEW, e -> e.property("sku", "dress-1").property("category", "dress"));
        run.clock.advance(Duration.ofMinutes(30));
        run.feed(1, EventType.PURCHASE, e -> e.line("tv-55", "tv", 8999, 1));
        if (after != before) {
            run.engine.load(Definitions.builder().segments(ProgramWorkload.SEGMENTS).program(after).build());
        }
        run.clock.advance(Duration.ofHours(2));
        run.engine.tick();
        assertEquals(List.of(), run.engine.waiting(ProgramWorkload.id(1)));
        return run.engine.messages(ProgramWorkload.id(1)).stream().filter(m -> m.program().equals("browse")).toList();
    }

    @Test
    @DisplayName("without a reload, a purchase during the wait is seen by the branch after the wait: no offer")
    void noReload_purchaseDuringTheWait_skipsTheOffer() {
        Program p = browse(EventMatch.of(EventType.PURCHASE));
        assertEquals(List.of(), beaViewsThenBuys(p, p));
    }

    @Test
    @DisplayName("a changed branch condition is evaluated on what happened since the trigger, not on the old condition's matches")
    void reload_changedSinceTriggerCondition_usesTheNewMatches() {
        // the new version skips the offer after a complaint, no longer after a purchase
        List<Message> offers = beaViewsThenBuys(browse(EventMatch.of(EventType.PURCHASE)),
                browse(EventMatch.of(EventType.COMPLAINT)));
        assertEquals(1, offers.size(), "no complaint since the view: the offer goes out, got " + offers);
        assertEquals(Message.Status.SENT, offers.get(0).status());
        assertEquals("offer", offers.get(0).step());
    }

    @Test
    @DisplayName("a reload that keeps a branch's since-trigger match keeps what already happened")
    void reload_sameSinceTriggerMatchAmongNewOnes_keepsWhatHappened() {
        Program v2 = Program.named("browse").on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW)))
                .steps(Steps.wait("wait", Duration.ofHours(2)),
                        new Step.Branch("complained", sinceTrigger(EventMatch.of(EventType.COMPLAINT)), "done", "check"),
                        new Step.Branch("check", sinceTrigger(EventMatch.of(EventType.PURCHASE)), "done", "offer"),
                        Steps.send("offer", ChannelChoice.of(Channel.EMAIL), "dress_offer").build(),
                        Steps.end("done"))
                .build();
        assertEquals(List.of(), beaViewsThenBuys(browse(EventMatch.of(EventType.PURCHASE)), v2),
                "the purchase since the view still counts");
    }

    // ------------------------------------------------------------------ invalid definitions

    private void assertRefusedAndOldKeepsRunning(Definitions invalid, List<String> problems) {
        Definitions before = run.engine.definitions();
        InvalidDefinitionException e = assertThrows(InvalidDefinitionException.class, () -> run.engine.load(invalid));
        assertEquals(problems, e.problems());
        assertSame(before, run.engine.definitions(), "the old definitions stay loaded");

        reachDue();
        List<Message> sent = cartMessages();
        assertEquals(1, sent.size(), sent.toString());
        assertEquals(Message.Status.SENT, sent.get(0).status());
        assertEquals("cart_reminder", sent.get(0).template(), "the old version ran");
    }

    @Test
    @DisplayName("a program using an unknown template is refused; the old program keeps running")
    void reload_unknownTemplate_refused() {
        assertRefusedAndOldKeepsRunning(Definitions.builder().segments(ProgramWorkload.SEGMENTS)
                        .program(cart(Steps.wait("wait", Duration.ofHours(4)), "no_such_template")).build(),
                List.of("step 'remind' of program 'cart' uses unknown template 'no_such_template'"));
    }

    @Test
    @DisplayName("a program triggered by an unknown segment is refused; the old program keeps running")
    void reload_unknownSegmentTrigger_refused() {
        Program vip = Program.named("vip").on(Trigger.entered("big_spenders"))
                .steps(Steps.send("mail", ChannelChoice.of(Channel.EMAIL), "tv_offer").build()).build();
        assertRefusedAndOldKeepsRunning(Definitions.builder().segments(ProgramWorkload.SEGMENTS)
                        .program(cart(Steps.wait("wait", Duration.ofHours(4)), "cart_reminder_b")).program(vip).build(),
                List.of("program 'vip' is triggered by unknown segment 'big_spenders'; did you mean 'big_spender'?"));
    }

    @Test
    @DisplayName("every problem is listed at once: unknown templates, segment triggers and segments in conditions")
    void reload_severalProblems_allListed() {
        Program vip = Program.named("vip").on(Trigger.exited("gold_members"))
                .steps(new Step.Branch("which", inSegment("big_spendr"), "mail", "text"),
                        Steps.send("mail", ChannelChoice.of(Channel.EMAIL), "tv_offr").build(),
                        Steps.send("text", ChannelChoice.of(Channel.SMS), "sms_offer").build())
                .build();
        assertRefusedAndOldKeepsRunning(Definitions.builder().segments(ProgramWorkload.SEGMENTS)
                        .program(cart(Steps.wait("wait", Duration.ofHours(4)), "cart_reminder_b")).program(vip).build(),
                List.of("program 'vip' is triggered by unknown segment 'gold_members'",
                        "step 'mail' of program 'vip' uses unknown template 'tv_offr'",
                        "step 'which' of program 'vip' refers to unknown segment 'big_spendr'; did you mean 'big_spender'?"));
    }

    @Test
    @DisplayName("a step going to an unknown label cannot even be built, so it never reaches the engine")
    void reload_badStepTarget_refusedWhenBuilt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Program.named("cart")
                .on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                .steps(Steps.wait("wait", Duration.ofHours(4)),
                        new Step.Branch("check", inSegment("gold"), "remind", "finish"),
                        Steps.send("remind", ChannelChoice.of(Channel.EMAIL), "cart_reminder_b").build())
                .build());
        assertEquals("step 'check' of program 'cart' goes to unknown step 'finish'; steps: [check, remind, wait]",
                e.getMessage());

        reachDue();
        assertEquals(List.of("cart_reminder"), cartMessages().stream().map(Message::template).toList());
        assertTrue(run.engine.waiting(ANNA).isEmpty());
    }
}
