package io.relevans;

import io.relevans.customer.CustomerId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a customer is or is not in a segment: the segment's condition as a tree, each step with
 * whether it held and the value the engine saw. Safe to show to staff: it holds ids and values of
 * attributes and features, never identities.
 *
 * @param customer the customer
 * @param segment  the segment's name
 * @param member   whether the customer is in the segment
 * @param at       the moment of evaluation
 * @param root     the evaluation of the segment's condition
 * @param filling  when a feature the segment tests is being filled from the event archive (a backfill
 *                 after a reload), a note saying so: the answer may change when it is done
 */
public record Explanation(CustomerId customer, String segment, boolean member, Instant at, Step root,
                          Optional<String> filling) {

    /** Never null parts. */
    public Explanation {
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(filling, "filling");
    }

    /** An explanation with no feature filling. */
    public Explanation(CustomerId customer, String segment, boolean member, Instant at, Step root) {
        this(customer, segment, member, at, root, Optional.empty());
    }

    /**
     * One condition and its outcome.
     *
     * @param condition the condition as text
     * @param held      whether it held
     * @param seen      the value seen, such as {@code 3} or {@code "female" (declared, 2024-05-01)}, or
     *                  {@code no value}; empty for and/or/not
     * @param parts     the evaluated parts of and/or/not; empty for a leaf
     */
    public record Step(String condition, boolean held, String seen, List<Step> parts) {
        /** Copies the parts. */
        public Step {
            Objects.requireNonNull(condition, "condition");
            Objects.requireNonNull(seen, "seen");
            parts = List.copyOf(parts);
        }
    }

    /** The explanation as indented text, one condition per line, such as {@code [held] x >= 2 (seen 3)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("customer ").append(customer).append(member ? " is in " : " is not in ").append("segment ")
                .append(segment).append(" at ").append(at).append('\n');
        filling.ifPresent(f -> sb.append("  note: ").append(f).append('\n'));
        print(sb, root, 1);
        return sb.toString();
    }

    private static void print(StringBuilder sb, Step step, int depth) {
        sb.append("  ".repeat(depth)).append(step.held() ? "[held] " : "[failed] ").append(step.condition());
        if (!step.seen().isEmpty()) {
            sb.append("  (seen ").append(step.seen()).append(')');
        }
        sb.append('\n');
        for (Step p : step.parts()) {
            print(sb, p, depth + 1);
        }
    }
}
