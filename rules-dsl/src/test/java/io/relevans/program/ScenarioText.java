package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.abort;

import io.relevans.definition.Definitions;
import io.relevans.dsl.ParseResult;
import io.relevans.dsl.Relang;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The scenario programs written as text, in {@code src/test/resources/scenarios/}. The tests that run them
 * are core's scenario tests (from core's test-jar), inherited by subclasses in the same package
 * {@code io.relevans.program} that give each scenario its text instead of its Java-built definitions.
 */
final class ScenarioText {

    private ScenarioText() {
    }

    /** Reads the scenario files together, in the order given. */
    static ParseResult parse(String... files) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String file : files) {
            String resource = "scenarios/" + file;
            try (InputStream in = ScenarioText.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalArgumentException("no test resource " + resource);
                }
                texts.put(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Relang.parseAll(texts);
    }

    /** The definitions of the scenario files, which must read without any diagnostic. */
    static Definitions load(String... files) {
        ParseResult r = parse(files);
        assertEquals("", r.report(), "diagnostics of " + String.join(", ", files));
        return r.definitions();
    }

    /**
     * The text of a scenario in place of its Java-built definitions, for {@link ScenarioTest#definitions}: the
     * text must read as exactly the Java-built definitions. A scenario with no text is skipped.
     *
     * @param texts how to read the text of each scenario that has one, by the scenario's name
     */
    static Definitions instead(String scenario, Supplier<Definitions> javaBuilt,
                               Map<String, Supplier<Definitions>> texts) {
        Supplier<Definitions> text = texts.get(scenario);
        if (text == null) {
            abort("scenario " + scenario + " has no text");
        }
        Definitions read = text.get();
        assertEquals(javaBuilt.get(), read, "the text of " + scenario + " reads as the Java-built definitions");
        return read;
    }

    /** Reads every text, each of which must read with no diagnostic beyond the warnings its reader expects. */
    static void readAll(Map<String, Supplier<Definitions>> texts) {
        assertFalse(texts.isEmpty());
        texts.forEach((scenario, text) -> assertFalse(text.get().programs().isEmpty(), scenario));
    }
}
