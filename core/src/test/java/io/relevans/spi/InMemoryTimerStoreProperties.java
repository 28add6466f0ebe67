package io.relevans.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.relevans.customer.CustomerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The in-memory timer store's heap of due timers (whose replaced and cancelled entries are dropped late)
 * answers as a plain map of the live timers sorted by due time and key would: after any sequence of
 * schedules, replacements, cancellations, erasures and due reads (of the earliest timers, so that dropped
 * entries stay in the heap), long enough to rebuild the heap.
 */
class InMemoryTimerStoreProperties {

    private static final Comparator<Timer> DUE_ORDER = Comparator.comparing(Timer::due)
            .thenComparing(Timer::key, InMemoryTimerStore.KEY_ORDER);

    /** One operation: 0-5 schedule, 6 cancel, 7 erase the customer, 8-9 read what is due (a limit and a moment). */
    record Op(int what, int customer, int program, int kind, int minutes) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 1_000)).as(Op::new);
        return op.list().ofMinSize(2_000).ofMaxSize(4_000);
    }

    @Example
    void aTimerReplacedOverAndOver_isDueOnce() {
        for (int times = 1; times <= 2_100; times += times < 900 ? 97 : 1) { // every count around the rebuilds
            InMemoryTimerStore store = new InMemoryTimerStore();
            Timer last = null;
            for (int i = 0; i < times; i++) {
                last = TimerStoreContract.timer("c", "p", Timer.Kind.RESUME, i % 50, "s" + i);
                store.schedule(last);
            }
            assertEquals(List.of(last), store.due(Instant.MAX, Integer.MAX_VALUE), times + " times");
        }
    }

    @Property(tries = 20)
    void dueTimers_areTheLiveOnes_earliestFirst_tiesByKey(@ForAll("operations") List<Op> ops) {
        InMemoryTimerStore store = new InMemoryTimerStore();
        Map<Timer.Key, Timer> live = new TreeMap<>(InMemoryTimerStore.KEY_ORDER);
        for (Op op : ops) {
            String customer = "c" + op.customer();
            switch (op.what()) {
                case 6 -> {
                    Timer.Key key = new Timer.Key(CustomerId.of(customer), "p" + op.program(),
                            Timer.Kind.values()[op.kind()]);
                    assertEquals(live.remove(key) != null, store.cancel(key));
                }
                case 7 -> {
                    live.keySet().removeIf(k -> k.customer().equals(CustomerId.of(customer)));
                    store.eraseCustomer(CustomerId.of(customer));
                }
                case 8, 9 -> {
                    Instant now = TimerStoreContract.T.plusSeconds(6L * op.minutes()); // the earliest tenth: stale entries stay
                    int limit = op.program() * 3;
                    List<Timer> expected = new ArrayList<>(live.values().stream()
                            .filter(t -> !t.due().isAfter(now)).sorted(DUE_ORDER).toList());
                    assertEquals(expected.subList(0, Math.min(limit, expected.size())), store.due(now, limit));
                }
                default -> {
                    Timer t = TimerStoreContract.timer(customer, "p" + op.program(), Timer.Kind.values()[op.kind()],
                            op.minutes(), "s" + op.what());
                    live.put(t.key(), t);
                    store.schedule(t);
                }
            }
            if (op.what() >= 6) {
                for (int c = 0; c < 4; c++) {
                    CustomerId id = CustomerId.of("c" + c);
                    assertEquals(live.values().stream().filter(t -> t.customer().equals(id)).toList(), store.of(id));
                }
            }
        }
        List<Timer> all = live.values().stream().sorted(DUE_ORDER).toList();
        assertEquals(all, store.due(Instant.MAX, Integer.MAX_VALUE));
    }
}
