package io.relevans.benchmarks.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The table of a {@link KafkaThroughputBenchmark} run, from its JMH JSON: per runtime and instance count the
 * seconds per batch of each measured iteration, events per second (the batch over the mean), the Kafka runtime
 * against the passthrough on as many instances, and each runtime's 2 instances against 1.
 */
public final class KafkaReport {

    private KafkaReport() {
    }

    /** One row: a runtime on a number of instances. */
    record Row(String runtime, int instances, int batch, List<Double> seconds) {
        double mean() {
            return seconds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        double eventsPerSecond() {
            return batch / mean();
        }
    }

    /** Reads the rows of the JSON file JMH wrote. */
    static List<Row> rows(Path json) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (JsonNode n : new ObjectMapper().readTree(json.toFile())) {
            if (!n.path("benchmark").asText().endsWith("KafkaThroughputBenchmark.batch")) {
                continue;
            }
            JsonNode p = n.path("params");
            List<Double> seconds = new ArrayList<>();
            n.path("primaryMetric").path("rawData").forEach(fork -> fork.forEach(i -> seconds.add(i.asDouble())));
            rows.add(new Row(p.path("runtime").asText(), p.path("instances").asInt(), p.path("batch").asInt(), seconds));
        }
        rows.sort(Comparator.comparing(Row::instances).thenComparing(Row::runtime));
        return rows;
    }

    /** The Markdown table. */
    static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder("| runtime | instances | s per batch (iterations) | events/s | x passthrough"
                + " | x 1 instance |\n|---|---:|---|---:|---:|---:|\n");
        for (Row r : rows) {
            Row pass = find(rows, "PASSTHROUGH", r.instances());
            Row one = find(rows, r.runtime(), 1);
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %,.0f | %s | %s |%n", r.runtime(), r.instances(),
                    String.join(", ", r.seconds().stream().map(s -> String.format(Locale.ROOT, "%.2f", s)).toList()),
                    r.eventsPerSecond(), pass == null ? "" : String.format(Locale.ROOT, "%.3f",
                            r.eventsPerSecond() / pass.eventsPerSecond()),
                    one == null ? "" : String.format(Locale.ROOT, "%.2f", r.eventsPerSecond() / one.eventsPerSecond())));
        }
        return md.toString();
    }

    private static Row find(List<Row> rows, String runtime, int instances) {
        return rows.stream().filter(r -> r.runtime().equals(runtime) && r.instances() == instances).findFirst()
                .orElse(null);
    }

    /** @param args the JMH JSON file */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: KafkaReport <KafkaThroughputBenchmark.json>");
        }
        System.out.print(markdown(rows(Path.of(args[0]))));
    }
}
