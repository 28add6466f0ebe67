package io.relevans.internal.engine;

import java.util.List;

/**
 * The outcome of one condition and its parts, as the direct evaluator recorded it; the engine turns it
 * into an {@link io.relevans.Explanation}.
 *
 * @param condition the condition as text
 * @param held      whether it held
 * @param seen      the value seen, empty for and/or/not
 * @param parts     the parts' outcomes
 */
public record Verdict(String condition, boolean held, String seen, List<Verdict> parts) {
    /** Copies the parts. */
    public Verdict {
        parts = List.copyOf(parts);
    }
}
