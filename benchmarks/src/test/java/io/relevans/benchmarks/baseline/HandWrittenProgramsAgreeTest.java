package io.relevans.benchmarks.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.benchmarks.StreamClock;
import io.relevans.benchmarks.workload.Workload;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.Message;
import io.relevans.spi.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The hand-written twin of the engine with programs does the programs' work: after every event of a
 * stream of four days (quiet hours, re-entry periods, birthdays passing) it has started the same programs
 * at the same moments, its journeys wait at the same steps until the same moments (with the same
 * since-trigger marks, control groups and split variants), its time triggers are due at the same moments,
 * and it decided the same messages with the same outcomes as the engine.
 */
class HandWrittenProgramsAgreeTest {

    @Test
    @DisplayName("the twin starts, waits and decides as the engine's 30 programs, event by event")
    void twin_agreesWithTheEngine() {
        Workload w = Workload.generate(11, 150);
        StreamClock clock = new StreamClock(Workload.NOW);
        RelevansEvaluator engine = (RelevansEvaluator) Baseline.RELEVANS_PROGRAMS.create(w, clock);
        HandWrittenProgramsEvaluator twin = (HandWrittenProgramsEvaluator) Baseline.HAND_WRITTEN_PROGRAMS.create(w,
                clock);
        engine.preload(0, 120); // the rest arrive as new customers through the live events
        twin.preload(0, 120);
        Map<String, Integer> seen = new TreeMap<>();
        for (Event event : w.live(6_000, Duration.ofMinutes(1))) {
            clock.set(event.time());
            assertEquals(engine.ingest(event), twin.ingest(event), "memberships after " + event);
            Identity who = event.customer();
            CustomerId id = engine.store().lookup(who).orElseThrow();
            CustomerRecord rec = engine.store().load(id).orElseThrow();
            SortedMap<String, Instant> starts = rec.starts();
            assertEquals(starts, twin.starts(who), "program starts after " + event);
            List<String> timers = new ArrayList<>();
            for (Timer t : engine.engine().waiting(id)) {
                timers.add(HandWrittenProgramsEvaluator.timer(t.program(), t.kind().name(), t.step(), t.due(),
                        !t.since().isEmpty(), t.control(), t.variant()));
            }
            timers.sort(null);
            assertEquals(timers, twin.timers(who), "waiting journeys and time triggers after " + event);
            List<String> messages = new ArrayList<>();
            for (Message m : engine.engine().messages(id)) {
                messages.add(HandWrittenProgramsEvaluator.message(m.program(), m.step(), m.status(), m.decidedAt()));
            }
            messages.sort(null);
            assertEquals(messages, twin.messages(who), "messages after " + event);
            starts.forEach((p, at) -> {
                if (at.equals(event.time())) {
                    seen.merge("start " + p.substring(0, p.indexOf('_')), 1, Integer::sum);
                }
            });
            timers.forEach(t -> seen.merge(t.contains(" since") ? "since" : t.contains("RESUME mail_") ? "quiet hours"
                    : "timer", 1, Integer::sum));
            messages.forEach(m -> seen.merge(m.substring(0, m.indexOf('_')) + " " + m.split(" ")[2], 1, Integer::sum));
        }
        // the stream exercised every kind of decision the twin makes
        for (String kind : List.of("start cart", "start review", "start browse", "start vip", "start winback",
                "start service", "start store", "since", "quiet hours", "vip PENDING", "vip SUPPRESSED",
                "cart SUPPRESSED")) {
            assertTrue(seen.getOrDefault(kind, 0) > 0, "no " + kind + " in the stream: " + seen);
        }
        // re-segmentation is BaselinesAgreeTest's (the stream clock is per thread, re-segmentation runs on many)
    }
}
