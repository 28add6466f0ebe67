package io.relevans.spring.boot;

import io.relevans.Relevans;
import io.relevans.definition.Definitions;
import io.relevans.dsl.DefinitionsReloader;
import io.relevans.dsl.ParseResult;
import io.relevans.dsl.Relang;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The definitions of the auto-configured engine and where they come from: read once at start from the
 * {@link DefinitionsLocation} (the application does not start with errors in them), then reloaded on
 * demand ({@link #reload()}, the {@code relevans} actuator endpoint) or when a watched folder changes
 * ({@link #reloadIfChanged()}). A reload with errors, or one the engine refuses, keeps the definitions the
 * engine runs; {@link #lastAttempt()} says why. Thread-safe; reloads run one at a time.
 */
public final class RelevansDefinitions {

    private static final Logger LOG = LoggerFactory.getLogger(RelevansDefinitions.class);

    private final DefinitionsLocation location;
    private final Supplier<Relevans> engine;
    private final Clock clock;
    private final Definitions initial;
    private @Nullable DefinitionsReloader reloader;
    private @Nullable String fingerprint;
    private volatile @Nullable DefinitionsLoad current;
    private volatile DefinitionsLoad lastAttempt;

    /**
     * Reads the definitions at the location now.
     *
     * @param location where the files are
     * @param engine   the engine reloads go to, looked up at the first reload
     * @param clock    the engine's clock, for the times of loads
     * @throws InvalidConfigurationPropertyValueException naming {@value DefinitionsLocation#PROPERTY} when
     *                                                    a location that was set is missing or unreadable,
     *                                                    or when the files have errors (with every
     *                                                    diagnostic)
     */
    public RelevansDefinitions(DefinitionsLocation location, Supplier<Relevans> engine, Clock clock) {
        this.location = Objects.requireNonNull(location, "location");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.fingerprint = fingerprint();
        Optional<ParseResult> read = location.read();
        if (read.isEmpty()) {
            LOG.info("no {}: the engine starts without definitions (set {} to read them elsewhere)",
                    location.describe(), DefinitionsLocation.PROPERTY);
            this.initial = Definitions.EMPTY;
            this.lastAttempt = DefinitionsLoad.refused(location.describe(), clock.instant(),
                    "no such folder: the engine runs without definitions");
            return;
        }
        ParseResult parsed = read.get();
        if (!parsed.ok()) {
            throw new InvalidConfigurationPropertyValueException(DefinitionsLocation.PROPERTY, location.value(),
                    "the definitions in the " + location.describe() + " have " + parsed.errors().size()
                            + " error(s):\n" + parsed.report());
        }
        parsed.warnings().forEach(w -> LOG.warn("definitions: {}", w.format()));
        this.initial = parsed.definitions();
        if (initial.segments().isEmpty() && initial.programs().isEmpty()) {
            LOG.warn("the {} holds no segments or programs: the engine starts without definitions",
                    location.describe());
        }
        this.current = new DefinitionsLoad(location.describe(), clock.instant(), true, parsed.diagnostics(), List.of());
        this.lastAttempt = current;
    }

    /** The definitions read at start, for the engine to be built with; empty when there were none. */
    public Definitions initial() {
        return initial;
    }

    /** Where the definitions are read from. */
    public DefinitionsLocation location() {
        return location;
    }

    /** The load the engine runs: at start or the last reload that loaded; empty when none ever loaded. */
    public Optional<DefinitionsLoad> current() {
        return Optional.ofNullable(current);
    }

    /** The last load tried, loaded or not. */
    public DefinitionsLoad lastAttempt() {
        return lastAttempt;
    }

    /**
     * Reads, checks and, without errors, loads the definitions into the engine; otherwise the engine keeps
     * running what it ran, and the result says why. Never throws for the files' content or an unreadable
     * location.
     */
    public synchronized DefinitionsLoad reload() {
        String seen = fingerprint();
        DefinitionsLoad load;
        try {
            if (reloader == null) {
                reloader = location.reloader(engine.get());
            }
            load = DefinitionsLoad.of(reloader.reload(), clock.instant());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("definitions from the {} could not be read, the loaded ones are kept: {}", location.describe(),
                    e.toString());
            load = DefinitionsLoad.refused(location.describe(), clock.instant(), "could not be read: " + e);
        }
        fingerprint = seen;
        lastAttempt = load;
        if (load.loaded()) {
            current = load;
        }
        return load;
    }

    /**
     * Reloads when a file of a folder location changed (added, removed, of another size or modification
     * time) since the last load or check.
     *
     * @return the reload, or empty when nothing changed or the location is on the class path
     */
    public synchronized Optional<DefinitionsLoad> reloadIfChanged() {
        if (location.folder().isEmpty() || Objects.equals(fingerprint, fingerprint())) {
            return Optional.empty();
        }
        LOG.info("definitions in the {} changed: reloading", location.describe());
        return Optional.of(reload());
    }

    /** The names, sizes and modification times of a folder's definitions files; null on the class path. */
    private @Nullable String fingerprint() {
        Optional<Path> folder = location.folder();
        if (folder.isEmpty() || !Files.isDirectory(folder.get())) {
            return null;
        }
        try (Stream<Path> files = Files.walk(folder.get())) {
            return files.filter(p -> p.getFileName().toString().endsWith(Relang.EXTENSION) && Files.isRegularFile(p))
                    .sorted()
                    .map(p -> {
                        try {
                            return p + "\u0000" + Files.size(p) + "\u0000" + Files.getLastModifiedTime(p).toMillis();
                        } catch (IOException e) {
                            return p + "\u0000unreadable";
                        }
                    })
                    .reduce("", (a, b) -> a + "\n" + b);
        } catch (IOException | UncheckedIOException e) {
            return "unreadable: " + e;
        }
    }
}
