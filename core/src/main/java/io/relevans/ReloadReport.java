package io.relevans;

import io.relevans.history.BackfillProgress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a reload of definitions ({@link Relevans#load}) means for the features: those it added, and
 * whether they are being filled from the event archive or start from the events that come after.
 *
 * @param added      the features the new definitions use and the old ones did not, as text
 * @param startEmpty those of them that start empty: all of them when no archive is configured
 * @param backfill   the backfill filling them from the archive, when one runs
 */
public record ReloadReport(List<String> added, List<String> startEmpty, Optional<BackfillProgress> backfill) {

    /** Copies the lists; never null parts. */
    public ReloadReport {
        added = List.copyOf(added);
        startEmpty = List.copyOf(startEmpty);
        Objects.requireNonNull(backfill, "backfill");
    }
}
