package io.relevans.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link EventArchive} contract on JSON lines files, and what the files look like. */
class JsonLinesEventArchiveTest extends EventArchiveContract {

    @TempDir
    Path dir;
    private int archives;

    @Override
    protected EventArchive newArchive() {
        return JsonLinesEventArchive.in(dir.resolve("archive" + archives++));
    }

    @Test
    @DisplayName("one file per UTC day, one event per line; a damaged file is named when read")
    void filesPerDay() throws IOException {
        EventArchive a = JsonLinesEventArchive.in(dir.resolve("days"));
        a.append(List.of(io.relevans.event.Event.builder(io.relevans.event.EventType.STORE_VISIT,
                        io.relevans.customer.Identity.loyalty("1"), T).property("store", "oslo-1").build(),
                io.relevans.event.Event.builder(io.relevans.event.EventType.STORE_VISIT,
                        io.relevans.customer.Identity.loyalty("1"), T.plusSeconds(7200)).property("store", "oslo-1").build()));
        try (var files = Files.list(dir.resolve("days"))) {
            assertEquals(List.of("events-2026-03-01.jsonl", "events-2026-03-02.jsonl"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Files.writeString(dir.resolve("days").resolve("events-2026-03-02.jsonl"), "{not json\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.forEach(Instant.EPOCH, x -> { }));
        assertTrue(e.getMessage().contains("events-2026-03-02.jsonl") && e.getMessage().contains("line 1"), e.getMessage());
    }
}
