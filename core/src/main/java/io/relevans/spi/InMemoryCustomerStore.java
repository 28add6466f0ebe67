package io.relevans.spi;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The default {@link CustomerStore}: records in memory, lost when the process ends. Suited to tests,
 * simulations and backtests. Thread-safe; a save that changes a record's identities replaces the
 * record and its identity index entries under one lock per store, a save that keeps them (most saves)
 * replaces the record atomically without it.
 *
 * <p>Each customer is kept compactly, as the bytes of its record (names such as attributes and segments
 * written once per store) beside its feature state, and decoded on every {@link #load(CustomerId)}: a load
 * returns a record equal to the one saved, not necessarily the same instance. About 470 bytes per customer of the
 * benchmarks' retail profile in 100 segments, where the record's objects take 1,540; the price is CPU on every load
 and save (docs/engine.md, "A compact stored record").
 */
public final class InMemoryCustomerStore implements CustomerStore {

    private final ConcurrentHashMap<CustomerId, Stored> records = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Identity, CustomerId> identities = new ConcurrentHashMap<>();
    private final RecordCodec codec = new RecordCodec(new NameTable());
    private final Object writeLock = new Object();

    /** An empty store. */
    public InMemoryCustomerStore() {
    }

    @Override
    public Optional<CustomerRecord> load(CustomerId id) {
        Stored s = records.get(id);
        return s == null ? Optional.empty() : Optional.of(s.decode(codec, id));
    }

    @Override
    public Optional<CustomerId> lookup(Identity identity) {
        return Optional.ofNullable(identities.get(identity));
    }

    @Override
    public void save(CustomerRecord record) {
        byte[] bytes = codec.encode(record);
        Stored stored = new Stored(bytes, RecordCodec.identitiesEnd(bytes), record.features());
        Stored current = records.get(record.id());
        if (current != null && current.sameIdentities(stored) && records.replace(record.id(), current, stored)) {
            return; // the same identities: the index stays as it is, no lock to wait for
        }
        synchronized (writeLock) {
            Stored old = records.put(record.id(), stored);
            if (old != null) {
                RecordCodec.identities(old.bytes).forEach(i -> identities.remove(i, record.id()));
            }
            record.customer().identities().forEach(i -> identities.put(i, record.id()));
        }
    }

    @Override
    public boolean erase(CustomerId id) {
        synchronized (writeLock) {
            Stored old = records.remove(id);
            if (old == null) {
                return false;
            }
            RecordCodec.identities(old.bytes).forEach(i -> identities.remove(i, id));
            return true;
        }
    }

    /**
     * Gives every record to the action, one after the other on the calling thread. Decoding is most of the cost
     * of a pass over a large store (a re-segmentation that skips most customers on their stamps): the records
     * are decoded a chunk at a time on every core (the common fork-join pool), then handed over in order.
     */
    @Override
    public void forEach(Consumer<CustomerRecord> action) {
        List<Map.Entry<CustomerId, Stored>> chunk = new ArrayList<>(FOR_EACH_CHUNK);
        for (Map.Entry<CustomerId, Stored> e : records.entrySet()) {
            chunk.add(e);
            if (chunk.size() == FOR_EACH_CHUNK) {
                decodeAndGive(chunk, action);
                chunk.clear();
            }
        }
        decodeAndGive(chunk, action);
    }

    /** Customers decoded together by {@link #forEach}. */
    private static final int FOR_EACH_CHUNK = 2048;

    private void decodeAndGive(List<Map.Entry<CustomerId, Stored>> chunk, Consumer<CustomerRecord> action) {
        CustomerRecord[] decoded = new CustomerRecord[chunk.size()];
        IntStream.range(0, decoded.length).parallel().forEach(i -> {
            Map.Entry<CustomerId, Stored> e = chunk.get(i);
            decoded[i] = e.getValue().decode(codec, e.getKey());
        });
        for (CustomerRecord r : decoded) {
            action.accept(r);
        }
    }

    @Override
    public long count() {
        return records.size();
    }

    /**
     * What the store keeps of one customer: the record's bytes ({@link RecordCodec}: all but the id, which is the
     * map's key, and the feature state), where its identities end in them, and the feature state as it is.
     */
    private static final class Stored {
        final byte[] bytes;
        final int identitiesEnd;
        final FeatureState features;

        Stored(byte[] bytes, int identitiesEnd, FeatureState features) {
            this.bytes = bytes;
            this.identitiesEnd = identitiesEnd;
            this.features = features;
        }

        CustomerRecord decode(RecordCodec codec, CustomerId id) {
            return codec.decode(id, bytes, features);
        }

        boolean sameIdentities(Stored other) {
            return Arrays.equals(bytes, 0, identitiesEnd, other.bytes, 0, other.identitiesEnd);
        }
    }
}
