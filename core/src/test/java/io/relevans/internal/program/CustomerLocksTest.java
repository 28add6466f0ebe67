package io.relevans.internal.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class CustomerLocksTest {

    private static CustomerId customer(int n) {
        return CustomerId.derivedFrom(Identity.email("c" + n + "@example.com"));
    }

    @Test
    void stripesMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new CustomerLocks(0));
        assertThrows(IllegalArgumentException.class, () -> new CustomerLocks(12));
    }

    @Test
    void lockAllHoldsEveryStripeUntilClosed() {
        CustomerLocks locks = new CustomerLocks(64);
        Set<CustomerId> ids = Set.of(customer(1), customer(2), customer(3));
        try (CustomerLocks.Held held = locks.lockAll(ids)) {
            for (CustomerId id : ids) {
                assertTrue(held.covers(id));
                assertTrue(((ReentrantLock) locks.of(id)).isHeldByCurrentThread());
            }
        }
        for (CustomerId id : ids) {
            assertFalse(((ReentrantLock) locks.of(id)).isLocked(), "unlocked after close");
        }
    }

    @Test
    void customersAreSpreadOverStripes() {
        CustomerLocks locks = new CustomerLocks(1024);
        Set<Object> used = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            used.add(locks.of(customer(i)));
        }
        assertTrue(used.size() > 500, "1,000 customers on " + used.size() + " stripes");
    }

    @Test
    void overlappingLockAllsInOppositeOrdersDoNotDeadlock() throws Exception {
        CustomerLocks locks = new CustomerLocks(8);
        List<CustomerId> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(customer(i));
        }
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            boolean reversed = t % 2 == 1;
            runs.add(pool.submit(() -> {
                start.await();
                for (int k = 0; k < 2_000; k++) {
                    // every set holds customer 0, so no two threads may be inside at once; the orders differ
                    List<CustomerId> mine = new ArrayList<>(List.of(ids.get(0), ids.get(1 + k % 5),
                            ids.get(1 + (k + 2) % 5)));
                    if (reversed) {
                        java.util.Collections.reverse(mine);
                    }
                    try (CustomerLocks.Held held = locks.lockAll(mine)) {
                        assertEquals(1, inside.incrementAndGet(), "two holders of customer 0's stripe");
                        inside.decrementAndGet();
                    }
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : runs) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(8_000, done.get());
    }
}
