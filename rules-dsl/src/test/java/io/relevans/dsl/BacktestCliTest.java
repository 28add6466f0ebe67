package io.relevans.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's backtest and compare: a small run each, and the usage errors, naming what is wrong. */
class BacktestCliTest {

    private static final String BY_EMAIL = """
            program welcome:
              on signup
              steps:
                hello: send welcome by preferred, email
            """;

    private static final String BY_SMS = """
            program welcome:
              on signup
              steps:
                hello: send welcome by sms
            """;

    private static final String EVENTS = """
            {"id": "c1", "type": "consent_change", "customer": {"email": "anna@example.com"}, "time": "2026-09-01T08:00:00Z", "properties": {"channel": "email", "purpose": "marketing", "granted": true}}
            {"id": "s1", "type": "signup", "customer": {"email": "anna@example.com"}, "time": "2026-09-01T09:00:00Z"}
            {"id": "s2", "type": "signup", "customer": {"email": "bo@example.com"}, "time": "2026-09-01T10:00:00Z", "link": [{"phone": "+4740000001"}]}
            {"id": "s3", "type": "signup", "customer": {"email": "cy@example.com"}, "time": "2026-09-03T10:00:00Z"}
            not json
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
    @DisplayName("backtest prints what would have been decided, counts the events outside the period and the bad line, and writes JSON")
    void backtest_smallRun() throws IOException {
        Path defs = write("a/welcome.rel", BY_EMAIL);
        Path events = write("events.jsonl", EVENTS);
        Path json = dir.resolve("out/report.json");

        CliRun r = run("backtest", defs.toString(), "--events", events.toString(), "--from", "2026-09-01", "--to",
                "2026-09-02", "--json", json.toString());

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("events: 5 read, 3 replayed (0 late), 0 before the start, 1 at or after the end, "
                + "1 refused"), r.out());
        assertTrue(r.out().contains("refused line 5: "), r.out());
        assertTrue(r.out().contains("messages: 2 decided, 1 sent, 1 suppressed"), r.out());
        assertTrue(r.out().contains("no_usable_channel 1"), r.out());
        String text = Files.readString(json);
        assertTrue(text.contains("\"program\" : \"welcome\""), text);
        assertTrue(text.contains("\"guard\" : \"no_usable_channel\""), text);
    }

    @Test
    @DisplayName("compare lists the messages B decides otherwise: sending by SMS only, Anna's welcome is held back and Bo's for another reason")
    void compare_smallRun() throws IOException {
        Path a = write("a/welcome.rel", BY_EMAIL);
        Path b = write("b/welcome.rel", BY_SMS);
        Path events = write("events.jsonl", EVENTS);
        Path json = dir.resolve("comparison.json");

        CliRun r = run("compare", a.toString(), b.toString(), "--events", events.toString(), "--from", "2026-09-01",
                "--to", "2026-09-02", "--tick", "15m", "--json", json.toString());

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("A against B: 0 messages only in A, 0 only in B, 2 changed, 0 alike"), r.out());
        assertTrue(r.out().contains("welcome                        2 ->       2 decided,       1 ->       0 sent"),
                r.out());
        assertTrue(r.out().contains("welcome/hello: status sent -> suppressed; guard none -> no_usable_channel; "
                + "reason '' -> 'no usable channel (sms: no consent for marketing)'; channel email -> none"), r.out());
        assertTrue(r.out().contains("welcome/hello: reason 'no usable channel (email: no consent for marketing)' -> "
                + "'no usable channel (sms: no consent for marketing)'"), r.out());
        assertTrue(Files.readString(json).contains("\"aspects\" : [ \"status\""), Files.readString(json));
        CliRun same = run("compare", a.toString(), a.toString(), "--events", events.toString(), "--from", "2026-09-01",
                "--to", "2026-09-02");
        assertTrue(same.out().contains("0 messages only in A, 0 only in B, 0 changed, 2 alike"), same.out());
    }

    @Test
    @DisplayName("usage errors name what is missing or wrong, with exit code 2")
    void usageErrors() throws IOException {
        Path defs = write("a/welcome.rel", BY_EMAIL);
        Path events = write("events.jsonl", EVENTS);
        String d = defs.toString();
        String e = events.toString();

        assertUsage(run("backtest"), "error: backtest needs the definitions (a file or directory) and its options");
        assertUsage(run("backtest", d, "--events", e), "error: backtest needs --events, --from and --to");
        assertUsage(run("backtest", d, "--events", dir.resolve("none.jsonl").toString(), "--from", "2026-09-01",
                "--to", "2026-09-02"), "error: backtest: no such events file: " + dir.resolve("none.jsonl"));
        assertUsage(run("backtest", d, "--events", e, "--from", "yesterday", "--to", "2026-09-02"),
                "error: backtest: --from is a date (2026-09-01) or an instant (2026-09-01T06:00:00Z), got 'yesterday'");
        assertUsage(run("backtest", d, "--events", e, "--from", "2026-09-02", "--to", "2026-09-01"),
                "error: backtest: a period's end must be after its start");
        assertUsage(run("backtest", d, "--events", e, "--from", "2026-09-01", "--to", "2026-09-02", "--tick", "0s"),
                "error: backtest: the tick interval must be from PT1S to PT168H, got PT0S");
        assertUsage(run("backtest", d, "--events", e, "--from", "2026-09-01", "--to", "2026-09-02", "--speed", "2"),
                "error: backtest: unknown option --speed");
        assertUsage(run("backtest", d, "--events"), "error: backtest: option --events needs a value");
        assertUsage(run("backtest", d, "--events", e, "--from", "2026-09-01", "--to", "2026-09-02", "--channel", "sms=fax"),
                "error: backtest: --channel: unknown identity 'fax'");
        assertUsage(run("compare", d), "error: compare needs two sets of definitions");
        CliRun missing = run("backtest", dir.resolve("nowhere").toString(), "--events", e, "--from", "2026-09-01", "--to",
                "2026-09-02");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("error: no such file or directory: " + dir.resolve("nowhere")), missing.err());
        Path broken = write("broken/x.rel", "program p:\n  on signup\n");
        CliRun bad = run("compare", d, broken.toString(), "--events", e, "--from", "2026-09-01", "--to", "2026-09-02");
        assertEquals(1, bad.code(), bad.err());
        assertTrue(bad.err().startsWith(broken + ":"), bad.err());
        assertTrue(run("help").out().contains("compare <dir-or-file A> <dir-or-file B>"));
    }

    private static void assertUsage(CliRun r, String start) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith(start), r.err());
        assertTrue(r.err().contains("usage: relang"), r.err());
    }
}
