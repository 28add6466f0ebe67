package io.relevans.kafka.internal;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.internal.json.StoredJson;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.CustomerStore;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The customer records of one partition, in its state stores: records by id, and the identities of
 * those records (the partition's own index: the directory of the whole deployment is partitioned by
 * identity elsewhere). Used by the partition's one stream thread only.
 */
final class PartitionCustomers implements CustomerStore {

    /** Records decoded lately: a customer's record is read several times for one command. */
    static final int DECODED = 256;

    private final KeyValueStore<String, String> records;
    private final KeyValueStore<String, String> identities;
    private final Decoded<CustomerRecord> decoded = new Decoded<>(DECODED, StoredJson::readRecord);

    PartitionCustomers(KeyValueStore<String, String> records, KeyValueStore<String, String> identities) {
        this.records = Objects.requireNonNull(records, "records");
        this.identities = Objects.requireNonNull(identities, "identities");
    }

    @Override
    public Optional<CustomerRecord> load(CustomerId id) {
        String json = records.get(id.value());
        return json == null ? Optional.empty() : Optional.of(decoded.of(json));
    }

    @Override
    public Optional<CustomerId> lookup(Identity identity) {
        String id = identities.get(CommandJson.key(identity));
        return id == null ? Optional.empty() : Optional.of(CustomerId.of(id));
    }

    @Override
    public void save(CustomerRecord record) {
        String old = records.get(record.id().value());
        if (old != null) { // identities the record no longer has leave the index
            Set<String> now = new HashSet<>();
            record.customer().identities().forEach(i -> now.add(CommandJson.key(i)));
            decoded.of(old).customer().identities().forEach(i -> {
                String key = CommandJson.key(i);
                if (!now.contains(key)) {
                    forget(key, record.id());
                }
            });
        }
        records.put(record.id().value(), StoredJson.writeRecord(record));
        record.customer().identities().forEach(i -> identities.put(CommandJson.key(i), record.id().value()));
    }

    @Override
    public boolean erase(CustomerId id) {
        Optional<CustomerRecord> old = load(id);
        if (old.isEmpty()) {
            return false;
        }
        old.get().customer().identities().forEach(i -> forget(i, id));
        records.delete(id.value());
        return true;
    }

    /** Removes the identity from the index while it leads to the customer (another may have taken it). */
    private void forget(Identity identity, CustomerId id) {
        forget(CommandJson.key(identity), id);
    }

    private void forget(String key, CustomerId id) {
        if (id.value().equals(identities.get(key))) {
            identities.delete(key);
        }
    }

    @Override
    public void forEach(Consumer<CustomerRecord> action) {
        try (KeyValueIterator<String, String> all = records.all()) {
            while (all.hasNext()) {
                KeyValue<String, String> next = all.next();
                action.accept(StoredJson.readRecord(next.value));
            }
        }
    }

    @Override
    public long count() {
        long n = 0;
        try (KeyValueIterator<String, String> all = records.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }
}
