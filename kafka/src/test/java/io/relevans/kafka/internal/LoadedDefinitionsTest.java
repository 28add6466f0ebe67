package io.relevans.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.definition.Definitions;
import io.relevans.definition.Features;
import io.relevans.definition.Segment;
import io.relevans.definition.Window;
import io.relevans.event.EventType;
import io.relevans.spi.SimpleTemplates;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Which records of the definitions topic an instance loads: a readable, valid, newer version; never one that
 * is older, the same, unreadable, not in the language, or not supported by the runtime (the running version
 * stays, whatever came).
 */
class LoadedDefinitionsTest {

    private static final String VIEWERS = "segment viewer:\n  count product_view over 30d >= 2\n";
    private static final String BUYERS = "segment buyer:\n  count purchase over 30d >= 1\n";

    private static LoadedDefinitions loaded() {
        return new LoadedDefinitions(Definitions.builder().segment(Segment.named("viewer").when(Features.count(
                EventType.PRODUCT_VIEW).within(Window.days(30)).atLeast(2))).build(), SimpleTemplates.builder()
                .build(), Map.of());
    }

    private static String record(long version, String text) {
        return new PublishedDefinitions(version, new TreeMap<>(Map.of("shop.rel", text))).write();
    }

    @Test
    void newerVersion_loadedAndItsSegmentsEvaluated() {
        LoadedDefinitions d = loaded();
        assertEquals(0, d.current().version());

        assertTrue(d.offer(record(3, VIEWERS + BUYERS)));

        assertEquals(3, d.current().version());
        assertTrue(d.step().segments().segment("buyer") != null, "the new segment is compiled");
    }

    @Test
    void sameOrOlderVersion_ignored() {
        LoadedDefinitions d = loaded();
        assertTrue(d.offer(record(3, VIEWERS)));
        LoadedDefinitions.Loaded three = d.current();

        assertFalse(d.offer(record(3, VIEWERS + BUYERS)));
        assertFalse(d.offer(record(2, VIEWERS + BUYERS)));

        assertSame(three, d.current());
    }

    @Test
    void badRecords_theRunningVersionStays() {
        LoadedDefinitions d = loaded();
        LoadedDefinitions.Loaded zero = d.current();

        assertFalse(d.offer(null), "a tombstone");
        assertFalse(d.offer("{not json"));
        assertFalse(d.offer("{\"version\": 4}"), "no files");
        assertFalse(d.offer(record(4, "segment broken:\n  count product_view over 30d >=\n")), "not in the language");
        assertFalse(d.offer(record(5, """
                program ab_cart:
                  on cart_change
                  goal purchase within 7d
                  steps:
                    ab: split short 50% -> a, long 50% -> b, pick winner after 500 per variant at 97.5%
                    a: send cart_short by email
                    stop: end
                    b: send cart_long by email
                """)), "a split picking a winner");

        assertSame(zero, d.current());
    }

    @Test
    void records_readBackAndRefusedWithTheReason() {
        PublishedDefinitions p = new PublishedDefinitions(7, new TreeMap<>(Map.of("b.rel", BUYERS, "a.rel", VIEWERS)));
        assertEquals(p, PublishedDefinitions.read(p.write()));
        assertEquals("[a.rel, b.rel]", p.files().keySet().toString(), "files in name order");

        assertEquals("a definitions version is 1 or more, got 0", assertThrows(IllegalArgumentException.class,
                () -> new PublishedDefinitions(0, new TreeMap<>(Map.of("a.rel", VIEWERS)))).getMessage());
        assertEquals("definitions version 2 has no file", assertThrows(IllegalArgumentException.class,
                () -> PublishedDefinitions.read("{\"version\": 2, \"files\": {}}")).getMessage());
        assertEquals("field 'version' is not a whole number: 2.5", assertThrows(IllegalArgumentException.class,
                () -> PublishedDefinitions.read("{\"version\": 2.5, \"files\": {\"a.rel\": \"\"}}")).getMessage());
        assertEquals("file 'a.rel' is not text", assertThrows(IllegalArgumentException.class,
                () -> PublishedDefinitions.read("{\"version\": 2, \"files\": {\"a.rel\": 1}}")).getMessage());
        assertEquals("a definitions record has a value (a tombstone unloads nothing)",
                assertThrows(IllegalArgumentException.class, () -> PublishedDefinitions.read(null)).getMessage());
    }
}
