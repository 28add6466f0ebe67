package io.relevans.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.relevans.definition.Program;
import io.relevans.definition.Segment;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading every *.rel file below a class path folder, from directories and from jars. */
class LoadClasspathTest {

    @TempDir
    Path tmp;

    /** A jar with the files, and a directory entry for every folder as jar tools write them. */
    private Path jar(String name, Map<String, String> files) throws IOException {
        Path jar = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            java.util.Set<String> dirs = new java.util.TreeSet<>();
            for (String f : files.keySet()) {
                for (int i = f.indexOf('/'); i >= 0; i = f.indexOf('/', i + 1)) {
                    dirs.add(f.substring(0, i + 1));
                }
            }
            for (String d : dirs) {
                j.putNextEntry(new JarEntry(d));
                j.closeEntry();
            }
            for (Map.Entry<String, String> f : files.entrySet()) {
                j.putNextEntry(new JarEntry(f.getKey()));
                j.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
        return jar;
    }

    private Path directory(String name, Map<String, String> files) throws IOException {
        Path root = tmp.resolve(name);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
        }
        return root;
    }

    private static URLClassLoader classPath(Path... roots) throws IOException {
        URL[] urls = new URL[roots.length];
        for (int i = 0; i < roots.length; i++) {
            urls[i] = roots[i].toUri().toURL();
        }
        return new URLClassLoader(urls, null);
    }

    private static Map<String, String> files(String... nameThenText) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < nameThenText.length; i += 2) {
            files.put(nameThenText[i], nameThenText[i + 1]);
        }
        return files;
    }

    @Test
    void readsEveryRelFileBelowTheFolderOfAJar() throws IOException {
        Path jar = jar("rules.jar", files(
                "rules/segments.rel", "segment complainers: count complaint over 30d >= 1\n",
                "rules/programs/care.rel", "program care:\n  on entering segment complainers\n  steps:\n"
                        + "    sorry: send care by email\n",
                "rules/readme.txt", "not a definitions file",
                "other/ignored.rel", "segment elsewhere: attribute x present\n"));
        try (URLClassLoader loader = classPath(jar)) {
            ParseResult r = Relang.loadClasspath(loader, "rules");
            assertEquals("", r.report());
            assertEquals(List.of("complainers"), r.definitions().segments().stream().map(Segment::name).toList());
            assertEquals(List.of("care"), r.definitions().programs().stream().map(Program::name).toList());
        }
    }

    @Test
    void readsDirectoriesAndJarsTogetherWithNamesRelativeToTheFolder() throws IOException {
        Path dir = directory("classes", files(
                "shop/rules/a.rel", "segment x: in segment complainer\n"));
        Path jar = jar("more.jar", files(
                "shop/rules/more/b.rel", "segment complainers: count complaint >= 1\nsegment x: offer\n"));
        try (URLClassLoader loader = classPath(dir, jar)) {
            ParseResult r = Relang.loadClasspath(loader, "/shop/rules/");
            assertEquals("""
                    a.rel:1:23: error: unknown segment 'complainer'; did you mean 'complainers'?
                    more/b.rel:2:9: error: segment 'x' is defined twice (first in a.rel on line 1)
                    more/b.rel:2:12: error: expected a condition, found 'offer'""", r.report());
        }
    }

    @Test
    void theFirstClassPathRootWinsForTheSameFileName() throws IOException {
        Path first = directory("first", files("rules/shop.rel", "segment first: attribute x present\n"));
        Path second = jar("second.jar", files("rules/shop.rel", "segment second: attribute x present\n",
                "rules/extra.rel", "segment extra: attribute y present\n"));
        try (URLClassLoader loader = classPath(first, second)) {
            ParseResult r = Relang.loadClasspath(loader, "rules");
            assertEquals("", r.report());
            assertEquals(List.of("extra", "first"), r.definitions().segments().stream().map(Segment::name).toList());
        }
    }

    @Test
    void readsTheTestClassPath() throws IOException {
        ParseResult r = Relang.loadClasspath(getClass().getClassLoader(), "scenarios");
        // the scenario files are separate examples: several define the same programs
        assertEquals("s16-sms-when-relevant.rel:2:9: error: program 'sms_offer' is defined twice (first in "
                + "s16-sms-no-fallback.rel on line 2)", r.errors().stream()
                .filter(d -> d.file().startsWith("s16")).map(Diagnostic::format).findFirst().orElseThrow());
    }

    @Test
    void aFolderOnNoClassPathRootIsAnError() throws IOException {
        try (URLClassLoader loader = classPath(directory("empty", files("other/a.rel", "")))) {
            FileNotFoundException e = assertThrows(FileNotFoundException.class,
                    () -> Relang.loadClasspath(loader, "rules"));
            assertEquals("no folder 'rules' on the class path (a jar needs its directory entries, as jar tools "
                    + "write them)", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Relang.loadClasspath(loader, "/"));
        }
    }
}
