package io.relevans;

import io.relevans.definition.Step;
import io.relevans.spi.SplitDecision;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an A/B split that picks a winner stands ({@link Relevans#splits()}): the figures its rule sees
 * now and, once taken, the decision: the winner, when, and the figures it was decided from.
 *
 * @param program  the program
 * @param split    the split's step label
 * @param rule     the split's winner rule
 * @param figures  each variant's messages whose goal window has ended, and how many of them converted,
 *                 now, in the split's order
 * @param decision the decision stored for the split, empty while undecided
 */
public record SplitResult(String program, String split, Step.WinnerRule rule, List<SplitDecision.Figures> figures,
                          Optional<SplitDecision> decision) {

    /** Never null parts. */
    public SplitResult {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(rule, "rule");
        figures = List.copyOf(figures);
        Objects.requireNonNull(decision, "decision");
    }

    /** The winning variant, once decided. */
    public Optional<String> winner() {
        return decision.map(SplitDecision::winner);
    }
}
