package io.relevans.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The parser ends with a result or diagnostics for any input, never with an unexpected exception or a
 * hang; and whatever it reads without diagnostics prints and reads back equal.
 */
class FuzzProperties {

    static final List<String> FRAGMENTS = List.of("segment", "program", "category", "policies", "steps", ":", "\n",
            "\n  ", "\n    ", " ", "and", "or", "not", "(", ")", "attribute", "x", "present", "older than", "3y",
            "==", "!=", ">=", "<", "\"text\"", "\"", "\\", "'", "12", "-", "2.5", "1e999", "99999999999999999999d",
            "14d", "30d/1d", "4h", "09:00", "25:99", "2026-03-02T09:00:00Z", "2026-13-45", "date", "1990-01-01",
            "count", "sum", "purchase", "purchase.line.amount", "where", "line.category", "over", "days_since",
            "channels_used", "price_tier", "tv", "is", "budget", "in segment", "consent email for marketing",
            "declared interested in", "since trigger", "all of", "any of", ",", "on", "entering segment",
            "anniversary of", "at", "after", "without", "every", "from", "audience", "exit on", "exit when",
            "reentry", "once per", "control", "10%", "%", "priority", "offer", "relevant when", "goal", "within",
            "cap", "per", "overall", "on sms", "wait", "until", "for hours", "if", "then go to", "else go to",
            "split", "->", "send", "by", "preferred", "with lines", "=", "trigger.line.category", "customer.name",
            "ask", "reconfirm", "set", "clear", "call", "go to", "end", "quiet hours", "intimate channels",
            "never promote", "no better offer", "..", "#", "@", "\t", "\u0000", "ø", "a:", "b:");

    @Provide
    Arbitrary<String> tokenSoup() {
        return Arbitraries.of(FRAGMENTS).list().ofMaxSize(80)
                .map(l -> String.join(" ", l));
    }

    @Provide
    Arbitrary<String> mutated() {
        Arbitrary<String> seeds = Arbitraries.oneOf(Arbitraries.just(example()),
                new RoundTripProperties().fullDefinitions().map(Relang::print));
        return Combinators.combine(seeds, mutation().list().ofMinSize(1).ofMaxSize(5))
                .as((seed, ms) -> {
                    String s = seed;
                    for (Mutation m : ms) {
                        s = m.apply(s);
                    }
                    return s;
                });
    }

    private record Mutation(int kind, double where, int length, String fragment) {
        String apply(String s) {
            int at = (int) (where * s.length());
            int end = Math.min(s.length(), at + length);
            return switch (kind) {
                case 0 -> s.substring(0, at) + s.substring(end);                          // delete
                case 1 -> s.substring(0, at) + fragment + s.substring(at);                // insert
                case 2 -> s.substring(0, at) + fragment + s.substring(end);               // replace
                case 3 -> s.substring(0, at) + s.substring(at, end) + s.substring(at);    // duplicate
                default -> s.substring(0, at) + s.substring(at, end).toUpperCase() + s.substring(end);
            };
        }
    }

    private static Arbitrary<Mutation> mutation() {
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(0, 30), Arbitraries.oneOf(Arbitraries.of(FRAGMENTS),
                        Arbitraries.strings().ofMaxLength(3))).as(Mutation::new);
    }

    private static String example() {
        try {
            return RelangParseTest.example();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Property(tries = 1000)
    void anyCharactersEndWell(@ForAll String text) {
        check(text);
    }

    @Property(tries = 1000)
    void tokenSoupEndsWell(@ForAll("tokenSoup") String text) {
        check(text);
    }

    @Property(tries = 500)
    void mutatedDefinitionsEndWell(@ForAll("mutated") String text) {
        check(text);
    }

    static void check(String text) {
        ParseResult r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> Relang.parse("fuzz.rel", text));
        net.jqwik.api.statistics.Statistics.label("read without diagnostics").collect(r.ok());
        for (Diagnostic d : r.diagnostics()) {
            assertTrue(d.line() >= 1 && d.column() >= 1 && !d.message().isBlank(), d.format());
        }
        ParseResult read = Relang.parseAll(java.util.Map.of("fuzz.rel", text), false); // before static checks
        assertEquals(read.definitions(), r.definitions());
        if (read.ok()) {
            ParseResult again = Relang.parseAll(java.util.Map.of("again.rel", Relang.print(read.definitions())), false);
            assertEquals("", again.report());
            assertEquals(read.definitions(), again.definitions());
            assertEquals(r.ok(), Relang.parse("again.rel", Relang.print(read.definitions())).ok());
        }
    }
}
