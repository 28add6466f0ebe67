package io.relevans.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The caching store over an in-memory store passes the store contract, and its cache is never stale. */
class CachingCustomerStoreTest extends CustomerStoreContract {

    @Override
    protected CustomerStore newStore() {
        return new CachingCustomerStore(new InMemoryCustomerStore(), 100);
    }

    @Test
    @DisplayName("a cached record is replaced by a save and gone after an erase")
    void cachedLoad_isNotStaleAfterSaveOrErase() {
        CustomerId id = CustomerId.of("c-1");
        Identity a = Identity.email("a@example.com");
        store.save(record("c-1", Set.of("old"), new byte[] {1}, a));
        assertEquals(Set.of("old"), store.load(id).orElseThrow().segments()); // now cached
        CustomerRecord newer = record("c-1", Set.of("new"), new byte[] {2}, a);

        store.save(newer);

        assertEquals(Optional.of(newer), store.load(id));
        assertTrue(store.erase(id));
        assertEquals(Optional.empty(), store.load(id));
        assertEquals(Optional.empty(), store.lookup(a));
    }

    @Test
    @DisplayName("a record loaded through the cache reflects later writes even when the cache holds one record")
    void tinyCache_loadsCurrentRecords() {
        CustomerStore tiny = new CachingCustomerStore(new InMemoryCustomerStore(), 1);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                CustomerRecord r = record("c-" + i, Set.of("r" + round), new byte[] {(byte) round},
                        Identity.email("u" + i + "@example.com"));
                tiny.save(r);
                assertEquals(Optional.of(r), tiny.load(r.id()));
            }
            for (int i = 0; i < 4; i++) {
                assertEquals(Set.of("r" + round), tiny.load(CustomerId.of("c-" + i)).orElseThrow().segments());
            }
        }
    }

    @Test
    @DisplayName("when the delegate fails to save, the previous record is still what loads")
    void failingDelegateSave_keepsPreviousRecord() {
        InMemoryCustomerStore records = new InMemoryCustomerStore();
        FailingStore failing = new FailingStore(records);
        CustomerStore caching = new CachingCustomerStore(failing, 10);
        CustomerRecord first = record("c-1", Set.of("first"), new byte[] {1}, Identity.email("a@example.com"));
        caching.save(first);
        caching.load(first.id());
        failing.failSaves = true;

        assertThrows(IllegalStateException.class, () -> caching.save(
                record("c-1", Set.of("second"), new byte[] {2}, Identity.email("a@example.com"))));

        assertEquals(Optional.of(first), caching.load(first.id()));
    }

    @Test
    @DisplayName("a load that read the delegate before a concurrent erase does not put the erased record back in the cache")
    void loadRacingErase_doesNotResurrectRecord() throws Exception {
        InMemoryCustomerStore records = new InMemoryCustomerStore();
        CustomerRecord r = record("c-1", Identity.email("a@example.com"));
        records.save(r);
        BlockingStore blocking = new BlockingStore(records);
        CustomerStore caching = new CachingCustomerStore(blocking, 10);

        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> caching.load(r.id()), "reader");
        reader.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        reader.start();
        assertTrue(blocking.readDelegate.await(10, TimeUnit.SECONDS), "reader reached the delegate");
        Thread writer = new Thread(() -> caching.erase(r.id()), "writer");
        writer.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        writer.start();
        awaitDoneOrParked(writer); // an implementation may make the erase wait for the load: both are fine
        blocking.proceed.countDown();
        reader.join(10_000);
        writer.join(10_000);

        assertEquals(null, failure.get());
        assertEquals(Optional.empty(), records.load(r.id()));
        assertEquals(Optional.empty(), caching.load(r.id()), "the cache holds a record the store no longer has");
    }

    @Test
    @DisplayName("a load that read the delegate before a concurrent save does not overwrite the cache with the old record")
    void loadRacingSave_doesNotCacheOldRecord() throws Exception {
        InMemoryCustomerStore records = new InMemoryCustomerStore();
        CustomerRecord old = record("c-1", Set.of("old"), new byte[] {1}, Identity.email("a@example.com"));
        CustomerRecord newer = record("c-1", Set.of("new"), new byte[] {2}, Identity.email("a@example.com"));
        records.save(old);
        BlockingStore blocking = new BlockingStore(records);
        CustomerStore caching = new CachingCustomerStore(blocking, 10);

        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> caching.load(old.id()), "reader");
        reader.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        reader.start();
        assertTrue(blocking.readDelegate.await(10, TimeUnit.SECONDS), "reader reached the delegate");
        Thread writer = new Thread(() -> caching.save(newer), "writer");
        writer.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        writer.start();
        awaitDoneOrParked(writer);
        blocking.proceed.countDown();
        reader.join(10_000);
        writer.join(10_000);

        assertEquals(null, failure.get());
        assertEquals(Optional.of(newer), records.load(old.id()));
        assertEquals(Optional.of(newer), caching.load(old.id()), "the cache holds an older record than the store");
    }

    /** Waits until the thread has finished or is waiting for a lock (no sleeping on time for the result). */
    private static void awaitDoneOrParked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Thread.State s = t.getState();
            if (s == Thread.State.TERMINATED || s == Thread.State.BLOCKED || s == Thread.State.WAITING) {
                return;
            }
            Thread.sleep(1);
        }
    }

    /** Lets the test stop the first load after it has read the delegate, before it returns. */
    private static final class BlockingStore extends Delegating {
        final CountDownLatch readDelegate = new CountDownLatch(1);
        final CountDownLatch proceed = new CountDownLatch(1);
        private boolean first = true;

        BlockingStore(CustomerStore delegate) {
            super(delegate);
        }

        @Override
        public Optional<CustomerRecord> load(CustomerId id) {
            Optional<CustomerRecord> r = delegate.load(id);
            boolean block;
            synchronized (this) {
                block = first;
                first = false;
            }
            if (block) {
                readDelegate.countDown();
                try {
                    proceed.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return r;
        }
    }

    private static final class FailingStore extends Delegating {
        volatile boolean failSaves;

        FailingStore(CustomerStore delegate) {
            super(delegate);
        }

        @Override
        public void save(CustomerRecord record) {
            if (failSaves) {
                throw new IllegalStateException("database down");
            }
            super.save(record);
        }
    }

    private static class Delegating extends ForwardingCustomerStore {
        final CustomerStore delegate;

        Delegating(CustomerStore delegate) {
            this.delegate = delegate;
        }

        @Override
        protected CustomerStore delegate() {
            return delegate;
        }
    }
}
