package io.relevans.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** A partition of a store as interactive queries give it, over a sorted map (keys sort as their UTF-8 bytes do). */
final class MapStore implements ReadOnlyKeyValueStore<String, String> {

    final TreeMap<String, String> map = new TreeMap<>();

    MapStore put(String key, String value) {
        map.put(key, value);
        return this;
    }

    @Override
    public String get(String key) {
        return map.get(key);
    }

    @Override
    public KeyValueIterator<String, String> range(String from, String to) {
        return iterator((from == null ? map : map.tailMap(from, true)).headMap(to == null ? "\uffff\uffff" : to, true));
    }

    @Override
    public KeyValueIterator<String, String> all() {
        return iterator(map);
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<String, String> prefixScan(P prefix, PS serializer) {
        String p = new String(serializer.serialize(null, prefix), StandardCharsets.UTF_8);
        TreeMap<String, String> out = new TreeMap<>();
        map.forEach((k, v) -> {
            if (k.startsWith(p)) {
                out.put(k, v);
            }
        });
        return iterator(out);
    }

    @Override
    public long approximateNumEntries() {
        return map.size();
    }

    private static KeyValueIterator<String, String> iterator(Map<String, String> entries) {
        List<KeyValue<String, String>> list = new ArrayList<>();
        entries.forEach((k, v) -> list.add(KeyValue.pair(k, v)));
        Iterator<KeyValue<String, String>> it = list.iterator();
        return new KeyValueIterator<>() {
            private int at;

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public KeyValue<String, String> next() {
                at++;
                return it.next();
            }

            @Override
            public void close() {
            }

            @Override
            public String peekNextKey() {
                if (at >= list.size()) {
                    throw new NoSuchElementException();
                }
                return list.get(at).key;
            }
        };
    }
}
