package io.relevans.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.Identity;
import io.relevans.definition.Definitions;
import io.relevans.definition.Features;
import io.relevans.definition.Segment;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.internal.json.StoredJson;
import io.relevans.internal.step.CustomerStep;
import io.relevans.kafka.QueryUnavailableException;
import io.relevans.kafka.spi.QueryTransport;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.SimpleTemplates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Queries between two instances: A owns the identity directory's partition, B the customers'. A asks B
 * through the transport; the answer is the embedded engine's. Forwards left by merges are followed; an
 * owner that cannot answer, a transport that fails and an unreadable answer are errors that name the
 * instance, never the identity.
 */
class ClusterQueriesTest {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final HostInfo A = new HostInfo("a.internal", 7070);
    private static final HostInfo B = new HostInfo("b.internal", 7070);
    private static final Identity ANNA = Identity.email("anna@example.com");

    private static Definitions definitions() {
        return Definitions.builder()
                .segment(Segment.named("viewer").when(Features.count(EventType.PRODUCT_VIEW).within(Window.days(30))
                        .atLeast(2)))
                .build();
    }

    /** One instance's stores and the owner of every key: the directory on A, the customers on B. */
    private static final class Instance implements Placement {
        final HostInfo self;
        final Map<String, MapStore> stores = new HashMap<>();
        boolean gone;

        Instance(HostInfo self) {
            this.self = self;
        }

        MapStore of(String store) {
            return stores.computeIfAbsent(store, s -> new MapStore());
        }

        @Override
        public Owner owner(String store, String key) {
            HostInfo owner = store.equals(Nodes.DIRECTORY_STORE) ? A : B;
            return new Owner(owner, 0, owner.equals(self));
        }

        @Override
        public ReadOnlyKeyValueStore<String, String> store(String store, int partition) {
            if (gone) {
                throw new QueryUnavailableException("partition " + partition + " of store " + store
                        + " is not active on this instance now", null);
            }
            return of(store);
        }
    }

    /** Routes a question to the instance at its host; every question asked is kept. */
    private static class Wire implements QueryTransport {
        final Map<HostInfo, UnaryOperator<String>> instances = new HashMap<>();
        final List<String> asked = new ArrayList<>();

        @Override
        public void serve(HostInfo self, Answers answers) {
            instances.put(self, answers::answer);
        }

        @Override
        public String ask(HostInfo instance, String question) {
            asked.add(question);
            return instances.get(instance).apply(question);
        }

        @Override
        public void close() {
        }
    }

    private final VirtualClock clock = VirtualClock.at(START);
    private final InMemoryCustomerStore store = new InMemoryCustomerStore();
    private final CustomerStep step = CustomerStep.compile(definitions(), SimpleTemplates.builder().build(), Map.of());
    private final Instance a = new Instance(A);
    private final Instance b = new Instance(B);
    private final Wire wire = new Wire();
    private Relevans embedded;
    private ClusterQueries onA;
    private CustomerRecord anna;

    @BeforeEach
    void start() {
        embedded = Relevans.builder().clock(clock).store(store).definitions(definitions()).build();
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(5));
            embedded.ingest(Event.builder(EventType.PRODUCT_VIEW, ANNA, clock.instant()).property("sku", "s" + i)
                    .property("category", "tv").build());
        }
        anna = store.load(store.lookup(ANNA).orElseThrow()).orElseThrow();
        onA = new ClusterQueries(() -> step, clock, a, wire);
        ClusterQueries onB = new ClusterQueries(() -> step, clock, b, wire);
        wire.serve(A, onA::answer);
        wire.serve(B, onB::answer);
    }

    private void directory(Identity identity, String customer) {
        a.of(Nodes.DIRECTORY_STORE).put(CommandJson.key(identity), customer);
    }

    @Test
    void customerOwnedByAnotherInstance_answersAsTheEmbeddedEngine() {
        directory(ANNA, anna.id().value());
        b.of(Nodes.RECORDS_STORE).put(anna.id().value(), StoredJson.writeRecord(anna));

        assertEquals(embedded.customer(ANNA), onA.customer(ANNA));
        assertEquals(embedded.explain(ANNA, "viewer"), onA.explain(ANNA, "viewer"));
        assertTrue(onA.explain(ANNA, "viewer").member(), "three views make a viewer");
        assertEquals(embedded.nextBestOffers(ANNA), onA.nextBestOffers(ANNA));
        assertEquals(embedded.messages(ANNA), onA.messages(ANNA));
        assertTrue(wire.asked.stream().allMatch(q -> q.contains("\"read\":\"customer\"")),
                "only the customers' partition is remote: " + wire.asked);
        assertFalse(wire.asked.isEmpty(), "B was asked");
    }

    @Test
    void mergedCustomer_forwardsAreFollowed() {
        directory(ANNA, "c-old");
        b.of(Nodes.FORWARDS_STORE).put("c-old", "c-between").put("c-between", anna.id().value());
        b.of(Nodes.RECORDS_STORE).put(anna.id().value(), StoredJson.writeRecord(anna));

        assertEquals(embedded.customer(ANNA), onA.customer(ANNA));
        assertEquals(3, wire.asked.size(), "one question per customer on the way: " + wire.asked);
    }

    @Test
    void forwardsInACycle_noCustomer() {
        directory(ANNA, "c-1");
        b.of(Nodes.FORWARDS_STORE).put("c-1", "c-2").put("c-2", "c-1");

        assertEquals(Optional.empty(), onA.customer(ANNA));
        assertEquals(ClusterQueries.MAX_FORWARDS + 1, wire.asked.size());
    }

    @Test
    void identityInTheDirectoryWhoseRecordIsOnItsWay_noCustomerYet() {
        directory(ANNA, anna.id().value());

        assertEquals(Optional.empty(), onA.customer(ANNA));
        assertEquals(List.of(), onA.messages(ANNA));
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> onA.nextBestOffers(ANNA));
        assertEquals("no customer has the email identity", e.getMessage());
    }

    @Test
    void ownerNoLongerOwnsThePartition_unavailableNamingTheInstance() {
        directory(ANNA, anna.id().value());
        b.gone = true;

        QueryUnavailableException e = assertThrows(QueryUnavailableException.class, () -> onA.customer(ANNA));
        assertTrue(e.getMessage().contains("instance b.internal:7070 cannot answer now"), e.getMessage());
        assertFalse(e.getMessage().contains("anna"), "no identity in the error: " + e.getMessage());
    }

    @Test
    void transportFails_unavailableNamingTheInstance() {
        directory(ANNA, anna.id().value());
        QueryTransport down = new Wire() {
            @Override
            public String ask(HostInfo instance, String question) {
                throw new UncheckedIOException(new IOException("Connection refused"));
            }
        };
        ClusterQueries q = new ClusterQueries(() -> step, clock, a, down);

        QueryUnavailableException e = assertThrows(QueryUnavailableException.class, () -> q.customer(ANNA));
        assertTrue(e.getMessage().startsWith("instance b.internal:7070 did not answer"), e.getMessage());
    }

    @Test
    void noTransportAndAnotherOwner_unavailable() {
        directory(ANNA, anna.id().value());
        ClusterQueries alone = new ClusterQueries(() -> step, clock, a, null);

        QueryUnavailableException e = assertThrows(QueryUnavailableException.class, () -> alone.customer(ANNA));
        assertTrue(e.getMessage().contains("no transport"), e.getMessage());
    }

    @Test
    void unreadableAnswer_errorNamesTheInstance() {
        directory(ANNA, anna.id().value());
        QueryTransport garbled = new Wire() {
            @Override
            public String ask(HostInfo instance, String question) {
                return "<html>proxy error</html>";
            }
        };
        ClusterQueries q = new ClusterQueries(() -> step, clock, a, garbled);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.customer(ANNA));
        assertTrue(e.getMessage().startsWith("instance b.internal:7070 gave an unreadable answer"), e.getMessage());
    }

    @Test
    void unreadableQuestion_refusedWithTheReason() {
        assertEquals("{\"refused\":\"malformed JSON\"}", onA.answer("{not json"));
        assertEquals("{\"refused\":\"a question is a JSON object of version 1, got version 2\"}",
                onA.answer("{\"v\": 2, \"read\": \"customer\", \"key\": \"c-1\", \"partition\": 0}"));
        assertEquals("{\"refused\":\"field 'read' must be directory or customer, got 'everything'\"}",
                onA.answer("{\"v\": 1, \"read\": \"everything\", \"key\": \"c-1\", \"partition\": 0}"));
        assertEquals("{\"refused\":\"missing field 'key'\"}", onA.answer("{\"v\": 1, \"read\": \"customer\"}"));
    }

    @Test
    void refusedQuestion_errorSaysSo() {
        directory(ANNA, anna.id().value());
        QueryTransport old = new Wire() {
            @Override
            public String ask(HostInfo instance, String question) {
                return "{\"refused\": \"a question is a JSON object of version 0, got version 1\"}";
            }
        };
        ClusterQueries q = new ClusterQueries(() -> step, clock, a, old);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.customer(ANNA));
        assertTrue(e.getMessage().contains("refused the question"), e.getMessage());
        assertTrue(e.getMessage().contains("same version of relevans-kafka"), e.getMessage());
    }
}
