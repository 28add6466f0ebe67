package io.relevans.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TimerStore} must have. An implementation's test extends this class and
 * returns a new, empty store from {@link #newStore()}; every test (and every property try) gets its own.
 */
public abstract class TimerStoreContract {

    protected static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    private static final Event TRIGGER = Event.builder(EventType.CART_CHANGE, Identity.email("a@example.com"), T)
            .id("e-1").build();

    protected TimerStore store;

    /** A new, empty store. */
    protected abstract TimerStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    /** A resume timer at the step, due the given number of minutes after {@link #T}. */
    protected static Timer timer(String customer, String program, Timer.Kind kind, long dueMinutes, String step) {
        return new Timer(CustomerId.of(customer), program, kind, T.plus(Duration.ofMinutes(dueMinutes)), step,
                T.minus(Duration.ofDays(1)), "B", false, TRIGGER, new TreeSet<>(Set.of(0, 2)));
    }

    protected static Timer timer(String customer, String program, long dueMinutes) {
        return timer(customer, program, Timer.Kind.RESUME, dueMinutes, "wait");
    }

    private static Timer.Key key(String customer, String program, Timer.Kind kind) {
        return new Timer.Key(CustomerId.of(customer), program, kind);
    }

    @Test
    @DisplayName("an empty store has nothing due and no timers for anyone")
    void emptyStore_hasNothing() {
        assertEquals(List.of(), store.due(T.plus(Duration.ofDays(1000)), 100));
        assertEquals(List.of(), store.of(CustomerId.of("c-1")));
        assertFalse(store.cancel(key("c-1", "p", Timer.Kind.RESUME)));
    }

    @Test
    @DisplayName("a scheduled timer comes back equal, all parts kept")
    void schedule_thenDue_returnsEqualTimer() {
        Timer t = timer("c-1", "cart", Timer.Kind.RESUME, 30, "reminder");

        store.schedule(t);

        List<Timer> due = store.due(T.plus(Duration.ofMinutes(30)), 10);
        assertEquals(List.of(t), due);
        assertEquals("reminder", due.get(0).step());
        assertEquals(TRIGGER, due.get(0).trigger());
        assertEquals(Set.of(0, 2), due.get(0).since());
        assertEquals(List.of(t), store.of(CustomerId.of("c-1")));
    }

    @Test
    @DisplayName("scheduling under a known key replaces the timer, its due time included")
    void schedule_sameKey_replaces() {
        store.schedule(timer("c-1", "cart", Timer.Kind.RESUME, 10, "first"));
        Timer later = timer("c-1", "cart", Timer.Kind.RESUME, 60, "second");

        store.schedule(later);

        assertEquals(List.of(), store.due(T.plus(Duration.ofMinutes(59)), 10), "the old due time is gone");
        assertEquals(List.of(later), store.due(T.plus(Duration.ofMinutes(60)), 10));
        assertEquals(List.of(later), store.of(CustomerId.of("c-1")));
    }

    @Test
    @DisplayName("a resume and a trigger timer of the same program are different keys and both kept")
    void schedule_sameProgramOtherKind_keepsBoth() {
        Timer resume = timer("c-1", "p", Timer.Kind.RESUME, 5, "s");
        Timer trigger = timer("c-1", "p", Timer.Kind.TRIGGER, 5, "");

        store.schedule(resume);
        store.schedule(trigger);

        assertEquals(Set.of(resume, trigger), new HashSet<>(store.of(CustomerId.of("c-1"))));
        assertEquals(List.of(resume, trigger), store.due(T.plus(Duration.ofMinutes(5)), 10));
    }

    @Test
    @DisplayName("cancel removes the timer once and answers whether there was one")
    void cancel_removesOnce() {
        Timer a = timer("c-1", "a", 5);
        Timer b = timer("c-1", "b", 5);
        store.schedule(a);
        store.schedule(b);

        assertTrue(store.cancel(a.key()));
        assertFalse(store.cancel(a.key()));

        assertEquals(List.of(b), store.due(T.plus(Duration.ofDays(1)), 10));
        assertEquals(List.of(b), store.of(CustomerId.of("c-1")));
        assertFalse(store.cancel(key("c-1", "b", Timer.Kind.TRIGGER)), "other kind, not stored");
    }

    @Test
    @DisplayName("due answers timers at or before the moment, earliest first, and no later ones")
    void due_filtersAndOrdersByTime() {
        Timer t30 = timer("c-3", "p", 30);
        Timer t10 = timer("c-1", "p", 10);
        Timer t20 = timer("c-2", "p", 20);
        Timer t40 = timer("c-4", "p", 40);
        for (Timer t : List.of(t30, t10, t40, t20)) {
            store.schedule(t);
        }

        assertEquals(List.of(t10, t20, t30), store.due(T.plus(Duration.ofMinutes(30)), 10), "due time inclusive");
        assertEquals(List.of(), store.due(T.plus(Duration.ofMinutes(9)), 10));
        assertEquals(List.of(t10, t20, t30, t40), store.due(T.plus(Duration.ofMinutes(40)), 10));
    }

    @Test
    @DisplayName("due answers at most the limit, the earliest ones; a limit of 0 answers nothing")
    void due_respectsLimit() {
        for (int i = 0; i < 10; i++) {
            store.schedule(timer("c-" + i, "p", 10 - i));
        }

        List<Timer> three = store.due(T.plus(Duration.ofDays(1)), 3);

        assertEquals(List.of("c-9", "c-8", "c-7"), three.stream().map(t -> t.customer().value()).toList());
        assertEquals(List.of(), store.due(T.plus(Duration.ofDays(1)), 0));
        assertEquals(10, store.due(T.plus(Duration.ofDays(1)), 1000).size());
        assertEquals(10, store.due(T.plus(Duration.ofDays(1)), 10).size());
    }

    @Test
    @DisplayName("timers due at the same moment are ordered by customer id, then program, then kind")
    void due_tiesBrokenByKey() {
        Timer b = timer("c-b", "alpha", Timer.Kind.RESUME, 5, "s");
        Timer aZetaTrigger = timer("c-a", "zeta", Timer.Kind.TRIGGER, 5, "");
        Timer aAlpha = timer("c-a", "alpha", Timer.Kind.TRIGGER, 5, "");
        Timer aZetaResume = timer("c-a", "zeta", Timer.Kind.RESUME, 5, "s");
        for (Timer t : List.of(b, aZetaTrigger, aAlpha, aZetaResume)) {
            store.schedule(t);
        }

        assertEquals(List.of(aAlpha, aZetaResume, aZetaTrigger, b), store.due(T.plus(Duration.ofMinutes(5)), 10));
        assertEquals(List.of(aAlpha, aZetaResume), store.due(T.plus(Duration.ofMinutes(5)), 2));
    }

    @Test
    @DisplayName("of answers only the customer's own timers")
    void of_answersOwnTimers() {
        Timer a1 = timer("c-1", "a", 5);
        Timer a2 = timer("c-1", "b", 50);
        Timer other = timer("c-2", "a", 5);
        store.schedule(a1);
        store.schedule(a2);
        store.schedule(other);

        assertEquals(Set.of(a1, a2), new HashSet<>(store.of(CustomerId.of("c-1"))));
        assertEquals(2, store.of(CustomerId.of("c-1")).size());
        assertEquals(List.of(other), store.of(CustomerId.of("c-2")));
        assertEquals(List.of(), store.of(CustomerId.of("c-3")));
    }

    @Test
    @DisplayName("eraseCustomer removes all the customer's timers and nobody else's")
    void eraseCustomer_removesOnlyTheirs() {
        Timer a1 = timer("c-1", "a", 5);
        Timer a2 = timer("c-1", "b", Timer.Kind.TRIGGER, 6, "");
        Timer other = timer("c-2", "a", 7);
        store.schedule(a1);
        store.schedule(a2);
        store.schedule(other);

        store.eraseCustomer(CustomerId.of("c-1"));
        store.eraseCustomer(CustomerId.of("c-404"));

        assertEquals(List.of(), store.of(CustomerId.of("c-1")));
        assertEquals(List.of(other), store.due(T.plus(Duration.ofDays(1)), 10));
        assertFalse(store.cancel(a1.key()));
        store.schedule(a1);
        assertEquals(List.of(a1), store.of(CustomerId.of("c-1")), "an erased customer can get timers again");
    }

    // ---------------------------------------------------------------- property: against a model

    /** One step of a random sequence: schedule a timer or cancel a key. */
    record Op(boolean schedule, String customer, String program, Timer.Kind kind, long dueMinutes) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.integers().between(0, 3).map(i -> i > 0), // three schedules per cancel
                Arbitraries.of("c-1", "c-2", "c-3"),
                Arbitraries.of("a", "b"),
                Arbitraries.of(Timer.Kind.class),
                Arbitraries.longs().between(0, 5)) // few due times: ties are common
                .as(Op::new);
        return op.list().ofMaxSize(40);
    }

    @Property(tries = 200)
    void due_matchesSimpleModel(@ForAll("operations") List<Op> ops,
                                @ForAll("probes") long probeMinutes) {
        TimerStore s = newStore();
        Map<Timer.Key, Timer> model = new HashMap<>();
        for (Op op : ops) {
            Timer.Key k = key(op.customer(), op.program(), op.kind());
            if (op.schedule()) {
                Timer t = timer(op.customer(), op.program(), op.kind(), op.dueMinutes(), "s" + op.dueMinutes());
                s.schedule(t);
                model.put(k, t);
            } else {
                assertEquals(model.remove(k) != null, s.cancel(k), "cancel answer for " + k);
            }
        }
        Instant probe = T.plus(Duration.ofMinutes(probeMinutes));
        List<Timer> expected = new ArrayList<>();
        for (Timer t : model.values()) {
            if (!t.due().isAfter(probe)) {
                expected.add(t);
            }
        }
        expected.sort(Comparator.comparing(Timer::due)
                .thenComparing(t -> t.customer().value())
                .thenComparing(Timer::program)
                .thenComparing(Timer::kind));

        assertEquals(expected, s.due(probe, 1000));
        for (String c : List.of("c-1", "c-2", "c-3")) {
            Set<Timer> own = new HashSet<>();
            model.values().stream().filter(t -> t.customer().value().equals(c)).forEach(own::add);
            assertEquals(own, new HashSet<>(s.of(CustomerId.of(c))), "of(" + c + ")");
        }
    }

    @Provide
    Arbitrary<Long> probes() {
        return Arbitraries.longs().between(-1, 6);
    }

    /**
     * Whether the store claims due timers for one caller at a time (a store shared by several processes);
     * a store for one process may answer claims with every due timer.
     */
    protected boolean claims() {
        return false;
    }

    @Test
    @DisplayName("a claim gives due timers only, earliest first, at most the limit")
    void claimDue_givesDueTimers_inOrder() {
        store.schedule(timer("c-1", "late", 30));
        store.schedule(timer("c-2", "early", 5));
        store.schedule(timer("c-3", "middle", 10));
        store.schedule(timer("c-4", "future", 90));

        List<Timer> claimed = store.claimDue(T.plusSeconds(3_600), 2, T.plusSeconds(3_900));

        assertEquals(List.of("early", "middle"), claimed.stream().map(Timer::program).toList());
    }

    @Test
    @DisplayName("a claimed timer is not given to another claim until the claim runs out")
    void claimedTimer_isNotGivenAgain_untilTheClaimRunsOut() {
        org.junit.jupiter.api.Assumptions.assumeTrue(claims(), "the store serves one process");
        Timer t = timer("c-1", "cart", 5);
        store.schedule(t);

        assertEquals(List.of(t), store.claimDue(T.plusSeconds(600), 10, T.plusSeconds(900)));
        assertEquals(List.of(), store.claimDue(T.plusSeconds(600), 10, T.plusSeconds(900)), "claimed");
        assertEquals(List.of(), store.claimDue(T.plusSeconds(899), 10, T.plusSeconds(1_200)), "still claimed");
        assertEquals(List.of(t), store.due(T.plusSeconds(600), 10), "a claimed timer is still due");
        assertEquals(List.of(t), store.claimDue(T.plusSeconds(900), 10, T.plusSeconds(1_200)), "the claim ran out");
    }

    @Test
    @DisplayName("scheduling a timer again ends its claim")
    void schedule_endsTheClaim() {
        org.junit.jupiter.api.Assumptions.assumeTrue(claims(), "the store serves one process");
        Timer t = timer("c-1", "cart", 5);
        store.schedule(t);
        store.claimDue(T.plusSeconds(600), 10, T.plusSeconds(900));

        Timer moved = timer("c-1", "cart", Timer.Kind.RESUME, 6, "remind");
        store.schedule(moved);

        assertEquals(List.of(moved), store.claimDue(T.plusSeconds(600), 10, T.plusSeconds(900)));
    }

    @Test
    @DisplayName("of claims racing from several threads, each timer goes to one")
    void concurrentClaims_giveEachTimerOnce() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(claims(), "the store serves one process");
        for (int i = 0; i < 40; i++) {
            store.schedule(timer("c-" + i, "cart", i % 7));
        }
        List<Timer> all = io.relevans.testing.Concurrently.gather(4, 5,
                () -> store.claimDue(T.plusSeconds(3_600), 7, T.plusSeconds(7_200)));
        assertEquals(all.size(), new HashSet<>(all).size(), "no timer claimed twice");
        assertEquals(40, all.size(), "every timer claimed");
    }
}
