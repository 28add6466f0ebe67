package io.relevans.dsl;

import io.relevans.definition.Definitions;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What parsing produced: the definitions that could be read and every problem found. When there are
 * diagnostics, the definitions hold only the parts that were read without error and must not be given
 * to an engine.
 *
 * @param definitions the definitions read, complete only when there are no diagnostics
 * @param diagnostics the problems, ordered by file, line and column
 */
public record ParseResult(Definitions definitions, List<Diagnostic> diagnostics) {

    /** Copies the diagnostics. */
    public ParseResult {
        Objects.requireNonNull(definitions, "definitions");
        diagnostics = List.copyOf(diagnostics);
    }

    /** Whether the text was read without any problem. */
    public boolean ok() {
        return diagnostics.isEmpty();
    }

    /** The diagnostics, one {@code file:line:col: error: message} per line; empty when ok. */
    public String report() {
        return diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
    }

    /**
     * The definitions when there were no problems.
     *
     * @throws IllegalStateException listing the diagnostics otherwise
     */
    public Definitions orThrow() {
        if (!ok()) {
            throw new IllegalStateException("definitions have errors:\n" + report());
        }
        return definitions;
    }
}
