package io.relevans.kafka.internal;

import io.relevans.spi.CustomerRecord;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A walk through a partition's customers in id order that may stop when its time is spent and go on later: the
 * cursor (the last customer done) is kept in a store entry, so it is committed with the transaction of the work
 * done up to it, and a crash or a rebalance goes on from there. Used by the partition's passes over every
 * customer (re-segmentation, scheduled starts), on the partition's one stream thread.
 */
final class CustomerSweep {

    /** Records read from the store at a time, between two looks at the time spent, unless said otherwise. */
    static final int SLICE = 256;

    private final PartitionCustomers customers;
    private final KeyValueStore<String, String> progress;
    private final int slice;

    /**
     * @param customers the partition's records
     * @param progress  where cursors are kept
     * @param slice     how many records are read at a time, between two looks at the time spent
     */
    CustomerSweep(PartitionCustomers customers, KeyValueStore<String, String> progress, int slice) {
        this.customers = Objects.requireNonNull(customers, "customers");
        this.progress = Objects.requireNonNull(progress, "progress");
        if (slice < 1) {
            throw new IllegalArgumentException("slice must be 1 or more, got " + slice);
        }
        this.slice = slice;
    }

    /** Begins a walk under the cursor's key (from the first customer). */
    void begin(String key) {
        progress.put(key, "");
    }

    /** Whether a walk under the key is under way. */
    boolean underWay(String key) {
        return progress.get(key) != null;
    }

    /**
     * Goes on with the walk under the key: hands each customer after its cursor to {@code take}, a slice at a
     * time, until every customer was taken (the walk ends: its key is deleted) or the moment passes.
     *
     * @param until a {@link System#nanoTime()} after which no further slice is read (one always is)
     * @return whether the walk ended
     */
    boolean goOn(String key, long until, Consumer<CustomerRecord> take) {
        String cursor = Objects.requireNonNull(progress.get(key), "no walk under way: " + key);
        while (true) {
            List<CustomerRecord> read = customers.after(cursor, slice);
            read.forEach(take);
            if (read.size() < slice) {
                progress.delete(key);
                return true;
            }
            cursor = read.get(read.size() - 1).id().value();
            if (System.nanoTime() - until > 0) {
                progress.put(key, cursor);
                return false;
            }
        }
    }
}
