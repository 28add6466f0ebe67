package io.relevans.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/** Runs the same work on several threads at once and gathers what each run gave. */
public final class Concurrently {

    private Concurrently() {
    }

    /**
     * Calls {@code work} {@code rounds} times on each of {@code threads} threads started together, and
     * returns everything the calls gave, in no particular order.
     *
     * @throws InterruptedException when interrupted while waiting for the threads
     */
    public static <T> List<T> gather(int threads, int rounds, Supplier<List<T>> work) throws InterruptedException {
        List<T> all = Collections.synchronizedList(new ArrayList<>());
        List<Thread> started = new ArrayList<>();
        for (int k = 0; k < threads; k++) {
            started.add(new Thread(() -> {
                for (int round = 0; round < rounds; round++) {
                    all.addAll(work.get());
                }
            }));
        }
        started.forEach(Thread::start);
        for (Thread t : started) {
            t.join();
        }
        return all;
    }
}
