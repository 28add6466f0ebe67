package io.relevans.spi;

import io.relevans.event.Event;
import java.util.List;
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

    static void logFailure(String call, Object observer, RuntimeException e) {
        LOG.warn("engine observer {} threw {} in {}; ignored", observer.getClass().getName(), e.getClass().getName(),
                call);
        LOG.debug("engine observer failure in {}", call, e);
    }

    @Override
    public Ingesting ingestStarted(List<Event> events) {
        try {
            Ingesting span = delegate.ingestStarted(events);
            return span == null || span == Ingesting.NONE ? Ingesting.NONE : new GuardedIngesting(span);
        } catch (RuntimeException e) {
            logFailure("ingestStarted", delegate, e);
            return Ingesting.NONE;
        }
    }

    @Override
    public void decided(Decision decision) {
        try {
            delegate.decided(decision);
        } catch (RuntimeException e) {
            logFailure("decided", delegate, e);
        }
    }

    @Override
    public void evaluated(Evaluation evaluation) {
        try {
            delegate.evaluated(evaluation);
        } catch (RuntimeException e) {
            logFailure("evaluated", delegate, e);
        }
    }

    @Override
    public Delivering deliveryStarted(Message message) {
        try {
            Delivering span = delegate.deliveryStarted(message);
            return span == null || span == Delivering.NONE ? Delivering.NONE : new GuardedDelivering(span);
        } catch (RuntimeException e) {
            logFailure("deliveryStarted", delegate, e);
            return Delivering.NONE;
        }
    }

    @Override
    public void ticked(Backlog backlog) {
        try {
            delegate.ticked(backlog);
        } catch (RuntimeException e) {
            logFailure("ticked", delegate, e);
        }
    }

    @Override
    public void reloaded(Reload reload) {
        try {
            delegate.reloaded(reload);
        } catch (RuntimeException e) {
            logFailure("reloaded", delegate, e);
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
                logFailure("Ingesting.applied", span, e);
            }
        }

        @Override
        public void refused(Event event, RuntimeException cause) {
            try {
                span.refused(event, cause);
            } catch (RuntimeException e) {
                logFailure("Ingesting.refused", span, e);
            }
        }

        @Override
        public void ended() {
            try {
                span.ended();
            } catch (RuntimeException e) {
                logFailure("Ingesting.ended", span, e);
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
                logFailure("Delivering.ended", span, e);
            }
        }

        @Override
        public void failed(RuntimeException cause) {
            try {
                span.failed(cause);
            } catch (RuntimeException e) {
                logFailure("Delivering.failed", span, e);
            }
        }
    }
}
