package io.relevans.dsl;

import io.relevans.Relevans;
import io.relevans.definition.Definitions;
import io.relevans.definition.InvalidDefinitionException;
import io.relevans.dsl.internal.SourceFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a running engine's definitions with what its {@code *.rel} files say now, so that marketers'
 * changes take effect without a restart:
 *
 * <pre>{@code
 * DefinitionsReloader rules = DefinitionsReloader.directory(engine, Path.of("rules"));
 * ReloadResult r = rules.reload();          // from an admin endpoint, a schedule or a file watcher
 * if (!r.loaded()) log.warn(r.report());    // cart.rel:7:11: error: ...; the old definitions run on
 * }</pre>
 *
 * A reload reads every file, parses and checks them together, and gives them to
 * {@link Relevans#load(Definitions)} only when there is no error (warnings do not stop it). Whenever it
 * does not load (errors in the files, the engine refusing the definitions, or no files at all), the engine
 * keeps running the definitions it had, and the result says why. Customers waiting in a program keep their
 * place when the new version still has the step they wait at ({@link Relevans#load(Definitions)}).
 * Reloads through one reloader run one at a time.
 */
public final class DefinitionsReloader {

    private static final Logger LOG = LoggerFactory.getLogger(DefinitionsReloader.class);

    /** Reads the text of the definitions files by name. */
    @FunctionalInterface
    private interface Texts {
        Map<String, String> read() throws IOException;
    }

    private final Relevans engine;
    private final String source;
    private final Texts texts;

    private DefinitionsReloader(Relevans engine, String source, Texts texts) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.source = source;
        this.texts = texts;
    }

    /**
     * Reloads from every {@code *.rel} file in a directory and its subdirectories; diagnostics name files by
     * their path relative to it (as {@link Relang#load(Path)}).
     *
     * @param engine the engine whose definitions are replaced
     * @param dir    the directory
     * @return the reloader
     */
    public static DefinitionsReloader directory(Relevans engine, Path dir) {
        Objects.requireNonNull(dir, "dir");
        return new DefinitionsReloader(engine, "directory " + dir.toString().replace('\\', '/'),
                () -> SourceFiles.directory(dir));
    }

    /**
     * Reloads from every {@code *.rel} file below a class path folder, in directories and inside jars (as
     * {@link Relang#loadClasspath(ClassLoader, String)}).
     *
     * @param engine the engine whose definitions are replaced
     * @param loader the class loader whose class path is searched
     * @param folder the folder, such as {@code rules}
     * @return the reloader
     */
    public static DefinitionsReloader classpath(Relevans engine, ClassLoader loader, String folder) {
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(folder, "folder");
        return new DefinitionsReloader(engine, "class path folder " + folder,
                () -> SourceFiles.classpath(loader, folder));
    }

    /**
     * Reads, checks and, when there are no errors, loads the definitions.
     *
     * @return what happened; when not loaded, the engine runs the definitions it had
     * @throws IOException when the files cannot be read; the engine keeps its definitions
     */
    public synchronized ReloadResult reload() throws IOException {
        Map<String, String> files = texts.read();
        if (files.isEmpty()) {
            ReloadResult r = new ReloadResult(source, 0, false, List.of(), List.of("no " + SourceFiles.EXTENSION
                    + " files: the loaded definitions are kept (an empty source is more often a deployment in "
                    + "progress than a wish to stop every program)"));
            LOG.warn("definitions from {} not loaded, the loaded ones are kept:\n{}", source, r.report());
            return r;
        }
        ParseResult parsed = Relang.parseAll(files);
        if (!parsed.ok()) {
            ReloadResult r = new ReloadResult(source, files.size(), false, parsed.diagnostics(), List.of());
            LOG.warn("definitions from {} not loaded, the loaded ones are kept: {} error(s)\n{}", source,
                    parsed.errors().size(), r.report());
            return r;
        }
        Definitions definitions = parsed.definitions();
        try {
            engine.load(definitions);
        } catch (InvalidDefinitionException e) {
            ReloadResult r = new ReloadResult(source, files.size(), false, parsed.diagnostics(), e.problems());
            LOG.warn("definitions from {} refused by the engine, the loaded ones are kept:\n{}", source,
                    r.report());
            return r;
        }
        ReloadResult r = new ReloadResult(source, files.size(), true, parsed.diagnostics(), List.of());
        if (parsed.warnings().isEmpty()) {
            LOG.info("reloaded definitions from {}: {} file(s), {} segment(s), {} program(s)", source,
                    files.size(), definitions.segments().size(), definitions.programs().size());
        } else {
            LOG.warn("reloaded definitions from {}: {} file(s), {} segment(s), {} program(s), with warnings:\n{}",
                    source, files.size(), definitions.segments().size(), definitions.programs().size(), r.report());
        }
        return r;
    }
}
