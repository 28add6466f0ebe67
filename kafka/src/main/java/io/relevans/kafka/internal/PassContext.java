package io.relevans.kafka.internal;

import io.relevans.customer.CustomerId;
import io.relevans.internal.runtime.StoreRuntime;
import io.relevans.internal.step.StepOutcome;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What a pass over a partition's customers (re-segmentation, scheduled starts) works with, on the partition's one
 * stream thread.
 *
 * @param runtime    the partition's runtime (and the definitions it runs now), for the customers the step must go
 *                   through
 * @param sweep      the walk through the partition's customers, its cursors in the watermarks store
 * @param watermarks where a pass keeps its progress
 * @param away       customers to leave alone: handed over, or in the middle of a merge
 * @param changed    told of every outcome with segment changes (they go out like an event's)
 * @param commands   hands a command to the partition's customers as one from the topic: a customer in the middle
 *                   of a merge queues it until the merge ends, one handed over sends it on to its survivor
 */
record PassContext(StoreRuntime runtime, CustomerSweep sweep,
                   KeyValueStore<String, String> watermarks, Predicate<CustomerId> away,
                   Consumer<StepOutcome> changed, BiConsumer<CustomerId, Command> commands) {

    /** Never null parts. */
    PassContext {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(sweep, "sweep");
        Objects.requireNonNull(watermarks, "watermarks");
        Objects.requireNonNull(away, "away");
        Objects.requireNonNull(changed, "changed");
        Objects.requireNonNull(commands, "commands");
    }
}
