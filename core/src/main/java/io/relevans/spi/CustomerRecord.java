package io.relevans.spi;

import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * What a {@link CustomerStore} keeps per customer: the profile, the segments the customer is in, the
 * engine's feature state, when each program last started for the customer (for re-entry rules), and
 * the ids of the last events applied to the customer, so that an event delivered again (after a crash,
 * by an at-least-once backend) is recognised and not applied twice. The record is the engine's commit
 * point: an event counts as applied once the record naming it is saved.
 *
 * @param customer     the profile, with its identities
 * @param segments     names of the segments the customer is a member of
 * @param features     the engine's encoded feature state
 * @param starts       when each program last started for the customer, by program name
 * @param recentEvents ids of the last events applied, oldest first, at most {@link #RECENT_EVENTS}
 */
public record CustomerRecord(Customer customer, SortedSet<String> segments, FeatureState features,
                             SortedMap<String, Instant> starts, List<String> recentEvents) {

    /** How many ids of applied events a record remembers. */
    public static final int RECENT_EVENTS = 32;

    /** Copies the collections, keeping the last {@link #RECENT_EVENTS} event ids; never null parts. */
    public CustomerRecord {
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(features, "features");
        segments = SortedNames.copyOf(segments);
        starts = starts.isEmpty() ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(new TreeMap<>(starts));
        recentEvents = RecentEvents.copyOf(recentEvents); // looked up by hash first
    }

    /**
     * The ids of the last events applied with one more applied after them, as a record keeps them: the last
     * {@link #RECENT_EVENTS}, oldest first (the id is not looked for among them). Cheaper than a new list of
     * them all for a record's own {@link #recentEvents()}.
     */
    public static List<String> recentAfter(List<String> recentEvents, String eventId) {
        return RecentEvents.after(recentEvents, eventId);
    }

    /** A record that remembers no applied events. */
    public CustomerRecord(Customer customer, SortedSet<String> segments, FeatureState features,
                          SortedMap<String, Instant> starts) {
        this(customer, segments, features, starts, List.of());
    }

    /** A record of a customer no program has started for. */
    public CustomerRecord(Customer customer, SortedSet<String> segments, FeatureState features) {
        this(customer, segments, features, new TreeMap<>());
    }

    /** The customer's id. */
    public CustomerId id() {
        return customer.id();
    }

    /** Whether the event with the id is among the last ones applied to the customer. */
    public boolean applied(String eventId) {
        return recentEvents.contains(eventId);
    }

    /** The same record, remembering also the event ids given, after its own (the oldest ones drop out). */
    public CustomerRecord withEvents(List<String> eventIds) {
        List<String> ids = new ArrayList<>(recentEvents);
        for (String id : eventIds) {
            ids.remove(id);
            ids.add(id);
        }
        return new CustomerRecord(customer, segments, features, starts, ids);
    }
}
