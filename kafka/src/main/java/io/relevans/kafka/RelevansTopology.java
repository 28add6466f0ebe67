package io.relevans.kafka;

import io.relevans.Relevans;
import io.relevans.customer.Channel;
import io.relevans.customer.IdentityType;
import io.relevans.definition.Definitions;
import io.relevans.definition.InvalidDefinitionException;
import io.relevans.internal.step.CustomerStep;
import io.relevans.kafka.internal.LoadedDefinitions;
import io.relevans.kafka.internal.RuntimeSettings;
import io.relevans.kafka.internal.TopologyFactory;
import io.relevans.spi.ActionAdapter;
import io.relevans.spi.SimpleTemplates;
import io.relevans.spi.TemplateRenderer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.streams.Topology;
import org.jspecify.annotations.Nullable;

/**
 * The engine on Kafka Streams: a topology that an application starts with its own {@code KafkaStreams}
 * (and its own configuration: application id, bootstrap servers, {@code exactly_once_v2}). Events are
 * resolved to customers by an identity directory partitioned by identity, then worked on by the same
 * per-customer step the embedded engine runs, one writer per partition, with state in changelogged
 * stores and timers fired by a punctuator. Adding an instance adds capacity; kafka/README.md lists the
 * topics and what is guaranteed.
 *
 * <pre>{@code
 * Topology topology = RelevansTopology.builder().definitions(definitions).templates(templates)
 *         .channel(Channel.EMAIL, IdentityType.EMAIL).build().topology();
 * new KafkaStreams(topology, properties).start();
 * }</pre>
 */
public final class RelevansTopology {

    private final Topics topics;
    private final Topology topology;
    private final RuntimeSettings settings;

    private RelevansTopology(Topics topics, Topology topology, RuntimeSettings settings) {
        this.topics = topics;
        this.topology = topology;
        this.settings = settings;
    }

    /** Starts configuring the runtime. */
    public static Builder builder() {
        return new Builder();
    }

    /** The topology to give to {@code KafkaStreams}. */
    public Topology topology() {
        return topology;
    }

    /** The topics it reads and writes. */
    public Topics topics() {
        return topics;
    }

    /**
     * The version of the definitions this instance runs now: 0 for those it was built with, until it reads a
     * newer version from the definitions topic ({@link RelevansDefinitions#publish}).
     */
    public long definitionsVersion() {
        return settings.definitions().current().version();
    }

    /**
     * The prediction model this instance's prediction features use now: the latest read from the definitions
     * topic ({@link RelevansDefinitions#publishModel}); empty until one is published.
     */
    public java.util.Optional<io.relevans.prediction.CustomerBaseModel> predictionModel() {
        return settings.definitions().model();
    }

    /** The compiled definitions the topology runs now (for the queries). */
    Supplier<CustomerStep> steps() {
        return settings::step;
    }

    /** Configures a {@link RelevansTopology}; each setting may be given once. */
    public static final class Builder {
        private @Nullable Definitions definitions;
        private @Nullable TemplateRenderer templates;
        private final Map<Channel, IdentityType> channels = new LinkedHashMap<>();
        private @Nullable ActionAdapter actions;
        private @Nullable Topics topics;
        private @Nullable TimeSource time;
        private @Nullable Duration timerInterval;
        private @Nullable Duration ahead;
        private @Nullable Integer recentCustomers;
        private @Nullable Duration resegmentEvery;

        private Builder() {
        }

        private static void requireUnset(@Nullable Object value, String what) {
            if (value != null) {
                throw new IllegalStateException(what + " was already set to " + value);
            }
        }

        /**
         * The segments, policies and programs (required): version 0 of the definitions, which a newer version
         * on the definitions topic replaces ({@link RelevansDefinitions#publish}).
         */
        public Builder definitions(Definitions definitions) {
            requireUnset(this.definitions, "definitions");
            this.definitions = Objects.requireNonNull(definitions, "definitions");
            return this;
        }

        /** The templates the programs' sends use (required when a program sends). */
        public Builder templates(TemplateRenderer templates) {
            requireUnset(this.templates, "templates");
            this.templates = Objects.requireNonNull(templates, "templates");
            return this;
        }

        /**
         * A channel the deployment delivers through and the identity that addresses a customer on it (the
         * dispatcher holds the adapters; the step needs to know which channels exist).
         */
        public Builder channel(Channel channel, IdentityType address) {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(address, "address");
            if (channels.putIfAbsent(channel, address) != null) {
                throw new IllegalStateException("channel " + channel + " was already added");
            }
            return this;
        }

        /** Carries out program actions, in the stream thread, at least once (none by default). */
        public Builder actions(ActionAdapter actions) {
            requireUnset(this.actions, "actions");
            this.actions = Objects.requireNonNull(actions, "actions");
            return this;
        }

        /** The topics ({@link Topics#defaults()} by default). */
        public Builder topics(Topics topics) {
            requireUnset(this.topics, "topics");
            this.topics = Objects.requireNonNull(topics, "topics");
            return this;
        }

        /** Where the engine's moment comes from ({@link TimeSource#WALL_CLOCK} by default). */
        public Builder time(TimeSource time) {
            requireUnset(this.time, "time");
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        /** How often due timers are fired: 10 ms to 1 hour, 1 second by default. */
        public Builder timerInterval(Duration interval) {
            requireUnset(this.timerInterval, "timer interval");
            Objects.requireNonNull(interval, "timer interval");
            if (interval.compareTo(Duration.ofMillis(10)) < 0 || interval.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("timer interval must be 10 ms to 1 hour, got " + interval);
            }
            this.timerInterval = interval;
            return this;
        }

        /** How far after the engine's moment an event may be dated, as {@code Relevans.Builder#maxEventAhead}. */
        public Builder maxEventAhead(Duration ahead) {
            requireUnset(this.ahead, "max event ahead");
            Objects.requireNonNull(ahead, "max event ahead");
            if (ahead.isNegative() || ahead.compareTo(Duration.ofDays(366)) > 0) {
                throw new IllegalArgumentException("max event ahead must be 0 to 366 days, got " + ahead);
            }
            this.ahead = ahead;
            return this;
        }

        /**
         * How many customers each task (partition) keeps decoded in memory: their records, timers and messages,
         * as last written, so that a customer's next event within a while (a session: a view, a cart, an order)
         * reads neither the state stores nor their documents again; 1 to 1,000,000, {@value #RECENT_CUSTOMERS} by
         * default. Memory: about 25 KB per customer with the messages of a busy year (kafka/README.md, "Memory");
         * a value never changes what is decided, only how fast.
         */
        public Builder recentCustomers(int customers) {
            requireUnset(this.recentCustomers, "recent customers");
            if (customers < 1 || customers > 1_000_000) {
                throw new IllegalArgumentException("recent customers must be 1 to 1,000,000, got " + customers);
            }
            this.recentCustomers = customers;
            return this;
        }

        /**
         * Re-segments every customer at each multiple of the interval since 1970-01-01T00:00Z (a day: every midnight
         * UTC), as the embedded engine's {@code Relevans.resegment()} does when an application calls it: windows
         * slide and attributes age without new events, so customers leave and enter segments (and the programs
         * those changes trigger start) without an event of theirs. 1 minute to 7 days; none by default. Each
         * partition goes through its customers at its first moment past the interval, on the wall clock in slices
         * between events (kafka/README.md, "Re-segmentation").
         */
        public Builder resegmentEvery(Duration every) {
            requireUnset(this.resegmentEvery, "re-segmentation interval");
            Objects.requireNonNull(every, "re-segmentation interval");
            if (every.compareTo(Duration.ofMinutes(1)) < 0 || every.compareTo(Duration.ofDays(7)) > 0) {
                throw new IllegalArgumentException("re-segmentation interval must be 1 minute to 7 days, got " + every);
            }
            this.resegmentEvery = every;
            return this;
        }

        /** Customers each task keeps decoded unless {@link #recentCustomers(int)} says otherwise. */
        public static final int RECENT_CUSTOMERS = 1_024;

        /**
         * Checks and compiles the definitions and wires the topology.
         *
         * @throws InvalidDefinitionException listing every problem, including what the runtime does not
         *                                    support yet (A/B splits that pick a winner)
         */
        public RelevansTopology build() {
            if (definitions == null) {
                throw new IllegalStateException("definitions are required");
            }
            TemplateRenderer t = templates != null ? templates : SimpleTemplates.builder().build();
            LoadedDefinitions loaded = new LoadedDefinitions(definitions, t, channels);
            Topics on = topics != null ? topics : Topics.defaults();
            RuntimeSettings settings = new RuntimeSettings(loaded, actions, time != null ? time : TimeSource.WALL_CLOCK,
                    timerInterval != null ? timerInterval : Duration.ofSeconds(1),
                    ahead != null ? ahead : Relevans.DEFAULT_AHEAD,
                    recentCustomers != null ? recentCustomers : RECENT_CUSTOMERS, resegmentEvery);
            return new RelevansTopology(on, TopologyFactory.build(on, settings), settings);
        }
    }
}
