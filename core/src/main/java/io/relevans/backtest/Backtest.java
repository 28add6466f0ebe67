package io.relevans.backtest;

import io.relevans.customer.Channel;
import io.relevans.customer.IdentityType;
import io.relevans.definition.Definitions;
import io.relevans.event.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Replays a recorded period through a set of definitions on virtual time, in memory, sending nothing, and
 * reports what the programs would have decided: every message with its status and the guard that
 * stopped it, results per program, variant and control group ({@link BacktestReport}). With the
 * definitions of a live run and that run's events it decides exactly what the run decided (same message
 * ids, statuses and reasons), so the difference a change of definitions makes is the change's own:
 * {@link #compare(Definitions, Definitions)} lists it message by message ({@link Comparison}).
 *
 * <pre>{@code
 * Backtest backtest = Backtest.builder()
 *         .period(Instant.parse("2026-09-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"))
 *         .profiles(Path.of("history/customers.jsonl.gz"))   // the profiles at the start, optional
 *         .history(Path.of("history/orders-2019-2026.jsonl.gz")) // imported before the start, optional
 *         .events(Path.of("history/events.jsonl.gz"))        // the period's events
 *         .build();
 * BacktestReport report = backtest.run(definitions);
 * Comparison c = backtest.compare(definitions, changedDefinitions);
 * }</pre>
 *
 * <p>A run goes like this, on a virtual clock that starts at the period's start:
 * <ol>
 * <li>the profiles are stored as they are, then the history is imported ({@code Relevans.historyImport()}:
 * no program runs for it; only its events before the start, the others are refused by the import), then
 * every customer is segmented at the start ({@code Relevans.resegment()}), as an engine going live with
 * them would: a profile in a segment then enters it, which starts the programs that entry triggers;</li>
 * <li>the period's events are replayed in the order given, each at its time: the clock moves to it when it is
 * later (an event earlier than one before it is applied at the clock's time, as a late event is live);
 * events before the start or at or after the end are not replayed, only counted; an entry that is not a
 * valid event is refused alone, with its line or position;</li>
 * <li>the engine ticks at the start plus every {@link Builder#tickEvery tick interval}, and at the end: a tick
 * due at or before an event's time runs before it, as a scheduler ticking on the hour would; each tick fires
 * due waits and hands due messages to the channels, which accept everything and send nothing.</li>
 * </ol>
 * Channels: those given with {@link Builder#channel}, else email by email address, SMS by phone number, push by
 * login and in-store by loyalty number; a channel the application does not have is never chosen, as live.
 * Templates: none needed (each template the definitions name renders as its id). Actions programs call are
 * counted, never carried out. A/B winners are decided as live, on the virtual clock.
 *
 * <p>Immutable and reusable: every {@link #run} reads its sources again from their start. Not for
 * concurrent runs when a source is an {@link Iterable} that cannot be iterated by two threads at once.
 */
public final class Backtest {

    /** The channels a backtest has unless others are given, with the identity each addresses. */
    public static final Map<Channel, IdentityType> DEFAULT_CHANNELS = defaultChannels();
    /** In this order (a map literal's order would change from one run to the next). */
    private static Map<Channel, IdentityType> defaultChannels() {
        Map<Channel, IdentityType> out = new LinkedHashMap<>();
        out.put(Channel.EMAIL, IdentityType.EMAIL);
        out.put(Channel.SMS, IdentityType.PHONE);
        out.put(Channel.PUSH, IdentityType.LOGIN);
        out.put(Channel.IN_STORE, IdentityType.LOYALTY_NUMBER);
        return Collections.unmodifiableMap(out);
    }

    /** How often the engine ticks unless the builder says otherwise. */
    public static final Duration DEFAULT_TICK = Duration.ofHours(1);
    /** The shortest tick interval. */
    public static final Duration MIN_TICK = Duration.ofSeconds(1);
    /** The longest tick interval. */
    public static final Duration MAX_TICK = Duration.ofDays(7);

    private final Instant start;
    private final Instant end;
    private final Optional<Path> profiles;
    private final Optional<EventSource> history;
    private final EventSource events;
    private final Duration tick;
    private final Map<Channel, IdentityType> channels;
    private final BacktestListener listener;

    private Backtest(Builder b) {
        this.start = Objects.requireNonNull(b.start, "start");
        this.end = Objects.requireNonNull(b.end, "end");
        this.profiles = Optional.ofNullable(b.profiles);
        this.history = Optional.ofNullable(b.history);
        this.events = Objects.requireNonNull(b.events, "events");
        this.tick = b.tick != null ? b.tick : DEFAULT_TICK;
        this.channels = Collections.unmodifiableMap(new LinkedHashMap<>(b.channels.isEmpty() ? DEFAULT_CHANNELS
                : b.channels));
        this.listener = b.listener != null ? b.listener : new BacktestListener() { };
    }

    /** Starts configuring a backtest. */
    public static Builder builder() {
        return new Builder();
    }

    /** The period's start (inclusive). */
    public Instant start() {
        return start;
    }

    /** The period's end (exclusive). */
    public Instant end() {
        return end;
    }

    /** How often the engine ticks. */
    public Duration tickEvery() {
        return tick;
    }

    /** The channels the backtest has, with the identity each addresses. */
    public Map<Channel, IdentityType> channels() {
        return channels;
    }

    /**
     * Runs the backtest of the definitions.
     *
     * @throws io.relevans.definition.InvalidDefinitionException when the definitions are invalid
     * @throws IllegalArgumentException when a profile cannot be read, naming the file and line
     * @throws java.io.UncheckedIOException when a file cannot be read, naming it
     */
    public BacktestReport run(Definitions definitions) {
        Objects.requireNonNull(definitions, "definitions");
        return new Replay(this, definitions).run();
    }

    /**
     * Runs the backtest of both sets of definitions, A then B, and compares their messages.
     *
     * @throws io.relevans.definition.InvalidDefinitionException when a set of definitions is invalid
     * @throws IllegalArgumentException when a profile cannot be read, naming the file and line
     * @throws java.io.UncheckedIOException when a file cannot be read, naming it
     */
    public Comparison compare(Definitions a, Definitions b) {
        Objects.requireNonNull(a, "definitions A");
        Objects.requireNonNull(b, "definitions B");
        return Comparison.of(run(a), run(b));
    }

    Optional<Path> profiles() {
        return profiles;
    }

    Optional<EventSource> history() {
        return history;
    }

    EventSource events() {
        return events;
    }

    BacktestListener listener() {
        return listener;
    }

    /** Configures a {@link Backtest}; every setter validates at once and may be called once. */
    public static final class Builder {
        private @Nullable Instant start;
        private @Nullable Instant end;
        private @Nullable Path profiles;
        private @Nullable EventSource history;
        private @Nullable EventSource events;
        private @Nullable Duration tick;
        private final Map<Channel, IdentityType> channels = new LinkedHashMap<>();
        private @Nullable BacktestListener listener;

        private Builder() {
        }

        /**
         * The period to replay, from the start (inclusive) to the end (exclusive). Required.
         *
         * @throws IllegalStateException    when already set
         * @throws IllegalArgumentException when the end is not after the start
         */
        public Builder period(Instant start, Instant end) {
            requireUnset(this.start, "period");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("a period's end must be after its start, got " + start + " to " + end);
            }
            this.start = start;
            this.end = end;
            return this;
        }

        /**
         * Customer profiles at the start, one per line as {@code CustomerJson} writes them, gzipped or not
         * (recognised by the first bytes): an export of the CRM at go-live. Optional.
         *
         * @throws IllegalStateException when already set
         */
        public Builder profiles(Path jsonLines) {
            requireUnset(this.profiles, "profiles");
            this.profiles = Objects.requireNonNull(jsonLines, "profiles");
            return this;
        }

        /**
         * History before the period, one event per line as {@code EventJson} reads them, gzipped or not,
         * imported before the period without running programs (docs/import.md). Optional.
         *
         * @throws IllegalStateException when a history is already set
         */
        public Builder history(Path jsonLines) {
            requireUnset(this.history, "history");
            this.history = EventSource.file(Objects.requireNonNull(jsonLines, "history"));
            return this;
        }

        /**
         * {@link #history(Path)} from events: the iterable is iterated once per run.
         *
         * @throws IllegalStateException when a history is already set
         */
        public Builder history(Iterable<Event> events) {
            requireUnset(this.history, "history");
            this.history = EventSource.iterable(Objects.requireNonNull(events, "history"));
            return this;
        }

        /**
         * The period's events, one per line as {@code EventJson} reads them, gzipped or not, in time order.
         * Required (this or {@link #events(Iterable)}).
         *
         * @throws IllegalStateException when events are already set
         */
        public Builder events(Path jsonLines) {
            requireUnset(this.events, "events");
            this.events = EventSource.file(Objects.requireNonNull(jsonLines, "events"));
            return this;
        }

        /**
         * The period's events in time order: the iterable is iterated once per run (a comparison runs twice).
         * A null element, or one the iterator throws an {@code IllegalArgumentException} for, is refused at
         * its position.
         *
         * @throws IllegalStateException when events are already set
         */
        public Builder events(Iterable<Event> events) {
            requireUnset(this.events, "events");
            this.events = EventSource.iterable(Objects.requireNonNull(events, "events"));
            return this;
        }

        /**
         * How often the engine ticks on the virtual clock, as the application's scheduler calls
         * {@code tick()}; {@link #DEFAULT_TICK} by default, from {@link #MIN_TICK} to {@link #MAX_TICK}.
         *
         * @throws IllegalStateException    when already set
         * @throws IllegalArgumentException when out of range
         */
        public Builder tickEvery(Duration interval) {
            requireUnset(this.tick, "tick interval");
            Objects.requireNonNull(interval, "interval");
            if (interval.compareTo(MIN_TICK) < 0 || interval.compareTo(MAX_TICK) > 0) {
                throw new IllegalArgumentException("the tick interval must be from " + MIN_TICK + " to " + MAX_TICK
                        + ", got " + interval);
            }
            this.tick = interval;
            return this;
        }

        /**
         * Adds a channel the application has, with the kind of identity it addresses; without any, the
         * backtest has {@link #DEFAULT_CHANNELS}.
         *
         * @throws IllegalStateException when the channel was already added
         */
        public Builder channel(Channel channel, IdentityType addressType) {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(addressType, "address type");
            requireUnset(channels.get(channel), "the address type of channel " + channel);
            channels.put(channel, addressType);
            return this;
        }

        /**
         * Watches every run as it replays; none by default.
         *
         * @throws IllegalStateException when already set
         */
        public Builder listener(BacktestListener listener) {
            requireUnset(this.listener, "listener");
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        private static void requireUnset(@Nullable Object current, String what) {
            if (current != null) {
                throw new IllegalStateException(what + " was already set to " + current);
            }
        }

        /**
         * Builds the backtest; nothing is read yet.
         *
         * @throws IllegalStateException when the period or the events are missing
         */
        public Backtest build() {
            if (start == null) {
                throw new IllegalStateException("a backtest needs a period: call period(start, end)");
            }
            if (events == null) {
                throw new IllegalStateException("a backtest needs the period's events: call events(...)");
            }
            return new Backtest(this);
        }
    }
}
