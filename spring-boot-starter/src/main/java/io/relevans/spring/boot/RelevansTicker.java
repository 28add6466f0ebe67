package io.relevans.spring.boot;

import io.relevans.Relevans;
import io.relevans.TickReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Calls {@link Relevans#tick()} on a schedule of its own ({@code relevans.tick.interval} between the end
 * of one tick and the start of the next), on one daemon thread named {@code relevans-tick}, from the
 * application's start until it stops: due waits and time-based triggers fire, due messages go to the
 * channels. A failing tick is logged (its exception class at WARN, the stack trace at DEBUG: a store's
 * message may name a customer) and the next one runs as planned. Remembers the last tick for the health
 * indicator and the endpoint.
 */
public final class RelevansTicker implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(RelevansTicker.class);

    /**
     * The outcome of one tick: what it did, or the class of what it threw.
     *
     * @param at      when it ended, on the engine's clock
     * @param report  what it did; empty when it failed
     * @param failure the class of what it threw (its message may name a customer, so it is left out);
     *                empty when it did not fail
     */
    public record LastTick(Instant at, Optional<TickReport> report, Optional<String> failure) {

        /** Never null parts; exactly one of report and failure. */
        public LastTick {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(failure, "failure");
            if (report.isPresent() == failure.isPresent()) {
                throw new IllegalArgumentException("a tick has a report or a failure");
            }
        }
    }

    private final Relevans engine;
    private final Duration interval;
    private final Clock clock;
    private final DaemonSchedule schedule;
    private volatile @Nullable LastTick last;

    /**
     * @param engine   the engine to tick
     * @param interval the time between ticks, positive
     * @param clock    the engine's clock, for the times of ticks
     * @throws IllegalArgumentException when the interval is not positive
     */
    public RelevansTicker(Relevans engine, Duration interval, Clock clock) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.schedule = new DaemonSchedule("relevans-tick", interval, this::tickNow);
    }

    /** The time between ticks. */
    public Duration interval() {
        return interval;
    }

    /** The last tick; empty before the first. */
    public Optional<LastTick> last() {
        return Optional.ofNullable(last);
    }

    /**
     * Ticks once now, on the calling thread, as the schedule does: what the schedule runs, and a way to
     * tick at once. A failure is recorded and logged, not thrown.
     *
     * @return the tick
     */
    public synchronized LastTick tickNow() {
        LastTick tick;
        try {
            TickReport report = engine.tick();
            tick = new LastTick(clock.instant(), Optional.of(report), Optional.empty());
            if (report.timersFired() + report.scheduled() + report.dispatch().total() > 0) {
                LOG.debug("tick: {}", report);
            }
        } catch (RuntimeException e) {
            tick = new LastTick(clock.instant(), Optional.empty(), Optional.of(e.getClass().getName()));
            LOG.warn("tick failed, the next one comes in {}: {}", interval, e.getClass().getName());
            LOG.debug("tick failed", e);
        }
        last = tick;
        return tick;
    }

    @Override
    public void start() {
        schedule.start();
        LOG.info("ticking the Relevans engine every {}", interval);
    }

    @Override
    public void stop() {
        schedule.stop();
    }

    @Override
    public boolean isRunning() {
        return schedule.running();
    }
}
