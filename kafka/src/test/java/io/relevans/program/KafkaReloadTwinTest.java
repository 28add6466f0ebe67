package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Channel;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.Features;
import io.relevans.definition.Program;
import io.relevans.definition.Segment;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.definition.Window;
import io.relevans.dsl.Relang;
import io.relevans.event.EventType;
import io.relevans.internal.json.StoredJson;
import io.relevans.kafka.TimeSource;
import io.relevans.spi.Message;
import io.relevans.spi.Timer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Definitions reloaded in the middle of the program workload, on the embedded engine ({@code Relevans.load})
 * and on the Kafka runtime's topology (the record {@code RelevansDefinitions.publish} writes, read from the
 * definitions topic): a program dropped while customers wait in it, a segment's threshold changed, a segment
 * on a feature the old definitions did not have, a program it starts. Both store the same customers, timers
 * and messages byte for byte and deliver the same messages: the same rule for customers waiting in a program
 * (they keep their place where the program still has their step), the same new features starting empty.
 */
class KafkaReloadTwinTest {

    /** Version 2: no review program, big spenders from 4,000, viewers, and a welcome for them. */
    static Definitions reloaded() {
        Set<String> shapes = new HashSet<>(ProgramWorkload.SHAPES);
        shapes.remove("review");
        Definitions v1 = ProgramWorkload.definitions(shapes, 1);
        List<Segment> segments = new ArrayList<>();
        for (Segment s : v1.segments()) {
            segments.add(s.name().equals("big_spender") ? Segment.named("big_spender").when(Features.sum(
                    EventType.PURCHASE, "line.amount").within(Window.days(30)).atLeast(4_000)) : s);
        }
        segments.add(Segment.named("viewer").when(Features.count(EventType.PRODUCT_VIEW).within(Window.days(7))
                .atLeast(2)));
        Definitions.Builder b = Definitions.builder().segments(segments).policies(v1.policies());
        v1.programs().forEach(b::program);
        b.program(Program.named("welcome").on(Trigger.entered("viewer")).priority(2)
                .steps(Steps.send("hello", ChannelChoice.preferred(Channel.EMAIL), "welcome").build()).build());
        return b.build();
    }

    @ParameterizedTest(name = "seed {0} on {1}")
    @CsvSource({"8, STREAM_TIME", "9, WALL_CLOCK"})
    void reloadMidway_sameCustomersTimersAndMessagesAsTheEmbeddedEngine(long seed, TimeSource time)
            throws Exception {
        Instant start = ProgramWorkload.START;
        Definitions v1 = ProgramWorkload.definitions(new HashSet<>(ProgramWorkload.SHAPES), 1);
        Definitions v2 = reloaded();
        assertEquals(v2, Relang.parse("v2.rel", Relang.print(v2)).orThrow(), "the text reads back equal");
        try (KafkaTwin twin = new KafkaTwin(v1, KafkaTwin.templates(), start, time)) {
            StreamWorkload before = new StreamWorkload(twin, seed, start, true);
            before.run(60, false); // customers wait in programs at the reload
            Instant reload = before.now;
            List<String> waitingInReview = new ArrayList<>();
            twin.embeddedTimers().forEach((customer, timers) -> timers.stream().map(StoredJson::readTimer)
                    .filter(t -> t.program().equals("review") && t.kind() == Timer.Kind.RESUME)
                    .forEach(t -> waitingInReview.add(customer)));
            assertEquals(0, twin.relevans.definitionsVersion());

            twin.reload(2, v2);
            assertEquals(2, twin.relevans.definitionsVersion(), "the runtime runs version 2");
            new StreamWorkload(twin, seed + 100, reload, true).run(80);

            twin.assertSameAsEmbedded();
            List<Message> after = twin.kafkaMessages().values().stream().map(StoredJson::readMessage)
                    .filter(m -> m.decidedAt().isAfter(reload)).toList();
            assertTrue(after.stream().anyMatch(m -> m.program().equals("welcome")),
                    "the new program decides after the reload");
            assertFalse(after.stream().anyMatch(m -> m.program().equals("review")),
                    "the dropped program decides nothing after the reload");
            assertFalse(waitingInReview.isEmpty(), "customers waited in the dropped program at the reload");
        }
    }
}
