package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.ProgramResult;
import io.relevans.Relevans;
import io.relevans.SplitResult;
import io.relevans.VirtualClock;
import io.relevans.definition.InvalidDefinitionException;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.InMemoryOutbox;
import io.relevans.spi.InMemoryTimerStore;
import io.relevans.spi.Message;
import io.relevans.spi.SplitDecision;
import io.relevans.spi.Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * S9, a split that learns: in a simulated run where the coupon message converts clearly better, the
 * split's rule picks it, never before every variant has its minimum of messages with their goal window
 * ended; then new entrants get the winner while customers already in the other variant stay in it.
 */
class SplitWinnerTest {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final int MINIMUM = 100;

    /**
     * An hourly run: when each customer (by number) signed up, and those whose message went out, who
     * had their chance to buy.
     */
    private record Run(Relevans engine, AbWorkload workload, VirtualClock clock, List<Instant> signedUp,
                       Set<Integer> sent) {
    }

    /**
     * Signs up {@code perHour} customers an hour for the hours, ticking each hour; customers buy (or not)
     * as their message goes out (an hour after signing up, or in the morning after the quiet hours).
     */
    private static void runHours(Run run, int hours, int perHour, List<SplitResult> seen) {
        for (int h = 0; h < hours; h++) {
            for (int i = 0; i < perHour; i++) {
                run.workload().signUp(run.engine(), run.signedUp().size());
                run.signedUp().add(run.clock().instant());
            }
            run.clock().advance(Duration.ofHours(1));
            run.engine().tick(); // decides (when due), then the waits of the last hour end and messages go out
            for (int n = 0; n < run.signedUp().size(); n++) {
                if (!run.sent().contains(n) && AbWorkload.message(run.engine(), n).isPresent()) {
                    run.sent().add(n);
                    run.workload().maybeBuy(run.engine(), n);
                }
            }
            seen.addAll(run.engine().splits());
        }
    }

    private static Run start(Storage storage) {
        VirtualClock clock = VirtualClock.at(START);
        Relevans engine = Relevans.builder().clock(clock).storage(storage).channel(AbWorkload.email())
                .templates(AbWorkload.templates()).definitions(AbWorkload.definitions(MINIMUM)).build();
        return new Run(engine, new AbWorkload(clock, 7, 0.10, 0.45), clock, new ArrayList<>(), new HashSet<>());
    }

    @Test
    @DisplayName("S9: the split picks the variant that converts better, never before its minimum per variant")
    void split_picksBetterVariant_notBeforeMinimum() {
        Run run = start(Storage.inMemory());
        List<SplitResult> seen = new ArrayList<>();
        runHours(run, 24 * 4, 6, seen);

        List<SplitResult> now = run.engine().splits();
        assertEquals(1, now.size());
        SplitResult ab = now.get(0);
        assertEquals(Optional.of("coupon"), ab.winner(), ab.toString());
        SplitDecision d = ab.decision().orElseThrow();
        for (SplitDecision.Figures f : d.figures()) {
            assertTrue(f.messages() >= MINIMUM, "decided on " + f);
        }
        assertTrue(d.figures().get(1).conversionRate() > d.figures().get(0).conversionRate(), d.toString());
        assertEquals(0.95, d.confidence());
        // never before: every earlier look without the minimum in each variant was undecided
        boolean sawTooFew = false;
        for (SplitResult r : seen) {
            boolean tooFew = r.figures().stream().anyMatch(f -> f.messages() < MINIMUM);
            sawTooFew |= tooFew;
            if (tooFew) {
                assertEquals(Optional.empty(), r.decision(), "decided with a variant below the minimum: " + r);
            }
        }
        assertTrue(sawTooFew, "the run started below the minimum");
        assertTrue(seen.stream().anyMatch(r -> r.decision().isEmpty()), "undecided at first");
        // no decision before the goal window of the minimum's messages could end: two days in at the earliest
        assertFalse(d.decidedAt().isBefore(START.plus(AbWorkload.WINDOW)), d.decidedAt().toString());
    }

    @Test
    @DisplayName("S9: once decided, new entrants get the winner; customers already in a variant stay in theirs")
    void afterDecision_newEntrantsGetWinner_existingStay() {
        Run run = start(Storage.inMemory());
        runHours(run, 24 * 4, 6, new ArrayList<>());
        Instant decided = run.engine().splits().get(0).decision().orElseThrow().decidedAt();
        runHours(run, 24, 10, new ArrayList<>());

        int plainAfterDecision = 0;
        int after = 0;
        for (int n = 0; n < run.signedUp().size(); n++) {
            Optional<Message> sent = AbWorkload.message(run.engine(), n);
            if (sent.isEmpty()) {
                continue; // waiting for the morning
            }
            Message m = sent.get();
            if (!run.signedUp().get(n).isBefore(decided)) {
                after++;
                assertEquals("coupon", m.variant(), "customer " + n + " entered after the decision at " + decided);
                assertEquals("welcome_coupon", m.template());
            } else if (m.variant().equals("plain") && !m.decidedAt().isBefore(decided)) {
                plainAfterDecision++; // in plain before the decision, sent after it: stayed
                assertEquals("welcome_plain", m.template());
            }
        }
        assertTrue(plainAfterDecision > 0, "some customers were waiting in plain when it was decided");
        assertTrue(after >= 100, "new entrants after the decision: " + after);
        // the results still count both variants and report the uplift with an interval
        List<ProgramResult> results = run.engine().results();
        assertTrue(results.stream().anyMatch(r -> r.variant().equals("plain") && r.decided() > 0));
    }

    @Test
    @DisplayName("a decision survives a new engine on the same storage and a reload of the definitions")
    void decision_survivesNewEngineAndReload() {
        Storage storage = Storage.inMemory();
        Run run = start(storage);
        runHours(run, 24 * 4, 6, new ArrayList<>());
        SplitDecision d = run.engine().splits().get(0).decision().orElseThrow();

        Relevans again = Relevans.builder().clock(run.clock()).storage(storage).channel(AbWorkload.email())
                .templates(AbWorkload.templates()).definitions(AbWorkload.definitions(MINIMUM)).build();
        assertEquals(Optional.of(d), again.splits().get(0).decision());
        again.load(AbWorkload.definitions(MINIMUM + 1));
        Run next = new Run(again, new AbWorkload(run.clock(), 8, 0.10, 0.45), run.clock(), run.signedUp(),
                run.sent());
        int first = run.signedUp().size();
        runHours(next, 24, 10, new ArrayList<>());
        int checked = 0;
        for (int n = first; n < run.signedUp().size(); n++) {
            Optional<Message> m = AbWorkload.message(again, n);
            if (m.isPresent()) {
                checked++;
                assertEquals("coupon", m.get().variant(), "customer " + n);
            }
        }
        assertTrue(checked >= 100, "entrants after the restart: " + checked);
        assertEquals(List.of(d), storage.splitDecisions().all(), "decided once");
    }

    @Test
    @DisplayName("decideSplits decides at once; with too few messages it stores nothing")
    void decideSplits_tooFew_decidesNothing() {
        Run run = start(Storage.inMemory());
        runHours(run, 10, 6, new ArrayList<>());
        List<SplitResult> r = run.engine().decideSplits();
        assertEquals(Optional.empty(), r.get(0).decision());
        assertEquals(List.of(0L, 0L), r.get(0).figures().stream().map(SplitDecision.Figures::messages).toList(),
                "no message's goal window has ended yet");
    }

    @Test
    @DisplayName("a storage that keeps no split decisions refuses a split that picks a winner, naming it")
    void storageWithoutDecisions_refused() {
        Storage plain = new Storage() {
            private final Storage inner = Storage.of(new InMemoryCustomerStore(), new InMemoryTimerStore(),
                    new InMemoryOutbox());

            @Override
            public io.relevans.spi.CustomerStore customers() {
                return inner.customers();
            }

            @Override
            public io.relevans.spi.TimerStore timers() {
                return inner.timers();
            }

            @Override
            public io.relevans.spi.Outbox outbox() {
                return inner.outbox();
            }

            @Override
            public Optional<io.relevans.spi.StoredCustomer> load(io.relevans.customer.CustomerId id) {
                return inner.load(id);
            }

            @Override
            public boolean commit(io.relevans.spi.Commit commit) {
                return inner.commit(commit);
            }
        };
        InvalidDefinitionException e = assertThrows(InvalidDefinitionException.class, () -> Relevans.builder()
                .storage(plain).templates(AbWorkload.templates()).definitions(AbWorkload.definitions(MINIMUM)).build());
        assertTrue(e.getMessage().startsWith("split 'ab' of program 'welcome_ab' picks a winner, but the storage keeps "
                + "no split decisions: "), e.getMessage());
    }

    @Test
    @DisplayName("S9: each variant's uplift over control comes with its confidence interval")
    void upliftInterval_fromResults() {
        ProgramResult variant = new ProgramResult("p", "b", false, 1000, 1000, 0, 0, 0, 150);
        ProgramResult control = new ProgramResult("p", "", true, 1000, 0, 0, 0, 0, 100);
        ProgramResult.Uplift u = variant.upliftInterval(control, 0.95);
        assertEquals(0.5, u.estimate(), 1e-12);
        assertTrue(u.lower() > 0.18 && u.lower() < 0.19 && u.upper() > 0.9 && u.upper() < 0.91, u.toString());
        assertTrue(u.significant());
        ProgramResult.Uplift none = new ProgramResult("p", "a", false, 1000, 1000, 0, 0, 0, 0).upliftInterval(control,
                0.95);
        assertTrue(Double.isNaN(none.lower()) && !none.significant());
        assertThrows(IllegalArgumentException.class, () -> variant.upliftInterval(control, 1.0));
    }
}
