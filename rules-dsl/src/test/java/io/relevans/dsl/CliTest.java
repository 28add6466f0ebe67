package io.relevans.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    private static final String DEFINITIONS = """
            segment women: attribute gender == "female"
            segment men: attribute gender == "male"
            segment mailable: consent email for marketing and not in segment men

            program welcome:
              on signup
              steps:
                hello: send welcome by preferred, email
                ask: ask review with store_review by email
            """;

    private static final String PROFILE = """
            {"id": "c-1", "identities": [{"email": "anna@example.com"}],
             "attributes": {"gender": {"value": "female", "source": "declared", "time": "2026-01-01T00:00:00Z"}},
             "consents": [{"channel": "email", "purpose": "marketing", "granted": true,
                           "time": "2026-01-01T00:00:00Z", "source": "declared"}]}
            """;

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private Path write(String name, String text) throws IOException {
        return CliRun.write(dir, name, text);
    }

    @Test
    void cleanFilesAndDirectoriesCheckWithExitZero() throws IOException {
        Path file = write("defs/shop.rel", DEFINITIONS);
        write("defs/more/other.rel", "segment grown_up: attribute age >= 18 and in segment women\n");
        CliRun r = run("check", dir.resolve("defs").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().contains("2 file(s) ok: 4 segment(s), 1 program(s)"), r.out());
        assertEquals(0, run("check", file.toString()).code());
    }

    @Test
    void brokenFileReportsTheExactDiagnosticAndExitsOne() throws IOException {
        Path file = write("broken.rel", "segmnt men: attribute gender == \"male\"\n");
        CliRun r = run("check", file.toString());
        assertEquals(1, r.code());
        assertEquals(file + ":1:1: error: expected 'segment', 'program', 'category' or 'policies', found 'segmnt';"
                + " did you mean 'segment'?" + System.lineSeparator(), r.err());
        assertEquals("", r.out());
    }

    @Test
    void warningsArePrintedButTheCheckPasses() throws IOException {
        Path file = write("twice.rel", """
                program a:
                  on cart_change
                  promotes tv
                  steps:
                    s: send cart by email
                program b:
                  on cart_change
                  promotes tv
                  steps:
                    s: send cart_sms by sms
                """);
        CliRun r = run("check", file.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(file + ":6:9: warning: programs 'a' and 'b' both start on cart_change and promote tv"
                + System.lineSeparator(), r.err());
        assertTrue(r.out().contains("1 file(s) ok: 0 segment(s), 2 program(s), 1 warning(s)"), r.out());
    }

    @Test
    void referencesAcrossFilesGivenSeparatelyResolve() throws IOException {
        Path a = write("a.rel", "segment men: attribute gender == \"male\"\n");
        Path b = write("b.rel", "segment not_men: not in segment men\n");
        assertEquals(0, run("check", a.toString(), b.toString()).code());
        CliRun alone = run("check", b.toString());
        assertEquals(1, alone.code());
        assertTrue(alone.err().startsWith(b + ":1:"), alone.err());
        assertTrue(alone.err().contains("unknown segment 'men'"), alone.err());
    }

    @Test
    void drlPrintsTheCompiledRules() throws IOException {
        Path file = write("shop.rel", DEFINITIONS);
        CliRun r = run("drl", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("rule \"segment_0\""), r.out());
        assertTrue(!r.out().contains("female"), "no text from definitions reaches the rules");
    }

    @Test
    void explainShowsHeldAndFailedConditions() throws IOException {
        Path defs = write("shop.rel", DEFINITIONS);
        Path profile = write("anna.json", PROFILE);
        CliRun all = run("explain", defs.toString(), profile.toString());
        assertEquals(0, all.code(), all.err());
        assertTrue(all.out().contains("customer c-1 is in segment women"), all.out());
        assertTrue(all.out().contains("customer c-1 is not in segment men"), all.out());
        assertTrue(all.out().contains("customer c-1 is in segment mailable"), all.out());
        assertTrue(all.out().contains("[held] "), all.out());
        assertTrue(all.out().contains("[failed] "), all.out());

        CliRun one = run("explain", defs.toString(), profile.toString(), "men");
        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().startsWith("customer c-1 is not in segment men"), one.out());
        assertTrue(one.out().contains("[failed] "), one.out());
        assertTrue(!one.out().contains("segment women"), one.out());

        CliRun unknown = run("explain", defs.toString(), profile.toString(), "wommen");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("unknown segment 'wommen'"), unknown.err());
    }

    @Test
    void badProfileIsAnError() throws IOException {
        Path defs = write("shop.rel", DEFINITIONS);
        Path profile = write("bad.json", "{\"id\": \"c-1\"}");
        CliRun r = run("explain", defs.toString(), profile.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("identities"), r.err());
    }

    @Test
    void badUsageExitsTwoWithTheUsage() throws IOException {
        Path file = write("shop.rel", DEFINITIONS);
        for (String[] args : new String[][] {{}, {"frobnicate"}, {"check"}, {"drl"}, {"drl", "a", "b"},
                {"explain", file.toString()}, {"check", dir.resolve("missing.rel").toString()}}) {
            CliRun r = run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertTrue(r.err().contains("usage: relang") || r.err().contains("no such file"), r.err());
        }
        CliRun help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("usage: relang"));
    }
}
