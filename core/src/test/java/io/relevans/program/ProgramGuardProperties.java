package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Purpose;
import io.relevans.definition.Definitions;
import io.relevans.definition.FrequencyCap;
import io.relevans.definition.Program;
import io.relevans.definition.Step;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.program.ProgramWorkload.Fed;
import io.relevans.program.ProgramWorkload.Run;
import io.relevans.program.ProgramWorkload.Script;
import io.relevans.spi.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The guards hold for random program sets and random customer histories on virtual time: every
 * message that was or will be handed to a channel had the customer's consent for its channel and
 * purpose when it was decided, and still had it when it was delivered (S24); no cap is ever exceeded in any rolling window; control group members
 * are never contacted by the program and stay in the control group on every run; nothing promoting a
 * category the customer declared not interested in goes out, nor after an exit event of its program
 * (guards at delivery: whatever happened between decision and delivery); and the same script on a fresh engine
 * gives exactly the same outbox and timers. Consent, preferences and caps are checked against the
 * events the test fed, not against the engine's view of the customer.
 */
class ProgramGuardProperties {

    /** Messages that were or may still be handed to a channel. */
    private static final Set<Message.Status> CONTACTING =
            Set.of(Message.Status.SENT, Message.Status.PENDING, Message.Status.RETRYING);

    /** Control membership seen per customer and program over all tries: it must never change. */
    private static final Map<String, Boolean> CONTROL = new ConcurrentHashMap<>();

    @Provide
    Arbitrary<Set<String>> programSets() {
        return Arbitraries.of(ProgramWorkload.SHAPES).set().ofMinSize(2).ofMaxSize(ProgramWorkload.SHAPES.size());
    }

    @Provide
    Arbitrary<Script> scripts() {
        return ProgramWorkload.scripts(40, 110);
    }

    @Property(tries = 40, shrinking = ShrinkingMode.BOUNDED)
    void guardsHold_andRunsAreDeterministic(@ForAll("programSets") Set<String> shapes,
                                             @ForAll @IntRange(min = 0, max = 3) int caps,
                                             @ForAll("scripts") Script script) {
        Definitions definitions = ProgramWorkload.definitions(shapes, caps);
        Run run = play(definitions, script);
        List<Message> messages = run.messages();

        checkConsent(run, messages);
        checkCaps(definitions, messages);
        checkControl(messages);
        checkDisinterest(run, definitions, messages);
        checkAtDelivery(run, definitions, messages);
        checkStructuredReasons(messages);

        Run again = play(definitions, script);
        assertEquals(messages, again.messages(), "same script, same outbox (ids, statuses, reasons, times)");
        assertEquals(run.waiting(), again.waiting(), "same script, same timers");
        assertEquals(run.deliveries(), again.deliveries(), "same script, same deliveries");

        collect(messages);
    }

    private static Run play(Definitions definitions, Script script) {
        Run run = new Run(definitions);
        run.setUp(script.consents());
        run.play(script.actions());
        run.idle(Duration.ofDays(3));
        return run;
    }

    // ------------------------------------------------------------------ the independent model

    private static int who(Message m) {
        for (int who = 0; who < ProgramWorkload.CUSTOMERS; who++) {
            if (ProgramWorkload.id(who).equals(m.customer())) {
                return who;
            }
        }
        throw new AssertionError("message for an unknown customer: " + m);
    }

    /** The customer's consent for the channel and purpose after every event fed up to the moment. */
    private static boolean consented(List<Fed> fed, int who, Channel channel, Purpose purpose, Instant at) {
        boolean granted = false;
        for (Fed f : fed) {
            Event e = f.event();
            if (f.who() != who || e.time().isAfter(at)) {
                continue;
            }
            if (e.type().equals(EventType.CONSENT_CHANGE) && Channel.of(e.text("channel").orElseThrow()).equals(channel)
                    && Purpose.of(e.text("purpose").orElseThrow()).equals(purpose)) {
                granted = e.property("granted").orElseThrow().asNumber() == 1;
            } else if (e.type().equals(EventType.MESSAGE_UNSUBSCRIBED)
                    && Channel.of(e.text("channel").orElseThrow()).equals(channel)
                    && e.text("purpose").map(Purpose::of).orElse(Purpose.MARKETING).equals(purpose)) {
                granted = false;
            }
        }
        return granted;
    }

    /** Whether the customer's newest declaration about the category up to the moment is "not interested". */
    private static boolean notInterested(List<Fed> fed, int who, Category category, Instant at) {
        boolean not = false;
        for (Fed f : fed) {
            Event e = f.event();
            if (f.who() == who && !e.time().isAfter(at) && e.type().equals(EventType.PREFERENCE_DECLARED)
                    && e.text("category").map(Category::of).map(category::equals).orElse(false)) {
                not = e.text("interest").orElseThrow().equals("not_interested");
            }
        }
        return not;
    }

    // ------------------------------------------------------------------ the guards

    private static void checkConsent(Run run, List<Message> messages) {
        for (Message m : messages) {
            Program p = run.definitions.programs().stream().filter(x -> x.name().equals(m.program())).findFirst()
                    .orElseThrow(() -> new AssertionError("message of an unknown program: " + m));
            Step step = p.steps().get(p.indexOf(m.step()));
            Purpose expected = step instanceof Step.Ask ? Purpose.SURVEYS : p.purpose();
            assertEquals(expected, m.purpose(), "purpose of " + m);
            if (!CONTACTING.contains(m.status())) {
                continue;
            }
            assertTrue(m.channel().isPresent(), "a message to hand to a channel has one: " + m);
            assertTrue(consented(run.fed, who(m), m.channel().get(), m.purpose(), m.decidedAt()),
                    () -> "no consent for " + m.channel().get() + "/" + m.purpose() + " at " + m.decidedAt() + ": " + m);
            if (m.status() == Message.Status.SENT) {
                Instant sentAt = run.deliveredAt.get(m.id());
                assertTrue(sentAt != null, () -> "sent but not delivered: " + m);
                assertTrue(consented(run.fed, who(m), m.channel().get(), m.purpose(), sentAt),
                        () -> "S24: delivered at " + sentAt + " after consent was withdrawn: " + m);
            }
        }
    }

    private static void checkCaps(Definitions definitions, List<Message> messages) {
        List<FrequencyCap> caps = new ArrayList<>(definitions.policies().caps());
        definitions.programs().forEach(p -> caps.addAll(p.caps()));
        List<Message> counted = messages.stream()
                .filter(m -> m.status() != Message.Status.SUPPRESSED && m.status() != Message.Status.DEAD).toList();
        for (FrequencyCap cap : caps) {
            for (Message end : counted) {
                if (!inScope(cap, end)) {
                    continue;
                }
                Instant from = end.decidedAt().minus(cap.period());
                List<Message> window = counted.stream().filter(m -> m.customer().equals(end.customer()))
                        .filter(m -> inScope(cap, m))
                        .filter(m -> m.decidedAt().isAfter(from) && !m.decidedAt().isAfter(end.decidedAt())).toList();
                if (window.size() > cap.max()) {
                    fail(cap.describe() + " exceeded in the window ending " + end.decidedAt() + ": " + window);
                }
            }
        }
    }

    private static boolean inScope(FrequencyCap cap, Message m) {
        return cap.program().map(m.program()::equals).orElse(true)
                && cap.channel().map(c -> m.channel().equals(java.util.Optional.of(c))).orElse(true);
    }

    private static void checkControl(List<Message> messages) {
        Map<String, Boolean> control = new HashMap<>();
        for (Message m : messages) {
            if (m.status() == Message.Status.SUPPRESSED && m.reason().equals("control group")) {
                control.put(m.customer().value() + "|" + m.program(), true);
            }
        }
        for (Message m : messages) {
            String key = m.customer().value() + "|" + m.program();
            if (m.status() != Message.Status.SUPPRESSED) {
                assertTrue(!control.getOrDefault(key, false), () -> "control group member contacted: " + m);
                control.put(key, false);
            }
        }
        control.forEach((key, member) -> {
            Boolean before = CONTROL.putIfAbsent(key, member);
            assertTrue(before == null || before.equals(member),
                    () -> key + " was " + (before ? "" : "not ") + "in the control group in an earlier run, now "
                            + (member ? "" : "not ") + "in it");
        });
    }

    private static void checkDisinterest(Run run, Definitions definitions, List<Message> messages) {
        for (Message m : messages) {
            if (m.status() == Message.Status.SUPPRESSED) {
                continue;
            }
            Program p = definitions.programs().stream().filter(x -> x.name().equals(m.program())).findFirst().orElseThrow();
            for (Category c : p.promotes()) {
                assertTrue(!notInterested(run.fed, who(m), c, m.decidedAt()),
                        () -> "promotes " + c + " to a customer who declared no interest: " + m);
            }
        }
    }

    /**
     * Guards at delivery: a message handed to a channel went out only if, at that moment, the customer
     * had not declared disinterest in what it promotes, and no exit event of its program had happened
     * since it was decided.
     */
    private static void checkAtDelivery(Run run, Definitions definitions, List<Message> messages) {
        for (Message m : messages) {
            Instant sentAt = run.deliveredAt.get(m.id());
            if (m.status() != Message.Status.SENT || sentAt == null) {
                continue;
            }
            Program p = definitions.programs().stream().filter(x -> x.name().equals(m.program())).findFirst().orElseThrow();
            for (Category c : p.promotes()) {
                assertTrue(!notInterested(run.fed, who(m), c, sentAt),
                        () -> "delivered at " + sentAt + " after the customer declared no interest in " + c + ": " + m);
            }
            for (Fed f : run.fed) {
                Event e = f.event();
                if (f.who() == who(m) && e.time().isAfter(m.decidedAt()) && e.time().isBefore(sentAt)
                        && p.exitOn().stream().anyMatch(x -> x.matches(e))) {
                    fail("delivered at " + sentAt + " after the exit event " + e + " of its program: " + m);
                }
            }
        }
    }

    /** Every suppression names its guard, which agrees with the reason for people. */
    private static void checkStructuredReasons(List<Message> messages) {
        for (Message m : messages) {
            if (m.status() != Message.Status.SUPPRESSED) {
                assertTrue(m.suppression().isEmpty(), () -> "a guard on a message not suppressed: " + m);
                continue;
            }
            io.relevans.spi.Suppression by = m.suppression().orElseThrow(() -> new AssertionError("no guard: " + m));
            io.relevans.spi.Suppression.Guard expected = m.reason().startsWith("capped") ? io.relevans.spi.Suppression.Guard.CAP
                    : m.reason().equals("control group") ? io.relevans.spi.Suppression.Guard.CONTROL_GROUP
                    : m.reason().startsWith("exit") ? io.relevans.spi.Suppression.Guard.EXIT
                    : m.reason().startsWith("declared not interested") ? io.relevans.spi.Suppression.Guard.DECLARED_DISINTEREST
                    : by.guard();
            assertEquals(expected, by.guard(), () -> "guard and reason disagree: " + m);
            assertEquals(m.reason().contains("(stopped at "), by.moment() == io.relevans.spi.Suppression.Moment.DELIVERY,
                    () -> "moment and reason disagree: " + m);
        }
    }

    /** The guards are exercised: over all tries, messages are sent, capped, held back from control, and so on. */
    private static void collect(List<Message> messages) {
        Map<String, Boolean> seen = new HashMap<>();
        seen.put("sent", messages.stream().anyMatch(m -> m.status() == Message.Status.SENT));
        seen.put("dead", messages.stream().anyMatch(m -> m.status() == Message.Status.DEAD));
        seen.put("capped", messages.stream().anyMatch(m -> m.reason().startsWith("capped")));
        seen.put("control", messages.stream().anyMatch(m -> m.reason().equals("control group")));
        seen.put("no consent", messages.stream().anyMatch(m -> m.reason().contains("no consent")));
        seen.put("not interested", messages.stream().anyMatch(m -> m.reason().startsWith("declared not interested")));
        seen.put("exit", messages.stream().anyMatch(m -> m.reason().startsWith("exit")));
        seen.forEach((label, happened) -> {
            Statistics.label(label).collect(happened);
            Statistics.label(label).coverage(c -> c.check(true).count(n -> n > 0));
        });
    }
}
