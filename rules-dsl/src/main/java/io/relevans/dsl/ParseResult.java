package io.relevans.dsl;

import io.relevans.definition.Definitions;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What parsing produced: the definitions that could be read and every problem found. When there are
 * errors, the definitions hold only the parts that were read without error and must not be given to an
 * engine; warnings (such as two programs with the same trigger promoting the same category) leave the
 * definitions complete and usable.
 *
 * @param definitions the definitions read, complete only when there are no errors
 * @param diagnostics the errors and warnings, ordered by file, line and column
 */
public record ParseResult(Definitions definitions, List<Diagnostic> diagnostics) {

    /** Copies the diagnostics. */
    public ParseResult {
        Objects.requireNonNull(definitions, "definitions");
        diagnostics = List.copyOf(diagnostics);
    }

    /** Whether the text was read without errors (warnings may remain). */
    public boolean ok() {
        return diagnostics.stream().noneMatch(Diagnostic::isError);
    }

    /** The errors only. */
    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    /** The warnings only. */
    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }

    /** The diagnostics, one {@code file:line:col: error: message} per line; empty when there are none. */
    public String report() {
        return diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
    }

    /**
     * The definitions when there were no errors (warnings are allowed).
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
