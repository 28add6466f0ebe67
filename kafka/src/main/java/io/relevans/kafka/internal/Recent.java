package io.relevans.kafka.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The values of a partition's store read or written lately, decoded, by their key: the store's one writer (the
 * partition's stream thread) puts every value it writes and removes every key it deletes, so what is here is
 * what the store holds, and a read of a recent customer needs neither the store nor a decode. One event reads
 * its customer's record, timers and messages several times (the timers and messages due before it, the step's
 * read, the record's old identities when it is saved), and a customer's events come in sessions. The decoded
 * values are immutable, so they may be handed out again. A task starts with none: a task's processor is made
 * anew whenever its stores may have changed under it (a restore, a dirty close under exactly-once).
 *
 * @param <K> the store's key
 * @param <V> what its value decodes to
 */
final class Recent<K, V> {

    private final Map<K, V> values;

    /**
     * @param capacity how many values are kept, least recently used out first
     */
    Recent(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be 1 or more, got " + capacity);
        }
        this.values = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The value under the key when it is recent. */
    @Nullable V get(K key) {
        return values.get(key);
    }

    /**
     * The value under the key: the recent one, else read (and decoded) from the store and then recent.
     *
     * @param read reads and decodes the store's value, or empty when the store has none (then nothing is kept)
     */
    Optional<V> get(K key, Function<K, Optional<V>> read) {
        V v = values.get(key);
        if (v != null) {
            return Optional.of(v);
        }
        Optional<V> stored = read.apply(key);
        stored.ifPresent(s -> values.put(key, s));
        return stored;
    }

    /** The value now under the key, as just written to the store. */
    void put(K key, V value) {
        values.put(key, value);
    }

    /** The key deleted from the store. */
    void remove(K key) {
        values.remove(key);
    }
}
