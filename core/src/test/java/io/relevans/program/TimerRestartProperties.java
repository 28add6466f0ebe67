package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.relevans.ChannelBreaker;
import io.relevans.CustomerView;
import io.relevans.definition.Definitions;
import io.relevans.program.ProgramWorkload.Run;
import io.relevans.program.ProgramWorkload.Script;
import io.relevans.spi.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * A waiting program's whole state is in the stores: stopping the engine at any points of a workload
 * and building a new one (new channel adapters, same customer store, timer store and outbox, same
 * clock) gives the same outbox, timers, customers and deliveries as an uninterrupted run. Restarts
 * fall between ticks, also while messages are retrying during a channel outage (the outage goes on
 * with the new adapter). The pool has no scheduled programs: a new engine starts its schedule cursor
 * at the clock's time, so a schedule moment that passed while no engine ran is skipped, not made up.
 * The engines pause no channel ({@link ChannelBreaker#NEVER}): a breaker's state lives in its process
 * (docs/programs.md), so a restarted engine tries a paused channel once more, one attempt more than an
 * uninterrupted run.
 */
class TimerRestartProperties {

    @Provide
    Arbitrary<Set<String>> programSets() {
        return Arbitraries.of(ProgramWorkload.SHAPES).set().ofMinSize(3).ofMaxSize(ProgramWorkload.SHAPES.size());
    }

    @Provide
    Arbitrary<Script> scripts() {
        return ProgramWorkload.scripts(30, 90);
    }

    @Provide
    Arbitrary<Set<Integer>> cuts() {
        return Arbitraries.integers().between(0, 90).set().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 25, shrinking = ShrinkingMode.BOUNDED)
    void restartsOnTheSameStores_changeNothing(@ForAll("programSets") Set<String> shapes,
                                               @ForAll @IntRange(min = 0, max = 3) int caps,
                                               @ForAll("scripts") Script script,
                                               @ForAll("cuts") Set<Integer> cuts,
                                               @ForAll boolean restartWhileIdle) {
        Definitions definitions = ProgramWorkload.definitions(shapes, caps);

        Run straight = new Run(definitions, ChannelBreaker.NEVER);
        straight.setUp(script.consents());
        straight.play(script.actions());
        straight.idle(Duration.ofHours(30));
        straight.idle(Duration.ofHours(42));

        Run restarted = new Run(definitions, ChannelBreaker.NEVER);
        restarted.setUp(script.consents());
        int restarts = 0;
        int from = 0;
        boolean inFlight = false;
        for (int cut : new TreeSet<>(cuts)) {
            int to = Math.min(cut, script.actions().size());
            restarted.play(script.actions().subList(from, to));
            inFlight |= inFlight(restarted);
            restarted.restart();
            restarts++;
            from = to;
        }
        restarted.play(script.actions().subList(from, script.actions().size()));
        restarted.idle(Duration.ofHours(30));
        if (restartWhileIdle) {
            inFlight |= inFlight(restarted);
            restarted.restart();
            restarts++;
        }
        restarted.idle(Duration.ofHours(42));

        assertEquals(straight.messages(), restarted.messages(), "outbox");
        assertEquals(straight.waiting(), restarted.waiting(), "timers");
        assertEquals(views(straight), views(restarted), "customers, segments and features");
        assertEquals(straight.deliveries(), restarted.deliveries(), "deliveries, old adapters then new ones");

        Statistics.label("restarts").collect(restarts);
        Statistics.label("timers or retries in flight at a restart").collect(inFlight);
        Statistics.label("timers or retries in flight at a restart").coverage(c -> c.check(true).percentage(p -> p > 30));
    }

    private static List<Optional<CustomerView>> views(Run run) {
        List<Optional<CustomerView>> out = new ArrayList<>();
        for (int who = 0; who < ProgramWorkload.CUSTOMERS; who++) {
            out.add(run.engine.customer(ProgramWorkload.id(who)));
        }
        return out;
    }

    /** Whether a timer waits or a message is pending or retrying in the stores. */
    private static boolean inFlight(Run run) {
        return run.waiting().values().stream().anyMatch(l -> !l.isEmpty()) || run.messages().stream()
                .anyMatch(m -> m.status() == Message.Status.RETRYING || m.status() == Message.Status.PENDING);
    }
}
