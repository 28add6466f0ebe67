package io.relevans.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any digits in any place the language reads a duration or a whole number (up to numbers far too long for
 * a long) give definitions or one-line diagnostics, never an exception; and a value over a limit is
 * always reported.
 */
class NumberLimitsProperties {

    /** Every place a duration ({@code D}) or a whole number ({@code N}) is read. */
    static final List<String> PLACES = List.of(
            "segment s: count purchase over D >= 1\n",
            "segment s: count purchase over 30d/D >= 1\n",
            "segment s: sum purchase.line.amount over D >= 1\n",
            "segment s: channels_used over D >= 2\n",
            "segment s: price_tier tv over D is budget\ncategory tv price 1 .. 2\n",
            "segment s: attribute x older than D\n",
            "program p:\n  on signup\n  steps:\n    w: wait D\n",
            "program p:\n  on signup\n  cap N per D\n  steps:\n    w: wait 1d\n",
            "program p:\n  after D without purchase\n  steps:\n    w: wait 1d\n",
            "program p:\n  every D from 2026-03-02T09:00:00Z\n  steps:\n    w: wait 1d\n",
            "program p:\n  on signup\n  goal purchase within D\n  steps:\n    w: wait 1d\n",
            "program p:\n  on signup\n  reentry once per D\n  steps:\n    w: wait 1d\n",
            "program p:\n  on signup\n  priority N\n  steps:\n    w: wait 1d\n",
            "program p:\n  on signup\n  priority -N\n  steps:\n    w: wait 1d\n",
            "program p:\n  on signup\n  steps:\n    w: split a N -> x, b N% -> x\n    x: end\n",
            "policies:\n  cap N per D overall\n",
            "policies:\n  cap N per D on sms\n",
            "policies:\n  no better offer within D after purchase\n");

    @Provide
    Arbitrary<String> digits() {
        Arbitrary<String> plain = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(40);
        Arbitrary<String> grouped = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(4).list()
                .ofMinSize(1).ofMaxSize(10).map(l -> String.join("_", l));
        Arbitrary<String> edges = Arbitraries.of("0", "1", "100", "101", "3660", "3661", "5214", "5215", "36500",
                "36501", "1000000", "1000001", "2147483647", "2147483648", "9223372036854775807",
                "9223372036854775808", "9999999999999", "25000000000", "99999999999999999999");
        return Arbitraries.oneOf(plain, grouped, edges);
    }

    @Provide
    Arbitrary<String> texts() {
        return Combinators.combine(Arbitraries.of(PLACES), digits(), digits(),
                        Arbitraries.of("ms", "s", "m", "h", "d", "w", "y"))
                .as((place, n, d, unit) -> place.replace("N", n).replace("D", d + unit));
    }

    @Property(tries = 2000)
    void anyNumberInAnyPlaceEndsWell(@ForAll("texts") String text) {
        FuzzProperties.check(text);
        for (Diagnostic d : Relang.parse("t.rel", text).diagnostics()) {
            assertFalse(d.format().contains("\n"), d.format());
        }
    }

    @Property(tries = 1000)
    void aDurationOverItsLimitIsReportedAsSuch(@ForAll("digits") String digits, @ForAll boolean window,
                                               @ForAll("dayUnits") String unit) {
        String place = window ? "segment s: count purchase over D >= 1\n"
                : "program p:\n  on signup\n  steps:\n    w: wait D\n";
        String report = Relang.parse("t.rel", place.replace("D", digits + unit)).report();
        BigInteger days = new BigInteger(digits.replace("_", "")).multiply(BigInteger.valueOf(
                unit.equals("y") ? 365 : unit.equals("w") ? 7 : 1));
        boolean over = days.compareTo(BigInteger.valueOf(window ? 3660 : 36_500)) > 0;
        String limit = window ? "windows are limited to 3660 days, got " + digits + unit
                : "durations are limited to 36500 days (100 years), got " + digits + unit;
        assertEquals(over, report.contains(limit), report);
    }

    @Provide
    Arbitrary<String> dayUnits() {
        return Arbitraries.of("d", "w", "y");
    }
}
