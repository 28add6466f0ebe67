package io.relevans.history;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * How far the backfill of features a reload added has come ({@code Relevans.backfill()}): the features,
 * the segments that test them (their entries and exits start no program until it ends), customers done.
 *
 * @param features  the features being filled from the archive, as text
 * @param segments  the segments that test them, directly or through other segments
 * @param from      the moment from which archived events are folded (the longest window the features need)
 * @param customers customers to fill
 * @param done      customers filled so far
 * @param started   when it started, on the engine's clock
 * @param finished  when it ended, if it did: all customers filled, stopped by a newer reload, or failed
 * @param failure   why it stopped, when it failed
 */
public record BackfillProgress(List<String> features, SortedSet<String> segments, Instant from, long customers, long done,
                               Instant started, Optional<Instant> finished, Optional<String> failure) {

    /** Copies the collections; never null parts. */
    public BackfillProgress {
        features = List.copyOf(features);
        segments = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(segments));
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(finished, "finished");
        Objects.requireNonNull(failure, "failure");
    }

    /** Whether it is still running. */
    public boolean running() {
        return finished.isEmpty();
    }

    @Override
    public String toString() {
        return "backfill of " + features + " from " + from + ": " + done + " of " + customers + " customers"
                + (finished.isEmpty() ? ", running" : failure.map(f -> ", failed: " + f).orElse(", done at " + finished.get()));
    }
}
