package io.relevans.spi;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SortedSet;
import org.jspecify.annotations.Nullable;

/**
 * An immutable sorted set of names in one array: what {@link CustomerRecord} and the engine's ingest
 * results keep a customer's segment names in (a result takes the stored record's set as it is). A
 * {@code TreeSet} spends about 40 bytes of entry per name; a store holding a million customers in ~40
 * segments each saves over a gigabyte (docs/benchmarks.md). Natural order; no nulls; any change throws
 * {@link UnsupportedOperationException}.
 */
public final class SortedNames extends AbstractSet<String> implements SortedSet<String> {

    private static final SortedNames EMPTY = new SortedNames(new String[0]);

    private final String[] names;

    private SortedNames(String[] names) {
        this.names = names;
    }

    /**
     * The names, sorted and without duplicates; the same instance when given one (it is immutable).
     *
     * @throws NullPointerException when a name is null
     */
    public static SortedNames copyOf(Collection<String> names) {
        if (names instanceof SortedNames s) {
            return s;
        }
        if (names.isEmpty()) {
            return EMPTY;
        }
        String[] a = names.toArray(String[]::new);
        for (String n : a) {
            Objects.requireNonNull(n, "segment name");
        }
        if (!(names instanceof SortedSet<?> s && s.comparator() == null)) {
            Arrays.sort(a);
            int k = 0;
            for (int i = 0; i < a.length; i++) {
                if (k == 0 || !a[i].equals(a[k - 1])) {
                    a[k++] = a[i];
                }
            }
            a = k == a.length ? a : Arrays.copyOf(a, k);
        }
        return new SortedNames(a);
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public boolean contains(Object o) {
        return o instanceof String s && Arrays.binarySearch(names, s) >= 0;
    }

    @Override
    public Iterator<String> iterator() {
        return SortedArrays.iterator(names.length, i -> names[i]);
    }

    @Override
    public @Nullable Comparator<? super String> comparator() {
        return null;
    }

    @Override
    public SortedSet<String> subSet(String fromElement, String toElement) {
        if (fromElement.compareTo(toElement) > 0) {
            throw new IllegalArgumentException("from " + fromElement + " is after to " + toElement);
        }
        return range(index(fromElement), index(toElement));
    }

    @Override
    public SortedSet<String> headSet(String toElement) {
        return range(0, index(toElement));
    }

    @Override
    public SortedSet<String> tailSet(String fromElement) {
        return range(index(fromElement), names.length);
    }

    @Override
    public String first() {
        if (names.length == 0) {
            throw new NoSuchElementException("no segments");
        }
        return names[0];
    }

    @Override
    public String last() {
        if (names.length == 0) {
            throw new NoSuchElementException("no segments");
        }
        return names[names.length - 1];
    }

    /** The position of the first name at or after {@code name}. */
    private int index(String name) {
        int i = Arrays.binarySearch(names, Objects.requireNonNull(name, "name"));
        return i >= 0 ? i : -i - 1;
    }

    private SortedNames range(int from, int to) {
        return from >= to ? EMPTY : new SortedNames(Arrays.copyOfRange(names, from, to));
    }
}
