package io.relevans.kafka;

import io.relevans.CustomerView;
import io.relevans.Explanation;
import io.relevans.Offer;
import io.relevans.customer.Identity;
import io.relevans.kafka.internal.ClusterQueries;
import io.relevans.kafka.internal.StreamsPlacement;
import io.relevans.kafka.spi.QueryTransport;
import io.relevans.spi.Message;
import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.jspecify.annotations.Nullable;

/**
 * The embedded engine's queries by identity ({@code Relevans.customer}, {@code messages}, {@code explain},
 * {@code nextBestOffers}, with the same result types) on any instance of an application on the Kafka
 * runtime. The instance that owns the customer's partition reads the customer's stored state: this one when
 * it owns it, another through the {@link QueryTransport} (found with Kafka Streams' interactive queries at its
 * {@code application.server}); the answer is then computed from that state with the definitions this
 * instance runs, at its clock's moment. Create one next to the application's {@code KafkaStreams}, before
 * starting it: it answers the other instances' questions from then on.
 *
 * <pre>{@code
 * RelevansTopology relevans = RelevansTopology.builder().definitions(definitions).build();
 * props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "shop-7.internal:7070");   // this instance, as others reach it
 * KafkaStreams streams = new KafkaStreams(relevans.topology(), props);
 * RelevansQueries queries = RelevansQueries.builder().topology(relevans).streams(streams)
 *         .applicationServer("shop-7.internal:7070").build();                  // listens on 7070
 * streams.start();
 * queries.nextBestOffers(Identity.email("anna@example.com"));
 * }</pre>
 *
 * <p>Thread-safe. Answers read state as its owner has it at the moment of the read (what its stream thread
 * has applied, not only what was committed). While the application starts or rebalances, the owner of a
 * customer may be unknown or changing: the query fails with {@link QueryUnavailableException}, to be asked
 * again.
 */
public final class RelevansQueries implements AutoCloseable {

    private final ClusterQueries queries;
    private final QueryTransport transport;

    private RelevansQueries(ClusterQueries queries, QueryTransport transport) {
        this.queries = queries;
        this.transport = transport;
    }

    /** Starts configuring the queries of one instance. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The customer linked to the identity as the engine sees them now, if any (as {@code Relevans.customer}).
     *
     * @throws QueryUnavailableException when the owner of the identity or of the customer cannot answer now
     */
    public Optional<CustomerView> customer(Identity identity) {
        return queries.customer(identity);
    }

    /**
     * Every message decision for the customer the identity belongs to, oldest first: sent, pending, retrying,
     * dead, suppressed with the reason (as {@code Relevans.messages}); empty when no customer has the identity.
     *
     * @throws QueryUnavailableException when the owner of the identity or of the customer cannot answer now
     */
    public List<Message> messages(Identity identity) {
        return queries.messages(identity);
    }

    /**
     * Whether the customer the identity belongs to is in the segment now, condition by condition, with the
     * values seen (as {@code Relevans.explain}).
     *
     * @throws NoSuchElementException     when no customer has the identity
     * @throws IllegalArgumentException   when no loaded segment has the name
     * @throws QueryUnavailableException  when the owner of the identity or of the customer cannot answer now
     */
    public Explanation explain(Identity identity, String segment) {
        return queries.explain(identity, segment);
    }

    /**
     * What is relevant for the customer the identity belongs to now: offers of programs whose audience they
     * are in, after every relevance guard, best first (as {@code Relevans.nextBestOffers}).
     *
     * @throws NoSuchElementException    when no customer has the identity
     * @throws QueryUnavailableException when the owner of the identity or of the customer cannot answer now
     */
    public List<Offer> nextBestOffers(Identity identity) {
        return queries.nextBestOffers(identity);
    }

    /** Stops answering other instances' questions (closes the transport). */
    @Override
    public void close() {
        transport.close();
    }

    /** Configures the {@link RelevansQueries} of one instance; each setting may be given once. */
    public static final class Builder {
        private @Nullable RelevansTopology topology;
        private @Nullable KafkaStreams streams;
        private @Nullable HostInfo self;
        private @Nullable QueryTransport transport;
        private @Nullable Clock clock;

        private Builder() {
        }

        private static void requireUnset(@Nullable Object value, String what) {
            if (value != null) {
                throw new IllegalStateException(what + " was already set to " + value);
            }
        }

        /** The runtime the application's {@code KafkaStreams} runs (required). */
        public Builder topology(RelevansTopology topology) {
            requireUnset(this.topology, "topology");
            this.topology = Objects.requireNonNull(topology, "topology");
            return this;
        }

        /** The application's {@code KafkaStreams}, built on {@link RelevansTopology#topology()} (required). */
        public Builder streams(KafkaStreams streams) {
            requireUnset(this.streams, "streams");
            this.streams = Objects.requireNonNull(streams, "streams");
            return this;
        }

        /**
         * This instance's endpoint, {@code host:port}, exactly as its {@code application.server} setting
         * (required): the other instances reach it there, and the transport listens on its port.
         *
         * @throws IllegalArgumentException when it is not {@code host:port} with a port of 1 to 65535
         */
        public Builder applicationServer(String endpoint) {
            requireUnset(this.self, "application server");
            Objects.requireNonNull(endpoint, "application server");
            HostInfo h;
            try {
                h = HostInfo.buildFromEndpoint(endpoint);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("application server must be host:port, got '" + endpoint + "'", e);
            }
            if (h == null || h.host() == null || h.host().isBlank() || h.port() < 1 || h.port() > 65_535) {
                throw new IllegalArgumentException("application server must be host:port with a port of 1 to 65535,"
                        + " got '" + endpoint + "'");
            }
            this.self = h;
            return this;
        }

        /** How instances ask each other ({@link HttpQueryTransport#create()} by default). */
        public Builder transport(QueryTransport transport) {
            requireUnset(this.transport, "transport");
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** The moment answers are for: feature windows, memberships (the system's UTC clock by default). */
        public Builder clock(Clock clock) {
            requireUnset(this.clock, "clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The queries of this instance, answering the other instances' questions from now on.
         *
         * @throws IllegalStateException when the topology, the streams or the application server is missing
         * @throws java.io.UncheckedIOException when the transport cannot listen
         */
        public RelevansQueries build() {
            if (topology == null) {
                throw new IllegalStateException("the topology is required");
            }
            if (streams == null) {
                throw new IllegalStateException("the streams are required");
            }
            if (self == null) {
                throw new IllegalStateException("the application server is required (this instance's"
                        + " application.server, host:port)");
            }
            QueryTransport t = transport != null ? transport : HttpQueryTransport.create();
            ClusterQueries q = new ClusterQueries(topology.steps(), clock != null ? clock : Clock.systemUTC(),
                    new StreamsPlacement(streams, self), t);
            t.serve(self, q::answer);
            return new RelevansQueries(q, t);
        }
    }
}
