package io.relevans.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A document is decoded once while its text is among the last read; changed text is decoded again. */
class DecodedTest {

    private final List<String> decodes = new ArrayList<>();
    private final Decoded<StringBuilder> decoded = new Decoded<>(2, text -> {
        decodes.add(text);
        return new StringBuilder(text);
    });

    @Test
    void sameText_decodedOnce() {
        StringBuilder first = decoded.of(new String("{\"a\": 1}"));
        assertSame(first, decoded.of(new String("{\"a\": 1}")), "equal text, another string: the same value");
        assertEquals(List.of("{\"a\": 1}"), decodes);
    }

    @Test
    void changedText_decodedAgain() {
        StringBuilder before = decoded.of("{\"a\": 1}");
        StringBuilder after = decoded.of("{\"a\": 2}");
        assertNotSame(before, after);
        assertEquals(List.of("{\"a\": 1}", "{\"a\": 2}"), decodes);
    }

    @Test
    void beyondCapacity_theLeastRecentlyReadGoesFirst() {
        decoded.of("a");
        decoded.of("b");
        decoded.of("a"); // read again: b is now the least recent
        decoded.of("c");
        decoded.of("a");
        decoded.of("b");
        assertEquals(List.of("a", "b", "c", "b"), decodes);
    }

    @Test
    void noCapacity_refused() {
        assertEquals("capacity must be 1 or more, got 0", assertThrows(IllegalArgumentException.class,
                () -> new Decoded<String>(0, t -> t)).getMessage());
    }
}
