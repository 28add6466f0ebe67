package io.relevans.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.definition.Conditions;
import io.relevans.definition.Definitions;
import io.relevans.definition.Features;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The prediction features in the language: p_alive, expected_purchases, expected_spend, and their errors. */
class PredictionSyntaxTest {

    static final String TEXT = """
            policies:
              predictions count days in Europe/Oslo

            segment at_risk:
              p_alive < 0.3 and expected_purchases next 90d < 1

            segment valuable:
              expected_spend next 365d discount 0.1 >= 500 or expected_spend next 30d > 100
            """;

    @Test
    void readsThePredictions_andPrintsThemBack() {
        ParseResult r = Relang.parse("p.rel", TEXT);
        assertTrue(r.errors().isEmpty(), r.report());
        Definitions d = r.definitions();
        assertEquals(Conditions.allOf(Features.probabilityAlive().lessThan(0.3),
                        Features.expectedPurchases(Duration.ofDays(90)).lessThan(1)),
                d.segments().get(0).condition());
        assertEquals(Conditions.anyOf(Features.expectedSpend(Duration.ofDays(365)).discounted(0.1).atLeast(500),
                        Features.expectedSpend(Duration.ofDays(30)).greaterThan(100)),
                d.segments().get(1).condition());
        assertEquals(ZoneId.of("Europe/Oslo"), d.policies().purchaseDayZone());
        String printed = Relang.print(d);
        assertTrue(printed.contains("p_alive < 0.3 and expected_purchases next 90d < 1"), printed);
        assertTrue(printed.contains("expected_spend next 365d discount 0.1 >= 500"), printed);
        assertTrue(printed.contains("predictions count days in Europe/Oslo"), printed);
        assertEquals(d, Relang.parse("again.rel", printed).definitions());
    }

    @Test
    void predictionsAloneAreNoReasonToWarn() {
        // the text cannot know whether a model is fitted; the engine says so when it loads them
        ParseResult r = Relang.parse("p.rel", TEXT);
        assertTrue(r.diagnostics().isEmpty(), r.report());
    }

    @Test
    void badPredictionsAreReportedWhereTheyAre() {
        assertEquals("p.rel:2:22: error: expected 'next', found '>='",
                firstError("segment s:\n  expected_purchases >= 1\n"));
        assertEquals("p.rel:2:27: error: predictions look ahead at most 3660 days, got 4000d",
                firstError("segment s:\n  expected_purchases next 4000d >= 1\n"));
        assertEquals("p.rel:2:36: error: the yearly discount rate of expected_spend must be between 0 and 1, got 2.0",
                firstError("segment s:\n  expected_spend next 30d discount 2 >= 1\n"));
        assertEquals("p.rel:1:9: error: segment 's' can never hold: p_alive is a probability from 0 to 1, compared > 1",
                firstError("segment s:\n  p_alive > 1\n"));
        assertEquals("p.rel:2:29: error: unknown time zone 'Mars/Olympus'; use a region such as Europe/Oslo",
                firstError("policies:\n  predictions count days in Mars/Olympus\n"));
    }

    private static String firstError(String text) {
        ParseResult r = Relang.parse("p.rel", text);
        assertTrue(!r.errors().isEmpty(), "no error in " + text);
        return r.errors().get(0).format();
    }
}
