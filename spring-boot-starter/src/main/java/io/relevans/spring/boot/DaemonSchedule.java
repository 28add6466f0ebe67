package io.relevans.spring.boot;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task run on one daemon thread of its own with a fixed delay between runs, the first after one delay;
 * what a run throws is logged (its class at ERROR, the stack trace at DEBUG) and the schedule goes on.
 */
final class DaemonSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonSchedule.class);
    /** How long {@link #stop()} waits for a run in progress. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final String name;
    private final Duration delay;
    private final Runnable task;
    private @Nullable ScheduledExecutorService executor;

    DaemonSchedule(String name, Duration delay, Runnable task) {
        this.name = Objects.requireNonNull(name, "name");
        this.delay = Objects.requireNonNull(delay, "delay");
        this.task = Objects.requireNonNull(task, "task");
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("the delay of " + name + " must be positive, got " + delay);
        }
    }

    synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        long nanos = delay.toNanos();
        executor.scheduleWithFixedDelay(this::run, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    private void run() {
        try {
            task.run();
        } catch (Throwable t) { // the schedule ends on anything thrown: log it and go on
            LOG.error("{} failed: {}", name, t.getClass().getName());
            LOG.debug("{} failed", name, t);
        }
    }

    /** Stops the schedule, waiting up to 30 s for a run in progress. */
    void stop() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = executor;
            executor = null;
        }
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            if (!running.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} still runs after {}; stopping without it", name, STOP_WAIT);
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    synchronized boolean running() {
        return executor != null;
    }
}
