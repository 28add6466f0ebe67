package io.relevans.examples.retailer;

import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.backtest.Comparison;
import io.relevans.customer.Identity;
import io.relevans.definition.Definitions;
import io.relevans.spi.Message;
import io.relevans.spi.RenderedMessage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The simulated retailer, Nordhus, from the command line.
 *
 * <pre>
 * run [--customers N] [--days D] [--seed S] [--out DIR]
 *     [--smtp smtp://HOST:PORT] [--sms-webhook URL] [--push-webhook URL]
 *     [--storage h2|memory|JDBC-URL]
 *     simulates a quarter: writes DIR/report.html and DIR/history/, prints a summary and one
 *     customer's service view; channels are simulated unless a server is named; the engine's state
 *     is in an H2 file database under DIR/db unless another storage is named
 * backtest [--out DIR] [--definitions FOLDER]
 *     replays DIR/history through the bundled definitions or those in FOLDER, sending nothing;
 *     writes DIR/backtest.html with a comparison: FOLDER's definitions against the bundled ones, or
 *     the bundled definitions' backtest against the run's decisions in its database
 * customer EMAIL|+PHONE|LOYALTY-NUMBER [--out DIR] [--storage h2|JDBC-URL]
 *     the customer service view of a customer of the last run (S12, S14)
 * </pre>
 */
public final class Retailer {

    private Retailer() {
    }

    /** Entry point; exits with 2 on a usage error. */
    public static void main(String[] args) throws Exception {
        Deque<String> a = new ArrayDeque<>(List.of(args));
        String command = a.isEmpty() || a.peek().startsWith("--") ? "run" : a.pop();
        switch (command) {
            case "run" -> run(Options.parse(a), System.out);
            case "backtest" -> backtest(Options.parse(a), System.out);
            case "customer" -> {
                if (a.isEmpty() || a.peek().startsWith("--")) {
                    System.err.println("customer needs an email address, phone number or loyalty number");
                    System.exit(2);
                }
                String who = a.pop();
                customer(identity(who), Options.parse(a), System.out);
            }
            default -> {
                System.err.println("unknown command '" + command + "' (commands: run, backtest, customer)");
                System.exit(2);
            }
        }
    }

    /** An email address, a phone number (starting with +) or a loyalty number. */
    static Identity identity(String text) {
        return text.contains("@") ? Identity.email(text) : text.startsWith("+") ? Identity.phone(text)
                : Identity.loyalty(text);
    }

    /**
     * Prints the customer service view of a customer of the last run, from its database and history.
     *
     * @throws IllegalStateException when the run kept its state in memory only
     */
    public static void customer(Identity who, Options o, PrintStream out) throws Exception {
        if (o.storage().equals("memory")) {
            throw new IllegalStateException("a run in memory keeps nothing to look up; run with the default storage");
        }
        Properties run = new Properties();
        try (Reader in = Files.newBufferedReader(o.out().resolve("history").resolve("run.properties"))) {
            run.load(in);
        }
        Instant end = Instant.parse(run.getProperty("start")).plus(Duration.ofDays(Long.parseLong(run.getProperty("days"))));
        try (Storage storage = storage(o, false)) {
            Relevans engine = engine(VirtualClock.at(end), storage, RetailerDefinitions.bundled(),
                    RetailerChannels.simulated(), m -> { }, new ServiceDesk());
            CustomerTimeline.print(engine, who, o.out().resolve("history").resolve("events.jsonl.gz"), out);
        }
    }

    /**
     * The storage the options name; for a new run ({@code fresh}) the default H2 file starts empty and
     * any other database must be empty.
     */
    static Storage storage(Options o, boolean fresh) throws IOException {
        if (o.storage().equals("memory")) {
            return Storage.inMemory();
        }
        if (o.storage().equals("h2")) {
            Path folder = o.out().resolve("db");
            if (fresh && Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
            }
            return Storage.h2File(folder);
        }
        Storage storage = Storage.jdbc(o.storage());
        long customers = storage.customers().count();
        if (fresh && customers > 0) {
            try {
                storage.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not close the database", e);
            }
            throw new IllegalStateException("the database already holds " + customers
                    + " customers; a run needs an empty one");
        }
        return storage;
    }

    /**
     * Replays the history of a run through definitions ({@link Backtest}), sending nothing, and writes the
     * report with a comparison: of the definitions in the folder against the bundled ones, or,
     * without a folder, of the bundled definitions' backtest against the run's own decisions (read from
     * its database, when it kept one).
     */
    public static RetailerReport backtest(Options o, PrintStream out) throws Exception {
        Backtest period = Backtest.of(o.out().resolve("history"));
        Definitions definitions = o.definitions().isPresent() ? RetailerDefinitions.from(o.definitions().get())
                : RetailerDefinitions.bundled();
        String name = o.definitions().map(p -> "the definitions in " + p.getFileName()).orElse("the bundled definitions");
        Backtest.Replayed replayed = period.replay(definitions, name, out);
        RetailerReport report = replayed.report();
        if (o.definitions().isPresent()) {
            out.println("Backtest of the bundled definitions, to compare with");
            List<Message> bundled = period.replay(RetailerDefinitions.bundled(), "the bundled definitions", out).messages();
            report = report.with(new RetailerReport.Compared("the bundled definitions", name,
                    Comparison.between(bundled, replayed.messages())));
        } else {
            Optional<List<Message>> decided = runDecisions(o);
            if (decided.isPresent()) {
                report = report.with(new RetailerReport.Compared("the run", "the backtest",
                        Comparison.between(decided.get(), replayed.messages())));
            }
        }
        Path html = o.out().resolve("backtest.html");
        HtmlReport.write(report, html);
        HtmlReport.summary(report, out);
        report.comparison().ifPresent(c -> out.println(c.comparison().summary(c.before(), c.after(), 0)));
        out.println("Report: " + html.toAbsolutePath());
        return report;
    }

    /** The messages the run decided, from its database; empty when it kept none (in memory, or no database). */
    static Optional<List<Message>> runDecisions(Options o) throws Exception {
        if (o.storage().equals("memory") || (o.storage().equals("h2") && !Files.isDirectory(o.out().resolve("db")))) {
            return Optional.empty();
        }
        try (Storage storage = storage(o, false)) {
            List<Message> out = new ArrayList<>();
            storage.outbox().forEach(out::add);
            return Optional.of(out);
        }
    }

    /** Simulates the period and writes the report; returns the report. */
    public static RetailerReport run(Options o, PrintStream out) throws Exception {
        Simulation.Settings settings = new Simulation.Settings(o.seed(), o.customers(), o.days(), o.start());
        VirtualClock clock = VirtualClock.at(GoLive.eve(settings.start()));
        Definitions definitions = RetailerDefinitions.bundled();
        out.printf("Nordhus: %d segments and %d programs from retailer/*.rel; %,d customers, %d days from %s%n",
                definitions.segments().size(), definitions.programs().size(), settings.customers(), settings.days(),
                settings.start());
        Simulation simulation = new Simulation(settings, clock, out);
        try (Storage storage = storage(o, true)) {
            out.println("Storage: " + storage.description());
            ServiceDesk desk = new ServiceDesk();
            Consumer<RenderedMessage> observer = simulation::delivered;
            Relevans engine = engine(clock, storage, definitions, o.channels(), observer, desk);
            out.println("Channels: " + o.channels().describe());
            RunFigures figures = simulation.run(engine, storage.customers(), storage.outbox(), o.out().resolve("history"));
            RetailerReport report = RetailerReport.of("Nordhus: a simulated quarter", storage.description(), figures,
                    engine.results(), storage.outbox(), storage.customers());
            Path html = o.out().resolve("report.html");
            HtmlReport.write(report, html);
            HtmlReport.summary(report, out);
            out.printf("  cases opened     %,d%n", desk.cases());
            out.println();
            Optional<Shopper> someone = simulation.shoppers().stream()
                    .filter(s -> engine.messages(s.id()).size() >= 3).findFirst();
            if (someone.isPresent()) {
                out.println("The customer service view of one customer (S12, S14):");
                CustomerTimeline.print(engine, someone.get().emailIdentity(),
                        o.out().resolve("history").resolve("events.jsonl.gz"), out);
            }
            out.println("Report: " + html.toAbsolutePath());
            return report;
        }
    }

    /** How often the engine refits its prediction model, in a tick, after the fit at go-live. */
    public static final Duration REFIT_EVERY = Duration.ofDays(7);

    /**
     * The retailer's engine on the storage, with its templates, service desk and observed channels; it refits
     * its prediction model every {@link #REFIT_EVERY}.
     */
    static Relevans engine(Clock clock, Storage storage, Definitions definitions, RetailerChannels channels,
                           Consumer<RenderedMessage> observer, ServiceDesk desk) {
        Relevans.Builder builder = Relevans.builder().clock(clock).storage(storage.engine())
                .templates(RetailerTemplates.all()).actions(desk).definitions(definitions)
                .refitPredictionsEvery(REFIT_EVERY);
        channels.adapters(observer).forEach(builder::channel);
        return builder.build();
    }

    /** The command line's settings. */
    public record Options(int customers, int days, long seed, Instant start, Path out, Optional<Path> definitions,
                          RetailerChannels channels, String storage) {

        static Options parse(Deque<String> args) {
            Simulation.Settings q = Simulation.Settings.quarter();
            int customers = q.customers();
            int days = q.days();
            long seed = q.seed();
            Path out = Path.of("target", "nordhus");
            Optional<Path> definitions = Optional.empty();
            Optional<URI> smtp = Optional.empty();
            Optional<URI> sms = Optional.empty();
            Optional<URI> push = Optional.empty();
            String storage = "h2";
            while (!args.isEmpty()) {
                String flag = args.pop();
                if (args.isEmpty()) {
                    throw new IllegalArgumentException("option " + flag + " needs a value");
                }
                String value = args.pop();
                switch (flag) {
                    case "--customers" -> customers = Integer.parseInt(value.replace("_", ""));
                    case "--days" -> days = Integer.parseInt(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--out" -> out = Path.of(value);
                    case "--definitions" -> definitions = Optional.of(Path.of(value));
                    case "--smtp" -> smtp = Optional.of(URI.create(value));
                    case "--sms-webhook" -> sms = Optional.of(URI.create(value));
                    case "--push-webhook" -> push = Optional.of(URI.create(value));
                    case "--storage" -> {
                        if (!value.equals("memory") && !value.equals("h2") && !value.startsWith("jdbc:")) {
                            throw new IllegalArgumentException("--storage is memory, h2 or a JDBC URL, got " + value);
                        }
                        storage = value;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + flag
                            + " (options: --customers, --days, --seed, --out, --definitions, --smtp, --sms-webhook,"
                            + " --push-webhook, --storage)");
                }
            }
            return new Options(customers, days, seed, q.start(), out, definitions,
                    new RetailerChannels(smtp, sms, push), storage);
        }
    }
}
