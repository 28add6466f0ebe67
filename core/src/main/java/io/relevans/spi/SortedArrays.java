package io.relevans.spi;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SortedMap;
import java.util.SortedSet;
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

    /** A sorted set over an array. */
    static final class Set<E> extends AbstractSet<E> implements SortedSet<E> {
        private final E[] items;

        Set(E[] items) {
            this.items = items;
        }

        @Override
        public Iterator<E> iterator() {
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < items.length;
                }

                @Override
                public E next() {
                    if (next >= items.length) {
                        throw new NoSuchElementException();
                    }
                    return items[next++];
                }
            };
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
            if (items.length == 0) {
                throw new NoSuchElementException();
            }
            return items[0];
        }

        @Override
        public E last() {
            if (items.length == 0) {
                throw new NoSuchElementException();
            }
            return items[items.length - 1];
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
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < keys.length;
                        }

                        @Override
                        public Entry<K, V> next() {
                            if (next >= keys.length) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new SimpleImmutableEntry<>(keys[i], values[i]);
                        }
                    };
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
            if (keys.length == 0) {
                throw new NoSuchElementException();
            }
            return keys[0];
        }

        @Override
        public K lastKey() {
            if (keys.length == 0) {
                throw new NoSuchElementException();
            }
            return keys[keys.length - 1];
        }
    }
}
