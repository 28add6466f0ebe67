package io.relevans.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Diagnostics never echo raw control characters from the input: a newline, tab, carriage return or other
 * control character in a quoted name or text (escaped or written as is) is shown escaped ({@code \n},
 * {@code \t}, {@code \r}, a backslash and {@code u0001}), so that one diagnostic is always one line.
 */
class DiagnosticEscapingTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // a model refusal quoting the text
                Arguments.of("segment s: count \"ty\\npe\" >= 1\n",
                        "t.rel:1:18: error: 'ty\\npe' is not a valid event type: use 1..64 lower-case letters, digits "
                                + "or '_', starting with a letter"),
                Arguments.of("segment s: count \"ty\tpe\\r\" >= 1\n",
                        "t.rel:1:18: error: 'ty\\tpe\\r' is not a valid event type: use 1..64 lower-case letters, "
                                + "digits or '_', starting with a letter"),
                // an unknown reference
                Arguments.of("segment s: in segment \"a\\u0001b\"\n",
                        "t.rel:1:23: error: invalid segment name 'a\\u0001b': use a letter followed by up to 63 "
                                + "letters, digits, '_' or '-'\n"
                                + "t.rel:1:23: error: unknown segment 'a\\u0001b'"),
                // a token named in "expected ..., found ..."
                Arguments.of("segment s: attribute x present \"a\\u0085b\\u2028c\"\n",
                        "t.rel:1:32: error: expected 'and', 'or' or the end of the segment, found text "
                                + "\"a\\u0085b\\u2028c\""),
                Arguments.of("segment s: attribute x present \"0123456789012345678\\n9\"\n",
                        "t.rel:1:32: error: expected 'and', 'or' or the end of the segment, found text "
                                + "\"0123456789012345678\\n...\""),
                // text in single quotes
                Arguments.of("segment a: attribute gender == 'ma\tle'\n",
                        "t.rel:1:32: error: text is written in double quotes: \"ma\\tle\""),
                // a step label and a data name
                Arguments.of("program p:\n  on signup\n  steps:\n    a: send x by email, \"n\\r\" = 1, \"n\\r\" = 2\n",
                        "t.rel:4:36: error: data 'n\\r' is given twice"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void controlCharactersInQuotedTextAreShownEscaped(String text, String expected) {
        ParseResult r = Relang.parse("t.rel", text);
        assertEquals(expected, r.report());
        r.diagnostics().forEach(d -> assertOneLine(d.format()));
    }

    @Test
    void aFileNameIsShownEscaped() {
        assertEquals("a\\nb.rel:1:1: error: expected 'segment', 'program', 'category' or 'policies', found "
                + "'segmnt'; did you mean 'segment'?", Relang.parse("a\nb.rel", "segmnt x:\n").report());
    }

    @Test
    void aRefusalByTheEngineIsShownEscaped() {
        ReloadResult r = new ReloadResult("directory rules", 1, false, List.of(),
                List.of("step 'a' of program 'p' uses unknown template 'x\ny'"));
        assertEquals("directory rules: error: step 'a' of program 'p' uses unknown template 'x\\ny'", r.report());
    }

    private static final List<String> CONTROLS = List.of("\\n", "\\t", "\\r", "\\u0001", "\\u001b", "\\u007f",
            "\\u0085", "\\u2028", "\\u2029", "\t", "\r", "\u000b", "\u0000");

    @Provide
    Arbitrary<String> textsWithControls() {
        Arbitrary<String> quoted = Combinators.combine(Arbitraries.strings().withChars("ab_").ofMaxLength(3),
                        Arbitraries.of(CONTROLS), Arbitraries.strings().withChars("ab_").ofMaxLength(30))
                .as((a, c, b) -> "\"" + a + c + b + "\"");
        List<String> places = List.of(
                "segment Q: attribute x present\n", "segment s: in segment Q\n", "segment s: count Q >= 1\n",
                "segment s: attribute Q present\n", "segment s: attribute x == Q and Q\n",
                "segment s: consent Q for marketing\n", "segment s: declared interested in Q\n",
                "segment s: price_tier Q is budget\n", "segment s: count purchase where Q == 1 >= 1\n",
                "category Q price 1 .. 2\n", "program Q:\n  on signup\n  steps:\n    a: end\n",
                "program p:\n  on Q\n  steps:\n    Q: send Q by Q, Q = Q\n",
                "program p:\n  on signup\n  steps:\n    a: go to Q\n",
                "program p:\n  on signup\n  purpose Q\n  steps:\n    a: call Q, Q = customer.Q\n",
                "policies:\n  quiet hours 21:00 - 08:00 in Q\n  intimate channels Q\n");
        return Combinators.combine(Arbitraries.of(places), quoted).as((place, q) -> place.replace("Q", q));
    }

    @Property(tries = 1000)
    void everyDiagnosticIsOneLine(@ForAll("textsWithControls") String text) {
        ParseResult r = Relang.parse("t.rel", text);
        r.diagnostics().forEach(d -> assertOneLine(d.format()));
    }

    private static void assertOneLine(String s) {
        assertFalse(s.codePoints().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'),
                s);
    }
}
