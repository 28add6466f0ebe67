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
 * pass. Immutable.
 */
final class Verdicts extends AbstractSet<String> implements SortedSet<String> {

    private final String[] sorted;
    private final boolean[] held;
    private final Map<String, Integer> ids;
    private final boolean keepsPrevious;

    /**
     * @param sorted        the names that hold, in natural order
     * @param held          by verdict id, whether it holds
     * @param ids           every verdict name's id
     * @param keepsPrevious whether the segments that hold are exactly the previous memberships given
     */
    Verdicts(String[] sorted, boolean[] held, Map<String, Integer> ids, boolean keepsPrevious) {
        this.sorted = sorted;
        this.held = held;
        this.ids = ids;
        this.keepsPrevious = keepsPrevious;
    }

    /** Whether the segments that hold are exactly the previous memberships the evaluation was given. */
    boolean keepsPrevious() {
        return keepsPrevious;
    }

    @Override
    public boolean contains(Object o) {
        Integer id = ids.get(o);
        return id != null && held[id];
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
