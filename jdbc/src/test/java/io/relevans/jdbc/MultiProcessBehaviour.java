package io.relevans.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.jdbc.SharedWorkload.Step;
import io.relevans.json.EventJson;
import io.relevans.spi.Storage;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engines in separate JVM processes on one database ({@link SharedEngineProcess}), as a retailer's
 * instances behind a load balancer: after the sign-ups, each process gets every other event and tick and
 * works on them at the same time as the others; the test kills one process or the other with
 * {@code kill -9} at random moments (mid-ingest, mid-tick, mid-delivery), starts it again and delivers
 * the command it was given again. The end: per customer the same counts and sums as one engine given the
 * same events (no event lost or applied twice), no decision against a consent, cap or once-only rule, and
 * no message handed to a channel twice except by a process killed before it could record the delivery
 * (at least once, with the same id).
 */
abstract class MultiProcessBehaviour {

    private static final int PROCESSES = 2;
    /** The soak variant is the measurement of the issue that asked for several instances: 2,000 customers, 50,000 events. */
    private static final int CUSTOMERS = io.relevans.testing.Soak.on() ? 2_000 : 12;
    private static final int ACTIONS = io.relevans.testing.Soak.on() ? 50_000 : 500;
    private static final int KILLS = io.relevans.testing.Soak.on() ? 20 : 6;

    /** The JDBC URL the processes connect with (credentials and schema included). */
    protected abstract String processUrl();

    /** A data source on the shared database, for the test's own reads. */
    protected abstract DataSource connect();

    /** Empties the shared database's Relevans tables. */
    protected abstract void clear();

    /** One engine process and its pipes. */
    private final class Engine implements AutoCloseable {
        final int number;
        final Path deliveries;
        final Path log;
        int incarnation;
        Process process;
        Writer in;
        BufferedReader out;

        Engine(int number, Path dir) throws IOException {
            this.number = number;
            this.deliveries = dir.resolve("deliveries.txt");
            this.log = dir.resolve("engine-" + number + ".log");
            start();
        }

        String name() {
            return number + "-" + incarnation;
        }

        void start() throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            ProcessBuilder b = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                    SharedEngineProcess.class.getName(), processUrl(), name(), deliveries.toString());
            b.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = b.start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            if (!"ready".equals(ready)) {
                throw new IllegalStateException("engine " + name() + " did not start (" + ready + "); see " + log
                        + ":\n" + Files.readString(log));
            }
        }

        /** Sends the command and waits for its answer. */
        void run(String command, String seq) throws IOException {
            in.write(command + "\n");
            in.flush();
            String answer = out.readLine();
            if (!("ok " + seq).equals(answer)) {
                throw new IllegalStateException("engine " + name() + " answered " + answer + " to " + seq + "; see "
                        + log + ":\n" + Files.readString(log));
            }
        }

        /** Sends the command, kills the process after the delay (mid-work or after), starts it again. */
        void killDuring(String command, long delayMillis) throws IOException, InterruptedException {
            in.write(command + "\n");
            in.flush();
            Thread.sleep(delayMillis);
            process.destroyForcibly(); // SIGKILL: no shutdown hooks, no rollback sent, no flush
            process.waitFor(30, TimeUnit.SECONDS);
            incarnation++;
            start();
        }

        @Override
        public void close() throws IOException, InterruptedException {
            if (process.isAlive()) {
                in.write("Q\n");
                in.flush();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    private static String command(Step s, int seq) {
        return s.isTick() ? "T " + seq + " " + s.at().toEpochMilli()
                : "I " + seq + " " + s.at().toEpochMilli() + " " + EventJson.write(s.event());
    }

    @Test
    @DisplayName("engines in separate processes, killed at random and given their work again, lose and duplicate nothing")
    void processesKilledAndRestarted_loseAndDuplicateNothing(@TempDir Path dir) throws Exception {
        SharedWorkload w = SharedWorkload.of(97, CUSTOMERS, ACTIONS);
        Storage single = Storage.inMemory();
        SharedWorkload.playAlone(w, single, SharedWorkload.recording(m -> { }));
        SortedMap<String, String> expected = w.figures(single);

        clear();
        Set<String> killed = ConcurrentHashMap.newKeySet();
        List<Engine> engines = new ArrayList<>();
        try {
            for (int k = 0; k < PROCESSES; k++) {
                engines.add(new Engine(k, dir));
            }
            int signups = 0;
            while (w.steps.get(signups).at().isBefore(SharedWorkload.START.plusSeconds(60L * (w.customers + 1)))) {
                signups++;
            }
            for (int i = 0; i < signups; i++) {
                engines.get(0).run(command(w.steps.get(i), i), String.valueOf(i));
            }
            Random random = new Random(5);
            List<List<Integer>> shares = new ArrayList<>();
            for (int k = 0; k < PROCESSES; k++) {
                shares.add(new ArrayList<>());
            }
            for (int i = signups; i < w.steps.size(); i++) {
                shares.get(i % PROCESSES).add(i);
            }
            Map<Integer, Long> kills = new HashMap<>(); // step -> delay before the kill
            while (kills.size() < KILLS) {
                kills.put(signups + random.nextInt(w.steps.size() - signups), (long) random.nextInt(40));
            }
            // the processes' clocks follow their own commands: they meet every few steps, so they drift apart
            // by hours of virtual time at most, far less than the lease (as servers' clocks and real leases)
            java.util.concurrent.CyclicBarrier meet = new java.util.concurrent.CyclicBarrier(PROCESSES);
            int shortest = shares.stream().mapToInt(List::size).min().orElseThrow();
            ExecutorService pool = Executors.newFixedThreadPool(PROCESSES);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int k = 0; k < PROCESSES; k++) {
                    Engine e = engines.get(k);
                    List<Integer> share = shares.get(k);
                    running.add(pool.submit(() -> {
                        int done = 0;
                        for (int i : share) {
                            if (done % 10 == 0 && done < shortest) {
                                meet.await(5, TimeUnit.MINUTES);
                            }
                            String command = command(w.steps.get(i), i);
                            Long delay = kills.get(i);
                            if (delay != null) {
                                killed.add(e.name());
                                e.killDuring(command, delay);
                            }
                            e.run(command, String.valueOf(i)); // (again, after a kill: at least once)
                            done++;
                        }
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    f.get(10, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            int seq = w.steps.size();
            for (Engine e : engines) { // every engine at the end, after the leases ran out: what is due is done
                Step end = new Step(w.settled(), null);
                e.run(command(end, seq), String.valueOf(seq));
                seq++;
            }
        } finally {
            for (Engine e : engines) {
                e.close();
            }
        }

        JdbcStorage shared = JdbcStorage.open(connect());
        SortedMap<String, String> actual = w.figures(shared);
        long differing = expected.keySet().stream().filter(k -> !expected.get(k).equals(actual.get(k))).count()
                + actual.keySet().stream().filter(k -> !expected.containsKey(k)).count();
        SharedChecks.Violations violations = SharedChecks.violations(w, shared);
        List<String[]> deliveries = new ArrayList<>();
        File file = dir.resolve("deliveries.txt").toFile();
        if (file.exists()) {
            Files.readAllLines(file.toPath()).forEach(l -> deliveries.add(l.split(" ")));
        }
        Map<String, List<String>> byMessage = new HashMap<>();
        deliveries.forEach(d -> byMessage.computeIfAbsent(d[1], k -> new ArrayList<>()).add(d[0]));
        Set<String> wrongly = new HashSet<>();
        int afterKill = 0;
        for (Map.Entry<String, List<String>> e : byMessage.entrySet()) {
            List<String> by = e.getValue();
            long byKilled = by.stream().filter(killed::contains).count();
            if (by.size() - 1 > byKilled) {
                wrongly.add(e.getKey() + " by " + by);
            } else if (by.size() > 1) {
                afterKill++;
            }
        }
        long events = w.steps.stream().filter(s -> !s.isTick()).count();
        System.out.printf(java.util.Locale.ROOT, "%s: %d engine processes, %d customers, %d events, %d kill -9: "
                        + "%d of %d customers with other counts or sums than one engine's; %d of %d delivered messages "
                        + "handed to a channel twice (%d more after a kill, with the same id); %d contacts without "
                        + "consent; once-only welcome twice to %d; %d caps exceeded; %d contacts decided%n",
                getClass().getSimpleName(), PROCESSES, CUSTOMERS, events, KILLS, differing, expected.size(),
                wrongly.size(), byMessage.size(), afterKill, violations.withoutConsent().size(),
                violations.onceOnly().size(), violations.caps().size(), violations.contacting());

        if (!expected.equals(actual)) { // the engines' own words, for the failure's reader
            for (int k = 0; k < PROCESSES; k++) {
                Path log = dir.resolve("engine-" + k + ".log");
                if (Files.exists(log)) {
                    Files.copy(log, Path.of(System.getProperty("java.io.tmpdir"), getClass().getSimpleName() + "-engine-"
                            + k + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        assertEquals(expected, actual, "counts and sums per customer: no event lost or doubled");
        violations.assertNone();
        assertTrue(violations.contacting() > 20, "the workload contacts customers: " + violations.contacting());
        assertEquals(Set.of(), wrongly, "handed to a channel twice, not after a kill");
        assertEquals(List.of(), shared.outbox().due(w.settled(), 10), "nothing left to send");
    }
}
