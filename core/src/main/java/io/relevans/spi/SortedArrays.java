package io.relevans.spi;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Sorted views of arrays already in natural order, strictly increasing (the decoder checks it), for the constructors
 * of {@code Customer} and {@code CustomerRecord} to copy from: {@code TreeMap}, {@code TreeSet} and
 * {@code SortedNames} copy a sorted collection of natural order in one pass, without comparing or rebalancing.
 * Only what those copies read works (iteration, size, comparator, first and last); the rest throws
 * {@link UnsupportedOperationException}.
 */
final class SortedArrays {

    private SortedArrays() {
    }

    /** An iterator over the positions 0 to {@code size - 1}, each item made by {@code at}. */
    static <T> Iterator<T> iterator(int size, IntFunction<T> at) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public T next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                return at.apply(next++);
            }
        };
    }

    private static <T> T item(T[] items, boolean last) {
        if (items.length == 0) {
            throw new NoSuchElementException();
        }
        return items[last ? items.length - 1 : 0];
    }

    /** A sorted set over an array. */
    static final class Set<E> extends AbstractSet<E> implements SortedSet<E> {
        private final E[] items;

        Set(E[] items) {
            this.items = items;
        }

        @Override
        public Iterator<E> iterator() {
            return SortedArrays.iterator(items.length, i -> items[i]);
        }

        @Override
        public int size() {
            return items.length;
        }

        @Override
        public Object[] toArray() {
            return items.clone();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T[] toArray(T[] a) {
            if (a.length < items.length) {
                return (T[]) Arrays.copyOf(items, items.length, a.getClass());
            }
            System.arraycopy(items, 0, a, 0, items.length);
            if (a.length > items.length) {
                a[items.length] = null;
            }
            return a;
        }

        @Override
        public @Nullable Comparator<? super E> comparator() {
            return null;
        }

        @Override
        public SortedSet<E> subSet(E fromElement, E toElement) {
            throw new UnsupportedOperationException("a decoder's view");
        }

        @Override
        public SortedSet<E> headSet(E toElement) {
            throw new UnsupportedOperationException("a decoder's view");
        }

        @Override
        public SortedSet<E> tailSet(E fromElement) {
            throw new UnsupportedOperationException("a decoder's view");
        }

        @Override
        public E first() {
            return item(items, false);
        }

        @Override
        public E last() {
            return item(items, true);
        }
    }

    /** A sorted map over an array of keys and one of values. */
    static final class Map<K, V> extends AbstractMap<K, V> implements SortedMap<K, V> {
        private final K[] keys;
        private final V[] values;

        Map(K[] keys, V[] values) {
            this.keys = keys;
            this.values = values;
        }

        @Override
        public java.util.Set<Entry<K, V>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<K, V>> iterator() {
                    return SortedArrays.iterator(keys.length, i -> new SimpleImmutableEntry<>(keys[i], values[i]));
                }

                @Override
                public int size() {
                    return keys.length;
                }
            };
        }

        @Override
        public int size() {
            return keys.length;
        }

        @Override
        public @Nullable Comparator<? super K> comparator() {
            return null;
        }

        @Override
        public SortedMap<K, V> subMap(K fromKey, K toKey) {
            throw new UnsupportedOperationException("a decoder's view");
        }

        @Override
        public SortedMap<K, V> headMap(K toKey) {
            throw new UnsupportedOperationException("a decoder's view");
        }

        @Override
        public SortedMap<K, V> tailMap(K fromKey) {
            throw new UnsupportedOperationException("a decoder's view");
        }

        @Override
        public K firstKey() {
            return item(keys, false);
        }

        @Override
        public K lastKey() {
            return item(keys, true);
        }
    }
}
