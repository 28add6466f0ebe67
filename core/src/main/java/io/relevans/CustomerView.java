package io.relevans;

import io.relevans.customer.Customer;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A customer as the engine sees them at a moment: the profile, the segments they are in and the
 * values of the features the loaded definitions use.
 *
 * @param customer the profile
 * @param segments the segments the customer is in
 * @param features feature values by the feature's canonical text; features without a value are absent
 * @param at       the moment the feature values are for
 */
public record CustomerView(Customer customer, SortedSet<String> segments, SortedMap<String, Double> features,
                           Instant at) {
    /** Copies the collections. */
    public CustomerView {
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(at, "at");
        segments = Collections.unmodifiableSortedSet(new TreeSet<>(segments));
        features = Collections.unmodifiableSortedMap(new TreeMap<>(features));
    }
}
