package io.relevans.internal.runtime;

import io.relevans.event.Event;
import io.relevans.internal.step.StepOutcome;
import io.relevans.spi.Commit;
import io.relevans.spi.EngineObserver;
import io.relevans.spi.Timer;
import io.relevans.spi.TimerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The engine's work with an {@link EngineObserver} told of it: ingests as spans, the timer lag at a
 * tick. The engine calls these only when an observer is set; without one it calls the runtime directly,
 * so the observer costs nothing then.
 */
public final class Observed {

    private Observed() {
    }

    /**
     * {@link StoreRuntime#ingest(Event)} in a span: the event applied, or refused with the exception that
     * reaches the caller.
     */
    public static StepOutcome ingest(EngineObserver observer, StoreRuntime runtime, Event event) {
        EngineObserver.Ingesting span = observer.ingestStarted(List.of(event));
        try {
            StepOutcome outcome = runtime.ingest(event);
            span.applied(ingested(event, outcome));
            return outcome;
        } catch (RuntimeException e) {
            span.refused(event, e);
            throw e;
        } finally {
            span.ended();
        }
    }

    /**
     * {@link StoreRuntime#ingestAll(List)} in one span: each event applied or refused, in order; when the
     * batch fails as a whole, every event refused with the exception that reaches the caller.
     */
    public static List<StoreRuntime.Applied> ingestAll(EngineObserver observer, StoreRuntime runtime,
                                                       List<Event> events) {
        EngineObserver.Ingesting span = observer.ingestStarted(events);
        try {
            List<StoreRuntime.Applied> applied = runtime.ingestAll(events);
            for (int i = 0; i < applied.size(); i++) {
                StoreRuntime.Applied a = applied.get(i);
                if (a.refusal() != null) {
                    span.refused(events.get(i), a.refusal());
                } else {
                    span.applied(ingested(events.get(i), a.accepted()));
                }
            }
            return applied;
        } catch (RuntimeException e) {
            events.forEach(event -> span.refused(event, e));
            throw e;
        } finally {
            span.ended();
        }
    }

    private static EngineObserver.Ingested ingested(Event event, StepOutcome outcome) {
        return new EngineObserver.Ingested(event, outcome.redelivered(),
                outcome.commit().map(Commit::added).orElse(List.of()));
    }

    /** How long the earliest timer due at the moment has been due; zero when none is. */
    public static Duration timerLag(TimerStore timers, Instant now) {
        List<Timer> due = timers.due(now, 1);
        return due.isEmpty() ? Duration.ZERO : Duration.between(due.get(0).due(), now);
    }
}
