package io.relevans.benchmarks;

import io.relevans.benchmarks.baseline.Baseline;
import io.relevans.benchmarks.baseline.SegmentEvaluator;
import io.relevans.benchmarks.workload.Workload;
import io.relevans.event.Event;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;

/**
 * A cross-check of {@link IngestBenchmark} for a shared machine: the CPU time of the ingesting thread per
 * event, which does not count the time the thread waits for a core that other processes hold (JMH's
 * events per second do), nor the garbage collector's and compilers' threads (reported beside it: the
 * collections' time). One thread, one JVM for all the runs given, each preloaded, warmed by 40,000 live
 * events and measured over the next 40,000 (or the number given). Not a replacement for JMH: the JIT is
 * warmed less, and allocation is paid only in the collections' time.
 *
 * <p>Run: {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar io.relevans.benchmarks.CpuPerEvent
 * HAND_WRITTEN:150:10000 RELEVANS:150:10000 NAIVE_DROOLS:1500:1000:1000} ({@code
 * baseline:history:customers[:events]} ...).
 */
public final class CpuPerEvent {

    private static final int EVENTS = 40_000;

    private CpuPerEvent() {
    }

    /**
     * @param args {@code baseline:history:customers[:events]}, one run each, in order
     */
    public static void main(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String spec : args) {
            String[] p = spec.split(":");
            Baseline baseline = Baseline.valueOf(p[0]);
            int history = Integer.parseInt(p[1]);
            int customers = Integer.parseInt(p[2]);
            int events = p.length > 3 ? Integer.parseInt(p[3]) : EVENTS;
            Workload workload = Workload.generate(42, customers, history);
            StreamClock clock = new StreamClock(Workload.NOW);
            SegmentEvaluator evaluator = baseline.create(workload, clock);
            Preload.all(evaluator, customers);
            List<Event> live = workload.live(2 * events, IngestBenchmark.SPACING);
            for (Event e : live.subList(0, events)) {
                clock.set(e.time());
                evaluator.ingest(e);
            }
            long gc = collections();
            long wall = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime();
            for (Event e : live.subList(events, 2 * events)) {
                clock.set(e.time());
                evaluator.ingest(e);
            }
            cpu = threads.getCurrentThreadCpuTime() - cpu;
            wall = System.nanoTime() - wall;
            System.out.printf(Locale.ROOT, "%s, %d events/customer-year, %d customers: %.1f us CPU per event "
                    + "(%.1f us wall, collections %d ms)%n", baseline, history, customers, cpu / 1e3 / events,
                    wall / 1e3 / events, collections() - gc);
        }
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }
}
