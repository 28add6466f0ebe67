package io.relevans;

import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The outcome of re-evaluating every stored customer's segments at one moment, as windows slide and
 * attributes age without new events.
 *
 * @param customers how many customers were evaluated
 * @param changed   how many customers' memberships changed
 * @param entered   per segment, how many customers entered it
 * @param exited    per segment, how many customers left it
 * @param sizes     per segment, how many members it has now
 * @param elapsed   how long the run took (wall clock; not part of deterministic results)
 * @param filling   the segments that test a feature being filled from the event archive (a backfill after
 *                  a reload): their sizes may still change, and their entries start no program until it ends
 */
public record ResegmentationReport(long customers, long changed, SortedMap<String, Long> entered,
                                   SortedMap<String, Long> exited, SortedMap<String, Long> sizes,
                                   Duration elapsed, SortedSet<String> filling) {
    /** Copies the maps. */
    public ResegmentationReport {
        entered = Collections.unmodifiableSortedMap(new TreeMap<>(entered));
        exited = Collections.unmodifiableSortedMap(new TreeMap<>(exited));
        sizes = Collections.unmodifiableSortedMap(new TreeMap<>(sizes));
        Objects.requireNonNull(elapsed, "elapsed");
        filling = Collections.unmodifiableSortedSet(new TreeSet<>(filling));
    }

    /** A report with no segment filling. */
    public ResegmentationReport(long customers, long changed, SortedMap<String, Long> entered,
                                SortedMap<String, Long> exited, SortedMap<String, Long> sizes, Duration elapsed) {
        this(customers, changed, entered, exited, sizes, elapsed, new TreeSet<>());
    }

    /** The same report, naming the segments that test a feature being filled. */
    public ResegmentationReport filling(SortedSet<String> segments) {
        return new ResegmentationReport(customers, changed, entered, exited, sizes, elapsed, segments);
    }
}
