package io.relevans.benchmarks;

import io.relevans.benchmarks.baseline.SegmentEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Loads a workload's customers into an evaluator on every core, in slices. */
final class Preload {

    private Preload() {
    }

    static void all(SegmentEvaluator evaluator, int customers) {
        int threads = Runtime.getRuntime().availableProcessors();
        int slice = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int from = 0; from < customers; from += slice) {
                int f = from;
                int t = Math.min(customers, from + slice);
                parts.add(pool.submit(() -> evaluator.preload(f, t)));
            }
            for (Future<?> p : parts) {
                p.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("preload interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("preload failed", e.getCause());
        } finally {
            pool.shutdown();
        }
    }
}
