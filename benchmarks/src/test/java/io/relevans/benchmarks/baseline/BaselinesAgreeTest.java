package io.relevans.benchmarks.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.benchmarks.workload.Workload;
import io.relevans.event.Event;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every baseline evaluates the same definitions: after the same events they agree on every membership. */
class BaselinesAgreeTest {

    @Test
    void allBaselines_agreeOnEveryMembership() {
        Workload w = Workload.generate(11, 150);
        Clock clock = Clock.fixed(Workload.NOW.plus(Duration.ofDays(1)), ZoneOffset.UTC);
        Map<Baseline, SegmentEvaluator> evaluators = new EnumMap<>(Baseline.class);
        for (Baseline b : Baseline.values()) {
            SegmentEvaluator e = b.create(w, clock);
            e.preload(0, 100); // the rest arrive as new customers through the live events
            evaluators.put(b, e);
        }
        List<Event> live = w.live(600, Duration.ofSeconds(30));
        for (Event event : live) {
            Map<Baseline, Integer> counts = new EnumMap<>(Baseline.class);
            evaluators.forEach((b, e) -> counts.put(b, e.ingest(event)));
            assertEquals(1, counts.values().stream().distinct().count(), "membership counts after " + event + ": "
                    + counts);
        }
        long members = 0;
        for (int i = 0; i < w.customers(); i++) {
            SortedSet<String> reference = evaluators.get(Baseline.HAND_WRITTEN).memberships(w.identity(i));
            members += reference.size();
            for (Map.Entry<Baseline, SegmentEvaluator> e : evaluators.entrySet()) {
                assertEquals(reference, new TreeSet<>(e.getValue().memberships(w.identity(i))),
                        e.getKey() + " for customer " + i);
            }
        }
        assertTrue(members > w.customers() * 5L, "the segments should select people, got " + members);
        long total = evaluators.get(Baseline.HAND_WRITTEN).resegment();
        for (Map.Entry<Baseline, SegmentEvaluator> e : evaluators.entrySet()) {
            assertEquals(total, e.getValue().resegment(), e.getKey() + " re-segmentation");
        }
    }
}
