package io.relevans.kafka.internal;

import io.relevans.customer.CustomerId;
import io.relevans.internal.json.StoredJson;
import io.relevans.spi.Timer;
import io.relevans.spi.TimerStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The waiting journeys and time-based triggers of one partition's customers, in its state stores:
 * timers by customer and key, and an index sorted by due moment that the punctuator reads. Used by the
 * partition's one stream thread only.
 */
final class PartitionTimers implements TimerStore {

    private final KeyValueStore<String, String> timers;
    private final KeyValueStore<String, String> due;
    /** Every timer of the customers worked on lately, by customer, then by key in the store's order. */
    private final Recent<CustomerId, SortedMap<String, Timer>> recent;

    /**
     * @param timers timers by customer and key
     * @param due    timer keys by due moment
     * @param recent how many customers' timers are kept decoded
     */
    PartitionTimers(KeyValueStore<String, String> timers, KeyValueStore<String, String> due, int recent) {
        this.timers = Objects.requireNonNull(timers, "timers");
        this.due = Objects.requireNonNull(due, "due");
        this.recent = new Recent<>(recent);
    }

    private static String key(Timer.Key key) {
        return Keys.of(key.customer()) + key.program() + Keys.SEP + key.kind().name();
    }

    private static String dueKey(Instant at, String key) {
        return Keys.moment(at) + Keys.SEP + key;
    }

    /** The customer's timers by key, as the store holds them. */
    private SortedMap<String, Timer> read(CustomerId customer) {
        return recent.get(customer, c -> {
            SortedMap<String, Timer> out = new TreeMap<>();
            try (KeyValueIterator<String, String> it = timers.prefixScan(Keys.of(c), Keys.SERIALIZER)) {
                it.forEachRemaining(kv -> out.put(kv.key, StoredJson.readTimer(kv.value)));
            }
            return Optional.of(out);
        }).orElseThrow();
    }

    @Override
    public void schedule(Timer timer) {
        SortedMap<String, Timer> of = read(timer.customer());
        String key = key(timer.key());
        if (timer.equals(of.get(key))) {
            return; // scheduled again as it stands (a step sets its waits again each round): nothing to write
        }
        cancel(of, key);
        timers.put(key, StoredJson.writeTimer(timer));
        due.put(dueKey(timer.due(), key), key);
        of.put(key, timer);
    }

    @Override
    public boolean cancel(Timer.Key key) {
        return cancel(read(key.customer()), key(key));
    }

    private boolean cancel(SortedMap<String, Timer> of, String key) {
        Timer old = of.remove(key);
        if (old == null) {
            return false;
        }
        timers.delete(key);
        due.delete(dueKey(old.due(), key));
        return true;
    }

    @Override
    public List<Timer> due(Instant now, int limit) {
        List<Timer> out = new ArrayList<>();
        try (KeyValueIterator<String, String> it = due.range(null, Keys.after(Keys.moment(now)))) {
            while (it.hasNext() && out.size() < limit) {
                String key = it.next().value;
                SortedMap<String, Timer> of = recent.get(customerOf(key));
                if (of != null) {
                    Timer t = of.get(key);
                    if (t != null) {
                        out.add(t);
                    }
                    continue;
                }
                String json = timers.get(key);
                if (json != null) {
                    out.add(StoredJson.readTimer(json));
                }
            }
        }
        return out;
    }

    /** The customer of a timer's key. */
    private static CustomerId customerOf(String key) {
        return CustomerId.of(key.substring(0, key.indexOf(Keys.SEP)));
    }

    @Override
    public List<Timer> of(CustomerId customer) {
        return new ArrayList<>(read(customer).values());
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
        SortedMap<String, Timer> of = read(customer);
        new ArrayList<>(of.keySet()).forEach(key -> cancel(of, key));
        recent.remove(customer);
    }
}
