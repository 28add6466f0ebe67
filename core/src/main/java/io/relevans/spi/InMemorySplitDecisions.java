package io.relevans.spi;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;

/** {@link SplitDecisionStore#inMemory()}: decisions by program and split, the first one kept. */
final class InMemorySplitDecisions implements SplitDecisionStore {

    private final ConcurrentSkipListMap<String, SplitDecision> decisions = new ConcurrentSkipListMap<>();

    @Override
    public SplitDecision decide(SplitDecision decision) {
        Objects.requireNonNull(decision, "decision");
        SplitDecision before = decisions.putIfAbsent(decision.program() + "\u0000" + decision.split(), decision);
        return before != null ? before : decision;
    }

    @Override
    public List<SplitDecision> all() {
        return List.copyOf(decisions.values());
    }
}
