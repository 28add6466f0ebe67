package io.relevans.spi;

import java.util.List;

/**
 * Where the winners of A/B splits are kept ({@link SplitDecision}), one per program and split, so that
 * every engine on a storage, and an engine after a restart, sends new entrants of a decided split to
 * the same winner. Implementations must be safe to call from several threads; a store shared by several
 * processes must keep the first decision stored against concurrent ones.
 */
public interface SplitDecisionStore {

    /**
     * Stores the decision unless one is stored for its program and split already.
     *
     * @return the decision stored for the program and split: this one, or the one stored before it
     */
    SplitDecision decide(SplitDecision decision);

    /** Every stored decision, by program, then split. */
    List<SplitDecision> all();

    /** A store in memory, for engines of one process. */
    static SplitDecisionStore inMemory() {
        return new InMemorySplitDecisions();
    }
}
