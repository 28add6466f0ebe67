package io.relevans.console.internal.desk;

import io.relevans.ReloadReport;
import io.relevans.backtest.Comparison;
import io.relevans.dsl.Diagnostic;
import java.util.List;
import java.util.Optional;

/**
 * What checking changed definitions found, before anything is loaded: the language's diagnostics, what
 * changes against the loaded definitions, a dry load on a throwaway engine, and, when a backtest of recent
 * history is configured and asked for, what the change would send differently.
 *
 * @param diagnostics   errors and warnings of the text, {@code file:line:col} positions
 * @param warnings      the definitions' own warnings (such as SMS-only marketing without a relevance condition)
 * @param changes       segments, programs and policies added, removed or changed, one per line
 * @param dryLoad       the dry load's report (features added), when the text had no error and it loaded
 * @param refusal       why the dry load refused the definitions, when it did
 * @param templatesNote why templates were not checked, when they were not
 * @param comparison    the backtest's comparison of loaded (A) and changed (B) definitions, when run
 * @param backtestNote  why no backtest ran, or what it covered
 */
public record DefinitionsCheck(List<Diagnostic> diagnostics, List<String> warnings, List<String> changes,
                               Optional<ReloadReport> dryLoad, Optional<String> refusal, Optional<String> templatesNote,
                               Optional<Comparison> comparison, Optional<String> backtestNote) {

    /** Copies the lists. */
    public DefinitionsCheck {
        diagnostics = List.copyOf(diagnostics);
        warnings = List.copyOf(warnings);
        changes = List.copyOf(changes);
    }

    /** Whether the definitions may be loaded: no error in the text, and the dry load took them. */
    public boolean loadable() {
        return diagnostics.stream().noneMatch(Diagnostic::isError) && refusal.isEmpty() && dryLoad.isPresent();
    }
}
