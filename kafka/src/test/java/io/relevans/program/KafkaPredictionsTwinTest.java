package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.Channel;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.Features;
import io.relevans.definition.Program;
import io.relevans.definition.Segment;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.kafka.TimeSource;
import io.relevans.prediction.CustomerBaseModel;
import io.relevans.prediction.PredictionFeaturesTest;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Prediction features on the Kafka runtime: the program workload with segments on {@code p_alive} and
 * {@code expected_purchases} and a program that starts on one, on the embedded engine (the model taken from
 * its storage at a tick) and on the topology (the model read from the definitions topic, as
 * {@code RelevansDefinitions.publishModel} writes it). Without a model the predictions have no value on
 * either; after each model version (a second one replaces the first midway) both store the same customers,
 * timers and messages byte for byte and deliver the same messages.
 */
class KafkaPredictionsTwinTest {

    /** The program workload, a segment on each of two predictions, and a program that starts on one. */
    static Definitions definitions() {
        Definitions base = ProgramWorkload.definitions(new HashSet<>(ProgramWorkload.SHAPES), 1);
        Definitions.Builder b = Definitions.builder().segments(base.segments()).policies(base.policies());
        b.segment(Segment.named("probably_lapsing").when(Features.probabilityAlive().lessThan(0.9)));
        b.segment(Segment.named("coming_back").when(Features.expectedPurchases(Duration.ofDays(90)).atLeast(0.5)));
        base.programs().forEach(b::program);
        b.program(Program.named("predicted_return").on(Trigger.entered("coming_back")).priority(2)
                .steps(Steps.send("hello", ChannelChoice.preferred(Channel.EMAIL), "welcome").build()).build());
        return b.build();
    }

    /** A model fitted on a year of a few hundred customers' purchases (seeded), usable. */
    static CustomerBaseModel fitted(long seed, int customers) {
        VirtualClock clock = VirtualClock.at(PredictionFeaturesTest.START.plus(Duration.ofDays(365)));
        Relevans engine = Relevans.builder().clock(clock).storage(Storage.inMemory())
                .definitions(PredictionFeaturesTest.DEFINITIONS).build();
        engine.historyImport().events(PredictionFeaturesTest.history(customers, seed).iterator());
        CustomerBaseModel m = engine.fitPredictions();
        assertTrue(m.usable(), () -> "the fit is usable: " + m.summary());
        return m;
    }

    @ParameterizedTest(name = "seed {0} on {1}")
    @CsvSource({"11, STREAM_TIME", "12, WALL_CLOCK"})
    void modelsPublishedMidway_sameCustomersTimersAndMessagesAsTheEmbeddedEngine(long seed, TimeSource time)
            throws Exception {
        CustomerBaseModel first = fitted(1, 300);
        CustomerBaseModel second = fitted(2, 400).withVersion(2);
        try (KafkaTwin twin = new KafkaTwin(definitions(), KafkaTwin.templates(), ProgramWorkload.START, time)) {
            StreamWorkload before = new StreamWorkload(twin, seed, ProgramWorkload.START, true);
            before.run(40, false);
            assertEquals(twin.embeddedRecords(), twin.kafkaRecords(), "customer records before a model");
            assertFalse(anyPrediction(twin), "no prediction has a value before a model");
            assertTrue(twin.relevans.predictionModel().isEmpty());

            Instant one = twin.publishModel(first);
            assertEquals(1, twin.relevans.predictionModel().orElseThrow().version(), "the runtime uses v1");
            new StreamWorkload(twin, seed + 100, one, true).run(40, false);
            assertTrue(anyPrediction(twin), "predictions have values with a model");

            Instant two = twin.publishModel(second);
            assertEquals(2, twin.relevans.predictionModel().orElseThrow().version(), "the runtime uses v2");
            new StreamWorkload(twin, seed + 200, two.plus(Duration.ofMinutes(2)), true).run(40);

            twin.assertSameAsEmbedded();
            assertTrue(segmentHasMembers(twin, "coming_back") || segmentHasMembers(twin, "probably_lapsing"),
                    "a segment on a prediction has members");
        }
    }

    private static boolean anyPrediction(KafkaTwin twin) {
        boolean[] any = {false};
        twin.store.forEach(r -> twin.embedded.customer(r.id()).ifPresent(v -> any[0] |= v.features().keySet()
                .stream().anyMatch(f -> f.startsWith("p_alive") || f.startsWith("expected_purchases"))));
        return any[0];
    }

    private static boolean segmentHasMembers(KafkaTwin twin, String segment) {
        boolean[] any = {false};
        twin.store.forEach((CustomerRecord r) -> any[0] |= r.segments().contains(segment));
        return any[0];
    }
}
