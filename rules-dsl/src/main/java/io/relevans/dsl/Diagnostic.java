package io.relevans.dsl;

import io.relevans.dsl.internal.ControlCharacters;
import java.util.Comparator;
import java.util.Objects;

/**
 * One problem found in a definitions file: where it is, how serious, and what is wrong, such as
 * {@code shop.rel:4:3: error: expected a condition, found 'adn'; did you mean 'and'?}.
 *
 * @param file     the file name as given to the parser
 * @param line     the line, from 1
 * @param column   the column, from 1
 * @param severity an error, which keeps the definitions from being used, or a warning, which does not
 * @param message  what was found, what was expected, and a hint where one is likely; control characters
 *                 in it (from names and texts in the file) are shown escaped as the language writes
 *                 them ({@code \n}, {@code \t}, a backslash and {@code u0001}), so that a diagnostic is one
 *                 line
 */
public record Diagnostic(String file, int line, int column, Severity severity, String message) {

    /** How serious a diagnostic is. */
    public enum Severity {
        /** The definitions cannot be used as written. */
        ERROR,
        /** The definitions work, but probably not as meant; they can be used. */
        WARNING;

        /** The word in {@link Diagnostic#format()}: {@code error} or {@code warning}. */
        public String word() {
            return this == ERROR ? "error" : "warning";
        }
    }

    /** Orders diagnostics by file, line and column. */
    public static final Comparator<Diagnostic> ORDER = Comparator.comparing(Diagnostic::file)
            .thenComparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column);

    /** Never null; line and column from 1; control characters in the message escaped. */
    public Diagnostic {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(severity, "severity");
        message = ControlCharacters.escaped(Objects.requireNonNull(message, "message"));
    }

    /** An error. */
    public Diagnostic(String file, int line, int column, String message) {
        this(file, line, column, Severity.ERROR, message);
    }

    /** Whether this keeps the definitions from being used. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * The diagnostic as {@code file:line:col: error: message} (or {@code warning:}), one line: control
     * characters in the file name are shown escaped too.
     */
    public String format() {
        return ControlCharacters.escaped(file) + ":" + line + ":" + column + ": " + severity.word() + ": " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
