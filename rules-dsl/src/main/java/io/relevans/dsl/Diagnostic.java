package io.relevans.dsl;

import java.util.Comparator;
import java.util.Objects;

/**
 * One problem found in a definitions file: where it is and what is wrong, such as
 * {@code shop.rel:4:3: error: expected a condition, found 'adn'; did you mean 'and'?}.
 *
 * @param file    the file name as given to the parser
 * @param line    the line, from 1
 * @param column  the column, from 1
 * @param message what was found, what was expected, and a hint where one is likely
 */
public record Diagnostic(String file, int line, int column, String message) {

    /** Orders diagnostics by file, line and column. */
    public static final Comparator<Diagnostic> ORDER = Comparator.comparing(Diagnostic::file)
            .thenComparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column);

    /** Never null; line and column from 1. */
    public Diagnostic {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    /** The diagnostic as {@code file:line:col: error: message}. */
    public String format() {
        return file + ":" + line + ":" + column + ": error: " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
