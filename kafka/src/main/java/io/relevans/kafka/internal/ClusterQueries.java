package io.relevans.kafka.internal;

import io.relevans.CustomerView;
import io.relevans.Explanation;
import io.relevans.Offer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.internal.step.CustomerStep;
import io.relevans.kafka.QueryUnavailableException;
import io.relevans.kafka.spi.QueryTransport;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.Message;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queries by identity on any instance: the identity directory's owner says which customer the identity
 * leads to, the customer's owner reads their state (following the forward a merge left), and this instance
 * computes the answer with its compiled step at its clock's moment, as the embedded engine does. A key this
 * instance owns is read in place; another instance is asked through the transport.
 */
public final class ClusterQueries {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterQueries.class);
    /** Merges chained further than this while a query follows them are taken for a cycle. */
    static final int MAX_FORWARDS = 16;

    private final Supplier<CustomerStep> step;
    private final Clock clock;
    private final Placement placement;
    private final @Nullable QueryTransport transport;
    private final OwnerReads reads;

    /**
     * @param step      the compiled definitions the instance runs now
     * @param clock     the moment answers are for
     * @param placement where the state lives
     * @param transport reaches the other instances; null when there are none (every key must be local)
     */
    public ClusterQueries(Supplier<CustomerStep> step, Clock clock, Placement placement,
                          @Nullable QueryTransport transport) {
        this.step = Objects.requireNonNull(step, "step");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.placement = Objects.requireNonNull(placement, "placement");
        this.transport = transport;
        this.reads = new OwnerReads(placement);
    }

    /** The answer to another instance's question, from this instance's partitions; never throws. */
    public String answer(String question) {
        return QueryProtocol.answer(reads, question);
    }

    /** The customer linked to the identity as the engine sees them now, if any. */
    public Optional<CustomerView> customer(Identity identity) {
        return stateOf(identity, false, false).map(s -> step.get().customerView(record(s), clock.millis()));
    }

    /** Every message decision for the customer the identity belongs to, oldest first; empty when none has it. */
    public List<Message> messages(Identity identity) {
        return stateOf(identity, false, true).map(OwnedState::messages).orElse(List.of());
    }

    /**
     * Whether the customer the identity belongs to is in the segment now, condition by condition.
     *
     * @throws NoSuchElementException   when no customer has the identity
     * @throws IllegalArgumentException when no loaded segment has the name
     */
    public Explanation explain(Identity identity, String segment) {
        Objects.requireNonNull(segment, "segment");
        OwnedState s = stateOf(identity, false, false).orElseThrow(() -> noCustomer(identity));
        return CustomerAnswers.explain(step.get(), record(s), segment, clock.millis());
    }

    /**
     * The offers relevant for the customer the identity belongs to now, best first.
     *
     * @throws NoSuchElementException when no customer has the identity
     */
    public List<Offer> nextBestOffers(Identity identity) {
        OwnedState s = stateOf(identity, true, false).orElseThrow(() -> noCustomer(identity));
        return CustomerAnswers.offers(step.get(), record(s), s.timers(), clock.millis());
    }

    private static CustomerRecord record(OwnedState s) {
        return s.record().orElseThrow();
    }

    /** The error names only the identity's type: identities are personal data. */
    private static NoSuchElementException noCustomer(Identity identity) {
        return new NoSuchElementException("no customer has the " + identity.type().jsonName() + " identity");
    }

    /** The state of the customer the identity leads to, when there is a record of them. */
    private Optional<OwnedState> stateOf(Identity identity, boolean timers, boolean messages) {
        Objects.requireNonNull(identity, "identity");
        String key = CommandJson.key(identity);
        Owner directory = placement.owner(Nodes.DIRECTORY_STORE, key);
        Optional<CustomerId> found = directory.local() ? reads.directory(key, directory.partition())
                : QueryProtocol.directoryAnswer(directory.host(), ask(directory.host(),
                QueryProtocol.directoryQuestion(key, directory.partition())));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        CustomerId id = found.get();
        for (int hop = 0; hop <= MAX_FORWARDS; hop++) {
            Owner owner = placement.owner(Nodes.RECORDS_STORE, id.value());
            OwnedState s = owner.local() ? reads.customer(id, owner.partition(), timers, messages)
                    : QueryProtocol.customerAnswer(owner.host(), ask(owner.host(),
                    QueryProtocol.customerQuestion(id, owner.partition(), timers, messages)));
            if (s.record().isPresent()) {
                return Optional.of(s);
            }
            if (s.forward().isEmpty()) {
                return Optional.empty(); // the directory has it, the record is still on its way
            }
            id = s.forward().get();
        }
        LOG.warn("customer {} is forwarded more than {} times: taken for a cycle", found.get(), MAX_FORWARDS);
        return Optional.empty();
    }

    private String ask(HostInfo host, String question) {
        if (transport == null) {
            throw new QueryUnavailableException("instance " + QueryProtocol.endpoint(host) + " owns the customer and no transport reaches it",
                    null);
        }
        try {
            return transport.ask(host, question);
        } catch (UncheckedIOException e) {
            throw new QueryUnavailableException("instance " + QueryProtocol.endpoint(host) + " did not answer: " + e.getMessage(), e);
        }
    }
}
