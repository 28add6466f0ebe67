package io.relevans.spring.boot;

import io.relevans.Relevans;
import io.relevans.dsl.DefinitionsReloader;
import io.relevans.dsl.ParseResult;
import io.relevans.dsl.Relang;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Where the definitions files ({@code *.rel}, in the Relevans language) are read from, as
 * {@code relevans.definitions.location} says: a class path folder ({@code classpath:relevans}, in
 * directories and jars) or a folder on disk ({@code file:rules} or {@code rules}). Reads them with
 * {@link Relang} and reloads them into an engine with a {@link DefinitionsReloader}.
 */
public final class DefinitionsLocation {

    /** The property this location comes from. */
    public static final String PROPERTY = RelevansProperties.PREFIX + ".definitions.location";

    /** The class path folder read when the property is not set. */
    public static final String DEFAULT_FOLDER = "relevans";

    /** A URL scheme of two or more letters; one letter is a Windows drive. */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:");

    private final @Nullable String value;
    private final @Nullable String classpathFolder;
    private final @Nullable Path folder;
    private final boolean optional;
    private final ClassLoader loader;

    private DefinitionsLocation(@Nullable String value, @Nullable String classpathFolder, @Nullable Path folder,
                                boolean optional,
                                ClassLoader loader) {
        this.value = value;
        this.classpathFolder = classpathFolder;
        this.folder = folder;
        this.optional = optional;
        this.loader = loader;
    }

    /**
     * The location the property names, or the class path folder {@value #DEFAULT_FOLDER}, which may be
     * absent, when it is not set.
     *
     * @param value  the property's value; null when not set
     * @param loader the class loader whose class path is read
     * @throws InvalidConfigurationPropertyValueException naming {@value #PROPERTY} when the value is not
     *                                                    a class path folder, a file: folder or a path
     */
    public static DefinitionsLocation of(@Nullable String value, ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        if (value == null || value.isBlank()) {
            return new DefinitionsLocation(null, DEFAULT_FOLDER, null, true, loader);
        }
        String v = value.strip();
        if (v.startsWith("classpath:")) {
            String name = v.substring("classpath:".length()).replaceAll("^/+|/+$", "");
            if (name.isEmpty()) {
                throw invalid(value, "name a class path folder, such as classpath:" + DEFAULT_FOLDER
                        + "; definitions are not read from the root of the class path");
            }
            return new DefinitionsLocation(v, name, null, false, loader);
        }
        String path = v;
        if (v.startsWith("file:")) {
            path = v.substring("file:".length());
            if (path.startsWith("///")) {
                path = path.substring(2);
            } else if (path.startsWith("//")) {
                throw invalid(value, "a file: location names a folder on this machine, such as file:/srv/rules or "
                        + "file:rules, not a host");
            }
        } else if (SCHEME.matcher(v).find()) {
            throw invalid(value, "expected classpath:FOLDER, file:FOLDER or a folder path");
        }
        if (path.isBlank()) {
            throw invalid(value, "name a folder");
        }
        return new DefinitionsLocation(v, null, Path.of(path).toAbsolutePath(), false, loader);
    }

    private static InvalidConfigurationPropertyValueException invalid(@Nullable String value, String reason) {
        return new InvalidConfigurationPropertyValueException(PROPERTY, value, reason);
    }

    /** The folder on disk, absolute; empty for a class path location. */
    public Optional<Path> folder() {
        return Optional.ofNullable(folder);
    }

    /** The property's value as set, or {@code classpath:relevans} when it was not. */
    public String value() {
        return value != null ? value : "classpath:" + DEFAULT_FOLDER;
    }

    /** Whether the property was left unset, so that an absent default folder means no definitions. */
    public boolean isDefault() {
        return value == null;
    }

    /**
     * The location for people, in the words of {@link DefinitionsReloader}'s results: {@code class path
     * folder relevans} or {@code directory /srv/rules}.
     */
    public String describe() {
        return folder != null ? "directory " + folder.toString().replace('\\', '/')
                : "class path folder " + classpathFolder();
    }

    /** Whether there is a folder to read: the folder exists, or the class path has the folder. */
    public boolean exists() throws IOException {
        return folder != null ? Files.isDirectory(folder) : loader.getResources(classpathFolder()).hasMoreElements();
    }

    /**
     * Reads and checks every definitions file.
     *
     * @return empty when the location is the unset default and the class path has no such folder
     * @throws InvalidConfigurationPropertyValueException naming {@value #PROPERTY} when a location that
     *                                                    was set does not exist or cannot be read
     */
    public Optional<ParseResult> read() {
        try {
            if (!exists()) {
                if (optional) {
                    return Optional.empty();
                }
                throw invalid(value, folder != null
                        ? "the folder " + folder + " does not exist"
                        : "no folder '" + classpathFolder() + "' on the class path");
            }
            return Optional.of(folder != null ? Relang.load(folder) : Relang.loadClasspath(loader, classpathFolder()));
        } catch (IOException e) {
            throw new InvalidConfigurationPropertyValueException(PROPERTY, value(),
                    "the definitions could not be read from the " + describe() + ": " + e);
        }
    }

    /** A reloader that replaces the engine's definitions with what this location holds then. */
    public DefinitionsReloader reloader(Relevans engine) {
        return folder != null ? DefinitionsReloader.directory(engine, folder)
                : DefinitionsReloader.classpath(engine, loader, classpathFolder());
    }

    /** The class path folder of a location that is not a folder on disk: each location is one or the other. */
    private String classpathFolder() {
        return Objects.requireNonNull(classpathFolder, "a location without a folder is on the class path");
    }

    @Override
    public String toString() {
        return describe();
    }
}
