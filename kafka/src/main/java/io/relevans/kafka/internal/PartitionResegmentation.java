package io.relevans.kafka.internal;

import io.relevans.internal.step.CustomerStep;
import io.relevans.internal.step.StepOutcome;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.StoredCustomer;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-segmentation of one partition's customers, as the embedded engine's {@code Relevans.resegment()}: windows
 * slide and attributes age without new events, so every customer's segments are evaluated again at each
 * multiple of the interval since 1970-01-01T00:00Z (every day: at midnight UTC), at the first moment the
 * partition's time reaches it (a wall-clock punctuation, or on stream time the moment every events partition's
 * ticks passed). A customer whose stored stamp still holds is skipped unread beyond its record; one whose
 * memberships are unchanged gets a new stamp; one whose memberships changed goes through the step, which stores
 * them and starts what the changes trigger (its segment changes go out like an event's).
 *
 * <p>The pass goes through the partition's records in id order from a cursor kept in the watermarks store, in
 * slices that end once their time budget is spent: a pass over a large partition goes on at the following
 * punctuations (each slice commits with the records, offsets and outbox of its transaction, so a crash goes on
 * from the last slice committed), and events are applied between slices. On stream time a pass runs whole at
 * its tick, so that a replay gives what the embedded engine gives. The first interval a partition sees only
 * starts the count: a new deployment does not re-segment at once. Used by the partition's one stream thread.
 */
final class PartitionResegmentation {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionResegmentation.class);
    /** The watermarks' entry of the last interval's moment a pass began at. */
    private static final String DONE = "resegmented";
    /** The watermarks' entry of the last customer of a pass under way (empty: none yet). */
    private static final String CURSOR = "resegmenting";

    private final Duration every;
    private final PassContext pass;

    /**
     * @param every the interval between passes
     * @param pass  what the pass works with
     */
    PartitionResegmentation(Duration every, PassContext pass) {
        this.every = Objects.requireNonNull(every, "every");
        this.pass = Objects.requireNonNull(pass, "pass");
    }

    /** The last multiple of the interval at or before the moment. */
    private long interval(long moment) {
        return Math.floorDiv(moment, every.toMillis()) * every.toMillis();
    }

    /**
     * The partition's time reached the moment: begins a pass when an interval began since the last one, and goes
     * on with the pass under way until it ends or the budget is spent.
     *
     * @param budget how long this call may work on a pass (a slice of customers at least)
     * @return whether a pass is still under way
     */
    boolean reached(Instant now, Duration budget) {
        long moment = now.toEpochMilli();
        String done = pass.watermarks().get(DONE);
        if (done == null) {
            pass.watermarks().put(DONE, Long.toString(interval(moment))); // the first interval seen starts the count
            return false;
        }
        if (!pass.sweep().underWay(CURSOR)) {
            if (interval(moment) <= Long.parseLong(done)) {
                return false;
            }
            pass.watermarks().put(DONE, Long.toString(interval(moment)));
            pass.sweep().begin(CURSOR);
            LOG.debug("re-segmentation began at {}", now);
        }
        boolean ended = pass.sweep().goOn(CURSOR, System.nanoTime() + budget.toNanos(), r -> take(r, moment));
        if (ended) {
            LOG.debug("re-segmentation ended at {}", now);
        }
        return !ended;
    }

    /** One customer, as the embedded engine's pass takes them. */
    private void take(CustomerRecord rec, long moment) {
        CustomerStep step = pass.runtime().step();
        if (pass.away().test(rec.id()) || step.stillHolds(rec, moment)) {
            return;
        }
        CustomerRecord restamped = step.restamped(rec, moment);
        if (restamped != null) {
            pass.runtime().replaceIfUnchanged(new StoredCustomer(rec, StoredCustomer.UNVERSIONED), restamped);
            return;
        }
        Optional<StepOutcome> done = pass.runtime().onCustomer(rec.id(), (s, stored, timers, history, now) ->
                s.resegment(stored, timers, history, now));
        done.filter(o -> !o.changes().isEmpty()).ifPresent(pass.changed());
    }
}
