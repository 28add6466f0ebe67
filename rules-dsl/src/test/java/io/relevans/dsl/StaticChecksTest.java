package io.relevans.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Input text to the exact diagnostics of the static checks, at least one case per check. */
class StaticChecksTest {

    private static final String SEND = "  steps:\n    s: send t by email\n";

    static Stream<Arguments> cases() {
        return Stream.of(
                // 1. conditions that can never hold
                Arguments.of("segment x:\n  sum purchase.total over 30d > 100 and sum purchase.total over 30d < 50\n",
                        "t.rel:1:9: error: segment 'x' can never hold: sum(purchase.total) over 30d > 100 and "
                                + "sum(purchase.total) over 30d < 50 cannot both be true"),
                Arguments.of("segment x: attribute age < 18 and (attribute y present and attribute age >= 65)\n",
                        "t.rel:1:9: error: segment 'x' can never hold: attribute age < 18 and attribute age >= 65 "
                                + "cannot both be true"),
                Arguments.of("segment x: count purchase == 3 and count purchase == 4\n",
                        "t.rel:1:9: error: segment 'x' can never hold: count(purchase) == 3 and count(purchase) == 4 "
                                + "cannot both be true"),
                Arguments.of("segment x: attribute gender == \"male\" and attribute gender == \"female\"\n",
                        "t.rel:1:9: error: segment 'x' can never hold: attribute gender == \"male\" and attribute "
                                + "gender == \"female\" cannot both be true"),
                Arguments.of("segment x: attribute n == 5 and attribute n != 5 and attribute n < 5.0\n",
                        "t.rel:1:9: error: segment 'x' can never hold: attribute n == 5 and attribute n != 5 "
                                + "cannot both be true"),
                Arguments.of("segment x: price_tier tv is budget and price_tier tv is premium\n"
                                + "category tv price 100 .. 1000\n",
                        "t.rel:1:9: error: segment 'x' can never hold: price_tier(tv) < 0.3333333333333333 and "
                                + "price_tier(tv) >= 0.6666666666666666 cannot both be true"),
                Arguments.of("segment x: attribute y present or (attribute b > date 2000-01-01 and attribute b < "
                                + "date 1990-01-01)\n",
                        "t.rel:1:9: error: segment 'x' has a part that can never hold: attribute b > date 2000-01-01 "
                                + "and attribute b < date 1990-01-01 cannot both be true"),
                Arguments.of("policies:\n  never promote tv when attribute age < 18 and attribute age > 65\n"
                                + "program p:\n  on cart_change\n" + SEND,
                        "t.rel:1:1: error: the exclusion of tv in the policies can never hold: attribute age < 18 and "
                                + "attribute age > 65 cannot both be true"),
                Arguments.of("program p:\n  on cart_change\n  audience days_since purchase > 10 and days_since "
                                + "purchase <= 10\n" + SEND,
                        "t.rel:1:9: error: the audience of program 'p' can never hold: days_since(purchase) > 10 and "
                                + "days_since(purchase) <= 10 cannot both be true"),
                // 2. unreachable steps
                Arguments.of("program p:\n  on cart_change\n  steps:\n    a: send t by email\n    b: end\n"
                                + "    c: send u by email\n    d: go to a\n",
                        "t.rel:1:9: error: step 'c' in program 'p' can never be reached\n"
                                + "t.rel:1:9: error: step 'd' in program 'p' can never be reached"),
                // 3. waits longer than a year
                Arguments.of("program p:\n  on cart_change\n  steps:\n    w: wait 400d\n    s: send t by email\n",
                        "t.rel:1:9: error: wait 400d in program 'p' is longer than a year"),
                // 4. same trigger, same category: a warning, the definitions can be used
                Arguments.of("program a:\n  on cart_change\n  promotes tv, radio\n" + SEND
                                + "program b:\n  on cart_change\n  promotes tv\n" + SEND,
                        "t.rel:6:9: warning: programs 'a' and 'b' both start on cart_change and promote tv"),
                // 5. caps nothing can meet
                Arguments.of("policies:\n  cap 1 per 1d on sms\n  cap 2 per 1d on email\n"
                                + "program p:\n  on cart_change\n  steps:\n    s: send t by preferred, push, email\n",
                        "t.rel:1:1: error: cap 1 per 1d on sms can never be met: no program sends on sms"),
                Arguments.of("program p:\n  on cart_change\n  cap 1 per 7d\n  steps:\n    s: set x = 1\n",
                        "t.rel:1:9: error: cap 1 per 7d of program 'p' can never be met: the program has no send "
                                + "or ask step"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reportsExactly(String text, String expected) {
        assertEquals(expected, Relang.parse("t.rel", text).report());
    }

    @Test
    void aCleanRealisticFileHasNoDiagnostics() throws Exception {
        assertEquals("", Relang.parse("example.rel", RelangParseTest.example()).report());
        String more = """
                segment adults: attribute age >= 18 and attribute age < 65 and attribute age != 30
                segment tv_fans: count purchase where line.category == "tv" over 30d >= 1 \
                and count purchase where line.category == "tv" over 30d <= 3
                segment either: attribute gender == "male" or attribute gender == "female"
                segment not_both: not (attribute a == 1 and attribute a == 1)
                policies:
                  cap 1 per 1d on sms
                program cart:
                  on cart_change
                  promotes tv
                  goal purchase within 7d
                  cap 1 per 7d
                  steps:
                    w: wait 1d
                    b: if in segment adults then go to m else go to s
                    m: send cart by email
                    e: end
                    s: send cart_sms by sms
                program views:
                  on product_view
                  promotes tv
                  steps:
                    s: send view by preferred
                """;
        assertEquals("", Relang.parse("more.rel", more).report());
    }

    @Test
    void staticChecksWaitForOtherErrors() {
        ParseResult r = Relang.parse("t.rel", "segment x: attribute a == 1 and attribute a == 2\n"
                + "segment y: in segment nope\n");
        assertEquals("t.rel:2:23: error: unknown segment 'nope'", r.report());
    }

    @Test
    void competingProgramsAreAWarningThatKeepsTheDefinitionsUsable() {
        ParseResult r = Relang.parse("t.rel", "program a:\n  on cart_change\n  promotes tv\n" + SEND
                + "program b:\n  on cart_change\n  promotes tv\n  priority 2\n" + SEND);
        assertTrue(r.ok(), r.report());
        assertEquals(List.of(), r.errors());
        assertEquals(List.of(new Diagnostic("t.rel", 6, 9, Diagnostic.Severity.WARNING,
                "programs 'a' and 'b' both start on cart_change and promote tv")), r.warnings());
        assertEquals(2, r.orThrow().programs().size());
    }

    @Test
    void sendingTheTriggersProductWithoutPromotesIsAWarning() {
        // the docs' S2 browse follow-up: the guards derive the viewed product's category, the warning says so
        ParseResult r = Relang.parse("t.rel", "program browse:\n  on product_view\n  steps:\n"
                + "    follow: send viewed_product by preferred, email, sku = trigger.sku\n");
        assertTrue(r.ok(), r.report());
        assertEquals(List.of(new Diagnostic("t.rel", 1, 9, Diagnostic.Severity.WARNING,
                "step 'follow' of program 'browse' sends the trigger's product data without 'promotes': the guards "
                        + "still look at the products' categories, but say which categories the program promotes, so "
                        + "that next best offers and overlaps see them")), r.warnings());
        ParseResult declared = Relang.parse("t.rel", "program browse:\n  on product_view\n  promotes tv\n  steps:\n"
                + "    follow: send viewed_product by preferred, email, sku = trigger.sku\n");
        assertEquals(List.of(), declared.warnings());
    }

    @Test
    void diagnosticsDoNotDropDefinitions() {
        ParseResult r = Relang.parse("t.rel", "segment x: attribute a == 1 and attribute a == 2\n");
        assertTrue(!r.ok());
        assertEquals(1, r.definitions().segments().size());
    }
}
