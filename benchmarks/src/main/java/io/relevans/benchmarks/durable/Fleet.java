package io.relevans.benchmarks.durable;

import io.relevans.BatchOutcome;
import io.relevans.Relevans;
import io.relevans.benchmarks.StreamClock;
import io.relevans.benchmarks.baseline.RelevansEvaluator;
import io.relevans.benchmarks.workload.BenchmarkPrograms;
import io.relevans.benchmarks.workload.Workload;
import io.relevans.customer.Channel;
import io.relevans.customer.IdentityType;
import io.relevans.event.Event;
import io.relevans.jdbc.JdbcStorage;
import io.relevans.spi.Commit;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.InMemoryTimerStore;
import io.relevans.spi.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * Engines on one database, as instances of an application would be: each a {@link Relevans} with a
 * {@link JdbcStorage} on a pool of its own, the workload's 100 segments and 30 programs, driven on a
 * thread of its own; or engines on storages given.
 */
public final class Fleet implements AutoCloseable {

    /** Connections in each engine's pool. */
    static final int POOL = 2;

    private final List<Relevans> engines = new ArrayList<>();
    private final StreamClock clock = new StreamClock(Workload.NOW);
    private final ExecutorService threads;

    private Fleet(List<? extends Storage> storages, Workload workload) {
        threads = Executors.newFixedThreadPool(storages.size());
        for (Storage storage : storages) {
            engines.add(engine(clock, storage, workload));
        }
    }

    /** An engine on the storage with the workload's definitions, its templates, and email and SMS channels. */
    static Relevans engine(java.time.Clock clock, Storage storage, Workload workload) {
        return Relevans.builder().clock(clock).storage(storage).definitions(workload.definitions())
                .templates(BenchmarkPrograms.templates())
                .channel(new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL))
                .channel(new InMemoryChannel(Channel.SMS, IdentityType.PHONE))
                .build();
    }

    /** An engine on each storage, with the workload's definitions. */
    public static Fleet on(List<? extends Storage> storages, Workload workload) {
        return new Fleet(storages, workload);
    }

    /**
     * {@code count} engines on the database, which must hold the Relevans schema, each with a
     * {@link JdbcStorage} on a pool of its own; writing through the logs' data sources when logs are
     * given (one per engine).
     */
    public static Fleet on(Database database, Workload workload, int count, List<WriteLog> logs) {
        List<Storage> storages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            DataSource pool = database.pool(POOL);
            if (logs == null) {
                storages.add(JdbcStorage.open(pool));
            } else {
                WriteLog log = new WriteLog(pool);
                storages.add(JdbcStorage.open(log.dataSource()));
                log.arm();
                logs.add(log);
            }
        }
        return new Fleet(storages, workload);
    }

    /**
     * Stores every customer of the workload as the engine would have after their year of history (profile,
     * features, memberships: the in-memory benchmarks' preload), 100 new customers per commit.
     */
    public static void preload(Storage storage, Workload workload) {
        RelevansEvaluator memory = new RelevansEvaluator(workload, new StreamClock(Workload.NOW), Workload.SEGMENTS,
                workload.definitions(), new InMemoryTimerStore());
        memory.preload(0, workload.customers());
        List<Commit> group = new ArrayList<>();
        memory.store().forEach(record -> {
            group.add(created(record));
            if (group.size() == 100) {
                commit(storage, group);
            }
        });
        commit(storage, group);
    }

    /**
     * Migrates the data source's database and preloads it ({@link #preload}) through a write log.
     *
     * @return the transactions the preload wrote
     */
    public static List<WriteLog.Transaction> preloadLogged(DataSource dataSource, Workload workload) {
        JdbcStorage.migrate(dataSource);
        WriteLog log = new WriteLog(dataSource);
        JdbcStorage storage = JdbcStorage.open(log.dataSource());
        log.arm();
        preload(storage, workload);
        return log.take();
    }

    private static Commit created(CustomerRecord record) {
        return new Commit(record, Commit.NEW, new TreeMap<>(), List.copyOf(record.customer().identities()), List.of(),
                List.of(), List.of(), List.of(), List.of(), Optional.empty());
    }

    private static void commit(Storage storage, List<Commit> group) {
        if (!group.isEmpty() && storage.commitAll(group) != group.size()) {
            throw new IllegalStateException("the preload of " + group.size() + " customers was refused");
        }
        group.clear();
    }

    /**
     * Each engine ingests its share of events (in order, on its own thread): one by one with {@code batch}
     * 1, else {@code batch} at a time through {@link Relevans#ingestAll(List)} at the moment of the batch's
     * last event.
     *
     * @return the events applied
     */
    public long ingest(List<List<Event>> shares, int batch) {
        List<Callable<Long>> work = new ArrayList<>();
        for (int i = 0; i < engines.size(); i++) {
            Relevans engine = engines.get(i);
            List<Event> share = shares.get(i);
            work.add(() -> ingest(engine, share, batch));
        }
        return all(threads, work);
    }

    private long ingest(Relevans engine, List<Event> events, int batch) {
        long applied = 0;
        if (batch == 1) {
            for (Event e : events) {
                clock.set(e.time());
                engine.ingest(e);
                applied++;
            }
            return applied;
        }
        for (int from = 0; from < events.size(); from += batch) {
            List<Event> group = events.subList(from, Math.min(events.size(), from + batch));
            clock.set(group.get(group.size() - 1).time());
            for (BatchOutcome outcome : engine.ingestAll(group)) {
                if (outcome.refusal().isPresent()) {
                    throw outcome.refusal().get();
                }
                applied++;
            }
        }
        return applied;
    }

    /** Runs the work on the threads (inline when there is one) and adds up the answers. */
    static long all(ExecutorService threads, List<Callable<Long>> work) {
        try {
            if (work.size() == 1) {
                return work.get(0).call();
            }
            long sum = 0;
            for (Future<Long> f : threads.invokeAll(work)) {
                sum += f.get();
            }
            return sum;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("an engine failed", e.getCause());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("an engine failed", e);
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
