package io.relevans.benchmarks.durable;

import io.relevans.benchmarks.StreamClock;
import io.relevans.benchmarks.baseline.RelevansEvaluator;
import io.relevans.benchmarks.workload.Workload;
import io.relevans.event.Event;
import io.relevans.jdbc.JdbcStorage;
import io.relevans.spi.InMemoryTimerStore;
import io.relevans.spi.Storage;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable ingestion: microseconds per event of {@code engines} engines ingesting live events on one
 * database ({@link Medium}), each with its own {@link JdbcStorage}, pool and thread and its share of the
 * customers, one by one ({@code batch} 1) or 100 at a time through {@code ingestAll}; against the
 * medium's limit, {@link Writer#RAW_JDBC}: the same rows and bytes written with the same statements,
 * batches and transactions by hand-written JDBC that knows in advance what to write (no reads, no
 * decisions, statements prepared once). That baseline is what the engine wrote in a run of its own
 * ({@link WriteLog}), replayed on a database in the same state with as many threads, every update count
 * checked ({@link Replay}).
 *
 * <p>Each trial starts on a new database holding {@code customers} customers with a year of history
 * (the in-memory benchmarks' preload), the engines' caches empty. Each invocation ingests the next slice
 * of {@value #SLICE} live events (one every 200 ms of the stream's time, customers drawn from the whole
 * base); a trial has events for {@value #SLICES} invocations, warmups included. Before a trial, an
 * engine in memory takes {@value #WARM} events so that the engine's code is compiled; the warmup
 * iterations compile the database code and fill the engines' caches (10,000 customers each by default:
 * the steady state of an instance whose customers fit its cache).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar DurableIngestBenchmark} after
 * {@code eval "$(.ci/postgres start)"}, or {@code -p medium=H2_FILE} without PostgreSQL.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, batchSize = 1)
@Measurement(iterations = 8, batchSize = 1)
public class DurableIngestBenchmark {

    /** Who writes. */
    public enum Writer {
        /** The engines: decisions made and stored by {@link JdbcStorage}. */
        RELEVANS,
        /** The engines' writes replayed by hand-written JDBC: the medium's limit. */
        RAW_JDBC,
        /**
         * The engines on the in-memory storage (one per engine, each with every customer): what the engine
         * itself costs in this harness, without a database.
         */
        IN_MEMORY
    }

    /** Live events per invocation. */
    public static final int SLICE = 2_000;
    /** Invocations a trial has events for. */
    public static final int SLICES = 24;
    /** Live events the engine takes in memory before a trial, so that its code is compiled as in production. */
    static final int WARM = 100_000;
    /** Time between two live events. */
    static final Duration SPACING = Duration.ofMillis(200);

    /** The database. */
    @Param({"H2_FILE", "POSTGRES"})
    public Medium medium;

    /** Engines (instances) on the database, each on its own thread. */
    @Param({"1", "4"})
    public int engines;

    /** Events per call: 1 ({@code ingest}) or more ({@code ingestAll}). */
    @Param({"1", "100"})
    public int batch;

    /** The engines, or their writes replayed. */
    @Param({"RELEVANS", "RAW_JDBC", "IN_MEMORY"})
    public Writer writer;

    /** Customers in the database before the live events. */
    @Param({"10000"})
    public int customers;

    private List<List<List<Event>>> slices;
    private Database database;
    private Fleet fleet;
    private List<List<List<WriteLog.Transaction>>> logged;
    private List<Replay> replays;
    private ExecutorService threads;
    private int next;

    /** A new database with the customers; the engines, or the replays of their writes. */
    @Setup(Level.Trial)
    public void start() throws SQLException {
        Workload workload = Workload.generate(42, customers);
        warm(Workload.generate(43, customers));
        slices = slices(workload.live(SLICE * SLICES, SPACING), engines);
        next = 0;
        if (writer == Writer.IN_MEMORY) {
            List<Storage> storages = new ArrayList<>();
            for (int i = 0; i < engines; i++) {
                Storage storage = Storage.inMemory();
                Fleet.preload(storage, workload);
                storages.add(storage);
            }
            fleet = Fleet.on(storages, workload);
            return;
        }
        if (writer == Writer.RELEVANS) {
            database = medium.create("engine");
            Fleet.preload(JdbcStorage.open(database.pool(Fleet.POOL)), workload);
            fleet = Fleet.on(database, workload, engines, null);
            return;
        }
        List<WriteLog.Transaction> preload;
        try (Database capture = medium.create("capture")) {
            preload = Fleet.preloadLogged(capture.pool(Fleet.POOL), workload);
            logged = new ArrayList<>();
            List<WriteLog> logs = new ArrayList<>();
            try (Fleet engines = Fleet.on(capture, workload, this.engines, logs)) {
                for (List<List<Event>> slice : slices) {
                    engines.ingest(slice, batch);
                    logged.add(logs.stream().map(WriteLog::take).toList());
                }
            }
        }
        database = medium.create("replay");
        DataSource pool = database.pool(engines + 1);
        JdbcStorage.migrate(pool);
        try (Replay r = new Replay(pool)) {
            r.write(preload);
        }
        replays = new ArrayList<>();
        for (int i = 0; i < engines; i++) {
            replays.add(new Replay(pool));
        }
        threads = Executors.newFixedThreadPool(engines);
    }

    /**
     * Compiles the engine's code before the trial: an engine in memory with the same definitions takes
     * {@value #WARM} events of another workload. (The database code is compiled during the warmup
     * iterations.)
     */
    private static void warm(Workload other) {
        StreamClock clock = new StreamClock(Workload.NOW);
        RelevansEvaluator memory = new RelevansEvaluator(other, clock, Workload.SEGMENTS, other.definitions(),
                new InMemoryTimerStore());
        memory.preload(0, other.customers());
        for (Event e : other.live(WARM, SPACING)) {
            clock.set(e.time());
            memory.ingest(e);
        }
    }

    /** Per slice, per engine: the events of the engine's customers, in order. */
    public static List<List<List<Event>>> slices(List<Event> live, int engines) {
        List<List<List<Event>>> out = new ArrayList<>();
        for (int from = 0; from < live.size(); from += SLICE) {
            List<List<Event>> shares = new ArrayList<>();
            for (int i = 0; i < engines; i++) {
                shares.add(new ArrayList<>());
            }
            for (Event e : live.subList(from, Math.min(live.size(), from + SLICE))) {
                shares.get(Math.floorMod(e.customer().hashCode(), engines)).add(e);
            }
            out.add(shares);
        }
        return out;
    }

    /** The next slice of live events, ingested or replayed. */
    @Benchmark
    @OperationsPerInvocation(SLICE)
    public long slice() {
        if (next == SLICES) { // only when asked for more iterations than the annotations say
            throw new IllegalStateException("a trial has events for " + SLICES
                    + " invocations (warmups and measurements); run fewer");
        }
        int slice = next++;
        if (fleet != null) {
            return fleet.ingest(slices.get(slice), batch);
        }
        List<Callable<Long>> work = new ArrayList<>();
        for (int i = 0; i < engines; i++) {
            Replay r = replays.get(i);
            List<WriteLog.Transaction> transactions = logged.get(slice).get(i);
            work.add(() -> r.write(transactions));
        }
        return Fleet.all(threads, work);
    }

    /** Stops the engines or replays and deletes the database. */
    @TearDown(Level.Trial)
    public void stop() throws SQLException {
        if (fleet != null) {
            fleet.close();
        }
        if (replays != null) {
            for (Replay r : replays) {
                r.close();
            }
        }
        if (threads != null) {
            threads.shutdownNow();
        }
        if (database != null) {
            database.close();
        }
        fleet = null;
        replays = null;
        threads = null;
        database = null;
        logged = null;
    }
}
