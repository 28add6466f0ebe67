package io.relevans.internal.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The fast reading of instants answers as {@link Instant#parse} does, for every text, instant or not. */
class IsoInstantsProperties {

    private static final long YEAR_0 = -62_167_219_200L; // 0000-01-01T00:00:00Z
    private static final long YEAR_9999_END = 253_402_300_799L; // 9999-12-31T23:59:59Z

    @Property(tries = 2_000)
    void writtenInstants_readBack(@ForAll @LongRange(min = YEAR_0, max = YEAR_9999_END) long seconds,
                                  @ForAll("nanos") int nanos) {
        Instant at = Instant.ofEpochSecond(seconds, nanos);
        assertEquals(at, IsoInstants.parse(at.toString()));
    }

    @Provide
    Arbitrary<Integer> nanos() { // whole seconds, milliseconds, microseconds and any nanoseconds, as toString writes them
        return Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999).map(m -> m * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(u -> u * 1_000), Arbitraries.integers().between(0, 999_999_999));
    }

    @Property(tries = 5_000)
    void anyChangedText_answersAsInstantParse(@ForAll("instants") String text, @ForAll @IntRange(min = 0, max = 30) int at,
                                              @ForAll("characters") char c, @ForAll @IntRange(min = 0, max = 2) int how) {
        String changed = change(text, Math.min(at, text.length()), c, how);
        Object expected = answer(() -> Instant.parse(changed));
        Object actual = answer(() -> IsoInstants.parse(changed));
        assertEquals(expected, actual, "'" + changed + "'");
    }

    private static String change(String text, int at, char c, int how) {
        return switch (how) {
            case 0 -> at < text.length() ? text.substring(0, at) + c + text.substring(at + 1) : text + c; // replace
            case 1 -> text.substring(0, at) + c + text.substring(at); // insert
            default -> at < text.length() ? text.substring(0, at) + text.substring(at + 1) : text; // delete
        };
    }

    /** The instant read, or the kind of exception thrown. */
    private static Object answer(java.util.function.Supplier<Instant> read) {
        try {
            return read.get();
        } catch (DateTimeException e) {
            return e.getClass();
        }
    }

    @Provide
    Arbitrary<String> instants() {
        return Arbitraries.of("2026-03-01T10:15:00Z", "2026-03-01T10:15:00.123Z", "2024-02-29T23:59:59.123456789Z",
                "2023-02-28T00:00:00.5Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1969-12-31T23:59:59.999Z",
                "2026-04-30T12:00:00.000001Z");
    }

    @Provide
    Arbitrary<Character> characters() {
        return Arbitraries.oneOf(Arbitraries.chars().range('0', '9'), Arbitraries.of('-', ':', '.', 'T', 'Z', 't', 'z',
                '+', ' ', 'a', '\u0661'));
    }

    @Example
    void notAnInstant_throwsAsInstantParse() {
        assertThrows(java.time.format.DateTimeParseException.class, () -> IsoInstants.parse("yesterday"));
        assertThrows(java.time.format.DateTimeParseException.class, () -> IsoInstants.parse("2026-02-30T10:15:00Z"));
        assertEquals(Instant.parse("2026-03-01T10:15:00+01:00"), IsoInstants.parse("2026-03-01T10:15:00+01:00"));
    }
}
