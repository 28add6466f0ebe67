package io.relevans.dsl;

import io.relevans.Relevans;
import io.relevans.customer.Customer;
import io.relevans.definition.Definitions;
import io.relevans.definition.InvalidDefinitionException;
import io.relevans.definition.Program;
import io.relevans.definition.Segment;
import io.relevans.definition.Step;
import io.relevans.json.CustomerJson;
import io.relevans.json.ProfileFormatException;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.FeatureState;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.SimpleTemplates;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The command line of the rules language:
 *
 * <pre>
 * check &lt;files or dirs...&gt;                     report every problem, exit 1 when there are errors
 * drl &lt;dir-or-file&gt;                           print the Drools rules the definitions compile to
 * explain &lt;dir-or-file&gt; &lt;profile.json&gt; [segment]  explain the segment verdicts for one customer profile
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
                case "help", "-h", "--help" -> {
                    out.println(USAGE_TEXT);
                    yield OK;
                }
                default -> usage(err, "unknown command '" + args[0] + "'");
            };
        } catch (IOException e) {
            err.println("error: cannot read " + e.getMessage());
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
    private static Definitions definitions(String path, PrintStream err) throws IOException {
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

    private static int explain(String path, String profile, String segment, PrintStream out, PrintStream err)
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
        TreeSet<String> templates = new TreeSet<>();
        for (Program p : d.programs()) {
            for (Step s : p.steps()) {
                if (s instanceof Step.Send send) {
                    templates.add(send.template());
                } else if (s instanceof Step.Ask ask) {
                    templates.add(ask.template());
                }
            }
        }
        SimpleTemplates.Builder t = SimpleTemplates.builder();
        templates.forEach(id -> t.template(id, id, "template " + id));
        return builder.definitions(d).templates(t.build()).build();
    }
}
