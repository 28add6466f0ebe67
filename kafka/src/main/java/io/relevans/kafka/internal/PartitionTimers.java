package io.relevans.kafka.internal;

import io.relevans.customer.CustomerId;
import io.relevans.internal.json.StoredJson;
import io.relevans.spi.Timer;
import io.relevans.spi.TimerStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The waiting journeys and time-based triggers of one partition's customers, in its state stores:
 * timers by customer and key, and an index sorted by due moment that the punctuator reads. Used by the
 * partition's one stream thread only.
 */
final class PartitionTimers implements TimerStore {

    /** Timers decoded lately: a customer's timers are read several times for one command. */
    static final int DECODED = 512;

    private final KeyValueStore<String, String> timers;
    private final KeyValueStore<String, String> due;
    private final Decoded<Timer> decoded = new Decoded<>(DECODED, StoredJson::readTimer);

    PartitionTimers(KeyValueStore<String, String> timers, KeyValueStore<String, String> due) {
        this.timers = Objects.requireNonNull(timers, "timers");
        this.due = Objects.requireNonNull(due, "due");
    }

    private static String key(Timer.Key key) {
        return Keys.of(key.customer()) + key.program() + Keys.SEP + key.kind().name();
    }

    private static String dueKey(Instant at, String key) {
        return Keys.moment(at) + Keys.SEP + key;
    }

    @Override
    public void schedule(Timer timer) {
        String key = key(timer.key());
        cancel(key);
        timers.put(key, StoredJson.writeTimer(timer));
        due.put(dueKey(timer.due(), key), key);
    }

    @Override
    public boolean cancel(Timer.Key key) {
        return cancel(key(key));
    }

    private boolean cancel(String key) {
        String old = timers.delete(key);
        if (old == null) {
            return false;
        }
        due.delete(dueKey(decoded.of(old).due(), key));
        return true;
    }

    @Override
    public List<Timer> due(Instant now, int limit) {
        List<Timer> out = new ArrayList<>();
        try (KeyValueIterator<String, String> it = due.range(null, Keys.after(Keys.moment(now)))) {
            while (it.hasNext() && out.size() < limit) {
                String json = timers.get(it.next().value);
                if (json != null) {
                    out.add(decoded.of(json));
                }
            }
        }
        return out;
    }

    @Override
    public List<Timer> of(CustomerId customer) {
        List<Timer> out = new ArrayList<>();
        try (KeyValueIterator<String, String> it = timers.prefixScan(Keys.of(customer), Keys.SERIALIZER)) {
            it.forEachRemaining(kv -> out.add(decoded.of(kv.value)));
        }
        return out;
    }

    /** A customer's timers as {@link #of(CustomerId)} reads them, from a store read by another thread (queries). */
    static List<Timer> of(ReadOnlyKeyValueStore<String, String> timers, CustomerId customer) {
        List<Timer> out = new ArrayList<>();
        String prefix = Keys.of(customer);
        try (KeyValueIterator<String, String> it = timers.prefixScan(prefix, Keys.SERIALIZER)) {
            it.forEachRemaining(kv -> out.add(StoredJson.readTimer(kv.value)));
        }
        return out;
    }

    @Override
    public void eraseCustomer(CustomerId customer) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, String> it = timers.prefixScan(Keys.of(customer), Keys.SERIALIZER)) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(this::cancel);
    }
}
