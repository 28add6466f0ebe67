package io.relevans.kafka.internal;

import io.relevans.definition.Definitions;
import io.relevans.internal.program.CustomerLocks;
import io.relevans.internal.runtime.StoreRuntime;
import io.relevans.spi.SimpleTemplates;
import io.relevans.spi.Storage;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/** One customers' partition's runtime on in-memory stores, as a task's processor builds it, for the passes' tests. */
final class PartitionRuntime {

    final PartitionClock clock = new PartitionClock();
    final PartitionCustomers customers = new PartitionCustomers(PartitionStores.store("records"),
            PartitionStores.store("identities"), 4);
    final KeyValueStore<String, String> watermarks = PartitionStores.store("watermarks");
    final LoadedDefinitions loaded;
    final StoreRuntime runtime;

    /**
     * What a pass over the partition's customers works with, reading {@code slice} records at a time; scheduled
     * starts go to the customers at once (none is in the middle of a merge here) unless they are away.
     */
    PassContext pass(int slice, java.util.function.Predicate<io.relevans.customer.CustomerId> away,
                     java.util.function.Consumer<io.relevans.internal.step.StepOutcome> changed) {
        return new PassContext(runtime, new CustomerSweep(customers, watermarks, slice), watermarks, away,
                changed, (customer, command) -> {
                    if (!away.test(customer)) {
                        CustomerPartition.start(runtime, customer, (Command.Start) command)
                                .filter(o -> !o.changes().isEmpty()).ifPresent(changed);
                    }
                });
    }

    PartitionRuntime(Definitions definitions) {
        loaded = new LoadedDefinitions(definitions, SimpleTemplates.builder().build(), Map.of());
        runtime = new StoreRuntime(Storage.of(customers, new PartitionTimers(PartitionStores.store("timers"),
                PartitionStores.store("due"), 4), new PartitionOutbox(PartitionStores.store("messages"),
                PartitionStores.store("by-customer"), PartitionStores.store("waiting"),
                PartitionStores.store("in-flight"), m -> { }, 4)), clock, null, new CustomerLocks(1), loaded::step,
                Duration.ofDays(1), null);
    }
}
