package io.relevans.benchmarks;

import io.relevans.benchmarks.durable.DurableIngestBenchmark;
import io.relevans.benchmarks.durable.Medium;
import io.relevans.benchmarks.kafka.KafkaReport;
import io.relevans.benchmarks.kafka.KafkaThroughputBenchmark;
import io.relevans.benchmarks.workload.Workload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The benchmarks jar's entry point. {@code quick [dir]} runs every benchmark with small parameters and
 * few iterations (about 15 minutes on 2 cores); {@code full [dir]} runs the figures the targets name
 * (1,000,000 customers for re-segmentation and state, a million timers, ingestion of every baseline at
 * each history length; under 30 minutes on 2 cores).
 * Each benchmark class writes {@code dir/<Class>.json} (JMH's JSON; {@code dir} defaults to
 * {@code target/benchmark-results/<mode>}); {@code durable [dir]} runs {@link DurableIngestBenchmark} (about 25
 * minutes with PostgreSQL); {@code kafka [dir]} runs {@link KafkaThroughputBenchmark} (about 20 minutes);
 * {@code report dir [png]} turns them into the Markdown
 * tables and chart of docs/benchmarks.md. Anything else goes to JMH's own command line ({@code -h}).
 */
public final class Run {

    private Run() {
    }

    /**
     * A benchmark class (its methods matching {@code methods}, a regular expression; all when empty) with the
     * parameters and iterations of one mode, its results in {@code name.json} (warmups and iterations 0: the
     * class's own).
     */
    private record Plan(String name, Class<?> benchmark, String methods, Map<String, String> params, int warmups,
                        int iterations, int seconds) {
        Plan(Class<?> benchmark, Map<String, String> params, int warmups, int iterations, int seconds) {
            this(benchmark.getSimpleName(), benchmark, "", params, warmups, iterations, seconds);
        }

        Plan(String name, Class<?> benchmark, Map<String, String> params, int warmups, int iterations, int seconds) {
            this(name, benchmark, "", params, warmups, iterations, seconds);
        }
    }

    /**
     * Customers loaded per history length in full mode: about 1.5 million history events whatever the
     * length, so that preload time and memory stay alike (the naive baseline keeps every event as a fact:
     * ~120 bytes each), and the live events a measurement adds to each customer are the same share of
     * their history at every length. At 15 events it is the ingestion run itself.
     */
    static final Map<Integer, Integer> FULL_CUSTOMERS = Map.of(15, 100_000, 150, 10_000, 1_500, 1_000);
    /** The same in quick mode, ten times fewer. */
    static final Map<Integer, Integer> QUICK_CUSTOMERS = Map.of(15, 10_000, 150, 1_000, 1_500, 100);

    /**
     * Ingestion on 1 thread of every baseline at each longer history length, one JMH run per length (its
     * customers from {@code customers}), in {@code IngestBenchmark-history-<length>.json}.
     */
    private static List<Plan> historyLengths(Map<Integer, Integer> customers, int warmups, int iterations,
                                             int seconds) {
        List<Plan> out = new java.util.ArrayList<>();
        for (int length : Workload.HISTORY_LENGTHS) {
            if (length != Workload.DEFAULT_HISTORY) {
                out.add(new Plan("IngestBenchmark-history-" + length, IngestBenchmark.class, "throughput1",
                        Map.of("customers", customers.get(length).toString(), "history", Integer.toString(length)),
                        warmups, iterations, seconds));
            }
        }
        return out;
    }

    private static List<Plan> quick() {
        List<Plan> out = new java.util.ArrayList<>(List.of(
                new Plan(IngestBenchmark.class, Map.of("customers", "10000"), 3, 2, 2)));
        out.addAll(historyLengths(QUICK_CUSTOMERS, 3, 2, 2));
        out.addAll(List.of(
                new Plan(EvaluateBenchmark.class, Map.of(), 2, 2, 2),
                new Plan(ResegmentBenchmark.class, Map.of("customers", "10000"), 1, 2, 0),
                new Plan(StateSizeBenchmark.class, Map.of("customers", "10000"), 0, 1, 0),
                new Plan(CompileBenchmark.class, Map.of(), 2, 3, 0),
                new Plan(TimerBenchmark.class, Map.of("timers", "10000"), 1, 1, 0)));
        return out;
    }

    private static List<Plan> full() {
        List<Plan> out = new java.util.ArrayList<>(List.of(
                new Plan("IngestBenchmark", IngestBenchmark.class, "throughput[12]", Map.of("customers", "100000"),
                        3, 3, 3),
                // latency is no target's: shorter, and for the engine and its hand-written twins only (each
                // fork's preload of 100,000 customers is most of its time)
                new Plan("IngestBenchmark-latency", IngestBenchmark.class, "latency", Map.of("customers", "100000",
                        "baseline", "RELEVANS,RELEVANS_PROGRAMS,HAND_WRITTEN,HAND_WRITTEN_PROGRAMS"), 2, 2, 2)));
        out.addAll(historyLengths(FULL_CUSTOMERS, 3, 2, 3));
        out.addAll(List.of(
                new Plan(EvaluateBenchmark.class, Map.of(), 2, 3, 3),
                // a full pass loads the base again before each operation: one warm-up, one measured; the
                // hand-written evaluator's full pass is in the quick mode (no target names it)
                new Plan("ResegmentBenchmark", ResegmentBenchmark.class, Map.of("customers", "1000000",
                        "baseline", "RELEVANS", "pass", "FULL"), 1, 1, 0),
                // the hand-written evaluator skips no one: its nightly pass is its full pass, measured above
                new Plan("ResegmentBenchmark-daily", ResegmentBenchmark.class, Map.of("customers", "1000000",
                        "baseline", "RELEVANS", "pass", "DAILY"), 1, 2, 0),
                // the target's 100 segments only (quick mode shows 25 and 50 too): each million-customer
                // load takes one to two minutes
                new Plan(StateSizeBenchmark.class, Map.of("customers", "1000000", "segments", "100"), 0, 1, 0),
                new Plan(CompileBenchmark.class, Map.of(), 3, 5, 0),
                new Plan(TimerBenchmark.class, Map.of("timers", "1000000"), 0, 1, 0)));
        return out;
    }

    /**
     * Durable ingestion on the H2 file, and on PostgreSQL when {@value Medium#POSTGRES_URL} names one: the
     * engines and the raw-JDBC replay of their writes, then the engines in memory once.
     */
    private static List<Plan> durable() {
        String url = System.getenv(Medium.POSTGRES_URL);
        String media = url == null || url.isBlank() ? "H2_FILE" : "H2_FILE,POSTGRES";
        return List.of(
                new Plan("DurableIngestBenchmark", DurableIngestBenchmark.class,
                        Map.of("medium", media, "writer", "RELEVANS,RAW_JDBC"), 0, 0, 0),
                new Plan("DurableIngestBenchmark-in-memory", DurableIngestBenchmark.class,
                        Map.of("medium", "H2_FILE", "writer", "IN_MEMORY"), 0, 0, 0));
    }

    /** The Kafka runtime against a passthrough topology, on 1 and 2 instances, with the class's own settings. */
    private static List<Plan> kafka() {
        return List.of(new Plan(KafkaThroughputBenchmark.class, Map.of(), 0, 0, 0));
    }

    /**
     * @param args {@code quick [dir]}, {@code full [dir]}, {@code durable [dir]}, {@code kafka [dir]},
     *             {@code report dir [png]}, or JMH's arguments
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && List.of("quick", "full", "durable", "kafka").contains(args[0])) {
            Path dir = Path.of(args.length > 1 ? args[1] : "target/benchmark-results/" + args[0]);
            Files.createDirectories(dir);
            List<Plan> plans = switch (args[0]) {
                case "quick" -> quick();
                case "full" -> full();
                case "kafka" -> kafka();
                default -> durable();
            };
            for (Plan p : plans) {
                run(p, dir);
            }
            if (args[0].equals("kafka")) {
                KafkaReport.main(new String[] {dir.resolve("KafkaThroughputBenchmark.json").toString()});
            } else {
                Report.main(new String[] {dir.toString()});
            }
        } else if (args.length > 0 && args[0].equals("report")) {
            Report.main(java.util.Arrays.copyOfRange(args, 1, args.length));
        } else {
            org.openjdk.jmh.Main.main(args);
        }
    }

    private static void run(Plan p, Path dir) throws RunnerException {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(p.benchmark().getName() + "\\." + (p.methods().isEmpty() ? "" : p.methods() + "$"))
                .resultFormat(ResultFormatType.JSON)
                .result(dir.resolve(p.name() + ".json").toString());
        if (p.iterations() > 0) {
            o.warmupIterations(p.warmups()).measurementIterations(p.iterations());
        }
        if (p.seconds() > 0) {
            o.warmupTime(TimeValue.seconds(p.seconds())).measurementTime(TimeValue.seconds(p.seconds()));
        }
        p.params().forEach((k, v) -> o.param(k, v.split(",")));
        new Runner(o.build()).run();
    }

    static void checkDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UncheckedIOException(new IOException("no benchmark results in " + dir));
        }
    }
}
