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

    /** Runs one call of the observer (or of a span it returned), logging and swallowing what it throws. */
    private static void guard(String call, Object observer, Runnable body) {
        get(call, observer, () -> {
            body.run();
            return null;
        }, null);
    }

    /** {@link #guard} for a call that answers: the fallback when it throws or answers null. */
    private static <T> T get(String call, Object observer, Supplier<T> body, T fallback) {
        try {
            T answer = body.get();
            return answer != null ? answer : fallback;
        } catch (RuntimeException e) {
            LOG.warn("engine observer {} threw {} in {}; ignored", observer.getClass().getName(), e.getClass().getName(),
                    call);
            LOG.debug("engine observer failure in {}", call, e);
            return fallback;
        }
    }

    @Override
    public Ingesting ingestStarted(List<Event> events) {
        Ingesting span = get("ingestStarted", delegate, () -> delegate.ingestStarted(events), Ingesting.NONE);
        return span == Ingesting.NONE ? span : new GuardedIngesting(span);
    }

    @Override
    public void decided(Decision decision) {
        guard("decided", delegate, () -> delegate.decided(decision));
    }

    @Override
    public void evaluated(Evaluation evaluation) {
        guard("evaluated", delegate, () -> delegate.evaluated(evaluation));
    }

    @Override
    public Delivering deliveryStarted(Message message) {
        Delivering span = get("deliveryStarted", delegate, () -> delegate.deliveryStarted(message), Delivering.NONE);
        return span == Delivering.NONE ? span : new GuardedDelivering(span);
    }

    @Override
    public void ticked(Backlog backlog) {
        guard("ticked", delegate, () -> delegate.ticked(backlog));
    }

    @Override
    public void reloaded(Reload reload) {
        guard("reloaded", delegate, () -> delegate.reloaded(reload));
    }

    @Override
    public String toString() {
        return "guarded " + delegate;
    }

    /** An ingest span whose calls are guarded. */
    private record GuardedIngesting(Ingesting span) implements Ingesting {

        @Override
        public void applied(Ingested ingested) {
            guard("Ingesting.applied", span, () -> span.applied(ingested));
        }

        @Override
        public void refused(Event event, RuntimeException cause) {
            guard("Ingesting.refused", span, () -> span.refused(event, cause));
        }

        @Override
        public void ended() {
            guard("Ingesting.ended", span, span::ended);
        }
    }

    /** A delivery span whose calls are guarded. */
    private record GuardedDelivering(Delivering span) implements Delivering {

        @Override
        public void ended(Message attempt) {
            guard("Delivering.ended", span, () -> span.ended(attempt));
        }

        @Override
        public void failed(RuntimeException cause) {
            guard("Delivering.failed", span, () -> span.failed(cause));
        }
    }
}
