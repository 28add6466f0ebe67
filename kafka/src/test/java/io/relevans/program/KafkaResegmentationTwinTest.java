package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.ResegmentationReport;
import io.relevans.json.EventJson;
import io.relevans.kafka.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Re-segmentation on the Kafka runtime ({@code RelevansTopology.Builder.resegmentEvery}) against the embedded
 * engine's {@code Relevans.resegment()} at the same moments (daily, during the program workload too): after it,
 * sixty quiet days pass half a day at a time; big spenders' 30-day windows and complainers' 14-day windows empty
 * without an event of theirs, so they leave those segments at a pass, and the win-back program that leaving starts
 * sends its message (once the marketing cap lets it). Both store the same customers, timers and messages and
 * deliver the same messages.
 */
class KafkaResegmentationTwinTest {

    @ParameterizedTest(name = "seed {0} on {1}")
    @CsvSource({"5, WALL_CLOCK", "6, STREAM_TIME"})
    void windowsSlideWithoutEvents_bothLeaveSegmentsAndWinBackAlike(long seed, TimeSource time) throws Exception {
        Instant start = ProgramWorkload.START;
        try (KafkaTwin twin = new KafkaTwin(ProgramWorkload.definitions(new HashSet<>(ProgramWorkload.SHAPES), 1),
                KafkaTwin.templates(), start, time, 1_024, Duration.ofDays(1))) {
            StreamWorkload workload = new StreamWorkload(twin, seed, start, true);
            workload.run(120);
            Instant quiet = workload.now;
            int passesBefore = twin.resegmentations.size(); // the runtime re-segmented daily during the workload too
            long winBacksBefore = twin.embeddedMessages().values().stream().filter(m -> m.contains("\"winback\""))
                    .count();
            for (int half = 1; half <= 120; half++) { // twice a day: sends wait for daytime
                twin.tick(quiet.plus(Duration.ofHours(12L * half)));
            }

            twin.assertSameAsEmbedded();
            long exited = twin.resegmentations.subList(passesBefore, twin.resegmentations.size()).stream()
                    .mapToLong(KafkaResegmentationTwinTest::exits).sum();
            assertTrue(exited > 0, "customers left segments at the passes: " + twin.resegmentations);
            long exitsOut = twin.changes.stream().map(kv -> EventJson.read(kv.value))
                    .filter(e -> e.time().isAfter(quiet) && e.type().name().equals("segment_exited")).count();
            assertEquals(exited, exitsOut, "each change left on the segment changes topic");
            long winBacks = twin.embeddedMessages().values().stream().filter(m -> m.contains("\"winback\"")).count();
            assertTrue(winBacks > winBacksBefore, "leaving big_spender started win-back: " + winBacksBefore + " -> "
                    + winBacks);
        }
    }

    private static long exits(ResegmentationReport r) {
        return r.exited().values().stream().mapToLong(Long::longValue).sum();
    }
}
