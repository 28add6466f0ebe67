package io.relevans.kafka.internal;

import java.util.Objects;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The instance that owns a key of a state store now, and the key's partition.
 *
 * @param host      the instance's endpoint ({@code application.server})
 * @param partition the partition of the store that holds the key
 * @param local     whether it is this instance
 */
public record Owner(HostInfo host, int partition, boolean local) {

    /** A host; a partition of 0 or more. */
    public Owner {
        Objects.requireNonNull(host, "host");
        if (partition < 0) {
            throw new IllegalArgumentException("a partition is 0 or more, got " + partition);
        }
    }
}
