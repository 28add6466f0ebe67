package io.relevans.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Purpose;
import io.relevans.customer.Value;
import io.relevans.event.Line;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Outbox} must have. An implementation's test extends this class and
 * returns a new, empty outbox from {@link #newOutbox()}; every test gets its own.
 */
public abstract class OutboxContract {

    protected static final Instant T = Instant.parse("2026-03-01T12:00:00Z");

    protected Outbox outbox;

    /** A new, empty outbox. */
    protected abstract Outbox newOutbox();

    @BeforeEach
    void createOutbox() {
        outbox = newOutbox();
    }

    /** A message decided {@code decidedMinutes} after {@link #T}, next attempt {@code nextMinutes} after it. */
    protected static Message message(String id, String customer, Message.Status status, long decidedMinutes,
                                     long nextMinutes) {
        return new Message(id, CustomerId.of(customer), "cart", "remind", "A", Optional.of(Channel.EMAIL),
                "cart_reminder", Purpose.MARKETING, new TreeMap<>(Map.of("first_name", Value.of("Ada"))),
                List.of(Line.of("SKU-1", "tv", 999.0, 1)), T.plus(Duration.ofMinutes(decidedMinutes)), status, "", 0,
                T.plus(Duration.ofMinutes(nextMinutes)), new TreeMap<>(),
                new java.util.TreeSet<>(java.util.Set.of(io.relevans.customer.Category.of("tv"),
                        io.relevans.customer.Category.of("hifi")))); // what it carries is kept too
    }

    protected static Message pending(String id, String customer, long minutes) {
        return message(id, customer, Message.Status.PENDING, minutes, minutes);
    }

    private static List<String> ids(List<Message> messages) {
        return messages.stream().map(Message::id).toList();
    }

    private static Instant at(long minutes) {
        return T.plus(Duration.ofMinutes(minutes));
    }

    @Test
    @DisplayName("a suppressed message keeps the guard that stopped it, the values it saw and the moment")
    void suppression_readsBack() {
        Message m = message("m-1", "c-1", Message.Status.PENDING, 0, 0).suppressedBy(Suppression.of(
                Suppression.Guard.CATEGORY_EXCLUSION, Suppression.Moment.DELIVERY, at(5),
                Map.of("category", "party_dresses", "condition", "attribute gender == \"male\"")), "category excluded");
        assertTrue(outbox.add(m));
        assertEquals(Optional.of(m), outbox.find("m-1"));
        assertEquals(Suppression.Guard.CATEGORY_EXCLUSION, outbox.find("m-1").orElseThrow().suppression().orElseThrow().guard());
    }

    @Test
    @DisplayName("an outbox that counts waiting messages counts the pending and retrying ones, due or not")
    void waiting_countsPendingAndRetrying() {
        if (outbox.waiting().isEmpty()) {
            return; // counting is optional
        }
        assertEquals(0, outbox.waiting().getAsLong());
        outbox.add(pending("m-1", "c-1", 0));
        outbox.add(pending("m-2", "c-2", 600)); // not due for hours: waits all the same
        outbox.add(message("m-3", "c-1", Message.Status.SUPPRESSED, 1, 1));
        assertEquals(2, outbox.waiting().getAsLong());
        outbox.recordAttempt(pending("m-1", "c-1", 0).with(Message.Status.RETRYING, "421", 1, at(5)));
        assertEquals(2, outbox.waiting().getAsLong(), "retrying still waits");
        outbox.recordAttempt(pending("m-2", "c-2", 600).with(Message.Status.SENT, "", 1, at(600)));
        assertEquals(1, outbox.waiting().getAsLong());
        outbox.eraseCustomer(CustomerId.of("c-1"));
        assertEquals(0, outbox.waiting().getAsLong());
    }

    @Test
    @DisplayName("an empty outbox finds nothing, has nothing due and visits nothing")
    void emptyOutbox_hasNothing() {
        assertEquals(Optional.empty(), outbox.find("m-1"));
        assertEquals(List.of(), outbox.due(at(1_000_000), 100));
        assertEquals(List.of(), outbox.of(CustomerId.of("c-1")));
        List<Message> seen = new ArrayList<>();
        outbox.forEach(seen::add);
        assertEquals(List.of(), seen);
    }

    @Test
    @DisplayName("an added message is found by id, equal in every part")
    void add_thenFind_returnsEqualMessage() {
        Message m = pending("m-1", "c-1", 0).withOutcome("opened", at(5));

        assertTrue(outbox.add(m));

        assertEquals(Optional.of(m), outbox.find("m-1"));
        assertEquals(Map.of("opened", at(5)), outbox.find("m-1").orElseThrow().outcomes());
    }

    @Test
    @DisplayName("adding a message with a known id is refused and keeps the first one")
    void add_sameId_isIdempotent() {
        Message first = pending("m-1", "c-1", 0);
        Message second = message("m-1", "c-1", Message.Status.SUPPRESSED, 3, 3);

        assertTrue(outbox.add(first));
        assertFalse(outbox.add(second));
        assertFalse(outbox.add(first));

        assertEquals(Optional.of(first), outbox.find("m-1"));
        assertEquals(List.of(first), outbox.of(CustomerId.of("c-1")));
        List<Message> seen = new ArrayList<>();
        outbox.forEach(seen::add);
        assertEquals(List.of(first), seen);
    }

    @Test
    @DisplayName("update can move a message to another customer (profiles merged): of and eraseCustomer follow it")
    void update_movesAMessageToAnotherCustomer() {
        Message m = pending("m-1", "c-loser", 0);
        outbox.add(m);
        outbox.add(pending("m-2", "c-survivor", 1));

        outbox.update(m.forCustomer(CustomerId.of("c-survivor")));

        assertEquals(List.of(), outbox.of(CustomerId.of("c-loser")));
        assertEquals(List.of("m-1", "m-2"), outbox.of(CustomerId.of("c-survivor")).stream().map(Message::id).toList());
        outbox.eraseCustomer(CustomerId.of("c-survivor"));
        assertEquals(Optional.empty(), outbox.find("m-1"));
        List<Message> left = new java.util.ArrayList<>();
        outbox.forEach(left::add);
        assertEquals(List.of(), left);
    }

    @Test
    @DisplayName("update replaces the stored message; find, due and of see the new version")
    void update_replacesEverywhere() {
        Message m = pending("m-1", "c-1", 0);
        outbox.add(m);
        Message retrying = m.with(Message.Status.RETRYING, "421 try later", 1, at(10));

        outbox.update(retrying);

        assertEquals(Optional.of(retrying), outbox.find("m-1"));
        assertEquals(List.of(), outbox.due(at(9), 10), "no longer due at its old time");
        assertEquals(List.of(retrying), outbox.due(at(10), 10));
        assertEquals(List.of(retrying), outbox.of(CustomerId.of("c-1")));

        Message sent = retrying.with(Message.Status.SENT, "", 2, at(10));
        outbox.update(sent);
        assertEquals(List.of(), outbox.due(at(1000), 10), "sent messages are not due");
        assertEquals(List.of(sent), outbox.of(CustomerId.of("c-1")));

        Message opened = sent.withOutcome("opened", at(20));
        outbox.update(opened);
        assertEquals(Map.of("opened", at(20)), outbox.find("m-1").orElseThrow().outcomes());
    }

    @Test
    @DisplayName("due answers only pending and retrying messages whose next attempt has come")
    void due_filtersByStatusAndTime() {
        outbox.add(pending("pending", "c-1", 0));
        outbox.add(message("retrying", "c-1", Message.Status.RETRYING, 0, 5));
        outbox.add(message("retrying-later", "c-1", Message.Status.RETRYING, 0, 15));
        outbox.add(message("sent", "c-1", Message.Status.SENT, 0, 0));
        outbox.add(message("dead", "c-1", Message.Status.DEAD, 0, 0));
        outbox.add(message("suppressed", "c-1", Message.Status.SUPPRESSED, 0, 0));
        outbox.add(pending("future", "c-2", 20));

        assertEquals(List.of("pending", "retrying"), ids(outbox.due(at(10), 100)));
        assertEquals(List.of("pending", "retrying"), ids(outbox.due(at(5), 100)), "next attempt inclusive");
        assertEquals(List.of("pending"), ids(outbox.due(at(4), 100)));
        assertEquals(List.of("pending", "retrying", "retrying-later", "future"), ids(outbox.due(at(20), 100)));
        assertEquals(List.of(), ids(outbox.due(at(-1), 100)));
    }

    @Test
    @DisplayName("due answers earliest next attempt first, ties by id, at most the limit")
    void due_ordersAndLimits() {
        outbox.add(pending("m-c", "c-1", 3));
        outbox.add(pending("m-b", "c-2", 1));
        outbox.add(pending("m-z", "c-3", 2));
        outbox.add(pending("m-a", "c-4", 2));
        outbox.add(message("m-0", "c-1", Message.Status.RETRYING, 0, 2));

        assertEquals(List.of("m-b", "m-0", "m-a", "m-z", "m-c"), ids(outbox.due(at(10), 100)));
        assertEquals(List.of("m-b", "m-0", "m-a"), ids(outbox.due(at(10), 3)));
        assertEquals(List.of(), outbox.due(at(10), 0));
    }

    @Test
    @DisplayName("of answers the customer's messages of every status, oldest decision first, ties by id")
    void of_ordersByDecisionThenId() {
        outbox.add(message("m-3", "c-1", Message.Status.SENT, 30, 30));
        outbox.add(message("m-2", "c-1", Message.Status.SUPPRESSED, 10, 10));
        outbox.add(pending("m-1", "c-1", 20));
        outbox.add(message("m-0", "c-1", Message.Status.DEAD, 20, 20));
        outbox.add(pending("other", "c-2", 0));

        assertEquals(List.of("m-2", "m-0", "m-1", "m-3"), ids(outbox.of(CustomerId.of("c-1"))));
        assertEquals(List.of("other"), ids(outbox.of(CustomerId.of("c-2"))));
        assertEquals(List.of(), outbox.of(CustomerId.of("c-3")));
    }

    @Test
    @DisplayName("forEach visits every message once, in its newest version")
    void forEach_visitsEveryMessageOnce() {
        Set<Message> expected = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Message m = pending("m-" + i, "c-" + (i % 4), i);
            outbox.add(m);
            expected.add(m);
        }
        Message sent = pending("m-7", "c-3", 7).with(Message.Status.SENT, "", 1, at(7));
        outbox.update(sent);
        expected.removeIf(m -> m.id().equals("m-7"));
        expected.add(sent);

        List<Message> seen = new ArrayList<>();
        outbox.forEach(seen::add);

        assertEquals(20, seen.size(), "each message once");
        assertEquals(expected, new HashSet<>(seen));
    }

    @Test
    @DisplayName("eraseCustomer removes the customer's messages from find, due, of and forEach, nobody else's")
    void eraseCustomer_removesOnlyTheirs() {
        outbox.add(pending("m-1", "c-1", 0));
        outbox.add(message("m-2", "c-1", Message.Status.SENT, 1, 1));
        outbox.add(pending("m-3", "c-2", 2));

        outbox.eraseCustomer(CustomerId.of("c-1"));
        outbox.eraseCustomer(CustomerId.of("c-404"));

        assertEquals(Optional.empty(), outbox.find("m-1"));
        assertEquals(Optional.empty(), outbox.find("m-2"));
        assertEquals(List.of(), outbox.of(CustomerId.of("c-1")));
        assertEquals(List.of("m-3"), ids(outbox.due(at(100), 10)));
        List<Message> seen = new ArrayList<>();
        outbox.forEach(seen::add);
        assertEquals(List.of("m-3"), ids(seen));
        assertTrue(outbox.add(pending("m-1", "c-1", 50)), "an erased id can be added again");
    }

    /**
     * Whether the outbox claims due messages for one dispatcher at a time (an outbox shared by several
     * processes); an outbox for one process may answer claims with every due message.
     */
    protected boolean claims() {
        return false;
    }

    @Test
    @DisplayName("a claim gives due messages only, earliest first, at most the limit")
    void claimDue_givesDueMessages_inOrder() {
        outbox.add(pending("m-3", "c-1", 30));
        outbox.add(pending("m-1", "c-2", 5));
        outbox.add(message("m-2", "c-3", Message.Status.RETRYING, 0, 10));
        outbox.add(message("m-4", "c-4", Message.Status.SENT, 0, 1));
        outbox.add(pending("m-5", "c-5", 90));

        assertEquals(List.of("m-1", "m-2"), ids(outbox.claimDue(at(60), 2, at(65))));
    }

    @Test
    @DisplayName("a claimed message is not given to another dispatcher until the claim runs out")
    void claimedMessage_isNotGivenAgain_untilTheClaimRunsOut() {
        org.junit.jupiter.api.Assumptions.assumeTrue(claims(), "the outbox serves one process");
        outbox.add(pending("m-1", "c-1", 5));

        assertEquals(List.of("m-1"), ids(outbox.claimDue(at(10), 10, at(15))));
        assertEquals(List.of(), outbox.claimDue(at(10), 10, at(15)), "claimed");
        assertEquals(List.of(), outbox.claimDue(at(14), 10, at(20)), "still claimed");
        assertEquals(List.of("m-1"), ids(outbox.due(at(10), 10)), "a claimed message is still due");
        assertEquals(List.of("m-1"), ids(outbox.claimDue(at(15), 10, at(20))), "the claim ran out");
    }

    @Test
    @DisplayName("updating a message ends its claim")
    void update_endsTheClaim() {
        org.junit.jupiter.api.Assumptions.assumeTrue(claims(), "the outbox serves one process");
        Message m = pending("m-1", "c-1", 5);
        outbox.add(m);
        outbox.claimDue(at(10), 10, at(15));

        Message retrying = m.with(Message.Status.RETRYING, "timeout", 1, at(6));
        outbox.update(retrying);

        assertEquals(List.of(retrying), outbox.claimDue(at(10), 10, at(15)));
    }

    @Test
    @DisplayName("of claims racing from several threads, each message goes to one")
    void concurrentClaims_giveEachMessageOnce() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(claims(), "the outbox serves one process");
        for (int i = 0; i < 40; i++) {
            outbox.add(pending("m-" + i, "c-" + i % 5, i % 7));
        }
        List<String> all = io.relevans.testing.Concurrently.gather(4, 5, () -> ids(outbox.claimDue(at(60), 7, at(120))));
        assertEquals(all.size(), new java.util.HashSet<>(all).size(), "no message claimed twice");
        assertEquals(40, all.size(), "every message claimed");
    }
}
