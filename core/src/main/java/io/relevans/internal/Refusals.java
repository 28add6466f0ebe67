package io.relevans.internal;

import io.relevans.history.ImportRefusal;
import io.relevans.history.ImportReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The refusals of an import or a backtest's replay: all counted, the first {@link ImportReport#MAX_REFUSALS}
 * listed, in the order met.
 */
public final class Refusals {

    private final List<ImportRefusal> listed = new ArrayList<>();
    private long count;

    /** Counts a refusal, and lists it while the list has room. */
    public void add(long line, String reason) {
        count++;
        if (listed.size() < ImportReport.MAX_REFUSALS) {
            listed.add(new ImportRefusal(line, reason));
        }
    }

    /** How many were refused. */
    public long count() {
        return count;
    }

    /** The ones listed (the list itself, to sort). */
    public List<ImportRefusal> listed() {
        return listed;
    }
}
