package io.relevans.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.jdbc.SharedWorkload.Snapshot;
import io.relevans.jdbc.SharedWorkload.Step;
import io.relevans.spi.Storage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several engines on one database, as instances of a retailer's application behind a load balancer:
 * each engine has its own connections (as its own process would), all share the tables. Taking turns on
 * the workload's events and ticks, N engines end with exactly what one engine stores for the same steps;
 * working at once on shared customers (with merges), they lose no event, decide nothing twice, hand no
 * message to a channel twice, and break no consent, cap or once-only rule. Separate processes, killed
 * and restarted: {@code MultiProcess*Test}.
 */
abstract class MultiInstanceBehaviour {

    /** A new data source on the shared database, with connections of its own. */
    protected abstract DataSource connect();

    /** Empties the shared database's Relevans tables. */
    protected abstract void clear();

    @ParameterizedTest(name = "{0} engines")
    @ValueSource(ints = {2, 4})
    @DisplayName("N engines taking turns on one database store exactly what one engine stores")
    void enginesTakingTurns_endAsOne(int n) {
        SharedWorkload w = SharedWorkload.of(7 + n, 30, 600);
        List<String> expectedDeliveries = new ArrayList<>();
        Storage single = Storage.inMemory();
        SharedWorkload.playAlone(w, single, SharedWorkload.recording(m -> expectedDeliveries.add(m.id())));
        Snapshot expected = Snapshot.of(single);

        clear();
        VirtualClock clock = VirtualClock.at(SharedWorkload.START);
        List<String> deliveries = new ArrayList<>();
        List<Relevans> engines = new ArrayList<>();
        List<Storage> storages = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            JdbcStorage storage = JdbcStorage.open(connect());
            storages.add(storage);
            engines.add(SharedWorkload.engine(storage, clock, SharedWorkload.recording(m -> deliveries.add(m.id()))));
        }
        int i = 0;
        for (Step s : w.steps) {
            clock.advanceTo(s.at());
            Relevans engine = engines.get(i++ % n);
            if (s.isTick()) {
                engine.tick();
            } else {
                engine.ingest(s.event());
            }
        }
        clock.advanceTo(w.settled());
        engines.get(i % n).tick();

        Snapshot actual = Snapshot.of(storages.get(0));
        assertEquals(expected.records(), actual.records(), "customers: profiles, features, memberships");
        assertEquals(expected.timers(), actual.timers(), "waiting programs");
        assertEquals(expected.messages(), actual.messages(), "decided messages");
        assertEquals(sorted(expectedDeliveries), sorted(deliveries), "deliveries");
        SharedChecks.deliveredOnce(deliveries);
        assertTrue(SharedChecks.check(w, storages.get(0)) > 50, "the workload contacts customers");
    }

    @ParameterizedTest(name = "{0} engines")
    @ValueSource(ints = {2, 4})
    @DisplayName("N engines at once on shared customers lose no event and duplicate nothing")
    void enginesAtOnce_loseAndDuplicateNothing(int n) throws Exception {
        SharedWorkload w = SharedWorkload.of(31 + n, 12, 900); // few customers: many races on each
        Storage single = Storage.inMemory();
        SharedWorkload.playAlone(w, single, SharedWorkload.recording(m -> { }));
        SortedMap<String, String> expected = w.figures(single);

        clear();
        List<String> deliveries = Collections.synchronizedList(new ArrayList<>());
        List<Relevans> engines = new ArrayList<>();
        // one time for all, as servers' clocks: each engine moves it on to its step's moment, never back
        SharedClock clock = new SharedClock(SharedWorkload.START);
        JdbcStorage shared = null;
        for (int k = 0; k < n; k++) {
            JdbcStorage storage = JdbcStorage.open(connect());
            shared = storage;
            engines.add(SharedWorkload.engine(storage, clock, SharedWorkload.recording(m -> deliveries.add(m.id()))));
        }
        // the sign-ups and consents first, in order: who may be contacted is known before the races
        int signups = 0;
        while (w.steps.get(signups).at().isBefore(SharedWorkload.START.plusSeconds(60L * (w.customers + 1)))) {
            signups++;
        }
        for (Step s : w.steps.subList(0, signups)) {
            clock.advanceTo(s.at());
            if (!s.isTick()) {
                engines.get(0).ingest(s.event());
            }
        }
        List<List<Step>> shares = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            shares.add(new ArrayList<>());
        }
        int i = 0;
        for (Step s : w.steps.subList(signups, w.steps.size())) {
            shares.get(i++ % n).add(s); // events and ticks round robin
        }
        // the engines meet every few steps, so time moves on by hours while one works, far less than the lease
        // (as servers' clocks and a real lease of minutes)
        java.util.concurrent.CyclicBarrier meet = new java.util.concurrent.CyclicBarrier(n);
        int shortest = shares.stream().mapToInt(List::size).min().orElseThrow();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                Relevans engine = engines.get(k);
                List<Step> share = shares.get(k);
                running.add(pool.submit(() -> {
                    int done = 0;
                    for (Step s : share) {
                        if (done++ % 10 == 0 && done < shortest) {
                            meet.await(5, java.util.concurrent.TimeUnit.MINUTES);
                        }
                        clock.advanceTo(s.at());
                        if (s.isTick()) {
                            engine.tick();
                        } else {
                            engine.ingest(s.event());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        clock.advanceTo(w.settled());
        for (Relevans engine : engines) { // every engine at the end: what is due is done
            engine.tick();
        }

        assertEquals(expected, w.figures(shared), "counts and sums per customer: no event lost or doubled");
        SharedChecks.deliveredOnce(deliveries);
        int contacting = SharedChecks.check(w, shared);
        assertTrue(contacting > 20, "the workload contacts customers: " + contacting);
        assertEquals(List.of(), shared.outbox().due(clock.instant(), 10), "nothing left to send");
    }

    private static List<String> sorted(List<String> ids) {
        List<String> out = new ArrayList<>(ids);
        Collections.sort(out);
        return out;
    }
}
