package io.relevans.program;

import static io.relevans.definition.Conditions.attribute;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Channel;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.Program;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.kafka.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Scheduled programs on the Kafka runtime against the embedded engine's tick: a weekly newsletter for gold
 * customers among the program workload's programs starts at each moment of its schedule for every customer then in
 * its audience, on both, once per customer and moment. Both store the same customers, timers and messages and
 * deliver the same messages.
 */
class KafkaScheduleTwinTest {

    @ParameterizedTest(name = "seed {0} on {1}")
    @CsvSource({"11, WALL_CLOCK", "12, STREAM_TIME"})
    void weeklyNewsletter_startsForTheAudienceAlike(long seed, TimeSource time) throws Exception {
        Instant start = ProgramWorkload.START;
        Definitions workload = ProgramWorkload.definitions(new HashSet<>(ProgramWorkload.SHAPES), 1);
        Definitions.Builder b = Definitions.builder().segments(workload.segments()).policies(workload.policies());
        workload.programs().forEach(b::program);
        b.program(Program.named("newsletter").on(new Trigger.OnSchedule(start.plus(Duration.ofDays(4)).plus(
                        Duration.ofHours(-1)), Duration.ofDays(7))).audience(attribute("tier").is("gold"))
                .steps(Steps.send("news", ChannelChoice.preferred(Channel.EMAIL), "welcome").build()).build());
        try (KafkaTwin twin = new KafkaTwin(b.build(), KafkaTwin.templates(), start, time)) {
            new StreamWorkload(twin, seed, start, true).run(160);

            twin.assertSameAsEmbedded();
            long news = twin.embeddedMessages().values().stream().filter(m -> m.contains("\"newsletter\"")).count();
            assertTrue(news > 0, "the newsletter was decided for gold customers: " + news);
        }
    }
}
