package io.relevans.internal.runtime;

import io.relevans.customer.CustomerId;
import io.relevans.definition.Program;
import io.relevans.definition.Trigger;
import io.relevans.internal.step.CustomerStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Starts scheduled programs ({@link Trigger.OnSchedule}) for every stored customer when one of their
 * moments has come since the previous call, once per customer and moment (engines in several processes
 * each try every customer; the customer's record tells who was started for the moment already). Not
 * thread-safe: the engine's tick calls it one at a time.
 */
public final class Schedules {

    private final StoreRuntime runtime;
    private Instant cursor;

    /**
     * @param runtime the runtime to work through
     * @param from    moments after this one are due
     */
    public Schedules(StoreRuntime runtime, Instant from) {
        this.runtime = runtime;
        this.cursor = from;
    }

    /**
     * Starts the programs whose schedule has a moment in (previous call, now].
     *
     * @return how many customers the starts were tried for
     */
    public int run(CustomerStep step, Instant now) {
        int started = 0;
        Instant from = cursor;
        cursor = now;
        for (Program p : step.programs().programs()) {
            if (!(p.trigger() instanceof Trigger.OnSchedule s)) {
                continue;
            }
            Instant moment = due(s, from, now);
            if (moment == null) {
                continue;
            }
            List<CustomerId> ids = new ArrayList<>();
            runtime.storage().customers().forEach(rec -> ids.add(rec.id()));
            for (CustomerId id : ids) {
                if (runtime.onCustomer(id, (st, stored, timers, history, at) ->
                        st.startScheduled(stored, timers, history, p, moment, at)).filter(o -> !o.redelivered()).isPresent()) {
                    started++;
                }
            }
        }
        return started;
    }

    /** The schedule's last moment in (from, to], or null when it has none there. */
    public static @Nullable Instant due(Trigger.OnSchedule s, Instant from, Instant to) {
        if (to.isBefore(s.first())) {
            return null;
        }
        long every = s.every().toMillis();
        long k = Math.floorDiv(to.toEpochMilli() - s.first().toEpochMilli(), every);
        Instant last = s.first().plusMillis(k * every);
        return last.isAfter(from) && !last.isAfter(to) ? last : null;
    }
}
