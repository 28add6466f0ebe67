package io.relevans.kafka.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The documents of a partition's store decoded once while they are among the last read: by their text, so
 * a document changed in the store is decoded again and nothing needs invalidating. One customer's command
 * reads its record, timers and messages several times (the timers due before the event, the step's read,
 * the messages to release after it); with this each is decoded once. The decoded values are immutable, so
 * they may be handed out again. Used by the partition's one stream thread only.
 *
 * @param <T> what a document decodes to
 */
final class Decoded<T> {

    private final Function<String, T> decode;
    private final Map<String, T> recent;

    /**
     * @param capacity how many documents are kept, least recently read out first
     * @param decode   decodes a document's text
     */
    Decoded(int capacity, Function<String, T> decode) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be 1 or more, got " + capacity);
        }
        this.decode = Objects.requireNonNull(decode, "decode");
        this.recent = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, T> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The document decoded: from the last time it was read with this text, or now. */
    T of(String text) {
        T t = recent.get(text);
        if (t == null) {
            t = decode.apply(text);
            recent.put(text, t);
        }
        return t;
    }
}
