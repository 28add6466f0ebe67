package io.relevans.examples.retailer;

import io.relevans.IngestResult;
import io.relevans.Relevans;
import io.relevans.ResegmentationReport;
import io.relevans.TickReport;
import io.relevans.VirtualClock;
import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.json.CustomerJson;
import io.relevans.json.EventJson;
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
import java.io.UncheckedIOException;
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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;

/**
 * Runs the simulated retailer through the engine on virtual time: imports the customer base at
 * go-live, then, day by day, feeds the customers' events (in time order, hour by hour) and lets the
 * engine fire its waits and send its messages every virtual hour; customers react to what they get.
 * Writes the period's history (the go-live profiles and every event, as gzipped JSON lines) for
 * {@link Backtest} and the customer service view, and collects the figures for the report.
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
    private final Behaviour behaviour;
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
        this.behaviour = new Behaviour(settings.seed(), settings.start(), shoppers, agenda);
        this.figures = new RunFigures.Builder(settings);
    }

    /** The simulated customers. */
    public List<Shopper> shoppers() {
        return shoppers;
    }

    /** Where channels report accepted messages: give it to every channel as the observer. */
    public void delivered(RenderedMessage message) {
        delivered.add(message);
    }

    /**
     * Runs the period.
     *
     * @param engine  the engine whose channels report to {@link #delivered(RenderedMessage)}
     * @param store   the engine's customer store, for the go-live import
     * @param outbox  the engine's outbox, to tell which program sent a message
     * @param history folder for {@code customers.jsonl.gz} and {@code events.jsonl.gz}
     */
    public RunFigures run(Relevans engine, CustomerStore store, Outbox outbox, Path history) throws IOException {
        long began = System.nanoTime();
        Files.createDirectories(history);
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
        ResegmentationReport golive = engine.resegment();
        figures.segmentsAtStart(golive.sizes(), golive.elapsed());
        progress.printf("Go-live segmentation of %,d customers in %.1f s%n", golive.customers(),
                golive.elapsed().toMillis() / 1000.0);
        TreeMap<String, Long> sizes = new TreeMap<>(golive.sizes());

        try (Writer events = gzip(history.resolve("events.jsonl.gz"))) {
            long weekStarted = System.nanoTime();
            long weekEvents = 0;
            for (int day = 0; day < settings.days(); day++) {
                behaviour.plan(day);
                Instant midnight = settings.start().plus(Duration.ofDays(day));
                for (int hour = 1; hour <= 24; hour++) {
                    Instant end = midnight.plus(Duration.ofHours(hour));
                    while (agenda.hasBefore(end)) {
                        Event e = agenda.next();
                        clock.advanceTo(e.time());
                        IngestResult r = engine.ingest(e);
                        events.write(EventJson.write(e));
                        events.write('\n');
                        r.entered().forEach(s -> sizes.merge(s, 1L, Long::sum));
                        r.exited().forEach(s -> sizes.merge(s, -1L, Long::sum));
                        figures.event(e);
                        weekEvents++;
                    }
                    clock.advanceTo(end);
                    TickReport tick = engine.tick();
                    figures.tick(tick);
                    react(outbox, end);
                }
                if ((day + 1) % 7 == 0 || day == settings.days() - 1) {
                    int week = day / 7;
                    figures.week(week, sizes);
                    double seconds = (System.nanoTime() - weekStarted) / 1e9;
                    progress.printf("  week %2d/%d (to %s): %,8d events (%,6.0f/s), %,7d sent so far, %,d planned%n",
                            week + 1, (settings.days() + 6) / 7, clock.instant().toString().substring(0, 10), weekEvents,
                            weekEvents / Math.max(seconds, 1e-3), figures.sentSoFar(), agenda.size());
                    weekStarted = System.nanoTime();
                    weekEvents = 0;
                }
            }
        }
        for (Shopper s : shoppers) {
            figures.shopper(s.index(), s.id(), behaviour.revenue(s.index()), behaviour.purchases(s.index()));
        }
        figures.wallTime(Duration.ofNanos(System.nanoTime() - began));
        return figures.build();
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

    private static Writer gzip(Path file) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file), 1 << 16),
                StandardCharsets.UTF_8), 1 << 16);
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
