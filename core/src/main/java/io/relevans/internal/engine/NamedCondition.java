package io.relevans.internal.engine;

import io.relevans.definition.Condition;
import java.util.Objects;

/**
 * A condition compiled and evaluated together with the segments but not a segment itself: a program's
 * audience, exit, branch or relevance condition, a category exclusion. Names start with {@code #} so
 * they can never clash with segment names; {@code scope} is the program whose "since trigger"
 * conditions are meant.
 *
 * @param name      the name, starting with {@code #}
 * @param condition the condition
 * @param scope     the program's name, or empty
 * @param owner     who the condition belongs to, for error messages, such as {@code program 'welcome'}
 */
public record NamedCondition(String name, Condition condition, String scope, String owner) {
    /** @throws IllegalArgumentException when the name does not start with # */
    public NamedCondition {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(owner, "owner");
        if (!name.startsWith("#")) {
            throw new IllegalArgumentException("hidden condition names start with #, got " + name);
        }
    }

    /** Whether a verdict name is a hidden condition rather than a segment. */
    public static boolean isHidden(String name) {
        return name.startsWith("#");
    }
}
