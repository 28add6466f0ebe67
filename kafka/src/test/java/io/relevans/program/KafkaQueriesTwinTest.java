package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Identity;
import io.relevans.definition.Definitions;
import io.relevans.definition.Segment;
import io.relevans.internal.step.CustomerStep;
import io.relevans.kafka.TimeSource;
import io.relevans.kafka.internal.ClusterQueries;
import io.relevans.kafka.internal.Owner;
import io.relevans.kafka.internal.Placement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The queries by identity on the Kafka runtime's topology ({@code TopologyTestDriver}: every key is this
 * instance's) against the embedded engine's, after the same events and ticks: customers first known by a
 * loyalty card or a cookie and merged at sign-up, every program shape. For every identity of the workload
 * and one nobody has: the same customer view, messages, explanation of every segment and next best offers,
 * or the same error.
 */
class KafkaQueriesTwinTest {

    @ParameterizedTest(name = "seed {0} on {1}")
    @CsvSource({"5, STREAM_TIME", "6, WALL_CLOCK"})
    void queriesByIdentity_answerAsTheEmbeddedEngine(long seed, TimeSource time) throws Exception {
        Instant start = ProgramWorkload.START;
        Definitions definitions = ProgramWorkload.definitions(new HashSet<>(ProgramWorkload.SHAPES), 1);
        try (KafkaTwin twin = new KafkaTwin(definitions, KafkaTwin.templates(), start, time)) {
            new StreamWorkload(twin, seed, start, true).run(120);
            CustomerStep step = CustomerStep.compile(definitions, KafkaTwin.templates(), KafkaTwin.ADDRESSES);
            ClusterQueries kafka = new ClusterQueries(() -> step, twin.clock, local(twin), null);

            List<Identity> identities = new ArrayList<>();
            for (int w = 0; w < StreamWorkload.CUSTOMERS; w++) {
                identities.addAll(StreamWorkload.identities(w));
            }
            identities.add(Identity.email("nobody@example.com"));
            int offers = 0;
            int messages = 0;
            for (Identity i : identities) {
                assertEquals(twin.embedded.customer(i), kafka.customer(i), "customer of " + i);
                assertEquals(twin.embedded.messages(i), kafka.messages(i), "messages of " + i);
                messages += kafka.messages(i).size();
                for (Segment s : definitions.segments()) {
                    KafkaTwoInstancesTest.assertSame(() -> twin.embedded.explain(i, s.name()),
                            () -> kafka.explain(i, s.name()),
                            "explanation of " + s.name() + " for " + i);
                }
                KafkaTwoInstancesTest.assertSame(() -> twin.embedded.nextBestOffers(i), () -> kafka.nextBestOffers(i),
                        "next best offers of " + i);
                offers += twin.embedded.customer(i).isPresent() ? twin.embedded.nextBestOffers(i).size() : 0;
            }
            assertTrue(messages > 10, "customers have messages: " + messages);
            assertTrue(offers > 0, "some customer has offers");
            Identity nobody = Identity.email("nobody@example.com");
            assertEquals(Optional.empty(), kafka.customer(nobody));
            assertThrows(NoSuchElementException.class, () -> kafka.nextBestOffers(nobody));
            Identity known = StreamWorkload.email(0);
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                    () -> kafka.explain(known, "no_such_segment"));
            assertTrue(unknown.getMessage().contains("unknown segment 'no_such_segment'"), unknown.getMessage());
        }
    }

    /** Every key is this instance's: the driver's stores. */
    private static Placement local(KafkaTwin twin) {
        return new Placement() {
            @Override
            public Owner owner(String store, String key) {
                return new Owner(new HostInfo("localhost", 1), 0, true);
            }

            @Override
            public ReadOnlyKeyValueStore<String, String> store(String store, int partition) {
                return twin.driver.getKeyValueStore(store);
            }
        };
    }
}
