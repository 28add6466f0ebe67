package io.relevans.history;

import java.util.Objects;

/**
 * An event of an import (or of a backtest's replay) that was refused, the rest being imported: where it was
 * and why.
 *
 * @param line   the line number in JSON lines (from 1), or the event's position in an iterator (from 1)
 * @param reason why, naming the field and the limit or problem
 */
public record ImportRefusal(long line, String reason) {

    /** A line from 1 and a reason. */
    public ImportRefusal {
        if (line < 1) {
            throw new IllegalArgumentException("a refused line is numbered from 1, got " + line);
        }
        Objects.requireNonNull(reason, "reason");
    }

    /** The line and the reason, the line named once (a reason read from a file names it already). */
    @Override
    public String toString() {
        return reason.startsWith("line " + line + ":") ? reason : "line " + line + ": " + reason;
    }
}
