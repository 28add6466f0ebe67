package io.relevans.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every package a library module exports, every public type in it and every public or protected member of
 * those has a doc comment ({@link ApiDocs}), read from the modules' sources; and the check does report what
 * lacks one, on a fixture.
 */
class ApiDocsTest {

    private static final Pattern MODULE = Pattern.compile("\\bmodule\\s+([\\w.]+)\\s*\\{");

    @Test
    void exportedPackages_documentEveryPublicPart() {
        Map<String, Path> sources = librarySources();
        assertEquals(LibraryModules.EXPORTS.keySet(), sources.keySet(), "library modules with sources");
        for (Map.Entry<String, Path> m : sources.entrySet()) {
            Set<String> exported = LibraryModules.exportedToAll(LibraryModules.module(m.getKey()).descriptor());
            assertFalse(exported.isEmpty(), m.getKey() + " exports packages");
            assertEquals(List.of(), ApiDocs.undocumented(m.getValue(), exported), m.getKey() + " leaves undocumented");
        }
    }

    @Test
    void check_reportsWhatLacksAComment_inAFixture() {
        List<String> found = ApiDocs.undocumented(Path.of("src", "test", "java"),
                Set.of("io.relevans.modules.fixture.docs"));
        String api = "io/relevans/modules/fixture/docs/UndocumentedApi.java:";
        String plain = "io/relevans/modules/fixture/docs/PlainInterface.java:";
        assertEquals(List.of(
                plain + "3: interface PlainInterface",
                plain + "5: field LIMIT",
                plain + "7: method run(0 parameters)",
                api + "14: constructor UndocumentedApi(1 parameters)",
                api + "22: method undocumented(0 parameters)",
                api + "25: method undocumentedForSubclasses(0 parameters)",
                api + "37: class Nested",
                api + "37: default constructor of Nested (declare one with a comment)",
                api + "53: method twice(0 parameters)",
                api + "62: enum constant GREEN",
                api + "64: method warm(0 parameters)",
                api + "9: field UNDOCUMENTED"), found);
    }

    /** The library modules' source folders by module name: the project's folders with a module-info.java. */
    private static Map<String, Path> librarySources() {
        Path root = Path.of("").toAbsolutePath().getParent(); // module-tests runs in its own folder
        Map<String, Path> out = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                Path sources = dir.resolve(Path.of("src", "main", "java"));
                Path descriptor = sources.resolve("module-info.java");
                if (Files.isRegularFile(descriptor)) {
                    Matcher m = MODULE.matcher(Files.readString(descriptor));
                    if (!m.find()) {
                        throw new AssertionError("no module declaration in " + descriptor);
                    }
                    out.put(m.group(1), sources);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
