package io.relevans.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.CustomerId;
import io.relevans.definition.Definitions;
import io.relevans.event.Event;
import io.relevans.spi.Message;
import io.relevans.spi.Suppression;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A comparison of two definition sets lists exactly the messages the difference changes. */
class ComparisonTest {

    private static final List<Event> EVENTS = RetailWeek.events();
    private static final Backtest BACKTEST = RetailWeek.backtest(EVENTS).build();
    private static final BacktestReport A = RetailWeek.week();

    private static List<String> ids(List<Message> messages) {
        return messages.stream().map(Message::id).toList();
    }

    @Test
    @DisplayName("without the welcome program, exactly the welcome messages are only in A")
    void programRemoved_itsMessagesOnlyInA() {
        Definitions b = Definitions.builder().program(RetailWeek.cart(Duration.ofHours(4))).build();

        Comparison c = Comparison.of(A, BACKTEST.run(b));

        assertEquals(ids(A.messages("welcome")), ids(c.onlyInA()));
        assertEquals(List.of(), c.onlyInB());
        assertEquals(List.of(), c.changed());
        assertEquals(A.messages("cart").size(), c.unchanged());
        Comparison.ProgramDifference welcome = c.programs().get(1);
        assertEquals("welcome", welcome.program());
        assertEquals(A.messages("welcome").size(), welcome.onlyInA());
        assertEquals(0, welcome.inB());
        assertTrue(!c.programs().get(0).differs(), "cart is the same: " + c.programs().get(0));
    }

    @Test
    @DisplayName("a cap of one reminder per 30 days: exactly the reminders after a customer's first sent one change, to suppressed by the cap")
    void capAdded_exactlyTheLaterRemindersChange() {
        Definitions b = Definitions.builder().program(RetailWeek.welcome())
                .program(RetailWeek.cart().cap(1, Duration.ofDays(30)).steps(
                        io.relevans.definition.Steps.wait("wait", Duration.ofHours(4)),
                        io.relevans.definition.Steps.send("remind", io.relevans.definition.ChannelChoice.preferred(
                                io.relevans.customer.Channel.EMAIL), "cart_reminder").withLines().build()).build())
                .build();
        Set<CustomerId> hadOne = new HashSet<>();
        List<String> expected = A.messages("cart").stream().filter(m -> m.status() == Message.Status.SENT)
                .filter(m -> !hadOne.add(m.customer())).map(Message::id).toList();

        Comparison c = Comparison.of(A, BACKTEST.run(b));

        assertTrue(expected.size() > 10, "the workload has repeat reminders: " + expected.size());
        assertEquals(expected, c.changed().stream().map(ch -> ch.a().id()).toList());
        for (Comparison.Change ch : c.changed()) {
            assertEquals(ch.a().id(), ch.b().id(), "the same decision, by id");
            assertEquals(Message.Status.SUPPRESSED, ch.b().status());
            assertEquals(Suppression.Guard.CAP, ch.b().suppression().orElseThrow().guard());
            assertEquals(new TreeSet<>(Set.of(Comparison.Aspect.STATUS, Comparison.Aspect.GUARD,
                    Comparison.Aspect.REASON)), ch.aspects());
        }
        assertEquals(List.of(), c.onlyInA());
        assertEquals(List.of(), c.onlyInB());
        assertEquals(A.messages().size() - expected.size(), c.unchanged());
    }

    @Test
    @DisplayName("a longer wait moves every reminder: each is one changed message (its time), none only in A or B")
    void waitChanged_remindersMoveInTime() {
        Definitions b = Definitions.builder().program(RetailWeek.welcome()).program(RetailWeek.cart(Duration.ofHours(6)))
                .build();

        Comparison c = Comparison.of(A, BACKTEST.run(b));

        assertEquals(List.of(), c.onlyInA());
        assertEquals(List.of(), c.onlyInB());
        List<Message> exited = A.messages("cart").stream().filter(m -> m.suppression().map(x -> x.guard())
                .orElse(null) == Suppression.Guard.EXIT).toList();
        assertTrue(!exited.isEmpty(), "some carts end with a purchase");
        assertEquals(ids(A.messages("cart").stream().filter(m -> !exited.contains(m)).toList()),
                c.changed().stream().map(ch -> ch.a().id()).toList(), "every reminder but those a purchase stopped, "
                        + "which are decided at the purchase, the same in both");
        for (Comparison.Change ch : c.changed()) {
            assertEquals(ch.a().decidedAt().plus(Duration.ofHours(2)), ch.b().decidedAt(), ch.toString());
            assertEquals(ch.a().customer(), ch.b().customer());
            SortedSet<Comparison.Aspect> aspects = ch.aspects();
            assertEquals(Comparison.Aspect.TIME, aspects.first(), ch.toString());
        }
        assertEquals(A.messages("welcome").size() + exited.size(), c.unchanged());
        assertTrue(c.summary("4h", "6h", 2).contains("changed: "), c.summary("4h", "6h", 2));
    }
}
