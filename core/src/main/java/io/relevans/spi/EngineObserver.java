package io.relevans.spi;

import io.relevans.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the engine tells about its work, for metrics and tracing: ingests (as spans that end), decisions,
 * segment evaluations, deliveries (as spans), the backlog at each tick and reloads. Set one with
 * {@code Relevans.builder().observer(...)}; the {@code relevans-micrometer} module implements it with
 * Micrometer meters and observations.
 *
 * <p>Every method has a default that does nothing, so an implementation overrides what it needs and this
 * interface grows by new default methods and record parameters without breaking implementations (as
 * Caffeine's {@code StatsCounter}). Without an observer the engine uses {@link #disabled()} and skips
 * the calls altogether (nothing is allocated for them); the observer it is given is wrapped in
 * {@link #guarded(EngineObserver)}, so an exception an observer throws is logged and never fails an
 * ingest, a tick or a delivery.
 *
 * <p>Called on the threads that do the work (the callers of {@code ingest}, the tick's thread, the
 * re-segmentation's pool), concurrently: an implementation must be thread-safe and quick, and must not
 * call the engine. The arguments carry what tracing needs (message ids, programs, the events themselves),
 * and with them personal data: a metric tag must take only bounded values (event type, program, variant,
 * outcome, guard, channel, segment), never a customer id, an identity or a message id.
 */
public interface EngineObserver {

    /** The observer that observes nothing; the engine's default, recognised and skipped by it. */
    static EngineObserver disabled() {
        return DisabledEngineObserver.INSTANCE;
    }

    /**
     * The observer with every call, and every call to the spans it returns, guarded: an exception thrown
     * by {@code delegate} is logged (its class at WARN, with the stack trace at DEBUG) and swallowed.
     * {@link #disabled()} and an observer guarded already are returned as they are.
     */
    static EngineObserver guarded(EngineObserver delegate) {
        Objects.requireNonNull(delegate, "delegate");
        return delegate == DisabledEngineObserver.INSTANCE || delegate instanceof GuardedEngineObserver ? delegate
                : new GuardedEngineObserver(delegate);
    }

    /**
     * An ingest starts: one event given to {@code ingest}, or the events of one {@code ingestAll} batch, in
     * order. The engine reports each event's outcome to the span returned and then ends it, on the thread
     * that called this.
     *
     * @param events the events, one or more
     * @return the span to report to; {@link Ingesting#NONE} by default
     */
    default Ingesting ingestStarted(List<Event> events) {
        return Ingesting.NONE;
    }

    /**
     * A step's decision was stored for a customer (for an event, a due timer, a scheduled start or a
     * re-segmentation): the messages decided, those stopped before delivery, the segments entered and left.
     * Not called for an event applied before (a redelivery) nor for history imports.
     */
    default void decided(Decision decision) {
    }

    /**
     * The segments of a customer were evaluated (an ingest, a timer, a read), or a program condition (an
     * audience, exit condition, branch, relevance or category exclusion), which is evaluated only when a
     * program asks for it, after the segments: each such condition is an evaluation of its own.
     */
    default void evaluated(Evaluation evaluation) {
    }

    /**
     * A due message is handed to delivery (its adapter, address and template are looked up, then its
     * channel is called). The engine reports the message as recorded after the attempt to the span
     * returned, on the thread that called this.
     *
     * @param message the message as claimed, pending or retrying
     * @return the span to report to; {@link Delivering#NONE} by default
     */
    default Delivering deliveryStarted(Message message) {
        return Delivering.NONE;
    }

    /** A tick ended: what it fired, and what waits afterwards. */
    default void ticked(Backlog backlog) {
    }

    /** A reload of definitions ended, loaded or refused. */
    default void reloaded(Reload reload) {
    }

    /** An ingest in progress; its methods default to doing nothing. */
    interface Ingesting {

        /** The span that does nothing. */
        Ingesting NONE = new Ingesting() {
        };

        /** An event of the ingest was applied, or recognised as applied before. */
        default void applied(Ingested ingested) {
        }

        /**
         * An event of the ingest was refused (an exception reaches the caller or, in a batch, the event's
         * outcome): an event dated too far ahead, a write conflict, a store failing.
         */
        default void refused(Event event, RuntimeException cause) {
        }

        /** The ingest ended; called once, last. */
        default void ended() {
        }
    }

    /** A delivery in progress; its methods default to doing nothing. */
    interface Delivering {

        /** The span that does nothing. */
        Delivering NONE = new Delivering() {
        };

        /**
         * The attempt ended and was recorded: the message is {@link Message.Status#SENT},
         * {@link Message.Status#RETRYING} or {@link Message.Status#DEAD} (with the reason), its attempts
         * counted. Called once, last.
         */
        default void ended(Message attempt) {
        }

        /**
         * The attempt could not be recorded (a store failed); the exception reaches the caller of
         * {@code tick}. Called once, last, instead of {@link #ended(Message)}.
         */
        default void failed(RuntimeException cause) {
        }
    }

    /**
     * One event applied by an ingest.
     *
     * @param event       the event
     * @param redelivered whether it was recognised as applied before (then nothing changed)
     * @param decided     the messages its step decided, sent-to-be and suppressed, in decision order
     */
    record Ingested(Event event, boolean redelivered, List<Message> decided) {

        /** Copies the list; never null parts. */
        public Ingested {
            Objects.requireNonNull(event, "event");
            decided = List.copyOf(decided);
        }
    }

    /**
     * What one stored step decided for a customer.
     *
     * @param decided the messages decided: {@link Message.Status#PENDING} to be sent, or
     *                {@link Message.Status#SUPPRESSED} with the guard that stopped them at decision
     * @param stopped messages decided earlier and stopped now, before delivery, by a guard at delivery
     *                ({@link Suppression.Moment#DELIVERY})
     * @param entered the segments the customer entered
     * @param exited  the segments the customer left
     */
    record Decision(List<Message> decided, List<Message> stopped, SortedSet<String> entered,
                    SortedSet<String> exited) {

        /** Copies the collections; never null parts. */
        public Decision {
            decided = List.copyOf(decided);
            stopped = List.copyOf(stopped);
            entered = Collections.unmodifiableSortedSet(new TreeSet<>(entered));
            exited = Collections.unmodifiableSortedSet(new TreeSet<>(exited));
        }

        /**
         * The decision a commit stores: its added messages, and the updated ones that were waiting for
         * delivery as the step read them and are suppressed now.
         */
        public static Decision of(Commit commit, SortedSet<String> entered, SortedSet<String> exited) {
            List<Message> stopped = new ArrayList<>(0);
            for (Message m : commit.updated()) {
                if (m.status() == Message.Status.SUPPRESSED && wasWaiting(commit.read(), m.id())) {
                    stopped.add(m);
                }
            }
            return new Decision(commit.added(), stopped, entered, exited);
        }

        private static boolean wasWaiting(List<Message> read, String id) {
            for (Message r : read) {
                if (r.id().equals(id)) {
                    return r.status() == Message.Status.PENDING || r.status() == Message.Status.RETRYING;
                }
            }
            return false;
        }
    }

    /**
     * One evaluation of a customer's segments, or of one program condition asked for.
     *
     * @param views       how many views of the customer the rules were shown; 0 when no test could answer
     *                    differently than for the stored memberships, so the rules did not run
     * @param droolsNanos the time spent in the rule engine, in nanoseconds; 0 when it did not run
     */
    record Evaluation(int views, long droolsNanos) {

        /** @throws IllegalArgumentException when a part is negative */
        public Evaluation {
            if (views < 0 || droolsNanos < 0) {
                throw new IllegalArgumentException("views and time must not be negative, got " + views + " and "
                        + droolsNanos);
            }
        }

        /** Whether the rule engine ran. */
        public boolean fired() {
            return views > 0;
        }
    }

    /**
     * What a tick did and what waits after it.
     *
     * @param at       the tick's moment on the engine's clock
     * @param fired    how many due timers it fired
     * @param timerLag how long the earliest timer due at the tick's start had been due (zero when none
     *                 was): how far behind the engine runs its waits
     * @param waiting  how many messages wait for delivery afterwards (pending or retrying), when the
     *                 outbox counts them ({@link Outbox#waiting()})
     */
    record Backlog(Instant at, int fired, Duration timerLag, OptionalLong waiting) {

        /** Never null parts. */
        public Backlog {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(timerLag, "timer lag");
            Objects.requireNonNull(waiting, "waiting");
        }
    }

    /**
     * A reload of definitions.
     *
     * @param loaded   whether the new definitions were loaded (false: refused, the old ones stay)
     * @param segments how many segments the loaded definitions have (0 when refused)
     * @param programs how many programs they have (0 when refused)
     * @param took     how long checking and compiling took
     */
    record Reload(boolean loaded, int segments, int programs, Duration took) {

        /** Never null parts. */
        public Reload {
            Objects.requireNonNull(took, "took");
        }
    }
}
