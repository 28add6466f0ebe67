package io.relevans.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Input text to the exact diagnostics, one case per kind of error. */
class DiagnosticGoldenTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // misspelt top-level keyword
                Arguments.of("program p:\n  on signup\n  steps:\n    hello: send welcome by sms, email\n",
                        "t.rel:4:33: error: a named channel is exactly one; for a fallback order write "
                                + "'by preferred, sms, email'"),
                Arguments.of("segmnt foo:\n  attribute x present\n",
                        "t.rel:1:1: error: expected 'segment', 'program', 'category' or 'policies', found 'segmnt'; "
                                + "did you mean 'segment'?"),
                // misspelt 'and'
                Arguments.of("segment a:\n  days_since purchase > 180 adn consent email for marketing\n",
                        "t.rel:2:29: error: expected 'and', 'or' or the end of the segment, found 'adn'; "
                                + "did you mean 'and'?"),
                Arguments.of("segment a: attribute gender = \"male\"\n",
                        "t.rel:1:29: error: expected an operator (==, !=, <, <=, >, >=), 'present' or 'older than', "
                                + "found '='"),
                Arguments.of("segment a: count purchase over 90q >= 2\n",
                        "t.rel:1:32: error: unknown duration unit 'q' in '90q'; use ms, s, m, h, d, w or y (365d)"),
                Arguments.of("segment a: count purchase over 90 >= 1\n",
                        "t.rel:1:32: error: expected a window length such as 90d, found '90'; add a unit such as 90d "
                                + "(ms, s, m, h, d, w, y)"),
                Arguments.of("segment a: in segment bigspenders\nsegment big_spenders: count purchase >= 1\n",
                        "t.rel:1:23: error: unknown segment 'bigspenders'; did you mean 'big_spenders'?"),
                Arguments.of("segment a: count purchase >= 1\nsegment a: count purchase >= 2\n",
                        "t.rel:2:9: error: segment 'a' is defined twice (first on line 1)"),
                Arguments.of("segment a: attribute gender == male\n",
                        "t.rel:1:32: error: expected a value (\"text\", a number, true, false or date 2000-01-31), "
                                + "found 'male'; text is written in double quotes: \"male\""),
                Arguments.of("segment a: attribute gender == 'male'\n",
                        "t.rel:1:32: error: text is written in double quotes: \"male\""),
                Arguments.of("segment a: attribute gender > \"male\"\n",
                        "t.rel:1:12: error: cannot order a text: attribute gender > male; use == or !=, or compare "
                                + "a number or date"),
                Arguments.of("segment a: price_tier tv is budget\n",
                        "t.rel:1:23: error: category 'tv' has no price range for its price tiers; add a line such as "
                                + "'category tv price 100 .. 1000'"),
                Arguments.of("segment a: since trigger purchase\n",
                        "t.rel:1:12: error: 'since trigger' is only allowed in programs: a segment has no trigger"),
                Arguments.of("segment a: attribute x == \"abc\n",
                        "t.rel:1:27: error: text not closed: add a '\"' before the end of the line"),
                Arguments.of("segment a: (attribute x present\n",
                        "t.rel:1:32: error: expected ')', found end of file"),
                Arguments.of("segment a: attribute x present\n@\nsegment b: attribute y present\n",
                        "t.rel:2:1: error: unexpected character '@'"),
                Arguments.of("segment a: count purchase >= 1 segment b: count purchase >= 1\n",
                        "t.rel:1:32: error: expected 'and', 'or' or the end of the segment, found 'segment'"),
                Arguments.of("segment x: not not not\n",
                        "t.rel:1:23: error: expected a condition, found end of file"),
                Arguments.of("segment a: " + "(".repeat(100) + "\n",
                        "t.rel:1:52: error: conditions are nested too deeply (at most 40 levels)"),
                Arguments.of("segment a: sum purchase >= 1\n",
                        "t.rel:1:16: error: expected an event type and property such as purchase.line.amount, "
                                + "found 'purchase'"),
                Arguments.of("segment a: count Purchase >= 1\n",
                        "t.rel:1:18: error: 'Purchase' is not a valid event type: use 1..64 lower-case letters, "
                                + "digits or '_', starting with a letter"),
                Arguments.of("segment a: count purchase over 30d/1h >= 1\n",
                        "t.rel:1:27: error: window 30d in buckets of 1h needs 720 buckets; at most 400 are allowed, "
                                + "use larger buckets"),
                Arguments.of("category tv price 100 .. 50\ncategory tv price 1 .. 2\n",
                        "t.rel:1:10: error: price range of tv must have 0 <= min < max, got 100.0..50.0\n"
                                + "t.rel:2:10: error: category 'tv' is defined twice (first on line 1)"),
                // several broken items in one file, each reported
                Arguments.of("segment a: cout purchase >= 1\nsegment b: attribute x present\n"
                                + "segment c: attribute y = 1\nsegment d: in segment e\n",
                        "t.rel:1:12: error: expected a condition, found 'cout'; did you mean 'count'?\n"
                                + "t.rel:3:24: error: expected an operator (==, !=, <, <=, >, >=), 'present' or 'older "
                                + "than', found '='\n"
                                + "t.rel:4:23: error: unknown segment 'e'"),
                // policies
                Arguments.of("policies:\n  quiet hours 21:00 - 08:00 in Europe/Osloo\n  cap 3 per 7d\n",
                        "t.rel:2:32: error: unknown time zone 'Europe/Osloo'; did you mean 'Europe/Oslo'?\n"
                                + "t.rel:3:15: error: expected 'overall' or 'on' and a channel (program caps are set in "
                                + "programs), found end of file"),
                Arguments.of("policies:\n  quiet hours 21:00 - 08:00\npolicies:\n  cap 1 per 1d overall\n",
                        "t.rel:3:1: error: policies are defined twice (first on line 1); put all policies in one block"),
                // programs
                Arguments.of("program p:\n  on cart_change\n  steps:\n    a: wait 4h\n    b: go to c\n",
                        "t.rel:5:14: error: unknown step 'c' (steps: a, b)"),
                Arguments.of("program p:\n  on cart_change\n  steps:\n    remind: wait 4h\n    b: go to remnd\n",
                        "t.rel:5:14: error: unknown step 'remnd' (steps: remind, b); did you mean 'remind'?"),
                Arguments.of("program p:\n  steps:\n    a: wait 4h\n",
                        "t.rel:1:9: error: program 'p' has no trigger: add a line such as 'on purchase'"),
                Arguments.of("program p:\n  on purchase\n  control 60%\n  steps:\n    a: send x by email\n",
                        "t.rel:3:3: error: the control share must be 0 to 50% (0 to 0.5), got 60%"),
                Arguments.of("program p:\n  on purchase\n  reentry twice\n  steps:\n    a: sned x by email\n    a: end\n",
                        "t.rel:3:11: error: expected 'once', 'once per', 'when done' or 'restart', found 'twice'\n"
                                + "t.rel:5:8: error: expected a step such as 'wait 4h' or 'send ...', found 'sned'; "
                                + "did you mean 'send'?\n"
                                + "t.rel:6:5: error: step 'a' is defined twice in program 'p' (first on line 5)"),
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: send x by email, n = foo\n",
                        "t.rel:4:29: error: expected trigger.<property>, customer.<attribute> or a value, found 'foo'"),
                Arguments.of("program p:\n  on purchase\n  on cart_change\n  steps:\n    a: end\n",
                        "t.rel:3:3: error: program 'p' has a second trigger (the first is on line 2)"),
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: split x 50% -> a\n",
                        "t.rel:4:5: error: split 'a' needs at least two variants"),
                Arguments.of("segment a: attribute x present\nprogram p:\n  on entering segment b\n  steps:\n    a: end\n"
                                + "program p:\n  on purchase\n  steps:\n    a: end\n",
                        "t.rel:3:23: error: unknown segment 'b'\n"
                                + "t.rel:6:9: error: program 'p' is defined twice (first on line 2)"),
                Arguments.of("program p:\n  on entering segmnt x\n  steps:\n    a: end\n",
                        "t.rel:2:15: error: expected 'segment', found 'segmnt'; did you mean 'segment'?"),
                Arguments.of("program p:\n  audiense attribute x present\n  on purchase\n  steps:\n    a: end\n",
                        "t.rel:2:3: error: expected a program clause such as 'on', 'audience' or 'steps:', found "
                                + "'audiense'; did you mean 'audience'?"),
                Arguments.of("program p:\n  on purchase\n  control 10\n  steps:\n    a: end\n",
                        "t.rel:3:3: error: the control share must be 0 to 50% (0 to 0.5), got 10; did you mean 10%?"),
                Arguments.of("segment a: cout purchase >= 2\n",
                        "t.rel:1:12: error: expected a condition, found 'cout'; did you mean 'count'?"),
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: wait until 25:00\n",
                        "t.rel:4:19: error: invalid time '25:00': use hh:mm from 00:00 to 23:59 (or hh:mm:ss)"),
                Arguments.of("program p:\n  on purchase\n  steps\n    a: end\n",
                        "t.rel:3:8: error: expected ':' after 'steps', found 'a'"),
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: send x by email with line\n",
                        "t.rel:4:29: error: expected 'lines', found 'line'; did you mean 'lines'?"),
                Arguments.of("program p:\n  on purchase\n  audience attribute x present adn attribute y present\n"
                                + "  steps:\n    a: end\n",
                        "t.rel:3:32: error: expected a new line after the 'audience' clause, found 'adn'; "
                                + "did you mean 'and'?"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reportsExactly(String input, String expected) {
        assertEquals(expected, Relang.parse("t.rel", input).report());
    }
}
