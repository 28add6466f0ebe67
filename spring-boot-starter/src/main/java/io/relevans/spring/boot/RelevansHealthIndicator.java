package io.relevans.spring.boot;

import io.relevans.Relevans;
import io.relevans.customer.CustomerId;
import io.relevans.definition.Definitions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The engine's health, {@code relevans} under {@code /actuator/health}: DOWN when its storage cannot be
 * read (a customer looked up by a probe id, which reaches the database of a JDBC storage every time),
 * UP otherwise, with the definitions it runs (how many segments and programs, from where, whether the last
 * reload loaded) and the last tick as details. The channels have their own indicator
 * ({@link RelevansChannelsHealthIndicator}), so that a paused channel can be left out of a health group.
 */
public final class RelevansHealthIndicator implements HealthIndicator {

    /** The customer id the storage is probed with; no customer has it. */
    static final CustomerId PROBE = CustomerId.of("relevans-health-probe");

    private final Relevans engine;
    private final @Nullable RelevansDefinitions definitions;
    private final @Nullable RelevansTicker ticker;

    /**
     * @param engine      the engine
     * @param definitions where its definitions come from, or null when unknown
     * @param ticker      what ticks it, or null when the starter does not
     */
    public RelevansHealthIndicator(Relevans engine, @Nullable RelevansDefinitions definitions,
                                   @Nullable RelevansTicker ticker) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.definitions = definitions;
        this.ticker = ticker;
    }

    @Override
    public Health health() {
        Health.Builder health;
        try {
            engine.customer(PROBE);
            health = Health.up().withDetail("storage", "reachable");
        } catch (RuntimeException e) {
            health = Health.down(e).withDetail("storage", "unreachable");
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root != e) {
                health.withDetail("cause", root.getClass().getName() + ": " + root.getMessage());
            }
        }
        Definitions running = engine.definitions();
        Map<String, Object> defs = new LinkedHashMap<>();
        defs.put("segments", running.segments().size());
        defs.put("programs", running.programs().size());
        if (definitions != null) {
            defs.put("source", definitions.location().describe());
            definitions.current().ifPresent(c -> defs.put("loadedAt", c.at().toString()));
            DefinitionsLoad last = definitions.lastAttempt();
            defs.put("lastAttempt", last.loaded() ? "loaded at " + last.at()
                    : "not loaded at " + last.at() + ", the engine kept what it ran: " + last.report());
        }
        health.withDetail("definitions", defs);
        if (ticker != null) {
            health.withDetail("tick", ticker.last().map(RelevansHealthIndicator::describe)
                    .orElse("every " + ticker.interval() + ", none yet"));
        }
        return health.build();
    }

    private static String describe(RelevansTicker.LastTick t) {
        return t.report().map(r -> "at " + t.at() + ": " + r.timersFired() + " timer(s) fired, " + r.scheduled()
                        + " scheduled start(s), " + r.dispatch().sent() + " sent, " + r.dispatch().retrying()
                        + " retrying, " + r.dispatch().dead() + " dead, " + r.dispatch().paused() + " paused")
                .orElseGet(() -> "failed at " + t.at() + ": " + t.failure().orElseThrow());
    }
}
