package io.relevans.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.Relevans;
import io.relevans.definition.Definitions;
import io.relevans.definition.Program;
import io.relevans.spi.SimpleTemplates;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloading an engine's definitions from text: loaded when clean, the old ones kept otherwise. */
class DefinitionsReloaderTest {

    private static final String CART = """
            program cart:
              on cart_change
              exit on purchase
              steps:
                wait: wait 4h
                remind: send cart_reminder by preferred, email
            """;

    @TempDir
    Path dir;
    private Relevans engine;
    private Definitions before;

    @BeforeEach
    void engineRunsTheCartProgram() throws IOException {
        write("cart.rel", CART);
        engine = Relevans.builder().templates(SimpleTemplates.builder()
                        .template("cart_reminder", "Your cart", "Still thinking?")
                        .template("welcome", "Welcome", "Hello").build())
                .definitions(Relang.load(dir).orThrow()).build();
        before = engine.definitions();
    }

    private void write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    private List<String> programs() {
        return engine.definitions().programs().stream().map(Program::name).toList();
    }

    @Test
    void cleanFilesAreLoaded() throws IOException {
        write("more/welcome.rel", "program welcome:\n  on signup\n  steps:\n    hello: send welcome by email\n");
        ReloadResult r = DefinitionsReloader.directory(engine, dir).reload();
        assertTrue(r.loaded(), r.report());
        assertEquals(2, r.files());
        assertEquals("", r.report());
        assertEquals(List.of("cart", "welcome"), programs());
        assertEquals(Relang.load(dir).definitions(), engine.definitions());
    }

    @Test
    void aBrokenFileKeepsTheLoadedDefinitionsAndSaysWhere() throws IOException {
        write("cart.rel", CART.replace("wait 4h", "wiat 4h"));
        write("welcome.rel", "program welcome:\n  on signup\n  steps:\n    hello: send welcome by email\n");
        ReloadResult r = DefinitionsReloader.directory(engine, dir).reload();
        assertFalse(r.loaded());
        assertEquals("cart.rel:5:11: error: expected a step such as 'wait 4h' or 'send ...', found 'wiat'; "
                + "did you mean 'wait'?", r.report());
        assertSame(before, engine.definitions());
    }

    @Test
    void definitionsTheEngineRefusesAreNotLoaded() throws IOException {
        write("cart.rel", CART.replace("cart_reminder", "cart_reminder_v2"));
        ReloadResult r = DefinitionsReloader.directory(engine, dir).reload();
        assertFalse(r.loaded());
        assertEquals(List.of(), r.diagnostics());
        assertEquals(List.of("step 'remind' of program 'cart' uses unknown template 'cart_reminder_v2'"), r.refusals());
        assertEquals("directory " + dir.toString().replace('\\', '/') + ": error: step 'remind' of program 'cart' "
                + "uses unknown template 'cart_reminder_v2'", r.report());
        assertSame(before, engine.definitions());
    }

    @Test
    void warningsDoNotStopTheReload() throws IOException {
        write("cart.rel", CART.replace("  exit on purchase\n", "  promotes tv\n"));
        write("views.rel", "program views:\n  on cart_change\n  promotes tv\n  steps:\n"
                + "    hello: send welcome by email\n");
        ReloadResult r = DefinitionsReloader.directory(engine, dir).reload();
        assertTrue(r.loaded(), r.report());
        assertEquals("views.rel:1:9: warning: programs 'cart' and 'views' both start on cart_change and promote tv",
                r.report());
        assertEquals(List.of("cart", "views"), programs());
    }

    @Test
    void noFilesAtAllKeepTheLoadedDefinitions() throws IOException {
        Files.delete(dir.resolve("cart.rel"));
        ReloadResult r = DefinitionsReloader.directory(engine, dir).reload();
        assertFalse(r.loaded());
        assertEquals(0, r.files());
        assertTrue(r.refusals().get(0).startsWith("no .rel files: the loaded definitions are kept"), r.report());
        assertSame(before, engine.definitions());
    }

    @Test
    void aMissingDirectoryThrowsAndKeepsTheLoadedDefinitions() {
        DefinitionsReloader reloader = DefinitionsReloader.directory(engine, dir.resolve("nope"));
        assertThrows(NoSuchFileException.class, reloader::reload);
        assertSame(before, engine.definitions());
    }

    @Test
    void reloadsFromAClassPathFolderAsItChanges() throws IOException {
        Path root = dir.resolve("classes");
        Path rules = root.resolve("shop/rules");
        Files.createDirectories(rules);
        Files.writeString(rules.resolve("cart.rel"), CART, StandardCharsets.UTF_8);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
            DefinitionsReloader reloader = DefinitionsReloader.classpath(engine, loader, "shop/rules");
            assertTrue(reloader.reload().loaded());
            assertEquals(List.of("cart"), programs());
            Files.writeString(rules.resolve("welcome.rel"), "program welcome:\n  on signup\n  steps:\n"
                    + "    hello: send welcome by email\n", StandardCharsets.UTF_8);
            ReloadResult r = reloader.reload();
            assertTrue(r.loaded(), r.report());
            assertEquals("class path folder shop/rules", r.source());
            assertEquals(List.of("cart", "welcome"), programs());
        }
    }
}
