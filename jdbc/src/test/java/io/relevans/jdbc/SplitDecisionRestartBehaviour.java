package io.relevans.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.Relevans;
import io.relevans.SplitResult;
import io.relevans.VirtualClock;
import io.relevans.program.AbWorkload;
import io.relevans.spi.Message;
import io.relevans.spi.SplitDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * S9 on the JDBC storage: the winner an A/B split picked is stored in the database, so an engine
 * started anew on it (its connections closed and opened again) sends new entrants to the same winner
 * and never decides again, and a second instance on the database that decides later is answered with
 * the first decision. Each database runs it in a subclass; every test gets a new, empty database.
 */
abstract class SplitDecisionRestartBehaviour {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final int MINIMUM = 40;

    private final VirtualClock clock = VirtualClock.at(START);
    private final Set<Integer> sent = new HashSet<>();
    private int signedUp;
    private TestDatabase db;

    /** A new database without the Relevans schema. */
    abstract TestDatabase newDatabase();

    @BeforeEach
    void createDatabase() {
        db = newDatabase();
    }

    private Relevans start(DataSource dataSource) {
        return Relevans.builder().clock(clock).storage(JdbcStorage.open(dataSource)).channel(AbWorkload.email())
                .templates(AbWorkload.templates()).definitions(AbWorkload.definitions(MINIMUM)).build();
    }

    /** Customers sign up each hour and buy as their message goes out; the engine ticks each hour. */
    private void run(Relevans engine, AbWorkload workload, int hours, int perHour) {
        for (int h = 0; h < hours; h++) {
            for (int i = 0; i < perHour; i++) {
                workload.signUp(engine, signedUp++);
            }
            clock.advance(Duration.ofHours(1));
            engine.tick();
            for (int n = 0; n < signedUp; n++) {
                if (!sent.contains(n) && AbWorkload.message(engine, n).isPresent()) {
                    sent.add(n);
                    workload.maybeBuy(engine, n);
                }
            }
        }
    }

    @Test
    @DisplayName("S9: a decided winner survives a restart on the database, and a later decider gets the first decision")
    void decision_survivesRestart_firstStoredWins() {
        DataSource firstProcess = db.reconnect();
        Relevans first = start(firstProcess);
        AbWorkload workload = new AbWorkload(clock, 11, 0.05, 0.6);
        run(first, workload, 24 * 4, 4);
        SplitResult decided = first.splits().get(0);
        SplitDecision d = decided.decision().orElseThrow(() -> new AssertionError("undecided: " + decided));
        assertEquals("coupon", d.winner());
        TestDatabase.disconnect(firstProcess);

        DataSource secondProcess = db.reconnect();
        Relevans second = start(secondProcess);
        assertEquals(Optional.of(d), second.splits().get(0).decision(), "read back from the database");
        int from = signedUp;
        run(second, workload, 24, 3);
        int checked = 0;
        for (int n = from; n < signedUp; n++) {
            Optional<Message> m = AbWorkload.message(second, n);
            if (m.isPresent()) {
                checked++;
                assertEquals("coupon", m.get().variant(), "customer " + n + " entered after the restart");
            }
        }
        assertTrue(checked >= 40, "entrants after the restart: " + checked);

        // another instance that decides on its own is answered with the stored decision
        JdbcStorage other = JdbcStorage.open(secondProcess);
        SplitDecision late = new SplitDecision(d.program(), d.split(), "plain", clock.instant(), 0.95, d.figures());
        assertEquals(d, other.splitDecisions().decide(late));
        assertEquals(List.of(d), other.splitDecisions().all());
        assertEquals(List.of(d), second.decideSplits().stream().map(r -> r.decision().orElseThrow()).toList());
        TestDatabase.disconnect(secondProcess);
    }
}
