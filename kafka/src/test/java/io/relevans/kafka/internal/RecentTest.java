package io.relevans.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A value is read from the store once while it is recent; what is written or deleted is what is read next. */
class RecentTest {

    private final List<String> reads = new ArrayList<>();
    private final Recent<String, String> recent = new Recent<>(2);

    private Optional<String> read(String key) {
        reads.add(key);
        return key.startsWith("absent") ? Optional.empty() : Optional.of("stored " + key);
    }

    @Test
    void readOnce_whileRecent() {
        assertEquals(Optional.of("stored a"), recent.get("a", this::read));
        assertEquals(Optional.of("stored a"), recent.get("a", this::read));
        assertEquals(List.of("a"), reads);
    }

    @Test
    void absent_notKept() {
        assertEquals(Optional.empty(), recent.get("absent", this::read));
        assertEquals(Optional.empty(), recent.get("absent", this::read));
        assertEquals(List.of("absent", "absent"), reads);
    }

    @Test
    void written_thenReadAsWritten() {
        recent.get("a", this::read);
        recent.put("a", "written a");
        assertEquals(Optional.of("written a"), recent.get("a", this::read));
        recent.remove("a");
        assertNull(recent.get("a"));
        assertEquals(Optional.of("stored a"), recent.get("a", this::read));
        assertEquals(List.of("a", "a"), reads);
    }

    @Test
    void beyondCapacity_theLeastRecentlyUsedGoesFirst() {
        recent.get("a", this::read);
        recent.get("b", this::read);
        recent.get("a", this::read); // used again: b is now the least recent
        recent.get("c", this::read);
        recent.get("a", this::read);
        recent.get("b", this::read);
        assertEquals(List.of("a", "b", "c", "b"), reads);
    }

    @Test
    void noCapacity_refused() {
        assertEquals("capacity must be 1 or more, got 0", assertThrows(IllegalArgumentException.class,
                () -> new Recent<String, String>(0)).getMessage());
    }
}
