package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Identity;
import io.relevans.kafka.TimeSource;
import io.relevans.kafka.internal.CommandJson;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Kafka runtime's topology against the embedded engine on the same events and ticks: every program
 * shape of the workload, caps, customers first known by a loyalty card or a cookie and merged when they
 * sign up (merges that go through the hand-over between customers), consents, purchases, carts,
 * complaints. Both store the same customers, timers and messages, byte for byte, deliver the same
 * messages in the same order, and resolve every identity to the same customer; whether a task keeps every
 * customer decoded or only the last one (each event's customer read from the stores again).
 */
class KafkaRuntimeTwinTest {

    @ParameterizedTest(name = "seed {0} on {1}, {2} customer(s) kept decoded")
    @CsvSource({"1, WALL_CLOCK, 1024", "2, WALL_CLOCK, 1", "3, STREAM_TIME, 1024", "4, STREAM_TIME, 1"})
    void sameCustomersTimersMessagesAndDeliveries(long seed, TimeSource time, int recent) throws Exception {
        Instant start = ProgramWorkload.START;
        try (KafkaTwin twin = new KafkaTwin(ProgramWorkload.definitions(new HashSet<>(ProgramWorkload.SHAPES),
                (int) (seed % 4)), KafkaTwin.templates(), start, time, recent, null)) {
            new StreamWorkload(twin, seed, start, true).run(120);

            twin.assertSameAsEmbedded();
            Set<String> survivors = new HashSet<>();
            for (int w = 0; w < StreamWorkload.CUSTOMERS; w++) {
                for (Identity i : StreamWorkload.identities(w)) {
                    String kafka = twin.kafkaCustomerOf(CommandJson.key(i));
                    var mine = twin.embeddedCustomerOf(i);
                    assertEquals(mine == null ? null : mine.value(), kafka, "customer of " + i);
                    if (kafka != null) {
                        survivors.add(kafka);
                    }
                }
            }
            int decided = twin.embeddedMessages().size();
            assertTrue(decided > 10, "the workload decides messages: " + decided);
            assertTrue(twin.embeddedRecords().size() < countStarts(), "customers were merged");
            assertTrue(!twin.changes.isEmpty(), "segment changes go out");
        }
    }

    /** More customers were started than survive: the anonymous ones merge at sign-up. */
    private static int countStarts() {
        return StreamWorkload.CUSTOMERS + StreamWorkload.CUSTOMERS / 2;
    }

}
