package io.relevans.kafka.internal;

import io.relevans.internal.step.CustomerStep;
import io.relevans.kafka.TimeSource;
import io.relevans.spi.ActionAdapter;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What every task of the runtime works with: the definitions the instance runs (shared: a compiled step is
 * immutable and thread-safe; a newer version replaces it),
 * the application's actions, where time comes from, how often timers are looked at, how far after the
 * engine's moment an event may be dated, how many customers a task keeps decoded, how often customers are
 * re-segmented.
 *
 * @param definitions   the definitions the instance runs
 * @param actions       carries out program actions; null when none is configured
 * @param time          where the engine's moment comes from
 * @param timerInterval how often due timers are fired
 * @param ahead         how far after the moment an event's time may be
 * @param recent        how many customers' records, timers and messages each task keeps decoded
 * @param resegmentEvery the interval between re-segmentations; null for none
 */
public record RuntimeSettings(LoadedDefinitions definitions, @Nullable ActionAdapter actions, TimeSource time,
                              Duration timerInterval, Duration ahead, int recent, @Nullable Duration resegmentEvery) {

    /** Never null parts but the actions. */
    public RuntimeSettings {
        Objects.requireNonNull(definitions, "definitions");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(timerInterval, "timer interval");
        Objects.requireNonNull(ahead, "ahead");
        if (recent < 1) {
            throw new IllegalArgumentException("recent customers must be 1 or more, got " + recent);
        }
    }

    /** The compiled definitions the instance runs now. */
    public CustomerStep step() {
        return definitions.step();
    }
}
