package io.relevans.benchmarks.baseline;

import io.relevans.benchmarks.workload.Workload;
import io.relevans.spi.EngineObserver;
import java.time.Clock;

/** The evaluators the benchmarks compare, chosen with a JMH {@code @Param}. */
public enum Baseline {
    /** The engine with the 100 segments: Drools over compact per-customer features. */
    RELEVANS,
    /** The engine with the 100 segments and the 30 programs (compared with {@link #HAND_WRITTEN_PROGRAMS}). */
    RELEVANS_PROGRAMS,
    /** The same segments as straight-line Java over the same feature state: the practical limit. */
    HAND_WRITTEN,
    /**
     * {@link #HAND_WRITTEN} with the 30 programs as straight-line Java too: the twin of
     * {@link #RELEVANS_PROGRAMS}, the limit with programs.
     */
    HAND_WRITTEN_PROGRAMS,
    /** What a newcomer writes: DRL with accumulates over each customer's raw event history, a new session per event. */
    NAIVE_DROOLS,
    /** Easy Rules (org.jeasy) with one rule per segment over the same feature state. */
    EASY_RULES;

    /** An evaluator of the workload's definitions reading time from the clock. */
    public SegmentEvaluator create(Workload workload, Clock clock) {
        return create(workload, clock, Workload.SEGMENTS);
    }

    /** An evaluator of the workload's first {@code segments} segments. */
    public SegmentEvaluator create(Workload workload, Clock clock, int segments) {
        return create(workload, clock, segments, EngineObserver.disabled());
    }

    /**
     * An evaluator of the workload's definitions whose engine tells the observer what it does.
     *
     * @throws IllegalArgumentException when the observer is not disabled and this is not the engine
     */
    public SegmentEvaluator create(Workload workload, Clock clock, EngineObserver observer) {
        return create(workload, clock, Workload.SEGMENTS, observer);
    }

    private SegmentEvaluator create(Workload workload, Clock clock, int segments, EngineObserver observer) {
        if (observer != EngineObserver.disabled() && this != RELEVANS && this != RELEVANS_PROGRAMS) {
            throw new IllegalArgumentException("only the engine has an observer, not " + this);
        }
        return switch (this) {
            case RELEVANS -> new RelevansEvaluator(workload, clock, segments, false, observer);
            case RELEVANS_PROGRAMS -> new RelevansEvaluator(workload, clock, segments, true, observer);
            case HAND_WRITTEN -> new HandWrittenEvaluator(workload, clock, segments);
            case HAND_WRITTEN_PROGRAMS -> {
                if (segments != Workload.SEGMENTS) {
                    throw new IllegalArgumentException("the programs need all " + Workload.SEGMENTS + " segments");
                }
                yield new HandWrittenProgramsEvaluator(workload, clock);
            }
            case NAIVE_DROOLS -> new NaiveDroolsEvaluator(workload, clock, segments);
            case EASY_RULES -> new EasyRulesEvaluator(workload, clock, segments);
        };
    }
}
