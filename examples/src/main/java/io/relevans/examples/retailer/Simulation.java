package io.relevans.examples.retailer;

import io.relevans.Relevans;
import io.relevans.ResegmentationReport;
import io.relevans.VirtualClock;
import io.relevans.customer.Identity;
import io.relevans.history.ImportReport;
import io.relevans.json.CustomerJson;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.CustomerStore;
import io.relevans.spi.FeatureState;
import io.relevans.spi.Message;
import io.relevans.spi.Outbox;
import io.relevans.spi.RenderedMessage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;

/**
 * Runs the simulated retailer through the engine on virtual time: imports the customer base and its year
 * of past orders at go-live, then, day by day, feeds the customers' events (in time order, hour by hour)
 * and lets the engine fire its waits and send its messages every virtual hour; customers react to what
 * they get. Writes the period's history ({@code run.properties}, the go-live profiles, the orders before
 * go-live and every event of the period, as gzipped JSON lines) for {@link Backtest} and the customer
 * service view, and collects the figures for the report.
 */
public final class Simulation {

    /** What to simulate. */
    public record Settings(long seed, int customers, int days, Instant start) {
        /** Checks the settings. */
        public Settings {
            if (customers <= 0 || days <= 0) {
                throw new IllegalArgumentException("customers and days must be positive, got " + customers + " and " + days);
            }
            Objects.requireNonNull(start, "start");
        }

        /** A quarter (91 days from 1 September 2026) of 100,000 customers, seed 2026. */
        public static Settings quarter() {
            return new Settings(2026, 100_000, 91, Instant.parse("2026-09-01T00:00:00Z"));
        }
    }

    private final Settings settings;
    private final VirtualClock clock;
    private final PrintStream progress;
    private final List<Shopper> shoppers;
    private final Map<Identity, Integer> byIdentity = new HashMap<>();
    private final Agenda agenda = new Agenda();
    private Behaviour behaviour;
    private PastOrders.AtGoLive goLive;
    private final List<RenderedMessage> delivered = new ArrayList<>();
    private final RunFigures.Builder figures;

    /**
     * A simulation on the clock, which it moves.
     *
     * @param progress where a line per simulated week goes
     */
    public Simulation(Settings settings, VirtualClock clock, PrintStream progress) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.shoppers = Population.generate(settings.seed(), settings.customers(), settings.days());
        for (Shopper s : shoppers) {
            byIdentity.put(s.emailIdentity(), s.index());
            s.phone().ifPresent(p -> byIdentity.put(Identity.phone(p), s.index()));
            s.loyaltyNumber().ifPresent(l -> byIdentity.put(Identity.loyalty(l), s.index()));
            s.appLogin().ifPresent(l -> byIdentity.put(Identity.login(l), s.index()));
        }
        this.figures = new RunFigures.Builder(settings);
    }

    /** The file of the orders before go-live, in the history folder. */
    static final String ORDERS_BEFORE = "orders-before.jsonl.gz";

    /** The simulated customers. */
    public List<Shopper> shoppers() {
        return shoppers;
    }

    /** Where channels report accepted messages: give it to every channel as the observer. */
    public void delivered(RenderedMessage message) {
        delivered.add(message);
    }

    /**
     * Runs the period: at go-live the old CRM's profiles are stored and the year of orders before it is imported
     * ({@link Relevans#historyImport()}: features, no program runs), then the customers are segmented and the
     * days simulated.
     *
     * @param engine  the engine whose channels report to {@link #delivered(RenderedMessage)}
     * @param store   the engine's customer store, for the go-live import
     * @param outbox  the engine's outbox, to tell which program sent a message
     * @param history folder for {@code customers.jsonl.gz}, {@code orders-before.jsonl.gz} and
     *                {@code events.jsonl.gz}
     */
    public RunFigures run(Relevans engine, CustomerStore store, Outbox outbox, Path history) throws IOException {
        long began = System.nanoTime();
        Files.createDirectories(history);
        Properties run = new Properties();
        run.setProperty("seed", String.valueOf(settings.seed()));
        run.setProperty("customers", String.valueOf(settings.customers()));
        run.setProperty("days", String.valueOf(settings.days()));
        run.setProperty("start", settings.start().toString());
        try (Writer w = Files.newBufferedWriter(history.resolve("run.properties"))) {
            run.store(w, "the simulated period; read by the backtest and the customer service view");
        }
        clock.advanceTo(settings.start());
        try (Writer profiles = gzip(history.resolve("customers.jsonl.gz"))) {
            int imported = 0;
            for (Shopper s : shoppers) {
                if (s.joinDay() < 0) {
                    var profile = s.profile(settings.start());
                    store.save(new CustomerRecord(profile, new TreeSet<>(), FeatureState.EMPTY));
                    profiles.write(CustomerJson.write(profile));
                    profiles.write('\n');
                    imported++;
                }
            }
            progress.printf("Imported %,d customers from the old CRM at %s%n", imported, settings.start());
        }
        Path orders = history.resolve(ORDERS_BEFORE);
        try (Writer w = gzip(orders)) {
            goLive = PastOrders.write(settings.seed(), settings.start(), shoppers,
                    engine.definitions().policies().purchaseDayZone(), w);
        }
        progress.printf("Past orders: %,d orders of %,d customers (%,d on more than one day) in the %d days before"
                        + " go-live%n", goLive.orders(), goLive.buyers(), goLive.repeatBuyers(), PastOrders.DAYS);
        ImportReport imported = engine.historyImport().onProgress(p -> progress.println("  import: " + p))
                .jsonLines(orders);
        progress.println("Imported the past orders: " + imported.summary());
        behaviour = new Behaviour(settings.seed(), settings.start(), shoppers, agenda, goLive);
        ResegmentationReport golive = engine.resegment();
        figures.segmentsAtStart(golive.sizes(), golive.elapsed());
        progress.printf("Go-live segmentation of %,d customers in %.1f s%n", golive.customers(),
                golive.elapsed().toMillis() / 1000.0);
        TreeMap<String, Long> sizes = new TreeMap<>(golive.sizes());

        try (Writer events = gzip(history.resolve("events.jsonl.gz"))) {
            HourlyFeed feed = new HourlyFeed(engine, clock, figures, sizes, Optional.of(events), now -> react(outbox, now));
            long weekStarted = System.nanoTime();
            long weekEvents = 0;
            for (int day = 0; day < settings.days(); day++) {
                behaviour.plan(day);
                weekEvents += feed.day(settings.start().plus(Duration.ofDays(day)), agenda);
                if ((day + 1) % 7 == 0 || day == settings.days() - 1) {
                    figures.week(day / 7, sizes);
                    progress(day, weekEvents, weekStarted);
                    weekStarted = System.nanoTime();
                    weekEvents = 0;
                }
            }
        }
        ResegmentationReport end = engine.resegment();
        progress.printf("End-of-period segmentation of %,d customers in %.1f s: %,d changed%n", end.customers(),
                end.elapsed().toMillis() / 1000.0, end.changed());
        figures.wallTime(Duration.ofNanos(System.nanoTime() - began));
        return figures.build();
    }

    private void progress(int day, long weekEvents, long weekStarted) {
        double seconds = (System.nanoTime() - weekStarted) / 1e9;
        progress.printf("  week %2d/%d (to %s): %,8d events (%,6.0f/s), %,7d delivered so far, %,d planned%n",
                day / 7 + 1, (settings.days() + 6) / 7, clock.instant().toString().substring(0, 10), weekEvents,
                weekEvents / Math.max(seconds, 1e-3), figures.deliveredSoFar(), agenda.size());
    }

    private void react(Outbox outbox, Instant now) {
        for (RenderedMessage m : delivered) {
            Integer shopper = byIdentity.get(m.recipient());
            if (shopper == null) {
                continue; // an address the simulation did not make up: nobody reads it
            }
            String program = outbox.find(m.id()).map(Message::program).orElse("");
            figures.delivered(now, program, m.channel());
            behaviour.received(shoppers.get(shopper), m.id(), m.channel(), program, now);
        }
        delivered.clear();
    }

    static Writer gzip(Path file) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file), 1 << 16),
                StandardCharsets.UTF_8), 1 << 16);
    }
}
