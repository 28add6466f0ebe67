package io.relevans.internal.runtime;

import io.relevans.customer.Customer;
import io.relevans.event.Event;
import io.relevans.history.HistoryImport;
import io.relevans.internal.Gzip;
import io.relevans.internal.Refusals;
import io.relevans.history.ImportProgress;
import io.relevans.history.ImportRefusal;
import io.relevans.history.ImportReport;
import io.relevans.json.CustomerJson;
import io.relevans.json.EventJson;
import io.relevans.json.EventLines;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link HistoryImport} of an engine: reads a source in batches and hands them to the
 * {@link ImportRuntime}, keeping counts, refusals and progress.
 */
public final class Importer implements HistoryImport {

    private static final Logger LOG = LoggerFactory.getLogger(Importer.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ImportRuntime runtime;
    private int workers = Math.max(1, Math.min(MAX_WORKERS, Runtime.getRuntime().availableProcessors()));
    private int batchSize = 50_000;
    private Consumer<ImportProgress> progress = p -> { };
    private Duration every = Duration.ofSeconds(5);
    private long expected = -1;
    private boolean used;

    /** @param runtime the engine's import runtime */
    public Importer(ImportRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    @Override
    public HistoryImport workers(int workers) {
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new IllegalArgumentException("an import folds with 1 to " + MAX_WORKERS + " workers, got " + workers);
        }
        this.workers = workers;
        return this;
    }

    @Override
    public HistoryImport batchSize(int events) {
        if (events < 1 || events > MAX_BATCH) {
            throw new IllegalArgumentException("an import's batch holds 1 to " + MAX_BATCH + " events, got " + events);
        }
        this.batchSize = events;
        return this;
    }

    @Override
    public HistoryImport onProgress(Consumer<ImportProgress> progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }

    @Override
    public HistoryImport progressEvery(Duration every) {
        if (every.isNegative()) {
            throw new IllegalArgumentException("progress is reported at most every 0 or more, got " + every);
        }
        this.every = every;
        return this;
    }

    @Override
    public HistoryImport expectedEvents(long events) {
        if (events < 0) {
            throw new IllegalArgumentException("the expected number of events is 0 or more, got " + events);
        }
        this.expected = events;
        return this;
    }

    @Override
    public ImportReport jsonLines(Path file) {
        return fromFile(file, this::lines);
    }

    @Override
    public ImportReport jsonLines(InputStream in) {
        return fromStream(in, this::lines);
    }

    /** Reads JSON lines of one kind from a stream, with the share of its source done. */
    private interface Reading {
        ImportReport read(InputStream in, java.util.function.Supplier<OptionalDouble> done) throws IOException;
    }

    private static ImportReport fromFile(Path file, Reading reading) {
        Objects.requireNonNull(file, "file");
        try (InputStream raw = Files.newInputStream(file)) {
            long size = Files.size(file);
            Counting counted = new Counting(raw);
            return reading.read(counted, () -> size == 0 ? OptionalDouble.empty()
                    : OptionalDouble.of(Math.min(1.0, counted.count / (double) size)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.getFileName(), e);
        }
    }

    private static ImportReport fromStream(InputStream in, Reading reading) {
        Objects.requireNonNull(in, "in");
        try {
            return reading.read(in, OptionalDouble::empty);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the import's stream", e);
        }
    }

    private ImportReport lines(InputStream in, java.util.function.Supplier<OptionalDouble> done) throws IOException {
        EventLines lines = EventJson.lines(Gzip.reader(in));
        return run(new Source<Event>() {
            @Override
            public boolean hasNext() {
                return lines.hasNext();
            }

            @Override
            public Item<Event> next() {
                EventLines.Line line = lines.next();
                return new Item<>(line.number(), line.event().orElse(null),
                        line.refusal().map(Throwable::getMessage).orElse(null));
            }

            @Override
            public OptionalDouble done() {
                return done.get();
            }
        });
    }

    @Override
    public ImportReport events(Iterator<Event> events) {
        return run(new Positions<>(Objects.requireNonNull(events, "events"), "event"));
    }

    @Override
    public ImportReport profiles(Path file) {
        return fromFile(file, this::profileLines);
    }

    @Override
    public ImportReport profiles(InputStream in) {
        return fromStream(in, this::profileLines);
    }

    @Override
    public ImportReport profiles(Iterator<Customer> profiles) {
        return run(new Positions<>(Objects.requireNonNull(profiles, "profiles"), "profile"), runtime::importProfiles);
    }

    /** Inputs from an iterator, numbered by position; a null one, or one it throws for, is refused there. */
    private final class Positions<T> implements Source<T> {
        private final Iterator<T> inputs;
        private final String what;
        private long position;

        Positions(Iterator<T> inputs, String what) {
            this.inputs = inputs;
            this.what = what;
        }

        @Override
        public boolean hasNext() {
            return inputs.hasNext();
        }

        @Override
        public Item<T> next() {
            position++;
            try {
                T input = inputs.next();
                return input == null ? new Item<>(position, null, "no " + what + " (null)") : new Item<>(position, input, null);
            } catch (IllegalArgumentException e) {
                return new Item<>(position, null, e.getMessage());
            }
        }

        @Override
        public OptionalDouble done() {
            return expected <= 0 ? OptionalDouble.empty() : OptionalDouble.of(Math.min(1.0, position / (double) expected));
        }
    }

    private ImportReport profileLines(InputStream in, java.util.function.Supplier<OptionalDouble> done) throws IOException {
        java.io.BufferedReader reader = new java.io.BufferedReader(Gzip.reader(in));
        return run(new Source<Customer>() {
            long number;
            @Nullable String next;

            @Override
            public boolean hasNext() {
                try {
                    while (next == null) {
                        String line = reader.readLine();
                        if (line == null) {
                            return false;
                        }
                        number++;
                        if (!line.isBlank()) {
                            next = line;
                        }
                    }
                    return true;
                } catch (IOException e) {
                    throw new UncheckedIOException("reading line " + (number + 1) + " failed", e);
                }
            }

            @Override
            public Item<Customer> next() {
                hasNext();
                String line = Objects.requireNonNull(next, "next() follows hasNext()");
                next = null;
                try {
                    return new Item<>(number, CustomerJson.read(line), null);
                } catch (IllegalArgumentException e) {
                    return new Item<>(number, null, "line " + number + ": " + e.getMessage());
                }
            }

            @Override
            public OptionalDouble done() {
                return done.get();
            }
        }, runtime::importProfiles);
    }


    /** Where events (or profiles) come from: each with its line or position, or why it was refused. */
    private interface Source<T> {
        boolean hasNext();

        Item<T> next();

        OptionalDouble done();
    }

    private record Item<T>(long line, @Nullable T event, @Nullable String refusal) {
    }

    /** Imports a batch of one kind of input. */
    private interface Batches<T> {
        ImportRuntime.BatchResult importBatch(List<T> batch, @Nullable ExecutorService pool, int workers);
    }

    private ImportReport run(Source<Event> source) {
        return run(source, runtime::importBatch);
    }

    private <T> ImportReport run(Source<T> source, Batches<T> batches) {
        synchronized (this) {
            if (used) {
                throw new IllegalStateException("an import imports once: ask the engine for another");
            }
            used = true;
        }
        long started = System.nanoTime();
        long lastReport = started;
        long read = 0;
        long imported = 0;
        long repeated = 0;
        long customers = 0;
        long storedThrough = 0;
        Refusals refusals = new Refusals();
        ExecutorService pool = workers == 1 ? null : Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "relevans-import-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            while (source.hasNext()) {
                List<T> batch = new ArrayList<>(Math.min(batchSize, 1 << 16));
                long[] lines = new long[Math.min(batchSize, 1 << 16)]; // of the batch's events, unboxed
                long lastLine = storedThrough;
                while (batch.size() < batchSize && source.hasNext()) {
                    Item<T> item = source.next();
                    read++;
                    lastLine = item.line();
                    if (item.event() == null) {
                        refusals.add(item.line(), String.valueOf(item.refusal()));
                    } else {
                        if (batch.size() == lines.length) {
                            lines = java.util.Arrays.copyOf(lines, Math.min(batchSize, lines.length * 2));
                        }
                        lines[batch.size()] = item.line();
                        batch.add(item.event());
                    }
                }
                ImportRuntime.BatchResult result = batches.importBatch(batch, pool, workers);
                imported += result.imported();
                repeated += result.repeated();
                customers += result.customers();
                for (Map.Entry<Integer, RuntimeException> r : new java.util.TreeMap<>(result.refusals()).entrySet()) {
                    refusals.add(lines[r.getKey()], String.valueOf(r.getValue().getMessage()));
                }
                storedThrough = lastLine;
                long nowNanos = System.nanoTime();
                if (nowNanos - lastReport >= every.toNanos() && source.hasNext()) {
                    lastReport = nowNanos;
                    progress.accept(new ImportProgress(read, imported, refusals.count(), storedThrough,
                            Duration.ofNanos(nowNanos - started), source.done()));
                }
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        long refused = refusals.count();
        refusals.listed().sort(java.util.Comparator.comparingLong(ImportRefusal::line));
        progress.accept(new ImportProgress(read, imported, refused, storedThrough, elapsed, OptionalDouble.of(1)));
        ImportReport report = new ImportReport(read, imported, repeated, refused, refusals.listed(), customers, elapsed);
        LOG.info("imported {} of {} events ({} repeated, {} refused) into {} customer records in {} ms", imported, read,
                repeated, refused, customers, elapsed.toMillis());
        return report;
    }

    /** Counts the bytes read through it, for the share of a file done. */
    private static final class Counting extends FilterInputStream {
        volatile long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
