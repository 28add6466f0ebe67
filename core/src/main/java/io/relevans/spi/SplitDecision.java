package io.relevans.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The winner an A/B split that picks one ({@link io.relevans.definition.Step.WinnerRule}) decided on, with
 * the figures it was decided from. Stored once per program and split through
 * {@link SplitDecisionStore}: the first decision stored is the one every engine on the storage uses.
 *
 * @param program    the program
 * @param split      the split's step label
 * @param winner     the winning variant's name
 * @param decidedAt  when it was decided, on the deciding engine's clock
 * @param confidence the confidence the rule asked for, such as 0.95
 * @param figures    each variant's figures the rule saw, in the split's order
 */
public record SplitDecision(String program, String split, String winner, Instant decidedAt, double confidence,
                            List<Figures> figures) {

    /** @throws NullPointerException when a part is null */
    public SplitDecision {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(winner, "winner");
        Objects.requireNonNull(decidedAt, "decided at");
        figures = List.copyOf(figures);
    }

    /**
     * One variant's figures: its messages whose goal window had ended, and how many of them converted.
     *
     * @param variant   the variant's name
     * @param messages  messages decided in the variant whose conversion window had ended
     * @param converted of those, the ones followed by the program's goal within its window
     */
    public record Figures(String variant, long messages, long converted) {

        /** @throws IllegalArgumentException when a count is negative or more converted than messages */
        public Figures {
            Objects.requireNonNull(variant, "variant");
            if (messages < 0 || converted < 0 || converted > messages) {
                throw new IllegalArgumentException("figures of variant '" + variant + "' must have 0 <= converted <= "
                        + "messages, got " + converted + " of " + messages);
            }
        }

        /** Conversions per message, 0 when there are none. */
        public double conversionRate() {
            return messages == 0 ? 0 : converted / (double) messages;
        }
    }
}
