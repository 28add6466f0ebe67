package io.relevans.console.internal.desk;

import io.relevans.Relevans;
import io.relevans.ReloadReport;
import io.relevans.backtest.Backtest;
import io.relevans.backtest.Comparison;
import io.relevans.console.internal.http.HttpError;
import io.relevans.customer.Channel;
import io.relevans.customer.Value;
import io.relevans.definition.Definitions;
import io.relevans.definition.InvalidDefinitionException;
import io.relevans.definition.Program;
import io.relevans.definition.Segment;
import io.relevans.dsl.Diagnostic;
import io.relevans.dsl.ParseResult;
import io.relevans.dsl.Relang;
import io.relevans.event.Line;
import io.relevans.spi.TemplateRenderer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The definitions in the Relevans language: the loaded ones as text with their diagnostics, a check of changed
 * text (diagnostics, changes, a dry load, optionally a backtest) and the reload. The text is the loaded
 * definitions printed ({@code Relang.print}), so comments of the original files are not in it.
 */
public final class DefinitionsDesk {

    /** The name the text has in diagnostics. */
    public static final String FILE = "definitions.rel";
    /** The longest definitions text accepted, in characters. */
    public static final int MAX_TEXT = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(DefinitionsDesk.class);

    private final Settings settings;
    private final Relevans engine;

    /** The desk of the console's engine. */
    public DefinitionsDesk(Settings settings) {
        this.settings = settings;
        this.engine = settings.engine();
    }

    /** The loaded definitions as text in the language. */
    public String text() {
        return Relang.print(engine.definitions());
    }

    /** The loaded definitions' diagnostics (warnings: they loaded) and their own warnings. */
    public DefinitionsCheck loaded() {
        ParseResult r = Relang.parse(FILE, text());
        return new DefinitionsCheck(r.diagnostics(), engine.definitions().warnings(), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Checks changed text without loading it.
     *
     * @param backtest whether to run the configured backtest of recent history too
     * @throws HttpError 400 when the text is too long
     */
    public DefinitionsCheck check(String text, boolean backtest) {
        ParseResult r = parse(text);
        if (!r.ok()) {
            return new DefinitionsCheck(r.diagnostics(), List.of(), List.of(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.of("not run: the text has errors"));
        }
        Definitions proposed = r.definitions();
        Definitions current = engine.definitions();
        Optional<ReloadReport> dry = Optional.empty();
        Optional<String> refusal = Optional.empty();
        try {
            dry = Optional.of(dryLoad(current, proposed));
        } catch (InvalidDefinitionException e) {
            refusal = Optional.of(String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            refusal = Optional.of("the engine refused the definitions: " + e.getMessage());
        }
        Optional<Comparison> comparison = Optional.empty();
        Optional<String> note;
        if (settings.backtest().isEmpty()) {
            note = Optional.of("no backtest of recent history is configured for this console");
        } else if (!backtest) {
            note = Optional.of("not asked for");
        } else if (refusal.isPresent()) {
            note = Optional.of("not run: the engine refused the definitions");
        } else {
            Backtest b = settings.backtest().get().get();
            comparison = Optional.of(b.compare(current, proposed));
            note = Optional.of("replayed " + b.start() + " to " + b.end() + " with the loaded (A) and the changed (B) "
                    + "definitions, sending nothing");
        }
        return new DefinitionsCheck(r.diagnostics(), proposed.warnings(), changes(current, proposed), dry, refusal,
                settings.templates().isPresent() ? Optional.empty()
                        : Optional.of("templates were not checked: the console was not given the engine's templates"),
                comparison, note);
    }

    /**
     * Loads changed text into the engine, when it has no error; otherwise the engine keeps its definitions.
     *
     * @return the check, and the engine's report when it loaded
     * @throws HttpError 400 when the text is too long
     */
    public Reloaded reload(String text, String user) {
        DefinitionsCheck check = check(text, false);
        if (!check.loadable()) {
            LOG.warn("{} tried to reload definitions with errors; the loaded ones stay", user);
            return new Reloaded(check, Optional.empty());
        }
        Definitions proposed = parse(text).definitions();
        try {
            ReloadReport report = engine.load(proposed);
            LOG.info("{} reloaded the definitions: {} segment(s), {} program(s), {} feature(s) added", user,
                    proposed.segments().size(), proposed.programs().size(), report.added().size());
            return new Reloaded(check, Optional.of(report));
        } catch (InvalidDefinitionException e) {
            LOG.warn("{} tried to reload definitions the engine refused; the loaded ones stay", user);
            return new Reloaded(new DefinitionsCheck(check.diagnostics(), check.warnings(), check.changes(),
                    Optional.empty(), Optional.of(String.valueOf(e.getMessage())), check.templatesNote(),
                    Optional.empty(), check.backtestNote()), Optional.empty());
        }
    }

    /**
     * The outcome of a reload.
     *
     * @param check  what the check found
     * @param report the engine's report, when the definitions were loaded
     */
    public record Reloaded(DefinitionsCheck check, Optional<ReloadReport> report) {
        /** Whether the definitions were loaded. */
        public boolean loaded() {
            return report.isPresent();
        }
    }

    private static ParseResult parse(String text) {
        if (text.length() > MAX_TEXT) {
            throw HttpError.bad("text", "the definitions have " + text.length() + " characters, more than the limit of "
                    + MAX_TEXT);
        }
        return Relang.parse(FILE, text);
    }

    /** Loads the definitions into a throwaway engine in memory, after the loaded ones, as the reload would. */
    private ReloadReport dryLoad(Definitions current, Definitions proposed) {
        TemplateRenderer templates = settings.templates().orElse(KNOWS_ALL);
        Relevans dry = Relevans.builder().templates(templates).definitions(current).build();
        return dry.load(proposed);
    }

    /** What changes, one line each: segments and programs added, removed or changed; policies; price ranges. */
    static List<String> changes(Definitions a, Definitions b) {
        List<String> out = new ArrayList<>();
        compare("segment", index(a.segments(), Segment::name), index(b.segments(), Segment::name), out);
        compare("program", index(a.programs(), Program::name), index(b.programs(), Program::name), out);
        if (!a.policies().equals(b.policies())) {
            out.add("policies changed");
        }
        if (!a.priceRanges().equals(b.priceRanges())) {
            out.add("price ranges changed");
        }
        if (out.isEmpty()) {
            out.add("no change against the loaded definitions");
        }
        return out;
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> name) {
        Map<String, T> out = new LinkedHashMap<>();
        items.forEach(i -> out.put(name.apply(i), i));
        return out;
    }

    private static <T> void compare(String kind, Map<String, T> a, Map<String, T> b, List<String> out) {
        a.forEach((name, x) -> {
            if (!b.containsKey(name)) {
                out.add(kind + " " + name + " removed");
            } else if (!b.get(name).equals(x)) {
                out.add(kind + " " + name + " changed");
            }
        });
        b.keySet().stream().filter(n -> !a.containsKey(n)).forEach(n -> out.add(kind + " " + n + " added"));
    }

    /** For a dry load without the engine's templates: every template is known, rendered as its id. */
    private static final TemplateRenderer KNOWS_ALL = new TemplateRenderer() {
        @Override
        public Rendered render(String template, Channel channel, Map<String, Value> data, List<Line> lines) {
            return new Rendered(template, template);
        }

        @Override
        public boolean knows(String template) {
            return true;
        }
    };
}
