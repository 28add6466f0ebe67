package io.relevans.spi;

import io.relevans.event.Event;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EngineObserver#guarded(EngineObserver)}: calls the delegate and logs, then swallows, what it
 * throws, so that a failing observer never fails the engine's work. Logs the exception's class and the
 * call at WARN (an observer's message could name what it was given), the stack trace at DEBUG.
 */
final class GuardedEngineObserver implements EngineObserver {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedEngineObserver.class);

    private final EngineObserver delegate;

    GuardedEngineObserver(EngineObserver delegate) {
        this.delegate = delegate;
    }

    /** Runs one call of the observer that answers a span: the fallback when it throws (logged) or answers null. */
    private static <T> T get(String call, Object observer, Supplier<T> body, T fallback) {
        try {
            T answer = body.get();
            return answer != null ? answer : fallback;
        } catch (RuntimeException e) {
            swallowed(call, observer, e);
            return fallback;
        }
    }

    /** Logs what one call of the observer (or of a span it returned) threw; the caller swallows it. */
    private static void swallowed(String call, Object observer, RuntimeException e) {
        LOG.warn("engine observer {} threw {} in {}; ignored", observer.getClass().getName(), e.getClass().getName(),
                call);
        LOG.debug("engine observer failure in {}", call, e);
    }

    @Override
    public Ingesting ingestStarted(List<Event> events) {
        Ingesting span = get("ingestStarted", delegate, () -> delegate.ingestStarted(events), Ingesting.NONE);
        return span == Ingesting.NONE ? span : new GuardedIngesting(span);
    }

    @Override
    public void decided(Decision decision) {
        try {
            delegate.decided(decision);
        } catch (RuntimeException e) {
            swallowed("decided", delegate, e);
        }
    }

    @Override
    public void evaluated(Evaluation evaluation) {
        try {
            delegate.evaluated(evaluation);
        } catch (RuntimeException e) {
            swallowed("evaluated", delegate, e);
        }
    }

    @Override
    public Delivering deliveryStarted(Message message) {
        Delivering span = get("deliveryStarted", delegate, () -> delegate.deliveryStarted(message), Delivering.NONE);
        return span == Delivering.NONE ? span : new GuardedDelivering(span);
    }

    @Override
    public void ticked(Backlog backlog) {
        try {
            delegate.ticked(backlog);
        } catch (RuntimeException e) {
            swallowed("ticked", delegate, e);
        }
    }

    @Override
    public void reloaded(Reload reload) {
        try {
            delegate.reloaded(reload);
        } catch (RuntimeException e) {
            swallowed("reloaded", delegate, e);
        }
    }

    @Override
    public String toString() {
        return "guarded " + delegate;
    }

    /** An ingest span whose calls are guarded. */
    private record GuardedIngesting(Ingesting span) implements Ingesting {

        @Override
        public void applied(Ingested ingested) {
            try {
                span.applied(ingested);
            } catch (RuntimeException e) {
                swallowed("Ingesting.applied", span, e);
            }
        }

        @Override
        public void refused(Event event, RuntimeException cause) {
            try {
                span.refused(event, cause);
            } catch (RuntimeException e) {
                swallowed("Ingesting.refused", span, e);
            }
        }

        @Override
        public void ended() {
            try {
                span.ended();
            } catch (RuntimeException e) {
                swallowed("Ingesting.ended", span, e);
            }
        }
    }

    /** A delivery span whose calls are guarded. */
    private record GuardedDelivering(Delivering span) implements Delivering {

        @Override
        public void ended(Message attempt) {
            try {
                span.ended(attempt);
            } catch (RuntimeException e) {
                swallowed("Delivering.ended", span, e);
            }
        }

        @Override
        public void failed(RuntimeException cause) {
            try {
                span.failed(cause);
            } catch (RuntimeException e) {
                swallowed("Delivering.failed", span, e);
            }
        }
    }
}
