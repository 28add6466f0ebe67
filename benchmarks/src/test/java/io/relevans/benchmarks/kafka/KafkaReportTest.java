package io.relevans.benchmarks.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's table: events per second from seconds per batch, against the passthrough and against 1 instance. */
class KafkaReportTest {

    private static String result(String runtime, int instances, String seconds) {
        return "{\"benchmark\": \"io.relevans.benchmarks.kafka.KafkaThroughputBenchmark.batch\", \"params\": {"
                + "\"runtime\": \"" + runtime + "\", \"instances\": \"" + instances + "\", \"batch\": \"10000\"},"
                + " \"primaryMetric\": {\"score\": 0, \"rawData\": [[" + seconds + "]]}}";
    }

    @Test
    void ratiosOfTheMeans(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("KafkaThroughputBenchmark.json");
        Files.writeString(json, "[" + String.join(",", result("RELEVANS", 1, "10.0, 30.0"),
                result("PASSTHROUGH", 1, "1.0, 1.0"), result("RELEVANS", 2, "12.5"),
                result("PASSTHROUGH", 2, "0.8")) + "]");

        assertEquals("""
                | runtime | instances | s per batch (iterations) | events/s | x passthrough | x 1 instance |
                |---|---:|---|---:|---:|---:|
                | PASSTHROUGH | 1 | 1.00, 1.00 | 10,000 | 1.000 | 1.00 |
                | RELEVANS | 1 | 10.00, 30.00 | 500 | 0.050 | 1.00 |
                | PASSTHROUGH | 2 | 0.80 | 12,500 | 1.000 | 1.25 |
                | RELEVANS | 2 | 12.50 | 800 | 0.064 | 1.60 |
                """, KafkaReport.markdown(KafkaReport.rows(json)));
    }
}
