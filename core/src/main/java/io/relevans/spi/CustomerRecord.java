package io.relevans.spi;

import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import java.util.Collections;
import java.time.Instant;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * What a {@link CustomerStore} keeps per customer: the profile, the segments the customer is in, the
 * engine's feature state, and when each program last started for the customer (for re-entry rules).
 *
 * @param customer the profile, with its identities
 * @param segments names of the segments the customer is a member of
 * @param features the engine's encoded feature state
 * @param starts   when each program last started for the customer, by program name
 */
public record CustomerRecord(Customer customer, SortedSet<String> segments, FeatureState features,
                             SortedMap<String, Instant> starts) {

    /** Copies the collections; never null parts. */
    public CustomerRecord {
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(features, "features");
        segments = SortedNames.copyOf(segments);
        starts = starts.isEmpty() ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(new TreeMap<>(starts));
    }

    /** A record of a customer no program has started for. */
    public CustomerRecord(Customer customer, SortedSet<String> segments, FeatureState features) {
        this(customer, segments, features, new TreeMap<>());
    }

    /** The customer's id. */
    public CustomerId id() {
        return customer.id();
    }
}
