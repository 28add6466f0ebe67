package io.relevans.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * References to unknown names are checked in time linear in their number, hints included: 20,000 unknown
 * segment references among 20,000 segments take well under a second (they took minutes when every reference
 * was compared with every name); the timeout is generous so that a slow machine cannot make it fail.
 */
class UnknownReferencesScaleTest {

    private static final int N = 20_000;

    @Test
    void twentyThousandUnknownSegmentReferencesAreEachReported() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < N; i++) {
            text.append("segment store_").append(i).append(": in segment region_").append(i).append('\n');
        }
        ParseResult r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Relang.parse("t.rel", text.toString()));
        List<Diagnostic> diagnostics = r.diagnostics();
        assertEquals(N, diagnostics.size());
        for (int i = 0; i < N; i++) {
            String name = "region_" + i;
            assertEquals("t.rel:" + (i + 1) + ":" + (28 + String.valueOf(i).length()) + ": error: unknown segment '"
                    + name + "'", diagnostics.get(i).format());
        }
    }

    @Test
    void twentyThousandUnknownSegmentsWithTyposAreEachReportedWithTheirHint() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < N; i++) {
            text.append("segment store_").append(i).append(": in segment stroe_").append(i).append('\n');
        }
        ParseResult r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Relang.parse("t.rel", text.toString()));
        assertEquals(N, r.diagnostics().size());
        for (int i = 0; i < N; i++) {
            assertEquals("unknown segment 'stroe_" + i + "'; did you mean 'store_" + i + "'?",
                    r.diagnostics().get(i).message());
        }
    }

    @Test
    void twentyThousandPriceTiersOfUnknownCategoriesAreEachReported() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < N; i++) {
            text.append("category store_").append(i).append(" price 1 .. 2\n");
            text.append("segment s_").append(i).append(": price_tier region_").append(i).append(" is budget\n");
        }
        ParseResult r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Relang.parse("t.rel", text.toString()));
        assertEquals(N, r.diagnostics().size());
        assertEquals("category 'region_7' has no price range for its price tiers; add a line such as 'category "
                + "region_7 price 100 .. 1000'", r.diagnostics().get(7).message());
    }

    @Test
    void twentyThousandUnknownStepsOfOneProgramAreEachReportedInAShortLine() {
        StringBuilder text = new StringBuilder("program p:\n  on signup\n  steps:\n");
        for (int i = 0; i < N; i++) {
            text.append("    step_").append(i).append(": go to target_").append(i).append('\n');
        }
        ParseResult r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Relang.parse("t.rel", text.toString()));
        assertEquals(N, r.diagnostics().size());
        assertEquals("t.rel:8:19: error: unknown step 'target_4' (steps: step_0, step_1, step_2, step_3, step_4, "
                + "step_5, step_6, step_7, step_8, step_9 and 19990 more)", r.diagnostics().get(4).format());
        assertEquals("unknown step 'stpe_7' (steps: a, b, c, d, e, f, g, h, i, j and 1 more); did you mean "
                + "'step_7'?", Relang.parse("t.rel", "program p:\n  on signup\n  steps:\n"
                + "    a: go to stpe_7\n    b: end\n    c: end\n    d: end\n    e: end\n    f: end\n    g: end\n"
                + "    h: end\n    i: end\n    j: end\n    step_7: end\n").diagnostics().get(0).message());
    }
}
