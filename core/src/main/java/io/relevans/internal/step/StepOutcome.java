package io.relevans.internal.step;

import io.relevans.customer.CustomerId;
import io.relevans.event.Event;
import io.relevans.internal.program.Round;
import io.relevans.spi.Commit;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import org.jspecify.annotations.Nullable;

/**
 * What one {@link CustomerStep} gives back: what to store (nothing for an event applied before), the
 * actions to call, and what the caller reports.
 *
 * @param customer     the customer worked on (the survivor of a merge)
 * @param commit       what to store, empty when nothing is (an event delivered again)
 * @param actions      the application actions the programs called, in order
 * @param redelivered  whether the input was an event the customer's record names as applied already
 * @param merged       customers merged into this one
 * @param before       feature values before the input, in plan order (at the moment, for events); null when the
 *                     input was no event (a timer, a scheduled start, a re-segmentation, a backfill)
 * @param after        feature values after it
 * @param segments     the segments the customer is in afterwards
 * @param entered      segments entered
 * @param exited       segments left
 * @param changes      a {@code segment_entered} or {@code segment_exited} event per change
 * @param decided      how many messages were decided
 */
public record StepOutcome(CustomerId customer, Optional<Commit> commit, List<Round.ActionCall> actions,
                          boolean redelivered, List<CustomerId> merged, double @Nullable [] before, double[] after,
                          SortedSet<String> segments, SortedSet<String> entered, SortedSet<String> exited,
                          List<Event> changes, int decided) {
}
