package io.relevans.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.spi.EngineObserver;
import io.relevans.spi.Message;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The engine's {@link EngineObserver} as Micrometer meters and, given an {@link ObservationRegistry},
 * observations (spans) of ingests and deliveries. Bind it when building the engine:
 *
 * <pre>{@code
 * Relevans engine = Relevans.builder()
 *         .observer(MicrometerObserver.builder(meterRegistry).observations(observationRegistry).build())
 *         ...
 *         .build();
 * }</pre>
 *
 * <p>Meter names follow Micrometer's conventions (lower case, dot-separated, base units); the meters and
 * their tags are listed in the module's README and as constants here. A tag takes only bounded values:
 * an event type (a built-in one, a custom one declared with {@link Builder#customEventTypes}, otherwise
 * {@code custom}), a program, variant, segment or channel of the loaded definitions and configured
 * adapters, a guard, an outcome. Customer ids, identities, message ids and event ids never become tags;
 * message ids and programs go to the observations as high-cardinality key values only.
 *
 * <p>Thread-safe; meters are registered as they are first needed. The gauges read values the engine
 * reports at each tick, so a scrape never reads a store.
 */
public final class MicrometerObserver implements EngineObserver {

    /** Counter: events applied, by {@code type} and {@code outcome} ({@code applied}, {@code redelivered}). */
    public static final String EVENTS_INGESTED = "relevans.events.ingested";
    /** Counter: events refused, by {@code type} and {@code reason} ({@code invalid}, {@code conflict}, {@code error}). */
    public static final String EVENTS_REFUSED = "relevans.events.refused";
    /** Timer: one {@code ingest} call, by {@code type} and {@code outcome} ({@code applied}, {@code redelivered}, {@code refused}). */
    public static final String INGEST_LATENCY = "relevans.ingest.latency";
    /** Timer: one {@code ingestAll} batch, by {@code outcome} ({@code applied}, {@code refused} when any event was). */
    public static final String INGEST_BATCH = "relevans.ingest.batch";
    /** Counter: evaluations of a customer's segments, by {@code rules} ({@code fired}, {@code skipped}). */
    public static final String EVALUATIONS = "relevans.evaluations";
    /** Timer: time in the rule engine per evaluation that fired rules. */
    public static final String DROOLS_EVALUATION = "relevans.drools.evaluation";
    /** Counter: customers entering a segment, by {@code segment}. */
    public static final String SEGMENTS_ENTERED = "relevans.segments.entered";
    /** Counter: customers leaving a segment, by {@code segment}. */
    public static final String SEGMENTS_EXITED = "relevans.segments.exited";
    /** Counter: message decisions, by {@code program}, {@code variant}, {@code outcome}, {@code guard}, {@code moment}. */
    public static final String DECISIONS = "relevans.decisions";
    /** Timer: delivery attempts, by {@code channel} and {@code outcome} ({@code sent}, {@code retrying}, {@code dead}, {@code error}). */
    public static final String DELIVERIES = "relevans.deliveries";
    /** Counter: messages given up (dead letters), by {@code channel} and {@code program}. */
    public static final String DEAD_LETTERS = "relevans.messages.dead";
    /** Gauge: messages waiting for delivery (pending or retrying) after the last tick. */
    public static final String OUTBOX_DEPTH = "relevans.outbox.depth";
    /** Time gauge: how long the earliest due timer had been due when the last tick started. */
    public static final String TIMER_LAG = "relevans.timers.lag";
    /** Counter: due timers fired by ticks. */
    public static final String TIMERS_FIRED = "relevans.timers.fired";
    /** Timer: reloads of definitions (checking and compiling), by {@code outcome} ({@code loaded}, {@code refused}). */
    public static final String RELOADS = "relevans.reloads";

    /** Observation (span) of one {@code ingest} call. */
    public static final String INGEST_OBSERVATION = "relevans.ingest";
    /** Observation (span) of one {@code ingestAll} batch. */
    public static final String INGEST_BATCH_OBSERVATION = "relevans.ingest.batch";
    /** Observation (span) of one delivery attempt. */
    public static final String DELIVERY_OBSERVATION = "relevans.delivery";

    /** The tag value of an event type that is neither built in nor declared. */
    public static final String CUSTOM = "custom";
    /** The tag value of no variant, no guard, no channel. */
    public static final String NONE = "none";

    private final MeterRegistry registry;
    private final Observations observations;
    private final Set<String> customTypes;
    private final double[] percentiles;
    private final boolean histogram;

    private final ConcurrentMap<String, TypeMeters> byType = new ConcurrentHashMap<>();
    private final Counter fired;
    private final Counter skipped;
    private final Timer drools;
    private final Counter timersFired;
    private final Meter.MeterProvider<Counter> entered;
    private final Meter.MeterProvider<Counter> exited;
    private final Meter.MeterProvider<Counter> decisions;
    private final Meter.MeterProvider<Timer> deliveries;
    private final Meter.MeterProvider<Counter> dead;
    private final Meter.MeterProvider<Timer> reloads;
    private final Meter.MeterProvider<Counter> refused;
    private final Meter.MeterProvider<Timer> batches;
    /** Read by the gauges; written at each tick. NaN until the first tick (or when the outbox cannot count). */
    private volatile double outboxDepth = Double.NaN;
    private volatile double timerLagSeconds = Double.NaN;

    private MicrometerObserver(Builder b) {
        this.registry = b.registry;
        this.observations = new Observations(b.observations != null ? b.observations : ObservationRegistry.NOOP);
        this.customTypes = Set.copyOf(b.customTypes);
        this.percentiles = b.percentiles != null ? b.percentiles : new double[0];
        this.histogram = b.histogram != null && b.histogram;
        this.fired = Counter.builder(EVALUATIONS).tag("rules", "fired").baseUnit("evaluations")
                .description("evaluations of a customer's segments and program conditions").register(registry);
        this.skipped = Counter.builder(EVALUATIONS).tag("rules", "skipped").baseUnit("evaluations")
                .description("evaluations of a customer's segments and program conditions").register(registry);
        this.drools = Timer.builder(DROOLS_EVALUATION).description("time in the rule engine per evaluation")
                .register(registry);
        this.timersFired = Counter.builder(TIMERS_FIRED).baseUnit("timers").description("due timers fired")
                .register(registry);
        this.entered = Counter.builder(SEGMENTS_ENTERED).baseUnit("customers")
                .description("customers entering a segment").withRegistry(registry);
        this.exited = Counter.builder(SEGMENTS_EXITED).baseUnit("customers")
                .description("customers leaving a segment").withRegistry(registry);
        this.decisions = Counter.builder(DECISIONS).baseUnit("messages")
                .description("messages decided: to send, or suppressed by a guard").withRegistry(registry);
        this.deliveries = Timer.builder(DELIVERIES).description("delivery attempts").withRegistry(registry);
        this.dead = Counter.builder(DEAD_LETTERS).baseUnit("messages").description("messages given up")
                .withRegistry(registry);
        this.reloads = Timer.builder(RELOADS).description("reloads of definitions").withRegistry(registry);
        this.refused = Counter.builder(EVENTS_REFUSED).baseUnit("events").description("events refused")
                .withRegistry(registry);
        this.batches = Timer.builder(INGEST_BATCH).description("ingestAll batches").withRegistry(registry);
        Gauge.builder(OUTBOX_DEPTH, this, o -> o.outboxDepth).baseUnit("messages").strongReference(true)
                .description("messages waiting for delivery after the last tick").register(registry);
        TimeGauge.builder(TIMER_LAG, this, TimeUnit.SECONDS, o -> o.timerLagSeconds).strongReference(true)
                .description("how long the earliest due timer had been due when the last tick started")
                .register(registry);
    }

    /** Starts configuring an observer that registers its meters in the registry. */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(Objects.requireNonNull(registry, "registry"));
    }

    /** The meters of one event type, made once. */
    final class TypeMeters {
        final Counter applied;
        final Counter redelivered;
        final Timer appliedLatency;
        final Timer redeliveredLatency;
        final Timer refusedLatency;
        final String type;

        TypeMeters(String type) {
            this.type = type;
            this.applied = ingested(type, "applied");
            this.redelivered = ingested(type, "redelivered");
            this.appliedLatency = latency(type, "applied");
            this.redeliveredLatency = latency(type, "redelivered");
            this.refusedLatency = latency(type, "refused");
        }

        private Counter ingested(String type, String outcome) {
            return Counter.builder(EVENTS_INGESTED).tag("type", type).tag("outcome", outcome).baseUnit("events")
                    .description("events applied").register(registry);
        }

        private Timer latency(String type, String outcome) {
            Timer.Builder t = Timer.builder(INGEST_LATENCY).tag("type", type).tag("outcome", outcome)
                    .description("one ingest call, from the call to the stored decision");
            if (percentiles.length > 0) {
                t.publishPercentiles(percentiles);
            }
            return t.publishPercentileHistogram(histogram).register(registry);
        }
    }

    TypeMeters meters(EventType type) {
        String tag = typeTag(type);
        TypeMeters m = byType.get(tag);
        return m != null ? m : byType.computeIfAbsent(tag, TypeMeters::new);
    }

    /** The tag value of an event type: its name when built in or declared, else {@value #CUSTOM}. */
    String typeTag(EventType type) {
        return type.isBuiltIn() || customTypes.contains(type.name()) ? type.name() : CUSTOM;
    }

    @Override
    public Ingesting ingestStarted(List<Event> events) {
        long start = registry.config().clock().monotonicTime();
        if (events.size() == 1) {
            TypeMeters m = meters(events.get(0).type());
            return new IngestSpan(this, m, start, observations.ingest(m.type));
        }
        return new IngestSpan(this, null, start, observations.batch(events.size()));
    }

    void applied(TypeMeters meters, Ingested ingested) {
        (ingested.redelivered() ? meters.redelivered : meters.applied).increment();
    }

    void refused(EventType type, RuntimeException cause) {
        refused.withTags("type", typeTag(type), "reason", Refusals.reason(cause)).increment();
    }

    void ended(@Nullable TypeMeters single, long start, String outcome) {
        long nanos = registry.config().clock().monotonicTime() - start;
        if (single == null) {
            batches.withTags("outcome", outcome).record(nanos, TimeUnit.NANOSECONDS);
            return;
        }
        Timer t = switch (outcome) {
            case "applied" -> single.appliedLatency;
            case "redelivered" -> single.redeliveredLatency;
            default -> single.refusedLatency;
        };
        t.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void decided(Decision decision) {
        for (Message m : decision.decided()) {
            decision(m);
        }
        for (Message m : decision.stopped()) {
            decision(m);
        }
        for (String s : decision.entered()) {
            entered.withTags("segment", s).increment();
        }
        for (String s : decision.exited()) {
            exited.withTags("segment", s).increment();
        }
    }

    private void decision(Message m) {
        boolean suppressed = m.status() == Message.Status.SUPPRESSED;
        String guard = !suppressed ? NONE : m.suppression().map(s -> lower(s.guard().name())).orElse("unknown");
        String moment = m.suppression().map(s -> lower(s.moment().name())).orElse("decision");
        String outcome = m.status() == Message.Status.PENDING ? "send" : lower(m.status().name());
        decisions.withTags("program", m.program(), "variant", variant(m), "outcome", outcome, "guard", guard,
                "moment", moment).increment();
    }

    @Override
    public void evaluated(Evaluation evaluation) {
        if (evaluation.fired()) {
            fired.increment();
            drools.record(evaluation.droolsNanos(), TimeUnit.NANOSECONDS);
        } else {
            skipped.increment();
        }
    }

    @Override
    public Delivering deliveryStarted(Message message) {
        return new DeliverySpan(this, message, registry.config().clock().monotonicTime(),
                observations.delivery(message, channel(message)));
    }

    void delivered(Message attempt, long start, String outcome) {
        long nanos = registry.config().clock().monotonicTime() - start;
        String channel = channel(attempt);
        deliveries.withTags("channel", channel, "outcome", outcome).record(nanos, TimeUnit.NANOSECONDS);
        if (attempt.status() == Message.Status.DEAD) {
            dead.withTags("channel", channel, "program", attempt.program()).increment();
        }
    }

    @Override
    public void ticked(Backlog backlog) {
        timersFired.increment(backlog.fired());
        timerLagSeconds = backlog.timerLag().toNanos() / 1e9;
        outboxDepth = backlog.waiting().isPresent() ? backlog.waiting().getAsLong() : Double.NaN;
    }

    @Override
    public void reloaded(Reload reload) {
        reloads.withTags("outcome", reload.loaded() ? "loaded" : "refused").record(reload.took());
    }

    static String channel(Message m) {
        return m.channel().map(c -> c.name()).orElse(NONE);
    }

    private static String variant(Message m) {
        return m.variant().isEmpty() ? NONE : m.variant();
    }

    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "MicrometerObserver[" + registry.getClass().getSimpleName() + ", observations "
                + (observations.active() ? "on" : "off") + "]";
    }

    /** Configures a {@link MicrometerObserver}; every setter validates at once and may be called once. */
    public static final class Builder {
        private final MeterRegistry registry;
        private @Nullable ObservationRegistry observations;
        private double @Nullable [] percentiles;
        private @Nullable Boolean histogram;
        private Set<String> customTypes = Set.of();
        private boolean customTypesSet;

        private Builder(MeterRegistry registry) {
            this.registry = registry;
        }

        /**
         * Where ingests and deliveries are observed as spans ({@value #INGEST_OBSERVATION},
         * {@value #INGEST_BATCH_OBSERVATION}, {@value #DELIVERY_OBSERVATION}); none by default.
         *
         * @throws IllegalStateException when already set
         */
        public Builder observations(ObservationRegistry observations) {
            requireUnset(this.observations, "observation registry");
            this.observations = Objects.requireNonNull(observations, "observations");
            return this;
        }

        /**
         * Percentiles of {@value #INGEST_LATENCY} computed in the application (such as 0.5, 0.95, 0.99),
         * each in [0, 1]; none by default (a backend with histograms computes them from those).
         *
         * @throws IllegalStateException    when already set
         * @throws IllegalArgumentException when none is given or one is outside [0, 1]
         */
        public Builder ingestPercentiles(double... percentiles) {
            requireUnset(this.percentiles, "ingest percentiles");
            Objects.requireNonNull(percentiles, "percentiles");
            if (percentiles.length == 0) {
                throw new IllegalArgumentException("give at least one percentile");
            }
            for (double p : percentiles) {
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalArgumentException("a percentile must be in [0, 1], got " + p);
                }
            }
            this.percentiles = percentiles.clone();
            return this;
        }

        /**
         * Whether {@value #INGEST_LATENCY} publishes a percentile histogram, for backends that aggregate
         * percentiles across instances (Prometheus); off by default.
         *
         * @throws IllegalStateException when already set
         */
        public Builder ingestHistogram(boolean histogram) {
            requireUnset(this.histogram, "ingest histogram");
            this.histogram = histogram;
            return this;
        }

        /**
         * Custom event types tagged by their names; any other custom type is tagged {@value #CUSTOM}, so
         * that an application sending arbitrary type names cannot make unbounded tags. Built-in types are
         * always tagged by name.
         *
         * @throws IllegalStateException    when already set
         * @throws IllegalArgumentException when a name is not a valid event type name
         */
        public Builder customEventTypes(String... names) {
            if (customTypesSet) {
                throw new IllegalStateException("custom event types were already set to " + new TreeSet<>(customTypes));
            }
            Objects.requireNonNull(names, "names");
            this.customTypes = Set.copyOf(Arrays.stream(names).map(n -> new EventType(n).name()).toList());
            this.customTypesSet = true;
            return this;
        }

        private static void requireUnset(@Nullable Object current, String what) {
            if (current != null) {
                throw new IllegalStateException(what + " was already set to "
                        + (current instanceof double[] d ? Arrays.toString(d) : current));
            }
        }

        /** Builds the observer and registers its meters. */
        public MicrometerObserver build() {
            return new MicrometerObserver(this);
        }
    }
}
