package io.relevans.kafka.internal;

import io.relevans.Explanation;
import io.relevans.Offer;
import io.relevans.definition.Program;
import io.relevans.definition.Segment;
import io.relevans.internal.engine.CompiledSegments;
import io.relevans.internal.engine.Verdict;
import io.relevans.internal.program.Round;
import io.relevans.internal.step.CustomerStep;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.Timer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The answers about one customer computed from their stored state with the compiled step, as the embedded
 * engine's {@code Relevans.customer}, {@code explain} and {@code nextBestOffers} compute them (the same
 * calls on the step; no feature is ever being filled on this runtime, which has no backfills).
 */
final class CustomerAnswers {

    private CustomerAnswers() {
    }

    /**
     * Whether the customer is in the segment at the moment, condition by condition.
     *
     * @throws IllegalArgumentException when no loaded segment has the name
     */
    static Explanation explain(CustomerStep s, CustomerRecord r, String segment, long now) {
        CompiledSegments c = s.segments();
        Segment seg = c.segment(segment);
        if (seg == null) {
            throw new IllegalArgumentException("unknown segment '" + segment + "'; loaded segments: "
                    + c.order().stream().map(Segment::name).sorted().toList());
        }
        double[] values = c.plan().values(r.features(), now);
        Set<String> in = c.evaluate(r.customer(), values, now, Set.of(), r.segments());
        return new Explanation(r.id(), segment, in.contains(segment), Instant.ofEpochMilli(now),
                step(c.explain(seg, r.customer(), r.features(), values, now, in)));
    }

    private static Explanation.Step step(Verdict v) {
        return new Explanation.Step(v.condition(), v.held(), v.seen(), v.parts().stream().map(CustomerAnswers::step)
                .toList());
    }

    /** The offers of the programs whose audience the customer is in at the moment, best first. */
    static List<Offer> offers(CustomerStep s, CustomerRecord r, List<Timer> timers, long now) {
        Round round = s.view(r, timers, now);
        List<Offer> out = new ArrayList<>();
        for (Program p : s.runner().offers(round)) {
            out.add(new Offer(p.name(), p.description(), p.promotes().stream().map(c -> c.name()).toList(),
                    p.priority(), p.offer()));
        }
        return out;
    }
}
