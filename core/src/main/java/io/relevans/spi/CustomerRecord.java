package io.relevans.spi;

import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a {@link CustomerStore} keeps per customer: the profile, the segments the customer is in and
 * the engine's feature state.
 *
 * @param customer the profile, with its identities
 * @param segments names of the segments the customer is a member of
 * @param features the engine's encoded feature state
 */
public record CustomerRecord(Customer customer, SortedSet<String> segments, FeatureState features) {

    /** Copies the segments; never null parts. */
    public CustomerRecord {
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(features, "features");
        segments = Collections.unmodifiableSortedSet(new TreeSet<>(segments));
    }

    /** The customer's id. */
    public CustomerId id() {
        return customer.id();
    }
}
