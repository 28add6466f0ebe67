package io.relevans.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.Relevans;
import io.relevans.definition.Definitions;
import io.relevans.definition.Limits;
import io.relevans.definition.Program;
import io.relevans.definition.Step;
import io.relevans.spi.SimpleTemplates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Durations and counts are bounded (core's {@link Limits}): a value over a limit, or a number too long
 * for any integer, is a diagnostic at its token naming the limit, never an exception, in every place the
 * language reads a duration or a count; a reload of such files reports them and keeps the engine's
 * definitions.
 */
class LanguageLimitsTest {

    private static final String PROGRAM = "program p:\n  on signup\n";
    private static final String STEPS = "  steps:\n    w: wait 1d\n";
    private static final String GOAL = "  goal purchase within 7d\n";
    private static final String DURATIONS = "error: durations are limited to 36500 days (100 years), got ";

    static Stream<Arguments> overTheLimits() {
        return Stream.of(
                // windows: 3660 days
                Arguments.of("segment s: count purchase over 9999999999999d >= 1\n",
                        "t.rel:1:32: error: windows are limited to 3660 days, got 9999999999999d"),
                Arguments.of("segment s: count purchase over 3661d >= 1\n",
                        "t.rel:1:32: error: windows are limited to 3660 days, got 3661d"),
                Arguments.of("segment s: channels_used over 11y >= 2\n",
                        "t.rel:1:31: error: windows are limited to 3660 days, got 11y"),
                Arguments.of("segment s: count purchase over 30d/9999999999999d >= 1\n",
                        "t.rel:1:36: " + DURATIONS + "9999999999999d"),
                // every other duration: 36,500 days
                Arguments.of(PROGRAM + "  steps:\n    w: wait 25000000000w\n",
                        "t.rel:4:13: " + DURATIONS + "25000000000w"),
                Arguments.of(PROGRAM + "  steps:\n    w: wait 36501d\n", "t.rel:4:13: " + DURATIONS + "36501d"),
                Arguments.of(PROGRAM + "  steps:\n    w: wait 5215w\n", "t.rel:4:13: " + DURATIONS + "5215w"),
                Arguments.of(PROGRAM + "  steps:\n    w: wait 101y\n", "t.rel:4:13: " + DURATIONS + "101y"),
                Arguments.of(PROGRAM + "  steps:\n    w: wait 876001h\n", "t.rel:4:13: " + DURATIONS + "876001h"),
                Arguments.of(PROGRAM + "  steps:\n    w: wait 3153600000001ms\n",
                        "t.rel:4:13: " + DURATIONS + "3153600000001ms"),
                Arguments.of(PROGRAM + "  steps:\n    w: wait 999999999999999999999999999999y\n",
                        "t.rel:4:13: " + DURATIONS + "999999999999999999999999999999y"),
                Arguments.of(PROGRAM + "  steps:\n    w: wait 9_999_999_999_999_999_999_999d\n",
                        "t.rel:4:13: " + DURATIONS + "9_999_999_999_999_999_999_999d"),
                Arguments.of(PROGRAM + "  cap 1 per 9999999999999d\n" + STEPS,
                        "t.rel:3:13: " + DURATIONS + "9999999999999d"),
                Arguments.of("program p:\n  after 9999999999999d without purchase\n" + STEPS,
                        "t.rel:2:9: " + DURATIONS + "9999999999999d"),
                Arguments.of(PROGRAM + "  goal purchase within 9999999999999d\n" + STEPS,
                        "t.rel:3:24: " + DURATIONS + "9999999999999d"),
                Arguments.of(PROGRAM + "  reentry once per 9999999999999d\n" + STEPS,
                        "t.rel:3:20: " + DURATIONS + "9999999999999d"),
                Arguments.of("program p:\n  every 9999999999999d from 2026-03-02T09:00:00Z\n" + STEPS,
                        "t.rel:2:9: " + DURATIONS + "9999999999999d"),
                Arguments.of("segment s: attribute x older than 9999999999999d\n",
                        "t.rel:1:35: " + DURATIONS + "9999999999999d"),
                Arguments.of("policies:\n  no better offer within 9999999999999d after purchase\n",
                        "t.rel:2:26: " + DURATIONS + "9999999999999d"),
                Arguments.of("policies:\n  cap 1 per 9999999999999d overall\n",
                        "t.rel:2:13: " + DURATIONS + "9999999999999d"),
                // counts: 1,000,000 messages, split weights; priorities: the int range
                Arguments.of(PROGRAM + "  cap 99999999999 per 7d\n" + STEPS,
                        "t.rel:3:7: error: caps are limited to 1,000,000 messages, got 99999999999"),
                Arguments.of("policies:\n  cap 1000001 per 7d overall\n",
                        "t.rel:2:7: error: caps are limited to 1,000,000 messages, got 1000001"),
                Arguments.of("policies:\n  cap 99999999999999999999999999999999 per 7d on sms\n",
                        "t.rel:2:7: error: caps are limited to 1,000,000 messages, got "
                                + "99999999999999999999999999999999"),
                Arguments.of(PROGRAM + "  steps:\n    w: split a 99999999999 -> x, b 1 -> x\n    x: end\n",
                        "t.rel:4:16: error: split weights are limited to 1,000,000, got 99999999999"),
                Arguments.of(PROGRAM + "  steps:\n    w: split a 600000 -> x, b 600000 -> x\n    x: end\n",
                        "t.rel:4:5: error: the weights of split 'w' add up to 1200000; they are limited to "
                                + "1,000,000"),
                // a split's winner rule: 10 to 1,000,000 messages per variant, a confidence from 80% to below 100%
                Arguments.of(PROGRAM + GOAL + "  steps:\n    w: split a 50% -> x, b 50% -> x, pick winner after 5 per "
                                + "variant at 95%\n    x: end\n",
                        "t.rel:5:56: error: the minimum per variant of split 'w' must be at least 10, got 5"),
                Arguments.of(PROGRAM + GOAL + "  steps:\n    w: split a 50% -> x, b 50% -> x, pick winner after 2000000 "
                                + "per variant at 95%\n    x: end\n",
                        "t.rel:5:56: error: the minimum per variant of split 'w' is limited to 1,000,000, got 2000000"),
                Arguments.of(PROGRAM + GOAL + "  steps:\n    w: split a 50% -> x, b 50% -> x, pick winner after 500 "
                                + "per variant at 100%\n    x: end\n",
                        "t.rel:5:75: error: the confidence of split 'w' must be from 80% to below 100%, got 100%"),
                Arguments.of(PROGRAM + GOAL + "  steps:\n    w: split a 50% -> x, b 50% -> x, pick winner after 500 "
                                + "per variant at 95\n    x: end\n",
                        "t.rel:5:75: error: the confidence of split 'w' must be from 80% to below 100%, got 95; "
                                + "did you mean 95%?"),
                Arguments.of(PROGRAM + "  priority 99999999999999\n" + STEPS,
                        "t.rel:3:12: error: priorities are limited to -2147483648 .. 2147483647, got "
                                + "99999999999999"),
                Arguments.of(PROGRAM + "  priority -2147483649\n" + STEPS,
                        "t.rel:3:12: error: priorities are limited to -2147483648 .. 2147483647, got "
                                + "-2147483649"));
    }

    @ParameterizedTest
    @MethodSource("overTheLimits")
    void aValueOverItsLimitIsADiagnosticAtItsToken(String text, String expected) {
        assertEquals(expected, Relang.parse("t.rel", text).report());
    }

    @Test
    void valuesAtTheLimitsAreRead() {
        // read before the static checks, which find a wait of 100 years and a cap without a send odd
        ParseResult r = Relang.parseAll(java.util.Map.of("t.rel", PROGRAM + "  cap 1000000 per 36500d\n  priority -2147483648\n"
                + "  steps:\n    a: wait 36500d\n    b: wait 5214w\n    c: wait 100y\n"
                + "    d: split x 999999 -> e, y 1 -> e\n    e: end\n"
                + "segment s: count purchase over 3660d/10d >= 1 and attribute x older than 100y\n"), false);
        assertTrue(r.ok(), r.report());
        Program p = r.definitions().programs().get(0);
        assertEquals(Limits.MAX_COUNT, p.caps().get(0).max());
        assertEquals(Limits.MAX_DURATION, p.caps().get(0).period());
        assertEquals(Integer.MIN_VALUE, p.priority());
        assertEquals(Limits.MAX_DURATION, ((Step.Wait) p.steps().get(0)).duration());
        assertEquals(Duration.ofDays(5214 * 7), ((Step.Wait) p.steps().get(1)).duration());
        assertEquals(Limits.MAX_DURATION, ((Step.Wait) p.steps().get(2)).duration());
    }

    // ---------------------------------------------------------------- reloading

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("overTheLimits")
    void aReloadReportsValuesOverTheLimitsAndKeepsTheDefinitions(String text, String expected) throws IOException {
        Files.writeString(dir.resolve("t.rel"), "program welcome:\n  on signup\n  steps:\n"
                + "    hello: send welcome by email\n", StandardCharsets.UTF_8);
        Relevans engine = Relevans.builder()
                .templates(SimpleTemplates.builder().template("welcome", "Welcome", "Hello").build())
                .definitions(Relang.load(dir).orThrow()).build();
        Definitions before = engine.definitions();
        Files.writeString(dir.resolve("t.rel"), text, StandardCharsets.UTF_8);
        ReloadResult r = DefinitionsReloader.directory(engine, dir).reload();
        assertFalse(r.loaded());
        assertEquals(expected, r.report());
        assertSame(before, engine.definitions());
    }
}
