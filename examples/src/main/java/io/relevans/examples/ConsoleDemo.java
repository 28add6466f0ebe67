package io.relevans.examples;

import io.relevans.Offer;
import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.backtest.Backtest;
import io.relevans.console.Console;
import io.relevans.console.ConsoleServer;
import io.relevans.console.Role;
import io.relevans.console.UserList;
import io.relevans.definition.Definitions;
import io.relevans.dsl.Relang;
import io.relevans.examples.retailer.Retailer;
import io.relevans.examples.retailer.RetailerChannels;
import io.relevans.examples.retailer.RetailerDefinitions;
import io.relevans.examples.retailer.RetailerTemplates;
import io.relevans.examples.retailer.ServiceDesk;
import io.relevans.examples.retailer.Shopper;
import io.relevans.examples.retailer.Simulation;
import io.relevans.examples.retailer.Storage;
import io.relevans.jdbc.JdbcStorage;
import io.relevans.spi.EventArchive;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The console in the browser over Nordhus (issue 17): serves the console on its own and runs a short Nordhus
 * simulation on the embedded H2 database, with the engine's events kept in its archive for the customer
 * timeline, and serves on until stopped. After the run, virtual time moves on with the wall clock, and the
 * engine ticks every few seconds, so that what staff do in the console is sent.
 *
 * <pre>
 * mvn -q -B -pl examples -am package -DskipTests exec:java -Dexec.mainClass=io.relevans.examples.ConsoleDemo
 * [-Dexec.args="--customers 3000 --days 28 --port 8080 --out target/console-demo"]
 * </pre>
 *
 * Users {@code staff}, {@code marketer} and {@code admin}, each with the password {@value #PASSWORD} (a demo
 * only). The definitions are the bundled Nordhus ones and one program more, {@code service_survey} on the
 * console's survey event ({@code console-demo/survey.rel}).
 */
public final class ConsoleDemo {

    /** The demo users' password. */
    public static final String PASSWORD = "nordhus";

    private ConsoleDemo() {
    }

    /**
     * The command line's settings.
     *
     * @param customers customers simulated
     * @param days      days simulated
     * @param host      the address the console listens on
     * @param port      its port, 0 for any free one
     * @param out       where the database and the history go
     */
    public record Options(int customers, int days, String host, int port, Path out) {

        /** @throws IllegalArgumentException naming the option that is wrong */
        public static Options parse(String... args) {
            Deque<String> a = new ArrayDeque<>(List.of(args));
            int customers = 3_000;
            int days = 28;
            String host = "127.0.0.1";
            int port = 8080;
            Path out = Path.of("target", "console-demo");
            while (!a.isEmpty()) {
                String flag = a.pop();
                if (a.isEmpty()) {
                    throw new IllegalArgumentException("option " + flag + " needs a value");
                }
                String value = a.pop();
                switch (flag) {
                    case "--customers" -> customers = Integer.parseInt(value.replace("_", ""));
                    case "--days" -> days = Integer.parseInt(value);
                    case "--host" -> host = value;
                    case "--port" -> port = Integer.parseInt(value);
                    case "--out" -> out = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag
                            + " (options: --customers, --days, --host, --port, --out)");
                }
            }
            if (customers < 1 || days < 1 || port < 0 || port > 65_535) {
                throw new IllegalArgumentException("--customers and --days must be positive and --port 0..65535");
            }
            return new Options(customers, days, host, port, out);
        }
    }

    /**
     * The demo running: the console's server, the engine, the storage, and the thread that moves time on.
     *
     * @param server  the console's server
     * @param console the console
     * @param engine  the engine
     * @param example a loyalty number worth looking up: a customer with messages and a party-dress offer
     */
    public record Running(ConsoleServer server, Console console, Relevans engine, Optional<String> example,
                          Storage storage, ScheduledExecutorService clockwork) implements AutoCloseable {

        @Override
        public void close() throws Exception {
            clockwork.shutdownNow();
            clockwork.awaitTermination(10, TimeUnit.SECONDS);
            try {
                server.close();
            } finally {
                storage.close();
            }
        }
    }

    /** Runs the demo until the process is stopped. */
    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Running running = start(o, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                Thread.currentThread().interrupt();
            }
        }));
        running.server().join();
    }

    /**
     * Simulates Nordhus for the options' period, then serves the console.
     *
     * @param progress where the simulation's progress and the console's address go
     */
    public static Running start(Options o, PrintStream progress) throws Exception {
        Simulation.Settings quarter = Simulation.Settings.quarter();
        Simulation.Settings settings = new Simulation.Settings(quarter.seed(), o.customers(), o.days(), quarter.start());
        VirtualClock clock = VirtualClock.at(settings.eve());
        Definitions definitions = definitions();
        Path db = o.out().resolve("db");
        if (Files.isDirectory(db)) {
            try (Stream<Path> files = Files.list(db)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
        Storage storage = Storage.h2File(db);
        ScheduledExecutorService clockwork = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "console-demo-clock");
            t.setDaemon(true);
            return t;
        });
        ConsoleServer server = null;
        try {
            EventArchive archive = ((JdbcStorage) storage.engine()).archive();
            Simulation simulation = new Simulation(settings, clock, progress);
            Relevans.Builder builder = Relevans.builder().clock(clock).storage(storage.engine()).archive(archive)
                    .templates(RetailerTemplates.all()).actions(new ServiceDesk()).definitions(definitions)
                    .refitPredictionsEvery(Retailer.REFIT_EVERY);
            RetailerChannels.simulated().adapters(simulation::delivered).forEach(builder::channel);
            Relevans engine = builder.build();
            Path history = o.out().resolve("history");
            Instant end = settings.start().plus(Duration.ofDays(settings.days()));
            Console console = Console.builder().engine(engine).storage(storage.engine()).archive(archive).clock(clock)
                    .templates(RetailerTemplates.all()).title("Nordhus console")
                    .backtest(() -> Backtest.builder().period(end.minus(Duration.ofDays(Math.min(7, settings.days()))), end)
                            .profiles(history.resolve("customers.jsonl.gz"))
                            .history(history.resolve("events.jsonl.gz"))
                            .events(history.resolve("events.jsonl.gz")).build())
                    .users(UserList.builder().user("staff", PASSWORD, Role.STAFF)
                            .user("marketer", PASSWORD, Role.MARKETER).user("admin", PASSWORD, Role.ADMIN).build())
                    .build();
            // served from the start (a taken port shows at once): the programs' figures grow while it runs
            server = ConsoleServer.start(console, new InetSocketAddress(o.host(), o.port()));
            progress.println("Nordhus console at " + server.uri() + " (the simulation runs first; figures grow live)");
            // segment sizes over time: counted while the simulation runs, at its virtual times
            clockwork.scheduleWithFixedDelay(console::sampleSegmentSizes, 1, 1, TimeUnit.SECONDS);
            simulation.run(engine, storage.customers(), storage.outbox(), history);
            clockwork.shutdownNow();
            clockwork.awaitTermination(30, TimeUnit.SECONDS);
            clock.advanceTo(end.plus(Duration.ofHours(8))); // the stores open: quiet hours are over
            engine.tick();
            console.sampleSegmentSizes();

            ScheduledExecutorService ticking = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "console-demo-clock");
                t.setDaemon(true);
                return t;
            });
            // from now on virtual time moves with the wall clock, and the engine ticks: what staff do is sent
            ticking.scheduleWithFixedDelay(() -> {
                clock.advance(Duration.ofSeconds(5));
                engine.tick();
            }, 5, 5, TimeUnit.SECONDS);
            Optional<Shopper> pick = example(simulation.shoppers(), engine);
            Optional<String> example = pick.flatMap(Shopper::loyaltyNumber);
            progress.println();
            progress.println("Nordhus console ready at " + server.uri());
            progress.println("  sign in as staff, marketer or admin, password '" + PASSWORD + "' (a demo)");
            pick.ifPresent(p -> progress.println("  staff: find loyalty number " + p.loyaltyNumber().orElseThrow()
                    + (partyOffer(p, engine) ? ", correct gender to male, and the party-dress offer goes" : "")));
            progress.println("  stop with Ctrl+C");
            return new Running(server, console, engine, example, storage, ticking);
        } catch (Exception | Error e) {
            clockwork.shutdownNow();
            if (server != null) {
                server.close();
            }
            storage.close();
            throw e;
        }
    }

    /** Nordhus's definitions and the survey program the console sends. */
    static Definitions definitions() {
        Definitions nordhus = RetailerDefinitions.bundled();
        String text;
        try (InputStream in = ConsoleDemo.class.getResourceAsStream("/console-demo/survey.rel")) {
            if (in == null) {
                throw new IllegalStateException("console-demo/survey.rel is missing");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Definitions survey = Relang.parse("survey.rel", text).orThrow();
        List<io.relevans.definition.Program> programs = new ArrayList<>(nordhus.programs());
        programs.addAll(survey.programs());
        return new Definitions(nordhus.segments(), programs, nordhus.policies(), nordhus.priceRanges());
    }

    /**
     * A loyalty number worth looking up: of a woman with a few messages and the party-dress offer, else of a customer
     * with the most messages; empty only when no loyalty member is known to the engine.
     */
    static Optional<Shopper> example(List<Shopper> shoppers, Relevans engine) {
        Optional<Shopper> fallback = Optional.empty();
        int most = -1;
        for (Shopper s : shoppers) {
            if (s.loyaltyNumber().isEmpty() || engine.customer(s.id()).isEmpty()) {
                continue;
            }
            int messages = engine.messages(s.id()).size();
            if (messages >= 3 && s.gender().equals("female") && partyOffer(s, engine)) {
                return Optional.of(s);
            }
            if (messages > most) {
                most = messages;
                fallback = Optional.of(s);
            }
        }
        return fallback;
    }

    private static boolean partyOffer(Shopper s, Relevans engine) {
        return engine.nextBestOffers(s.id()).stream().map(Offer::program).anyMatch("party_season"::equals);
    }
}
