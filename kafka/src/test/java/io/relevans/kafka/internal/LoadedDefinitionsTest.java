package io.relevans.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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

    private static final String LAPSING = "segment lapsing:\n  p_alive < 0.5\n";

    /** A model of the version: CDNOW's published parameters, converged over 2,357 customers. */
    private static io.relevans.prediction.CustomerBaseModel model(long version) {
        io.relevans.prediction.Calibration c = new io.relevans.prediction.Calibration(
                java.time.LocalDate.parse("1997-09-30"), java.time.temporal.ChronoUnit.WEEKS);
        io.relevans.prediction.FitDiagnostics d = new io.relevans.prediction.FitDiagnostics(2357, 1000, -9582.4, 40,
                80, true, c);
        return new io.relevans.prediction.CustomerBaseModel(version, java.time.Instant.parse("1997-10-01T00:00:00Z"),
                new io.relevans.prediction.BgNbdFit(new io.relevans.prediction.BgNbdModel(0.243, 4.414, 0.793, 2.426),
                        d), null);
    }

    @Test
    void predictionModels_newerVersionsUsedByEveryDefinitionsVersion_othersIgnored() {
        LoadedDefinitions d = loaded();
        assertTrue(d.offer(record(1, LAPSING)));
        assertNull(d.step().segments().plan().model(), "no model before one is published");

        assertTrue(d.offerModel(new PublishedModel(model(2)).write()));
        assertEquals(2, d.step().segments().plan().model().version(), "the running definitions use it");
        assertEquals(1, d.current().version(), "the definitions' version stays");

        assertFalse(d.offerModel(new PublishedModel(model(2)).write()), "the same version");
        assertFalse(d.offerModel(new PublishedModel(model(1)).write()), "an older version");
        assertFalse(d.offerModel("{\"version\": 3}"), "unreadable: no model in it");
        assertFalse(d.offerModel("not json"), "unreadable");
        assertEquals(2, d.model().orElseThrow().version());

        assertTrue(d.offer(record(2, LAPSING + VIEWERS)));
        assertEquals(2, d.step().segments().plan().model().version(), "a new definitions version keeps the model");
    }

    @Test
    void predictionModelRecord_readsBackEqual_andNamesWhatIsWrong() {
        io.relevans.prediction.CustomerBaseModel m = model(4);
        assertEquals(m, PublishedModel.read(new PublishedModel(m).write()).model());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PublishedModel.read("{\"version\": 1.5, \"fittedAt\": \"1997-10-01T00:00:00Z\", \"model\": {}}"));
        assertTrue(e.getMessage().contains("version"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PublishedModel.read("{\"version\": 1, \"fittedAt\": \"yesterday\", \"model\": {}}"));
        assertTrue(e.getMessage().contains("fittedAt"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PublishedModel(model(0)));
    }
}
