package io.relevans.examples.retailer;

import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.definition.Definitions;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The simulated retailer, Nordhus, from the command line.
 *
 * <pre>
 * run [--customers N] [--days D] [--seed S] [--out DIR]
 *     [--smtp smtp://HOST:PORT] [--sms-webhook URL] [--push-webhook URL]
 *     simulates a quarter: writes DIR/report.html and DIR/history/, prints a summary and one
 *     customer's service view; channels are simulated unless a server is named
 * backtest [--out DIR] [--definitions FOLDER]
 *     replays DIR/history through the bundled definitions or those in FOLDER, sending nothing;
 *     writes DIR/backtest.html
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
            default -> {
                System.err.println("unknown command '" + command + "' (commands: run, backtest)");
                System.exit(2);
            }
        }
    }

    /** Replays the history of a run through definitions, sending nothing, and writes the report. */
    public static RetailerReport backtest(Options o, PrintStream out) throws Exception {
        Definitions definitions = o.definitions().isPresent() ? RetailerDefinitions.from(o.definitions().get())
                : RetailerDefinitions.bundled();
        String name = o.definitions().map(p -> "the definitions in " + p.getFileName()).orElse("the bundled definitions");
        RetailerReport report = Backtest.run(o.out().resolve("history"), definitions, name, out);
        Path html = o.out().resolve("backtest.html");
        HtmlReport.write(report, html);
        HtmlReport.summary(report, out);
        out.println("Report: " + html.toAbsolutePath());
        return report;
    }

    /** Simulates the period and writes the report; returns the report. */
    public static RetailerReport run(Options o, PrintStream out) throws Exception {
        Simulation.Settings settings = new Simulation.Settings(o.seed(), o.customers(), o.days(), o.start());
        VirtualClock clock = VirtualClock.at(settings.start());
        Definitions definitions = RetailerDefinitions.bundled();
        out.printf("Nordhus: %d segments and %d programs from retailer/*.rel; %,d customers, %d days from %s%n",
                definitions.segments().size(), definitions.programs().size(), settings.customers(), settings.days(),
                settings.start());
        Simulation simulation = new Simulation(settings, clock, out);
        try (Storage storage = Storage.inMemory()) {
            ServiceDesk desk = new ServiceDesk();
            Consumer<io.relevans.spi.RenderedMessage> observer = simulation::delivered;
            Relevans.Builder builder = Relevans.builder().clock(clock).store(storage.customers())
                    .timers(storage.timers()).outbox(storage.outbox())
                    .templates(RetailerTemplates.all()).actions(desk).definitions(definitions);
            o.channels().adapters(observer).forEach(builder::channel);
            Relevans engine = builder.build();
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

    /** The command line's settings. */
    public record Options(int customers, int days, long seed, Instant start, Path out, Optional<Path> definitions,
                          RetailerChannels channels) {

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
                    default -> throw new IllegalArgumentException("unknown option " + flag
                            + " (options: --customers, --days, --seed, --out, --definitions, --smtp, --sms-webhook,"
                            + " --push-webhook)");
                }
            }
            return new Options(customers, days, seed, q.start(), out, definitions,
                    new RetailerChannels(smtp, sms, push));
        }
    }
}
