package io.relevans.spring.boot;

import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Checks a folder of definitions files every {@code relevans.definitions.reload-interval} and reloads
 * them when a file changed ({@link RelevansDefinitions#reloadIfChanged()}), on one daemon thread named
 * {@code relevans-definitions}, from the application's start until it stops. A reload with errors keeps
 * the definitions the engine runs and is logged with its diagnostics.
 */
public final class DefinitionsWatcher implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(DefinitionsWatcher.class);

    private final RelevansDefinitions definitions;
    private final Duration interval;
    private final DaemonSchedule schedule;

    /**
     * @param definitions the definitions to reload, read from a folder
     * @param interval    the time between checks, positive
     * @throws IllegalArgumentException when the location is on the class path or the interval not positive
     */
    public DefinitionsWatcher(RelevansDefinitions definitions, Duration interval) {
        this.definitions = Objects.requireNonNull(definitions, "definitions");
        this.interval = Objects.requireNonNull(interval, "interval");
        if (definitions.location().folder().isEmpty()) {
            throw new IllegalArgumentException("only a folder of definitions can be watched, not the "
                    + definitions.location().describe());
        }
        this.schedule = new DaemonSchedule("relevans-definitions", interval, definitions::reloadIfChanged);
    }

    @Override
    public void start() {
        schedule.start();
        LOG.info("checking the {} for changed definitions every {}", definitions.location().describe(), interval);
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
