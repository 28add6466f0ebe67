package io.relevans.kafka.internal;

import io.relevans.internal.step.CustomerStep;
import io.relevans.kafka.TimeSource;
import io.relevans.spi.ActionAdapter;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What every task of the runtime works with: the compiled step (shared: immutable and thread-safe),
 * the application's actions, where time comes from, how often timers are looked at, how far after the
 * engine's moment an event may be dated.
 *
 * @param step          the compiled definitions
 * @param actions       carries out program actions; null when none is configured
 * @param time          where the engine's moment comes from
 * @param timerInterval how often due timers are fired
 * @param ahead         how far after the moment an event's time may be
 */
public record RuntimeSettings(CustomerStep step, @Nullable ActionAdapter actions, TimeSource time,
                              Duration timerInterval, Duration ahead) {

    /** Never null parts but the actions. */
    public RuntimeSettings {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(timerInterval, "timer interval");
        Objects.requireNonNull(ahead, "ahead");
    }
}
