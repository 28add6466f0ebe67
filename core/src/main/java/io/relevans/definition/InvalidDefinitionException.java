package io.relevans.definition;

import java.util.List;

/**
 * Definitions the engine cannot load: a reference to an unknown segment, a reference cycle, a price
 * tier of a category without a price range... The message lists every problem, each naming the
 * definition it is in. The engine keeps the definitions it had.
 */
public final class InvalidDefinitionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** @param problems one message per problem, at least one */
    public InvalidDefinitionException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems in the definitions:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, naming the definition it is in. */
    public List<String> problems() {
        return problems;
    }
}
