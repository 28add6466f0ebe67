package io.relevans.examples.retailer;

import io.relevans.Relevans;
import io.relevans.ResegmentationReport;
import io.relevans.VirtualClock;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.json.CustomerJson;
import io.relevans.prediction.CustomerBaseModel;
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
import java.time.LocalDate;
import java.time.ZoneId;
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

        /**
         * Where an engine's clock stands before {@link Simulation#run}: the eve of go-live, when the orders before it
         * are imported and the prediction model is fitted.
         */
        public Instant eve() {
            return GoLive.eve(start);
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

    /** The win-back programs the report compares: after 45 days without purchase, and on predictions. */
    static final List<String> WIN_BACKS = List.of("miss_you", "predicted_winback");

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
        if (clock.instant().isAfter(GoLive.eve(settings.start()))) {
            throw new IllegalStateException("the clock (" + clock.instant() + ") must stand before the period's start "
                    + settings.start() + ": the history is imported on the eve of go-live");
        }
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
        ZoneId zone = engine.definitions().policies().purchaseDayZone();
        figures.zone(zone);
        Path orders = history.resolve(ORDERS_BEFORE);
        try (Writer w = gzip(orders)) {
            goLive = PastOrders.write(settings.seed(), settings.start(), shoppers, zone, w);
        }
        progress.printf("Past orders: %,d orders of %,d customers (%,d on more than one day) in the %d days before"
                + " go-live%n", goLive.orders(), goLive.buyers(), goLive.repeatBuyers(), PastOrders.DAYS);
        Optional<CustomerBaseModel> model = GoLive.importAndFit(engine, clock, settings.start(), orders, progress);
        model.filter(CustomerBaseModel::usable).ifPresent(m -> {
            figures.model(m);
            figures.thresholds(thresholds(m, LocalDate.ofInstant(settings.start(), zone)));
        });
        behaviour = new Behaviour(settings.seed(), settings.start(), shoppers, agenda, goLive);

        try (Writer events = gzip(history.resolve("events.jsonl.gz"))) {
            TreeMap<String, Long> sizes = new TreeMap<>();
            HourlyFeed feed = new HourlyFeed(engine, clock, figures, sizes, Optional.of(events), now -> react(outbox, now));
            ResegmentationReport golive = feed.resegment();
            figures.segmentsAtStart(golive.sizes(), golive.elapsed());
            progress.printf("Go-live segmentation of %,d customers in %.1f s: %,d probably lapsing%n", golive.customers(),
                    golive.elapsed().toMillis() / 1000.0, golive.sizes().getOrDefault(RunFigures.PREDICTED_SEGMENT, 0L));
            long weekStarted = System.nanoTime();
            long weekEvents = 0;
            for (int day = 0; day < settings.days(); day++) {
                behaviour.plan(day);
                weekEvents += feed.day(settings.start().plus(Duration.ofDays(day)), agenda);
                if ((day + 1) % 7 == 0 || day == settings.days() - 1) {
                    figures.week(day / 7, sizes);
                    progress(day, weekEvents, weekStarted, sizes);
                    weekStarted = System.nanoTime();
                    weekEvents = 0;
                }
            }
            ResegmentationReport end = feed.resegment();
            progress.printf("End-of-period segmentation of %,d customers in %.1f s: %,d changed%n", end.customers(),
                    end.elapsed().toMillis() / 1000.0, end.changed());
        }
        model.filter(CustomerBaseModel::usable).ifPresent(m -> figures.holdout(holdout(m)));
        figures.lapseChecks(lapseChecks(outbox));
        figures.wallTime(Duration.ofNanos(System.nanoTime() - began));
        return figures.build();
    }

    /** The p_alive thresholds the report shows for choosing the predicted segment's; the last takes every buyer. */
    static final double[] THRESHOLDS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, Double.POSITIVE_INFINITY};

    /**
     * At go-live ({@code today}), the customers below each of {@link #THRESHOLDS} of p_alive, alone and with fewer than
     * 0.5 purchases expected in 90 days, and how many of them had truly lapsed.
     */
    private List<RunFigures.Threshold> thresholds(CustomerBaseModel model, LocalDate today) {
        long[][] n = new long[THRESHOLDS.length][4];
        for (Shopper s : shoppers) {
            var history = goLive.history(s.index());
            if (history.isEmpty()) {
                continue;
            }
            double alive = model.probabilityAlive(history.get(), today);
            boolean few = model.expectedPurchases(history.get(), today, 90) < 0.5;
            int lapsed = goLive.lapsedFrom(s.index()).isPresent() ? 1 : 0;
            for (int t = 0; t < THRESHOLDS.length; t++) {
                if (alive < THRESHOLDS[t]) {
                    n[t][0]++;
                    n[t][1] += lapsed;
                    if (few) {
                        n[t][2]++;
                        n[t][3] += lapsed;
                    }
                }
            }
        }
        List<RunFigures.Threshold> out = new ArrayList<>();
        for (int t = 0; t < THRESHOLDS.length; t++) {
            out.add(new RunFigures.Threshold(THRESHOLDS[t], n[t][0], n[t][1], n[t][2], n[t][3]));
        }
        return out;
    }

    /** The go-live model against the period: the customers who bought before it, and what they bought in it. */
    private Holdout holdout(CustomerBaseModel model) {
        List<Holdout.Customer> cohort = new ArrayList<>();
        for (Shopper s : shoppers) {
            goLive.history(s.index()).ifPresent(h -> cohort.add(new Holdout.Customer(h.summary(model.calibration()),
                    figures.purchaseDays(s.id()))));
        }
        return Holdout.of(model, cohort, settings.days());
    }

    /**
     * Who the predicted segment and the two win-back programs reached, against the simulation's truth: whether the
     * customer had lapsed on the day they entered the segment or a message was decided for them.
     */
    private List<RunFigures.LapseCheck> lapseChecks(Outbox outbox) {
        Map<CustomerId, Integer> index = new HashMap<>();
        shoppers.forEach(s -> index.put(s.id(), s.index()));
        long entered = 0;
        long enteredLapsed = 0;
        for (RunFigures.Entry e : figures.entries()) {
            Integer i = index.get(e.customer());
            if (i != null) {
                entered++;
                enteredLapsed += behaviour.lapsed(i, day(e.at())) ? 1 : 0;
            }
        }
        Map<String, long[]> programs = new TreeMap<>();
        for (String p : WIN_BACKS) {
            programs.put(p, new long[2]);
        }
        outbox.forEach(m -> {
            long[] n = programs.get(m.program());
            Integer i = index.get(m.customer());
            if (n != null && i != null) {
                n[0]++;
                n[1] += behaviour.lapsed(i, day(m.decidedAt())) ? 1 : 0;
            }
        });
        List<RunFigures.LapseCheck> out = new ArrayList<>();
        out.add(new RunFigures.LapseCheck("entered " + RunFigures.PREDICTED_SEGMENT, entered, enteredLapsed));
        programs.forEach((p, n) -> out.add(new RunFigures.LapseCheck(p + " messages decided", n[0], n[1])));
        return out;
    }

    /** The day of the period an instant is on (UTC days, as the simulation plans them). */
    private int day(Instant t) {
        return (int) Math.floorDiv(Duration.between(settings.start(), t).toSeconds(), 86_400L);
    }

    private void progress(int day, long weekEvents, long weekStarted, Map<String, Long> sizes) {
        double seconds = (System.nanoTime() - weekStarted) / 1e9;
        progress.printf("  week %2d/%d (to %s): %,8d events (%,6.0f/s), %,7d delivered so far, %,d planned, %,d probably"
                        + " lapsing%n", day / 7 + 1, (settings.days() + 6) / 7, clock.instant().toString().substring(0, 10),
                weekEvents, weekEvents / Math.max(seconds, 1e-3), figures.deliveredSoFar(), agenda.size(),
                sizes.getOrDefault(RunFigures.PREDICTED_SEGMENT, 0L));
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
