package io.relevans.benchmarks;

import io.relevans.benchmarks.durable.DurableIngestBenchmark;
import io.relevans.benchmarks.durable.Medium;
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
 * few iterations (about 10 minutes on 2 cores); {@code full [dir]} runs the figures the targets name
 * (1,000,000 customers for re-segmentation and state, a million timers; under 30 minutes on 2 cores).
 * Each benchmark class writes {@code dir/<Class>.json} (JMH's JSON; {@code dir} defaults to
 * {@code target/benchmark-results/<mode>}); {@code durable [dir]} runs {@link DurableIngestBenchmark} (about 25
 * minutes with PostgreSQL); {@code report dir [png]} turns them into the Markdown
 * tables and chart of docs/benchmarks.md. Anything else goes to JMH's own command line ({@code -h}).
 */
public final class Run {

    private Run() {
    }

    /**
     * A benchmark class with the parameters and iterations of one mode, its results in {@code name.json}
     * (warmups and iterations 0: the class's own).
     */
    private record Plan(String name, Class<?> benchmark, Map<String, String> params, int warmups, int iterations,
                        int seconds) {
        Plan(Class<?> benchmark, Map<String, String> params, int warmups, int iterations, int seconds) {
            this(benchmark.getSimpleName(), benchmark, params, warmups, iterations, seconds);
        }
    }

    private static List<Plan> quick() {
        return List.of(
                new Plan(IngestBenchmark.class, Map.of("customers", "10000"), 3, 2, 2),
                new Plan(EvaluateBenchmark.class, Map.of(), 2, 2, 2),
                new Plan(ResegmentBenchmark.class, Map.of("customers", "10000"), 1, 2, 0),
                new Plan(StateSizeBenchmark.class, Map.of("customers", "10000"), 0, 1, 0),
                new Plan(CompileBenchmark.class, Map.of(), 2, 3, 0),
                new Plan(TimerBenchmark.class, Map.of("timers", "10000"), 1, 1, 0));
    }

    private static List<Plan> full() {
        return List.of(
                new Plan(IngestBenchmark.class, Map.of("customers", "100000"), 3, 3, 3),
                new Plan(EvaluateBenchmark.class, Map.of(), 2, 3, 3),
                // a full pass loads the base again before each operation: one warm-up, one measured
                new Plan("ResegmentBenchmark", ResegmentBenchmark.class, Map.of("customers", "1000000",
                        "baseline", "RELEVANS,HAND_WRITTEN", "pass", "FULL"), 1, 1, 0),
                new Plan("ResegmentBenchmark-daily", ResegmentBenchmark.class, Map.of("customers", "1000000",
                        "baseline", "RELEVANS,HAND_WRITTEN", "pass", "DAILY"), 1, 2, 0),
                new Plan(StateSizeBenchmark.class, Map.of("customers", "1000000"), 0, 1, 0),
                new Plan(CompileBenchmark.class, Map.of(), 3, 5, 0),
                new Plan(TimerBenchmark.class, Map.of("timers", "1000000"), 0, 1, 0));
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

    /**
     * @param args {@code quick [dir]}, {@code full [dir]}, {@code durable [dir]}, {@code report dir [png]},
     *             or JMH's arguments
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && List.of("quick", "full", "durable").contains(args[0])) {
            Path dir = Path.of(args.length > 1 ? args[1] : "target/benchmark-results/" + args[0]);
            Files.createDirectories(dir);
            List<Plan> plans = switch (args[0]) {
                case "quick" -> quick();
                case "full" -> full();
                default -> durable();
            };
            for (Plan p : plans) {
                run(p, dir);
            }
            Report.main(new String[] {dir.toString()});
        } else if (args.length > 0 && args[0].equals("report")) {
            Report.main(java.util.Arrays.copyOfRange(args, 1, args.length));
        } else {
            org.openjdk.jmh.Main.main(args);
        }
    }

    private static void run(Plan p, Path dir) throws RunnerException {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(p.benchmark().getName() + "\\.")
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
