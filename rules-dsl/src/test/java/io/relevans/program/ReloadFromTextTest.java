package io.relevans.program;

import static io.relevans.program.ScenarioKit.START;
import static io.relevans.program.ScenarioKit.email;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.CustomerId;
import io.relevans.definition.Definitions;
import io.relevans.dsl.DefinitionsReloader;
import io.relevans.dsl.ReloadResult;
import io.relevans.dsl.Relang;
import io.relevans.event.EventType;
import io.relevans.spi.Message;
import io.relevans.spi.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 abandoned cart edited while a customer waits for her reminder, reloaded from its text file through
 * {@link DefinitionsReloader}: a clean edit takes effect and she keeps her place; a broken edit is refused
 * with file, line and column, and the program runs on as it was.
 */
class ReloadFromTextTest {

    @TempDir
    Path dir;
    private Path file;
    private String text;
    private ScenarioKit kit;
    private DefinitionsReloader reloader;
    private CustomerId anna;

    /** Anna left a cart an hour ago and waits at "remind", due 3 hours from now. */
    @BeforeEach
    void annaWaitsForHerReminder() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("scenarios/s3-abandoned-cart.rel")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        file = dir.resolve("cart.rel");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        kit = new ScenarioKit(Relang.load(dir).orThrow());
        reloader = DefinitionsReloader.directory(kit.engine, dir);
        anna = kit.customer("anna");
        kit.at(EventType.CART_CHANGE, email("anna"), b -> b.line("tv-55", "tv", 8999, 1));
        kit.advance(Duration.ofHours(1));
        assertEquals(List.of(waiting()), kit.engine.waiting(anna).stream().map(ReloadFromTextTest::describe).toList());
    }

    private static String waiting() {
        return "remind at " + START.plus(Duration.ofHours(4));
    }

    private static String describe(Timer t) {
        return t.step() + " at " + t.due();
    }

    @Test
    @DisplayName("S3: a customer stays at her step across a reload from text, and the edited step runs")
    void aCleanEditTakesEffectAndTheCustomerKeepsHerPlace() throws IOException {
        Files.writeString(file, text.replace("send cart_reminder by", "send cart_reminder_b by"),
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("welcome.rel"), "program welcome:\n  on signup\n  purpose service\n  steps:\n"
                + "    hello: send welcome by email\n", StandardCharsets.UTF_8);
        ReloadResult r = reloader.reload();
        assertTrue(r.loaded(), r.report());
        assertEquals(2, kit.engine.definitions().programs().size());
        assertEquals(List.of(waiting()), kit.engine.waiting(anna).stream().map(ReloadFromTextTest::describe).toList());

        kit.advance(Duration.ofHours(3));
        assertEquals(List.of("cart_reminder_b"), kit.sentOf(anna, "abandoned_cart").stream()
                .map(Message::template).toList());
    }

    @Test
    @DisplayName("S3: a broken edit keeps the running definitions and reports file:line:col")
    void aBrokenEditIsRefusedAndTheProgramRunsOn() throws IOException {
        Definitions running = kit.engine.definitions();
        Files.writeString(file, text.replace("send cart_reminder by", "send cart_reminder_b bye"),
                StandardCharsets.UTF_8);
        ReloadResult r = reloader.reload();
        assertFalse(r.loaded());
        assertEquals("cart.rel:11:34: error: expected 'by', found 'bye'; did you mean 'by'?", r.report());
        assertEquals(running, kit.engine.definitions());
        assertEquals(List.of(waiting()), kit.engine.waiting(anna).stream().map(ReloadFromTextTest::describe).toList());

        kit.advance(Duration.ofHours(3));
        assertEquals(List.of("cart_reminder"), kit.sentOf(anna, "abandoned_cart").stream()
                .map(Message::template).toList());
    }
}
