package io.relevans.internal.program;

import io.relevans.customer.CustomerId;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The engine's write locks, striped by customer id: writes to one customer (an event, a due timer, a
 * re-segmentation, an erase) are applied one at a time, writes to customers on other stripes in
 * parallel. An operation on several customers (an event that merges profiles) takes their stripes in
 * one global order, so two such operations never wait on each other in a cycle. Reentrant.
 */
public final class CustomerLocks {

    private final ReentrantLock[] stripes;

    /** @param stripes the number of stripes, a power of two */
    public CustomerLocks(int stripes) {
        if (stripes < 1 || Integer.bitCount(stripes) != 1) {
            throw new IllegalArgumentException("stripes must be a power of two, got " + stripes);
        }
        this.stripes = new ReentrantLock[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new ReentrantLock();
        }
    }

    /** The lock of the customer's stripe. */
    Lock of(CustomerId id) {
        return stripes[index(id)];
    }

    /** Locks the customer's stripe; close the result to unlock it. */
    public Held lock(CustomerId id) {
        int stripe = index(id);
        stripes[stripe].lock();
        return new Held(new int[] {stripe});
    }

    /** Locks the customer's stripe if no other thread holds it; null otherwise. Close the result to unlock it. */
    public @Nullable Held tryLock(CustomerId id) {
        int stripe = index(id);
        return stripes[stripe].tryLock() ? new Held(new int[] {stripe}) : null;
    }

    /**
     * Locks the stripes of all the customers if no other thread holds any of them; null otherwise (then
     * none is held). Close the result to unlock them.
     */
    public @Nullable Held tryLockAll(Collection<CustomerId> ids) {
        int[] wanted = ids.stream().mapToInt(this::index).distinct().sorted().toArray();
        for (int k = 0; k < wanted.length; k++) {
            if (!stripes[wanted[k]].tryLock()) {
                for (int j = k - 1; j >= 0; j--) {
                    stripes[wanted[j]].unlock();
                }
                return null;
            }
        }
        return new Held(wanted);
    }

    /** Locks the stripes of all the customers, in the global order; close the result to unlock them. */
    public Held lockAll(Collection<CustomerId> ids) {
        int[] wanted = ids.stream().mapToInt(this::index).distinct().sorted().toArray();
        int locked = 0;
        try {
            for (int i : wanted) {
                stripes[i].lock();
                locked++;
            }
        } finally {
            if (locked < wanted.length) {
                for (int k = locked - 1; k >= 0; k--) {
                    stripes[wanted[k]].unlock();
                }
            }
        }
        return new Held(wanted);
    }

    private int index(CustomerId id) {
        int h = Objects.requireNonNull(id, "customer id").hashCode() * 0x9E3779B9; // spread before masking
        return (h ^ (h >>> 16)) & (stripes.length - 1);
    }

    /** Stripes held by one operation; {@link #close()} unlocks them. */
    public final class Held implements AutoCloseable {
        private final int[] held;

        private Held(int[] held) {
            this.held = held;
        }

        /** Whether the customer's stripe is among those held. */
        public boolean covers(CustomerId id) {
            return Arrays.binarySearch(held, index(id)) >= 0;
        }

        @Override
        public void close() {
            for (int k = held.length - 1; k >= 0; k--) {
                stripes[held[k]].unlock();
            }
        }
    }
}
