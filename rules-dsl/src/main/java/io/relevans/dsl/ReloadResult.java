package io.relevans.dsl;

import io.relevans.dsl.internal.ControlCharacters;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What one {@link DefinitionsReloader#reload()} did: whether the engine now runs the definitions just
 * read, and why not when it does not. Whenever {@code loaded} is false the engine kept the definitions it
 * had.
 *
 * @param source      where the files were read, such as {@code directory rules} or
 *                    {@code class path folder rules}
 * @param files       how many definitions files were read
 * @param loaded      whether the engine now runs the definitions read
 * @param diagnostics errors and warnings in the files, as from {@link Relang#parseAll}; any error means
 *                    nothing was loaded
 * @param refusals    problems without a file position: why the engine refused the definitions (such as
 *                    a template it does not know) or why they were not given to it (no files at all)
 */
public record ReloadResult(String source, int files, boolean loaded, List<Diagnostic> diagnostics,
                           List<String> refusals) {

    /** Copies the lists. */
    public ReloadResult {
        Objects.requireNonNull(source, "source");
        diagnostics = List.copyOf(diagnostics);
        refusals = List.copyOf(refusals);
    }

    /**
     * Every diagnostic as {@code file:line:col: error: message}, then every refusal as
     * {@code source: error: problem}, one per line (control characters in a problem shown escaped, as in
     * diagnostics); empty when loaded without warnings.
     */
    public String report() {
        return Stream.concat(diagnostics.stream().map(Diagnostic::format),
                        refusals.stream().map(r -> source + ": error: " + ControlCharacters.escaped(r)))
                .collect(Collectors.joining("\n"));
    }
}
