package io.relevans.internal.engine;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The result of one evaluation: the names of the segments and hidden conditions that hold, sorted by
 * name (made without comparing names: the compiled definitions know the order), with membership tests
 * by id. A sorted copy of it ({@code new TreeSet<>(verdicts)}, a stored record's names) is made in one
 * pass. Immutable as a set; in an evaluation whose hidden conditions are decided on demand, the set holds
 * the segments only and {@link #holds} decides a hidden condition the first time it is asked for (the
 * result is then confined to the thread asking, as the round it belongs to is).
 */
final class Verdicts extends AbstractSet<String> implements SortedSet<String> {

    /** Evaluates the hidden condition with the index (its id less the segment count) into {@code held}. */
    interface OnDemand {
        void decide(int hidden);
    }

    private final String[] sorted;
    private final boolean[] held;
    private final Map<String, Integer> ids;
    private final boolean keepsPrevious;
    /** How many of the ids are segments': the hidden conditions' follow. */
    private final int segments;
    private final @Nullable OnDemand onDemand;
    /** By hidden condition, whether it was decided on demand; empty when they all were with the segments. */
    private final boolean[] decided;

    /**
     * @param sorted        the names that hold, in natural order
     * @param held          by verdict id, whether it holds (for a hidden condition decided on demand, once it is)
     * @param ids           every verdict name's id
     * @param keepsPrevious whether the segments that hold are exactly the previous memberships given
     * @param segments      how many ids are segments' (the lower ones)
     * @param onDemand      decides a hidden condition, or null when every one is decided in {@code held}
     */
    Verdicts(String[] sorted, boolean[] held, Map<String, Integer> ids, boolean keepsPrevious, int segments,
             @Nullable OnDemand onDemand) {
        this.sorted = sorted;
        this.held = held;
        this.ids = ids;
        this.keepsPrevious = keepsPrevious;
        this.segments = segments;
        this.onDemand = onDemand;
        this.decided = new boolean[onDemand == null ? 0 : held.length - segments];
    }

    /** Whether the segments that hold are exactly the previous memberships the evaluation was given. */
    boolean keepsPrevious() {
        return keepsPrevious;
    }

    /** Whether the segment or hidden condition holds, deciding a hidden condition on demand the first time. */
    boolean holds(String name) {
        Integer id = ids.get(name);
        if (id == null) {
            return false;
        }
        OnDemand d = onDemand;
        if (d != null && id >= segments && !decided[id - segments]) {
            decided[id - segments] = true;
            d.decide(id - segments);
        }
        return held[id];
    }

    @Override
    public boolean contains(Object o) {
        Integer id = ids.get(o);
        // decided on demand, hidden conditions are not among the elements
        return id != null && held[id] && (onDemand == null || id < segments);
    }

    @Override
    public int size() {
        return sorted.length;
    }

    @Override
    public Iterator<String> iterator() {
        return Arrays.asList(sorted).iterator(); // read-only: remove is unsupported
    }

    @Override
    public @Nullable Comparator<? super String> comparator() {
        return null;
    }

    @Override
    public String first() {
        if (sorted.length == 0) {
            throw new NoSuchElementException();
        }
        return sorted[0];
    }

    @Override
    public String last() {
        if (sorted.length == 0) {
            throw new NoSuchElementException();
        }
        return sorted[sorted.length - 1];
    }

    @Override
    public SortedSet<String> subSet(String from, String to) {
        return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(this).subSet(from, to));
    }

    @Override
    public SortedSet<String> headSet(String to) {
        return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(this).headSet(to));
    }

    @Override
    public SortedSet<String> tailSet(String from) {
        return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(this).tailSet(from));
    }
}
