package io.relevans;

import io.relevans.customer.CustomerId;
import io.relevans.event.Event;
import io.relevans.spi.SortedNames;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;

/**
 * What one ingested event changed for its customer.
 *
 * @param customer the customer the event was applied to (the surviving profile after a merge)
 * @param merged   profiles merged into it because the event linked their identities, in id order
 * @param features features whose value changed
 * @param segments the segments the customer is in after the event
 * @param entered  segments the customer entered
 * @param exited   segments the customer left
 * @param emitted  the segment changes as events ({@code segment_entered}, {@code segment_exited}),
 *                 for programs to trigger on
 */
public record IngestResult(CustomerId customer, List<CustomerId> merged, List<FeatureChange> features,
                           SortedSet<String> segments, SortedSet<String> entered, SortedSet<String> exited, List<Event> emitted) {
    /** Copies every collection. */
    public IngestResult {
        Objects.requireNonNull(customer, "customer");
        merged = List.copyOf(merged);
        features = List.copyOf(features);
        segments = SortedNames.copyOf(segments); // a stored record's names are taken as they are: immutable
        entered = SortedNames.copyOf(entered);
        exited = SortedNames.copyOf(exited);
        emitted = List.copyOf(emitted);
    }
}
