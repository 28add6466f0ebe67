package io.relevans.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Double> EVENTS = Map.of("RELEVANS", 40_000.0, "RELEVANS_PROGRAMS", 20_000.0,
            "HAND_WRITTEN", 80_000.0, "HAND_WRITTEN_PROGRAMS", 50_000.0, "NAIVE_DROOLS", 8_000.0);

    @Test
    void report_tablesRatiosAlongHistoryLengthAndChart(@TempDir Path dir) throws Exception {
        ArrayNode main = JSON.createArrayNode();
        EVENTS.forEach((b, v) -> {
            main.add(result("throughput1", b, 100_000, null, v)); // before history was a parameter: 15
            main.add(result("throughput2", b, 100_000, null, v * 1.5));
        });
        JSON.writeValue(dir.resolve("IngestBenchmark.json").toFile(), main);
        ArrayNode longer = JSON.createArrayNode();
        EVENTS.forEach((b, v) -> longer.add(result("throughput1", b, 1_000, 1_500, b.equals("NAIVE_DROOLS") ? v / 100 : v)));
        JSON.writeValue(dir.resolve("IngestBenchmark-history-1500.json").toFile(), longer);
        Path png = dir.resolve("chart.png");

        Report.main(new String[] {dir.toString(), png.toString()});

        String md = Files.readString(dir.resolve("benchmarks.md"));
        assertTrue(md.contains("| RELEVANS | 40,000 | 60,000 |"), md);
        assertTrue(md.contains("| 1 | 20,000 | 50,000 | 0.40 |"), "the engine with programs against its twin:\n" + md);
        assertTrue(md.contains("| 15 events/customer-year (100,000 customers) | 1,500 events/customer-year (1,000 customers) |"),
                md);
        assertTrue(md.contains("| *RELEVANS x naive Drools* | 5.00 | 500 |"), md);
        assertTrue(md.contains("| *RELEVANS x hand-written* | 0.50 | 0.50 |"), md);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1200, img.getWidth());
    }

    @Test
    void ticks_areOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(20_000, Report.tickStep(84_237, 5));
        assertEquals(200, Report.tickStep(763, 5));
        assertEquals(500, Report.tickStep(1_629, 5));
        assertEquals("20k", Report.tick(20_000));
        assertEquals("1.5k", Report.tick(1_500));
        assertEquals("2M", Report.tick(2_000_000));
        assertEquals("500", Report.tick(500));
    }

    private static ObjectNode result(String method, String baseline, int customers, Integer history, double score) {
        ObjectNode n = JSON.createObjectNode();
        n.put("benchmark", "io.relevans.benchmarks.IngestBenchmark." + method);
        ObjectNode p = n.putObject("params");
        p.put("baseline", baseline);
        p.put("customers", Integer.toString(customers));
        if (history != null) {
            p.put("history", history.toString());
        }
        n.putObject("primaryMetric").put("score", score);
        return n;
    }
}
