package io.relevans.examples.retailer;

import io.relevans.IngestResult;
import io.relevans.TickReport;
import io.relevans.backtest.BacktestListener;
import io.relevans.backtest.BacktestReport;
import io.relevans.customer.CustomerId;
import io.relevans.definition.Definitions;
import io.relevans.event.Event;
import io.relevans.spi.Message;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * Replays a recorded period (the profiles at its start and its events, as written by a {@link
 * Simulation} run or exported from a real backend in the same JSON lines format) through a set of
 * definitions with the library's backtest ({@link io.relevans.backtest.Backtest}: virtual time, in memory,
 * nothing sent), and collects the figures of the retailer's report while it replays.
 *
 * @param history the folder with {@code run.properties}, {@code customers.jsonl.gz} and {@code events.jsonl.gz}
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

    /** The library's backtest of the period: the profiles at its start, its events, a tick every hour. */
    io.relevans.backtest.Backtest.Builder library() throws NoSuchFileException {
        for (String file : new String[] {"customers.jsonl.gz", Simulation.ORDERS_BEFORE, "events.jsonl.gz"}) {
            if (!Files.isRegularFile(history.resolve(file))) {
                throw new NoSuchFileException(history.resolve(file).toString(), null, "the history has no " + file);
            }
        }
        return io.relevans.backtest.Backtest.builder().period(start, start.plus(Duration.ofDays(days)))
                .profiles(history.resolve("customers.jsonl.gz")).history(history.resolve(Simulation.ORDERS_BEFORE))
                .events(history.resolve("events.jsonl.gz"))
                .tickEvery(Duration.ofHours(1));
    }

    /**
     * A backtest's report as the retailer reads it, and the library's report it was made from.
     *
     * @param report   the retailer's report, with the figures collected while replaying
     * @param backtest the library's report: every message, results, event counts
     */
    public record Replayed(RetailerReport report, BacktestReport backtest) {
    }

    /** Replays the period through the definitions, collecting the figures of the retailer's report. */
    public Replayed replay(Definitions definitions, String definitionsName, PrintStream progress) throws IOException {
        long began = System.nanoTime();
        RunFigures.Builder figures = new RunFigures.Builder(run);
        Figures watch = new Figures(figures, start, (days + 6) / 7);
        progress.printf("Backtest of %s: %d days of events from %s%n", definitionsName, days, start);
        BacktestReport report = library().listener(watch).build().run(definitions);
        figures.segmentsAtStart(report.segmentsAtStart(), Duration.ZERO);
        watch.replayWeeks(figures, report.segmentsAtStart());
        figures.wallTime(Duration.ofNanos(System.nanoTime() - began));
        progress.printf("  %,d profiles at the start, %,d events replayed, %,d messages decided%n", report.profiles(),
                report.events().replayed(), report.messages().size());
        return new Replayed(RetailerReport.of("Nordhus: backtest of " + definitionsName + " (nothing sent)",
                figures.build(), report, watch.lastSegments), report);
    }

    /**
     * Watches the replay for the report's figures: events by type and week, deliveries by program and channel,
     * segment sizes week by week (from what each event changed), each customer's segments at their last event.
     */
    private static final class Figures implements BacktestListener {
        private final RunFigures.Builder figures;
        private final Instant start;
        private final int weeks;
        /** Segment changes per week, applied to the sizes at the start once the run is over. */
        private final Map<Integer, Map<String, Long>> weeklyChanges = new HashMap<>();
        final Map<CustomerId, SortedSet<String>> lastSegments = new HashMap<>();

        Figures(RunFigures.Builder figures, Instant start, int weeks) {
            this.figures = figures;
            this.start = start;
            this.weeks = weeks;
        }

        @Override
        public void ingested(Event event, IngestResult result) {
            figures.event(event, result.customer());
            Map<String, Long> week = weeklyChanges.computeIfAbsent(week(event.time()), w -> new TreeMap<>());
            result.entered().forEach(s -> week.merge(s, 1L, Long::sum));
            result.exited().forEach(s -> week.merge(s, -1L, Long::sum));
            lastSegments.put(result.customer(), result.segments());
        }

        @Override
        public void sent(Instant at, Message message) {
            figures.delivered(at, message.program(), message.channel().orElseThrow());
        }

        @Override
        public void ticked(Instant at, TickReport tick) {
            figures.tick(tick);
        }

        private int week(Instant t) {
            return (int) Math.min(weeks - 1, Duration.between(start, t).toDays() / 7);
        }

        /** The segment sizes at the end of each week, from the sizes at the start and each week's changes. */
        void replayWeeks(RunFigures.Builder builder, Map<String, Long> atStart) {
            TreeMap<String, Long> now = new TreeMap<>(atStart);
            for (int w = 0; w < weeks; w++) {
                weeklyChanges.getOrDefault(w, Map.of()).forEach((s, n) -> now.merge(s, n, Long::sum));
                builder.week(w, now);
            }
        }
    }
}
