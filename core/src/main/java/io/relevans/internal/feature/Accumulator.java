package io.relevans.internal.feature;

import java.util.Arrays;

/**
 * One customer's cells of one feature: a bucket index and (x, y) per bucket, sorted by bucket.
 * Mutable and not thread-safe: it lives inside one update of one customer.
 */
final class Accumulator {
    long[] bucket;
    double[] x;
    long[] y;
    int size;

    Accumulator(int capacity) {
        bucket = new long[Math.max(1, capacity)];
        x = new double[bucket.length];
        y = new long[bucket.length];
    }

    /** The index of the cell for the bucket, creating it with the initial values if absent. */
    int cell(long b, double x0, long y0) {
        int i = Arrays.binarySearch(bucket, 0, size, b);
        if (i >= 0) {
            return i;
        }
        int at = -i - 1;
        if (size == bucket.length) {
            int n = bucket.length * 2;
            bucket = Arrays.copyOf(bucket, n);
            x = Arrays.copyOf(x, n);
            y = Arrays.copyOf(y, n);
        }
        System.arraycopy(bucket, at, bucket, at + 1, size - at);
        System.arraycopy(x, at, x, at + 1, size - at);
        System.arraycopy(y, at, y, at + 1, size - at);
        bucket[at] = b;
        x[at] = x0;
        y[at] = y0;
        size++;
        return at;
    }

    /** Drops the cells of buckets at or below the bound. */
    void dropUpTo(long bound) {
        int keep = 0;
        while (keep < size && bucket[keep] <= bound) {
            keep++;
        }
        if (keep > 0) {
            System.arraycopy(bucket, keep, bucket, 0, size - keep);
            System.arraycopy(x, keep, x, 0, size - keep);
            System.arraycopy(y, keep, y, 0, size - keep);
            size -= keep;
        }
    }

    Accumulator copy() {
        Accumulator c = new Accumulator(size);
        System.arraycopy(bucket, 0, c.bucket, 0, size);
        System.arraycopy(x, 0, c.x, 0, size);
        System.arraycopy(y, 0, c.y, 0, size);
        c.size = size;
        return c;
    }
}
