package io.relevans.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadTest {

    @Test
    void readsEveryRelFileWithReferencesAcrossFiles(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("catalogue.rel"), "category tv price 2990 .. 29990\n");
        Files.createDirectories(dir.resolve("segments"));
        Files.writeString(dir.resolve("segments/value.rel"), """
                segment tv_premium: price_tier tv is premium
                segment win_back: days_since purchase > 180 and not in segment complainers
                """);
        Files.writeString(dir.resolve("segments/service.rel"), "segment complainers: count complaint over 30d >= 1\n");
        Files.writeString(dir.resolve("programs.rel"), """
                program welcome_back:
                  on entering segment win_back
                  steps:
                    hello: send welcome_back by email
                """);
        Files.writeString(dir.resolve("notes.txt"), "not a definitions file");
        ParseResult r = Relang.load(dir);
        assertEquals("", r.report());
        assertEquals(3, r.definitions().segments().size());
        assertEquals(1, r.definitions().programs().size());
        assertEquals(1, r.definitions().priceRanges().size());
    }

    @Test
    void reportsProblemsWithTheRelativePath(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.rel"), "segment x: in segment complainer\n");
        Files.createDirectories(dir.resolve("more"));
        Files.writeString(dir.resolve("more/b.rel"), "segment complainers: count complaint >= 1\nsegment x: offer\n");
        ParseResult r = Relang.load(dir);
        assertEquals("""
                a.rel:1:23: error: unknown segment 'complainer'; did you mean 'complainers'?
                more/b.rel:2:9: error: segment 'x' is defined twice (first in a.rel on line 1)
                more/b.rel:2:12: error: expected a condition, found 'offer'""", r.report());
        assertTrue(r.definitions().segments().size() >= 1);
    }

    @Test
    void anEmptyDirectoryHasNoDefinitions(@TempDir Path dir) throws IOException {
        ParseResult r = Relang.load(dir);
        assertTrue(r.ok());
        assertEquals(io.relevans.definition.Definitions.EMPTY, r.definitions());
    }
}
