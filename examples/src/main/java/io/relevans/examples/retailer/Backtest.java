package io.relevans.examples.retailer;

import io.relevans.Relevans;
import io.relevans.ResegmentationReport;
import io.relevans.VirtualClock;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Value;
import io.relevans.definition.Definitions;
import io.relevans.json.CustomerJson;
import io.relevans.spi.ActionAdapter;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.FeatureState;
import io.relevans.spi.Message;
import io.relevans.spi.RenderedMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * Replays a recorded period (the profiles at its start, the orders before it and its events, as written by a
 * {@link Simulation} run or exported from a real backend in the same JSON lines format) through a set of
 * definitions on virtual time, in memory, sending nothing, and collects the figures of the retailer's report.
 *
 * <p>It runs the period the way the run did: the profiles stored, the orders before the start imported and the
 * prediction model fitted on the eve of go-live ({@link GoLive}), every customer segmented at the start, then
 * the events hour by hour with a tick every hour, the engine refitting its model every week and every customer
 * segmented again after each refit ({@link HourlyFeed}), and segmented once more at the end. With the
 * definitions of a run and its history it therefore decides exactly what the run decided (same message ids,
 * statuses and reasons).
 *
 * <p>The library's {@link io.relevans.backtest.Backtest} replays a period the same way but fits no prediction
 * model and segments only at the start: with definitions that use predictions ({@code p_alive},
 * {@code expected_purchases}, {@code expected_spend}), as the bundled ones do, it could not decide what the run
 * decided, so the example replays through its own engine here.
 *
 * @param history the folder with {@code run.properties}, {@code customers.jsonl.gz}, {@code orders-before.jsonl.gz}
 *                and {@code events.jsonl.gz}
 * @param start   the period's start, from {@code run.properties}
 * @param days    the period's length in days, from {@code run.properties}
 * @param run     the simulation's settings, from {@code run.properties}
 */
public record Backtest(Path history, Instant start, int days, Simulation.Settings run) {

    /**
     * The recorded period in the history folder.
     *
     * @throws NoSuchFileException when the folder has no {@code run.properties}
     */
    public static Backtest of(Path history) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(history.resolve("run.properties"))) {
            p.load(in);
        }
        Instant start = Instant.parse(p.getProperty("start"));
        int days = Integer.parseInt(p.getProperty("days"));
        Simulation.Settings run = new Simulation.Settings(Long.parseLong(p.getProperty("seed", "0")),
                Integer.parseInt(p.getProperty("customers", "1")), days, start);
        return new Backtest(history, start, days, run);
    }

    /**
     * A backtest's report as the retailer reads it, and the messages it decided.
     *
     * @param report   the retailer's report, with the figures collected while replaying
     * @param messages every message decided, ordered by decision time and id
     */
    public record Replayed(RetailerReport report, List<Message> messages) {
        /** Copies the list. */
        public Replayed {
            messages = List.copyOf(messages);
        }
    }

    private Path file(String name) throws NoSuchFileException {
        Path file = history.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "the history has no " + name);
        }
        return file;
    }

    /**
     * Replays the period through the definitions, collecting the figures of the retailer's report.
     *
     * @throws NoSuchFileException when a file of the history is missing
     * @throws IllegalArgumentException when a profile or an event cannot be read, naming the file and line
     */
    public Replayed replay(Definitions definitions, String definitionsName, PrintStream progress) throws IOException {
        Path profiles = file("customers.jsonl.gz");
        Path orders = file(Simulation.ORDERS_BEFORE);
        Path events = file("events.jsonl.gz");
        long began = System.nanoTime();
        progress.printf("Backtest of %s: %d days of events from %s%n", definitionsName, days, start);
        RunFigures.Builder figures = new RunFigures.Builder(run);
        VirtualClock clock = VirtualClock.at(GoLive.eve(start));
        Storage storage = Storage.inMemory();
        List<RenderedMessage> delivered = new ArrayList<>();
        AtomicLong actions = new AtomicLong();
        ActionAdapter counting = (String action, CustomerId customer, Map<String, Value> data) -> actions.incrementAndGet();
        Relevans.Builder builder = Relevans.builder().clock(clock).storage(storage.engine())
                .templates(RetailerTemplates.covering(definitions)).actions(counting).definitions(definitions)
                .refitPredictionsEvery(Retailer.REFIT_EVERY);
        RetailerChannels.simulated().adapters(delivered::add).forEach(builder::channel);
        Relevans engine = builder.build();
        figures.zone(definitions.policies().purchaseDayZone());

        long stored = storeProfiles(profiles, storage);
        GoLive.importAndFit(engine, clock, start, orders, progress).filter(m -> m.usable()).ifPresent(figures::model);
        TreeMap<String, Long> sizes = new TreeMap<>();
        HourlyFeed feed = new HourlyFeed(engine, clock, figures, sizes, Optional.empty(), now -> {
            for (RenderedMessage m : delivered) {
                String program = storage.outbox().find(m.id()).map(Message::program).orElse("");
                figures.delivered(now, program, m.channel());
            }
            delivered.clear();
        });
        ResegmentationReport atStart = feed.resegment();
        figures.segmentsAtStart(atStart.sizes(), atStart.elapsed());
        long replayed = 0;
        try (HistoryFile source = new HistoryFile(events)) {
            for (int day = 0; day < days; day++) {
                replayed += feed.day(start.plus(Duration.ofDays(day)), source);
                if ((day + 1) % 7 == 0 || day == days - 1) {
                    figures.week(day / 7, sizes);
                }
            }
        }
        feed.resegment();
        figures.wallTime(Duration.ofNanos(System.nanoTime() - began));
        List<Message> messages = new ArrayList<>();
        storage.outbox().forEach(messages::add);
        messages.sort(java.util.Comparator.comparing(Message::decidedAt).thenComparing(Message::id));
        progress.printf("  %,d profiles at the start, %,d events replayed, %,d messages decided, %,d actions called"
                + " (none carried out)%n", stored, replayed, messages.size(), actions.get());
        RetailerReport report = RetailerReport.of("Nordhus: backtest of " + definitionsName + " (nothing sent)",
                "in memory (a backtest)", figures.build(), engine.results(), storage.outbox(), storage.customers());
        return new Replayed(report, messages);
    }

    /** Stores the profiles at the start as they are, as the run did at go-live. */
    private static long storeProfiles(Path file, Storage storage) throws IOException {
        long n = 0;
        long line = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file),
                1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    storage.customers().save(new CustomerRecord(CustomerJson.read(text), new TreeSet<>(),
                            FeatureState.EMPTY));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file.getFileName() + ":" + line + ": not a customer profile: "
                            + e.getMessage(), e);
                }
                n++;
            }
        }
        return n;
    }
}
