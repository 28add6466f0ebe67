package io.relevans.kafka.internal;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.internal.json.StoredJson;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.CustomerStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

    private final KeyValueStore<String, String> records;
    private final KeyValueStore<String, String> identities;
    /** The records of the customers worked on lately, by id. */
    private final Recent<String, CustomerRecord> recent;

    /**
     * @param records    records by id
     * @param identities customer ids by identity
     * @param recent     how many customers' records are kept decoded
     */
    PartitionCustomers(KeyValueStore<String, String> records, KeyValueStore<String, String> identities, int recent) {
        this.records = Objects.requireNonNull(records, "records");
        this.identities = Objects.requireNonNull(identities, "identities");
        this.recent = new Recent<>(recent);
    }

    @Override
    public Optional<CustomerRecord> load(CustomerId id) {
        return recent.get(id.value(), key -> Optional.ofNullable(records.get(key)).map(StoredJson::readRecord));
    }

    @Override
    public Optional<CustomerId> lookup(Identity identity) {
        String id = identities.get(CommandJson.key(identity));
        return id == null ? Optional.empty() : Optional.of(CustomerId.of(id));
    }

    @Override
    public void save(CustomerRecord record) {
        Optional<CustomerRecord> old = load(record.id());
        if (old.isPresent()) { // identities the record no longer has leave the index
            Set<String> now = new HashSet<>();
            record.customer().identities().forEach(i -> now.add(CommandJson.key(i)));
            old.get().customer().identities().forEach(i -> {
                String key = CommandJson.key(i);
                if (!now.contains(key)) {
                    forget(key, record.id());
                }
            });
        }
        records.put(record.id().value(), StoredJson.writeRecord(record));
        recent.put(record.id().value(), record);
        String id = record.id().value();
        record.customer().identities().forEach(i -> { // written when the index says otherwise: most saves write none
            String key = CommandJson.key(i);
            if (!id.equals(identities.get(key))) {
                identities.put(key, id);
            }
        });
    }

    @Override
    public boolean erase(CustomerId id) {
        Optional<CustomerRecord> old = load(id);
        if (old.isEmpty()) {
            return false;
        }
        old.get().customer().identities().forEach(i -> forget(i, id));
        records.delete(id.value());
        recent.remove(id.value());
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

    /**
     * The records after the id in id order (after none: from the first), at most the limit: those kept decoded as
     * they are, the others decoded without being kept (a pass over every record leaves the recent ones recent).
     */
    List<CustomerRecord> after(String id, int limit) {
        List<CustomerRecord> out = new ArrayList<>();
        try (KeyValueIterator<String, String> it = records.range(id + Keys.SEP, null)) {
            while (it.hasNext() && out.size() < limit) {
                KeyValue<String, String> next = it.next();
                CustomerRecord kept = recent.get(next.key);
                out.add(kept != null ? kept : StoredJson.readRecord(next.value));
            }
        }
        return out;
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
