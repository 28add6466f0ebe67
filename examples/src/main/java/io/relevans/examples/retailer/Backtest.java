package io.relevans.examples.retailer;

import io.relevans.Relevans;
import io.relevans.ResegmentationReport;
import io.relevans.VirtualClock;
import io.relevans.definition.Definitions;
import io.relevans.json.CustomerJson;
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
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * Replays a recorded period (the profiles at its start and its events, as written by a {@link
 * Simulation} run or exported from a real backend in the same JSON lines format) through a set of
 * definitions, and reports what the programs would have sent, to whom by which channel, and what they
 * would have held back and why. Nothing is sent: every channel only counts.
 */
public final class Backtest {

    private Backtest() {
    }

    /**
     * Runs the backtest.
     *
     * @param history folder with {@code run.properties}, {@code customers.jsonl.gz} and {@code events.jsonl.gz}
     * @throws NoSuchFileException when the history folder lacks one of its files
     */
    public static RetailerReport run(Path history, Definitions definitions, String definitionsName, PrintStream progress)
            throws IOException {
        long began = System.nanoTime();
        Properties run = new Properties();
        try (Reader in = Files.newBufferedReader(history.resolve("run.properties"))) {
            run.load(in);
        }
        Instant start = Instant.parse(run.getProperty("start"));
        int days = Integer.parseInt(run.getProperty("days"));
        VirtualClock clock = VirtualClock.at(start);
        Storage storage = Storage.inMemory();
        List<RenderedMessage> wouldSend = new ArrayList<>();
        Relevans engine = Retailer.engine(clock, storage, definitions, RetailerChannels.simulated(), wouldSend::add,
                new ServiceDesk());

        int customers = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(history.resolve("customers.jsonl.gz"))), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                storage.customers().save(new CustomerRecord(CustomerJson.read(line), new TreeSet<>(), FeatureState.EMPTY));
                customers++;
            }
        }
        progress.printf("Backtest of %s: %,d customers at %s, %d days of events%n", definitionsName, customers, start, days);
        Simulation.Settings settings = new Simulation.Settings(Long.parseLong(run.getProperty("seed", "0")),
                Integer.parseInt(run.getProperty("customers", String.valueOf(customers))), days, start);
        RunFigures.Builder figures = new RunFigures.Builder(settings);
        ResegmentationReport golive = engine.resegment();
        figures.segmentsAtStart(golive.sizes(), golive.elapsed());
        TreeMap<String, Long> sizes = new TreeMap<>(golive.sizes());
        try (HistoryFile events = new HistoryFile(history.resolve("events.jsonl.gz"))) {
            HourlyFeed feed = new HourlyFeed(engine, clock, figures, sizes, Optional.empty(), now -> {
                for (RenderedMessage m : wouldSend) {
                    figures.delivered(now, storage.outbox().find(m.id()).map(Message::program).orElse(""), m.channel());
                }
                wouldSend.clear();
            });
            for (int day = 0; day < days; day++) {
                feed.day(start.plus(Duration.ofDays(day)), events);
                if ((day + 1) % 7 == 0 || day == days - 1) {
                    figures.week(day / 7, sizes);
                }
            }
        }
        figures.wallTime(Duration.ofNanos(System.nanoTime() - began));
        return RetailerReport.of("Nordhus: backtest of " + definitionsName + " (nothing sent)",
                storage.description(), figures.build(), engine.results(), storage.outbox(), storage.customers());
    }
}
