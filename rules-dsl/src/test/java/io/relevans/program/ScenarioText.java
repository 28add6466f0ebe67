package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.relevans.definition.Definitions;
import io.relevans.dsl.ParseResult;
import io.relevans.dsl.Relang;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scenario programs written as text, in {@code src/test/resources/scenarios/}. The tests that run them
 * live in core's test package {@code io.relevans.program} (from core's test-jar) so that they can use the
 * package-private {@link ScenarioKit} and the Java-built definitions of core's scenario tests as they are.
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
}
