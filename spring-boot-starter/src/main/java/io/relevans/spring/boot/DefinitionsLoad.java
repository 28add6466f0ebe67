package io.relevans.spring.boot;

import io.relevans.dsl.Diagnostic;
import io.relevans.dsl.ReloadResult;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One load of the definitions files, at start or by a reload: where from, when, whether the engine now
 * runs them, and the diagnostics and refusals. When {@code loaded} is false the engine kept what it ran.
 *
 * @param source      where the files were read, such as {@code class path folder relevans}
 * @param at          when, on the engine's clock
 * @param loaded      whether the engine runs the definitions read
 * @param diagnostics errors and warnings in the files, {@code file:line:col}; an error means not loaded
 * @param refusals    problems without a file position: why the engine refused the definitions, why the
 *                    files could not be read, or that there were none
 */
public record DefinitionsLoad(String source, Instant at, boolean loaded, List<Diagnostic> diagnostics,
                              List<String> refusals) {

    /** Copies the lists; never null parts. */
    public DefinitionsLoad {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(at, "at");
        diagnostics = List.copyOf(diagnostics);
        refusals = List.copyOf(refusals);
    }

    /** The outcome of a {@code DefinitionsReloader} reload at a moment. */
    public static DefinitionsLoad of(ReloadResult result, Instant at) {
        return new DefinitionsLoad(result.source(), at, result.loaded(), result.diagnostics(), result.refusals());
    }

    /** A load that did not happen, for the reason given. */
    public static DefinitionsLoad refused(String source, Instant at, String reason) {
        return new DefinitionsLoad(source, at, false, List.of(), List.of(reason));
    }

    /** The diagnostics, then the refusals, one per line ({@code file:line:col: error: message}). */
    public String report() {
        return Stream.concat(diagnostics.stream().map(Diagnostic::format),
                        refusals.stream().map(r -> source + ": " + r))
                .collect(Collectors.joining("\n"));
    }
}
