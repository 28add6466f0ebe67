package io.relevans.dsl;

import io.relevans.Relevans;
import io.relevans.backtest.Backtest;
import io.relevans.backtest.BacktestReport;
import io.relevans.backtest.Comparison;
import io.relevans.customer.Channel;
import io.relevans.customer.IdentityType;
import io.relevans.spi.Message;
import io.relevans.customer.Customer;
import io.relevans.definition.Definitions;
import io.relevans.definition.Limits;
import io.relevans.dsl.internal.Windows;
import io.relevans.definition.InvalidDefinitionException;
import io.relevans.definition.Segment;
import io.relevans.json.CustomerJson;
import io.relevans.json.ProfileFormatException;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.FeatureState;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.SimpleTemplates;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The command line of the rules language:
 *
 * <pre>
 * check &lt;files or dirs...&gt;                     report every problem, exit 1 when there are errors
 * drl &lt;dir-or-file&gt;                           print the Drools rules the definitions compile to
 * explain &lt;dir-or-file&gt; &lt;profile.json&gt; [segment]  explain the segment verdicts for one customer profile
 * backtest &lt;dir-or-file&gt; --events FILE --from T --to T [options]   replay a period, sending nothing
 * compare &lt;dir-or-file A&gt; &lt;dir-or-file B&gt; --events FILE --from T --to T [options]   what B decides otherwise
 * </pre>
 *
 * Exit codes: 0 clean (warnings are printed but allowed), 1 errors in the definitions or the profile, 2 bad
 * usage or unreadable files.
 */
public final class Cli {

    /** Exit code when everything is fine. */
    public static final int OK = 0;
    /** Exit code when the definitions (or the profile) have errors. */
    public static final int ERRORS = 1;
    /** Exit code for bad usage or files that cannot be read. */
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: relang <command> ...
              check <files or dirs...>                        check *.rel files; prints file:line:col: error: ...
              drl <dir-or-file>                               print the Drools rules the definitions compile to
              explain <dir-or-file> <profile.json> [segment]  explain segment verdicts for a customer profile
              backtest <dir-or-file> --events FILE --from TIME --to TIME [options]
                                                              replay the period's events through the definitions,
                                                              sending nothing; print what would have been decided
              compare <dir-or-file A> <dir-or-file B> --events FILE --from TIME --to TIME [options]
                                                              backtest both on the same events; print the messages
                                                              only A or only B decides and those decided otherwise
            backtest and compare options:
              --events FILE     the period's events, JSON lines, gzipped or not (required)
              --from TIME       the period's start, inclusive: 2026-09-01 or 2026-09-01T06:00:00Z (required)
              --to TIME         the period's end, exclusive (required)
              --profiles FILE   customer profiles at the start, JSON lines, gzipped or not
              --history FILE    events before the start to import first, JSON lines, gzipped or not
              --tick DURATION   how often the engine ticks: 1h (default), 15m, 30s, 1d or PT1H
              --channel NAME=IDENTITY  a channel the application has and the identity it addresses, such as
                                sms=phone; repeat for each (default email=email, sms=phone, push=login,
                                in_store=loyalty_number)
              --json FILE       also write the report (or the comparison) as JSON
              --show N          compare: list up to N messages of each kind (default 10)
            exit codes: 0 clean, 1 errors, 2 bad usage""";

    private Cli() {
    }

    /** Runs the command line and exits with its code when that is not 0. */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.err.flush();
        if (code != OK) {
            System.exit(code);
        }
    }

    /**
     * Runs one command.
     *
     * @param args the command and its arguments
     * @param out  where results go
     * @param err  where diagnostics and usage go
     * @return the exit code: {@link #OK}, {@link #ERRORS} or {@link #USAGE}
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args == null || args.length == 0) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (args[0]) {
                case "check" -> rest.isEmpty() ? usage(err, "check needs at least one file or directory")
                        : check(rest, out, err);
                case "drl" -> rest.size() != 1 ? usage(err, "drl needs exactly one file or directory")
                        : drl(rest.get(0), out, err);
                case "explain" -> rest.size() < 2 || rest.size() > 3
                        ? usage(err, "explain needs a file or directory, a profile and optionally a segment")
                        : explain(rest.get(0), rest.get(1), rest.size() == 3 ? rest.get(2) : null, out, err);
                case "backtest" -> rest.isEmpty() || rest.get(0).startsWith("--")
                        ? usage(err, "backtest needs the definitions (a file or directory) and its options")
                        : backtest(rest.get(0), rest.subList(1, rest.size()), out, err);
                case "compare" -> rest.size() < 2 || rest.get(0).startsWith("--") || rest.get(1).startsWith("--")
                        ? usage(err, "compare needs two sets of definitions (files or directories) and the options")
                        : compare(rest.get(0), rest.get(1), rest.subList(2, rest.size()), out, err);
                case "help", "-h", "--help" -> {
                    out.println(USAGE_TEXT);
                    yield OK;
                }
                default -> usage(err, "unknown command '" + args[0] + "'");
            };
        } catch (IOException e) {
            err.println("error: cannot read " + e.getMessage());
            return USAGE;
        } catch (UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("error: " + problem);
        err.println(USAGE_TEXT);
        return USAGE;
    }

    private static int check(List<String> paths, PrintStream out, PrintStream err) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (String p : paths) {
            if (!collect(Path.of(p), files, err)) {
                return USAGE;
            }
        }
        ParseResult r = Relang.parseAll(files);
        r.diagnostics().forEach(d -> err.println(d.format()));
        if (!r.ok()) {
            return ERRORS;
        }
        Definitions d = r.definitions();
        int warnings = r.warnings().size();
        out.println(files.size() + " file(s) ok: " + d.segments().size() + " segment(s), " + d.programs().size()
                + " program(s)" + (warnings == 0 ? "" : ", " + warnings + " warning(s)"));
        return OK;
    }

    /** Adds a file, or every *.rel file below a directory in path order; false when the path does not exist. */
    private static boolean collect(Path path, Map<String, String> files, PrintStream err) throws IOException {
        if (Files.isDirectory(path)) {
            List<Path> found;
            try (Stream<Path> walk = Files.walk(path)) {
                found = walk.filter(f -> f.getFileName().toString().endsWith(Relang.EXTENSION)
                        && Files.isRegularFile(f)).sorted().toList();
            }
            for (Path f : found) {
                files.put(f.toString().replace('\\', '/'), Files.readString(f, StandardCharsets.UTF_8));
            }
            return true;
        }
        if (Files.isRegularFile(path)) {
            files.put(path.toString().replace('\\', '/'), Files.readString(path, StandardCharsets.UTF_8));
            return true;
        }
        err.println("error: no such file or directory: " + path);
        return false;
    }

    /** Reads definitions, printing diagnostics; null when there are errors or the path is missing. */
    private static @Nullable Definitions definitions(String path, PrintStream err) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        if (!collect(Path.of(path), files, err)) {
            return null;
        }
        ParseResult r = Relang.parseAll(files);
        r.diagnostics().forEach(d -> err.println(d.format()));
        return r.ok() ? r.definitions() : null;
    }

    private static int drl(String path, PrintStream out, PrintStream err) throws IOException {
        if (!Files.exists(Path.of(path))) {
            return usage(err, "no such file or directory: " + path);
        }
        Definitions d = definitions(path, err);
        if (d == null) {
            return ERRORS;
        }
        Relevans engine;
        try {
            engine = engine(d, Relevans.builder());
        } catch (InvalidDefinitionException e) {
            e.problems().forEach(p -> err.println(path + ": error: " + p));
            return ERRORS;
        }
        out.println(engine.compiledRules());
        return OK;
    }

    private static int explain(String path, String profile, @Nullable String segment, PrintStream out, PrintStream err)
            throws IOException {
        if (!Files.exists(Path.of(path))) {
            return usage(err, "no such file or directory: " + path);
        }
        if (!Files.isRegularFile(Path.of(profile))) {
            return usage(err, "no such profile file: " + profile);
        }
        Definitions d = definitions(path, err);
        if (d == null) {
            return ERRORS;
        }
        Customer customer;
        try {
            customer = CustomerJson.read(Files.readString(Path.of(profile), StandardCharsets.UTF_8));
        } catch (ProfileFormatException e) {
            err.println(profile + ": error: " + e.getMessage());
            return ERRORS;
        }
        List<String> segments = d.segments().stream().map(Segment::name).toList();
        if (segment != null && !segments.contains(segment)) {
            err.println("error: unknown segment '" + segment + "'; segments: " + segments);
            return ERRORS;
        }
        InMemoryCustomerStore store = new InMemoryCustomerStore();
        store.save(new CustomerRecord(customer, new TreeSet<>(), FeatureState.EMPTY));
        Relevans engine;
        try {
            engine = engine(d, Relevans.builder().store(store));
        } catch (InvalidDefinitionException e) {
            e.problems().forEach(p -> err.println(path + ": error: " + p));
            return ERRORS;
        }
        for (String s : segment != null ? List.of(segment) : segments) {
            out.print(engine.explain(customer.id(), s));
        }
        return OK;
    }

    /** An engine for the definitions, with a placeholder for every template the programs use. */
    private static Relevans engine(Definitions d, Relevans.Builder builder) {
        SimpleTemplates.Builder t = SimpleTemplates.builder();
        d.templateIds().forEach(id -> t.template(id, id, "template " + id));
        return builder.definitions(d).templates(t.build()).build();
    }

    /** The backtest of one definition set, or null after its errors were printed, naming the path. */
    private static @Nullable BacktestReport replay(ReplayOptions o, Definitions d, String path, PrintStream err) {
        try {
            return o.backtest().run(d);
        } catch (InvalidDefinitionException e) {
            e.problems().forEach(p -> err.println(path + ": error: " + p));
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
        }
        return null;
    }

    /** The options of backtest and compare, read and checked; null after a usage error was printed. */
    private record ReplayOptions(Backtest backtest, Path events, Optional<Path> json, int show) {
    }

    private static @Nullable ReplayOptions replayOptions(String command, List<String> args, PrintStream err) {
        Backtest.Builder b = Backtest.builder();
        Path events = null;
        Instant from = null;
        Instant to = null;
        Optional<Path> json = Optional.empty();
        int show = 10;
        try {
            for (int i = 0; i < args.size(); i += 2) {
                String flag = args.get(i);
                if (!flag.startsWith("--")) {
                    usage(err, command + ": unexpected argument '" + flag + "'");
                    return null;
                }
                if (i + 1 >= args.size()) {
                    usage(err, command + ": option " + flag + " needs a value");
                    return null;
                }
                String value = args.get(i + 1);
                switch (flag) {
                    case "--events" -> {
                        events = existing(value, "events");
                        b.events(events);
                    }
                    case "--profiles" -> b.profiles(existing(value, "profiles"));
                    case "--history" -> b.history(existing(value, "history"));
                    case "--from" -> from = instant("--from", value);
                    case "--to" -> to = instant("--to", value);
                    case "--tick" -> b.tickEvery(duration(value));
                    case "--channel" -> {
                        int eq = value.indexOf('=');
                        if (eq < 1) {
                            throw new IllegalArgumentException("--channel is NAME=IDENTITY, such as sms=phone, got '"
                                    + value + "'");
                        }
                        b.channel(Channel.of(value.substring(0, eq)), identityType(value.substring(eq + 1)));
                    }
                    case "--json" -> json = Optional.of(Path.of(value));
                    case "--show" -> {
                        show = Integer.parseInt(value);
                        if (show < 0) {
                            throw new IllegalArgumentException("--show must not be negative, got " + value);
                        }
                    }
                    default -> {
                        usage(err, command + ": unknown option " + flag);
                        return null;
                    }
                }
            }
            if (events == null || from == null || to == null) {
                usage(err, command + " needs --events, --from and --to");
                return null;
            }
            b.period(from, to);
            return new ReplayOptions(b.build(), events, json, show);
        } catch (IllegalArgumentException | IllegalStateException e) {
            usage(err, command + ": " + e.getMessage());
            return null;
        }
    }

    private static Path existing(String value, String what) {
        Path p = Path.of(value);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no such " + what + " file: " + value);
        }
        return p;
    }

    /** An instant, or a date meaning its midnight in UTC. */
    static Instant instant(String flag, String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(flag + " is a date (2026-09-01) or an instant (2026-09-01T06:00:00Z), got '"
                    + value + "'");
        }
    }

    /** A duration as the language writes it (30s, 15m, 1h, 1d, 2w), or an ISO-8601 one such as PT1H. */
    static Duration duration(String value) {
        try {
            if (value.startsWith("P") || value.startsWith("p")) {
                return Duration.parse(value);
            }
            // longer than any limit: the option's own check names its range
            return Windows.parseDuration(value, Limits.MAX_DURATION).orElse(Limits.MAX_DURATION);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--tick is a duration such as 1h, 15m, 30s, 1d or PT1H, got '" + value
                    + "'");
        }
    }

    private static IdentityType identityType(String value) {
        try {
            return IdentityType.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--channel: unknown identity '" + value + "'; identities: "
                    + Arrays.stream(IdentityType.values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList());
        }
    }

    /** Reads definitions for a replay, printing problems; null when there are errors or the path is missing. */
    private static @Nullable Definitions replayDefinitions(String path, PrintStream err) throws IOException {
        if (!Files.exists(Path.of(path))) {
            err.println("error: no such file or directory: " + path);
            return null;
        }
        return definitions(path, err);
    }

    private static int backtest(String path, List<String> args, PrintStream out, PrintStream err) throws IOException {
        ReplayOptions o = replayOptions("backtest", args, err);
        if (o == null) {
            return USAGE;
        }
        Definitions d = replayDefinitions(path, err);
        if (d == null) {
            return Files.exists(Path.of(path)) ? ERRORS : USAGE;
        }
        BacktestReport report = replay(o, d, path, err);
        if (report == null) {
            return ERRORS;
        }
        out.println("Backtest of " + path + " on " + o.events() + " (nothing sent)");
        out.println(report.summary());
        if (o.json().isPresent()) {
            ReplayJson.write(o.json().get(), ReplayJson.report(report));
            out.println("JSON: " + o.json().get());
        }
        return OK;
    }

    private static int compare(String pathA, String pathB, List<String> args, PrintStream out, PrintStream err)
            throws IOException {
        ReplayOptions o = replayOptions("compare", args, err);
        if (o == null) {
            return USAGE;
        }
        Definitions a = replayDefinitions(pathA, err);
        Definitions b = a == null ? null : replayDefinitions(pathB, err);
        if (a == null || b == null) {
            return Files.exists(Path.of(pathA)) && Files.exists(Path.of(pathB)) ? ERRORS : USAGE;
        }
        BacktestReport ra = replay(o, a, pathA, err);
        BacktestReport rb = ra == null ? null : replay(o, b, pathB, err);
        if (ra == null || rb == null) {
            return ERRORS;
        }
        Comparison c = Comparison.of(ra, rb);
        out.println("Comparison on " + o.events() + " from " + ra.start() + " to " + ra.end() + " (nothing sent)");
        out.println("A: " + pathA + ": " + ra.messages().size() + " messages, " + ra.count(Message.Status.SENT) + " sent");
        out.println("B: " + pathB + ": " + rb.messages().size() + " messages, " + rb.count(Message.Status.SENT) + " sent");
        out.println(c.summary("A", "B", o.show()));
        if (o.json().isPresent()) {
            ReplayJson.write(o.json().get(), ReplayJson.comparison(c));
            out.println("JSON: " + o.json().get());
        }
        return OK;
    }
}
