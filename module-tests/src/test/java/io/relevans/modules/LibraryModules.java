package io.relevans.modules;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The library modules and what docs/modules.md says each exports, and the module path an application gets:
 * the library modules with their runtime dependencies, as written by the dependency plugin.
 */
final class LibraryModules {

    /** Each library module's packages exported to everyone (docs/modules.md). */
    static final Map<String, Set<String>> EXPORTS = Map.of(
            "io.relevans.core", Set.of("io.relevans", "io.relevans.backtest", "io.relevans.customer",
                    "io.relevans.definition", "io.relevans.event", "io.relevans.history", "io.relevans.json",
                    "io.relevans.prediction", "io.relevans.spi"),
            "io.relevans.dsl", Set.of("io.relevans.dsl"),
            "io.relevans.channels", Set.of("io.relevans.channels"),
            "io.relevans.jdbc", Set.of("io.relevans.jdbc"),
            "io.relevans.kafka", Set.of("io.relevans.kafka", "io.relevans.kafka.spi"),
            "io.relevans.micrometer", Set.of("io.relevans.micrometer"),
            "io.relevans.console", Set.of("io.relevans.console", "io.relevans.console.spi"),
            "io.relevans.spring.boot", Set.of("io.relevans.spring.boot"));

    private LibraryModules() {
    }

    /** The runtime module path: jars, or class folders when the build stopped before packaging. */
    static List<Path> modulePath() {
        Path file = Path.of("target", "module-path.txt");
        try {
            String text = Files.readString(file).strip();
            return Arrays.stream(text.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("the dependency plugin writes " + file + " before the tests", e);
        }
    }

    static ModuleFinder finder() {
        return ModuleFinder.of(modulePath().toArray(Path[]::new));
    }

    /** The library module's descriptor and where it was found. */
    static ModuleReference module(String name) {
        Optional<ModuleReference> found = finder().find(name);
        return found.orElseThrow(() -> new AssertionError("module " + name + " is not on the module path"));
    }

    static Set<String> exportedToAll(ModuleDescriptor descriptor) {
        TreeSet<String> out = new TreeSet<>();
        descriptor.exports().stream().filter(e -> !e.isQualified()).forEach(e -> out.add(e.source()));
        return out;
    }
}
