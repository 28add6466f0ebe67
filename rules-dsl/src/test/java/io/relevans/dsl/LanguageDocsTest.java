package io.relevans.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps {@code docs/language.md} honest: every {@code ```rel} block parses without diagnostics, prints and
 * reads back equal, and every scenario S1..S24 has at least one example.
 */
class LanguageDocsTest {

    private static final Path DOC = Path.of("../docs/language.md");
    private static final Pattern SCENARIO = Pattern.compile("^## (S(\\d+))\\b.*$");

    /** A fenced rel block under the scenario heading it appears below (or "language.md" before any). */
    record Block(String name, int line, String text) {
    }

    static List<Block> blocks() throws IOException {
        List<String> lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        String section = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = SCENARIO.matcher(line);
            if (m.matches()) {
                section = m.group(1);
            } else if (line.startsWith("## ")) {
                section = null;
            }
            if (line.strip().equals("```rel")) {
                int start = i + 1;
                StringBuilder text = new StringBuilder();
                i++;
                while (i < lines.size() && !lines.get(i).strip().equals("```")) {
                    text.append(lines.get(i)).append('\n');
                    i++;
                }
                String name = section == null ? "language.md" : "language.md#" + section;
                blocks.add(new Block(name, start + 1, text.toString()));
            }
        }
        return blocks;
    }

    /** Blocks whose warning the text around them explains, with the warning. */
    private static final Map<String, String> WARNED = Map.of(
            "language.md#S2", "sends the trigger's product data without 'promotes'");

    @TestFactory
    Stream<DynamicTest> everyBlockParsesAndRoundTrips() throws IOException {
        List<Block> blocks = blocks();
        assertFalse(blocks.isEmpty(), "no ```rel blocks in " + DOC);
        return blocks.stream().map(b -> DynamicTest.dynamicTest(b.name() + " (line " + b.line() + ")", () -> {
            ParseResult r = Relang.parse(b.name(), b.text());
            String warned = WARNED.get(b.name());
            assertTrue(warned == null ? r.diagnostics().isEmpty()
                            : r.errors().isEmpty() && !r.warnings().isEmpty()
                            && r.warnings().stream().allMatch(d -> d.message().contains(warned)),
                    () -> "block at " + DOC + ":" + b.line() + " has other diagnostics than the text says:\n" + r.report());
            String printed = Relang.print(r.definitions());
            ParseResult again = Relang.parse(b.name(), printed);
            assertTrue(again.errors().isEmpty() && again.warnings().size() == r.warnings().size(),
                    () -> "printed block does not read back:\n" + again.report() + "\n" + printed);
            assertEquals(r.definitions(), again.definitions(), "print/parse round trip of " + b.name());
        }));
    }

    @Test
    void everyScenarioHasAnExample() throws IOException {
        Set<String> covered = new TreeSet<>();
        for (Block b : blocks()) {
            if (b.name().contains("#")) {
                covered.add(b.name().substring(b.name().indexOf('#') + 1));
            }
        }
        List<String> missing = new ArrayList<>();
        for (int n = 1; n <= 24; n++) {
            if (!covered.contains("S" + n)) {
                missing.add("S" + n);
            }
        }
        assertTrue(missing.isEmpty(), "scenarios without a ```rel example in " + DOC + ": " + missing);
    }
}
