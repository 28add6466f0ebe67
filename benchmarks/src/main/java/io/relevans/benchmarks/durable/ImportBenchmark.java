package io.relevans.benchmarks.durable;

import io.relevans.Relevans;
import io.relevans.benchmarks.baseline.RelevansEvaluator;
import io.relevans.benchmarks.workload.Workload;
import io.relevans.event.Event;
import io.relevans.history.ImportReport;
import io.relevans.jdbc.JdbcStorage;
import io.relevans.spi.InMemoryTimerStore;
import io.relevans.spi.Storage;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Going live with history: the time to bring {@code customers} customers' year of history (the
 * workload's, product views, carts, purchases, service contacts, links) into an empty store, by an
 * import ({@link Relevans#historyImport()}, with 1 or 2 workers) against live ingestion of the same
 * events in the same run ({@code ingestAll}, 100 events per call, its fastest path), in memory and on
 * PostgreSQL (or an H2 file). The ratio live/import is the import's speed-up; the target is at least 5.
 * {@code FLOOR} is what no import can beat: the records computed straight by hand-written code in memory.
 *
 * <p>Each iteration builds a new engine, whose rules are classes the JVM has not compiled yet: before the
 * measured part, {@code warmup} other customers' histories come in the same way (not timed), so that live
 * ingestion and the import are both measured on compiled code, as in an import of a real customer base
 * (hundreds of thousands of customers, where the first few thousand warm the code up). Without it the
 * import of 2,000 customers, with one rule evaluation per customer, ran its rules mostly interpreted,
 * while live ingestion, evaluating on every event, compiled them early in its iteration.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ImportBenchmark} after
 * {@code eval "$(.ci/postgres start)"}, or {@code -p store=MEMORY,H2_FILE} without PostgreSQL.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, batchSize = 1)
@Measurement(iterations = 3, batchSize = 1)
public class ImportBenchmark {

    /** Where the customers go. */
    public enum Store {
        /** The in-memory storage. */
        MEMORY,
        /** {@link JdbcStorage} on an H2 database in files. */
        H2_FILE,
        /** {@link JdbcStorage} on the PostgreSQL server of {@value Medium#POSTGRES_URL}. */
        POSTGRES
    }

    /** How the history comes in. */
    public enum Way {
        /** {@code ingestAll}, 100 events per call, programs running. */
        LIVE,
        /** An import with one worker. */
        IMPORT_1,
        /** An import with two workers. */
        IMPORT_2,
        /**
         * The floor of any import, whatever the store: each customer's record computed straight from
         * their history by hand-written code (profile and feature folds, memberships by the hand-written
         * evaluator, no Drools, no locks, no batching) and put in a map, as the in-memory benchmarks'
         * preload does.
         */
        FLOOR
    }

    /** The store. */
    @Param({"MEMORY", "POSTGRES"})
    public Store store;

    /** Live or imported. */
    @Param({"LIVE", "IMPORT_1", "IMPORT_2", "FLOOR"})
    public Way way;

    /** Customers whose year of history comes in. */
    @Param({"2000"})
    public int customers;

    /** Other customers brought in the same way before each measured iteration, not timed. */
    @Param({"5000"})
    public int warmup;

    private Workload workload;
    private List<Event> history;
    private List<Event> warm;
    private Database database;
    private Relevans engine;
    private RelevansEvaluator floor;
    private int iteration;

    /** The workload's history of every customer, in time order. */
    @Setup(Level.Trial)
    public void history() {
        workload = Workload.generate(42, customers + warmup);
        history = histories(0, customers);
        warm = histories(customers, customers + warmup);
    }

    private List<Event> histories(int from, int to) {
        List<Event> events = new ArrayList<>();
        for (int c = from; c < to; c++) {
            events.addAll(workload.history(c));
        }
        events.sort(Comparator.comparing(Event::time));
        return events;
    }

    /** An engine on an empty store, its clock at the end of the history. */
    @Setup(Level.Iteration)
    public void emptyStore() {
        if (way == Way.FLOOR) {
            floor = new RelevansEvaluator(workload, Clock.fixed(Workload.NOW, ZoneOffset.UTC), Workload.SEGMENTS,
                    workload.definitions(), new InMemoryTimerStore());
            floor.preload(customers, customers + warmup);
            return;
        }
        Storage storage = switch (store) {
            case MEMORY -> Storage.inMemory();
            case H2_FILE, POSTGRES -> {
                database = Medium.valueOf(store.name()).create("import" + iteration++);
                yield JdbcStorage.open(database.pool(Fleet.POOL));
            }
        };
        engine = Fleet.engine(Clock.fixed(Workload.NOW, ZoneOffset.UTC), storage, workload);
        bring(warm);
    }

    /** Drops the iteration's database. */
    @TearDown(Level.Iteration)
    public void dropStore() {
        if (database != null) {
            database.close();
            database = null;
        }
    }

    /** @return events applied */
    @Benchmark
    public long bringIn() {
        if (way == Way.FLOOR) {
            floor.preload(0, customers);
            return floor.store().count();
        }
        return bring(history);
    }

    private long bring(List<Event> history) {
        if (way == Way.LIVE) {
            long applied = 0;
            for (int from = 0; from < history.size(); from += 100) {
                applied += engine.ingestAll(history.subList(from, Math.min(history.size(), from + 100))).size();
            }
            return applied;
        }
        ImportReport report = engine.historyImport().workers(way == Way.IMPORT_1 ? 1 : 2)
                .progressEvery(Duration.ofDays(1)).events(history.iterator());
        if (report.refused() > 0) {
            throw new IllegalStateException("the import refused events: " + report.summary());
        }
        return report.imported();
    }
}
