package io.relevans.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Turns a directory of JMH JSON results ({@code -rf json}) into the Markdown tables of
 * docs/benchmarks.md (printed, and written to {@code dir/benchmarks.md}) and a chart
 * ({@code dir/benchmarks.png} unless another path is given), drawn with Java2D.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar report benchmark-results/quick [docs/benchmarks.png]}.
 */
public final class Report {

    private static final String[] BASELINES = {"RELEVANS", "RELEVANS_PROGRAMS", "HAND_WRITTEN", "NAIVE_DROOLS",
        "EASY_RULES"};

    private final List<JsonNode> results = new ArrayList<>();

    private Report(Path dir) throws IOException {
        Run.checkDirectory(dir);
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                json.readTree(f.toFile()).forEach(results::add);
            }
        }
    }

    /**
     * @param args the results directory, and optionally the chart's path
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: report <results dir> [chart.png]");
        }
        Path dir = Path.of(args[0]);
        Report r = new Report(dir);
        String md = r.markdown();
        Files.writeString(dir.resolve("benchmarks.md"), md, StandardCharsets.UTF_8);
        new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8)
                .print(md);
        Path png = args.length > 1 ? Path.of(args[1]) : dir.resolve("benchmarks.png");
        ImageIO.write(r.chart(), "png", png.toFile());
    }

    // ------------------------------------------------------------------ lookups

    private List<JsonNode> of(String benchmark) {
        return results.stream().filter(n -> n.get("benchmark").asText().contains("." + benchmark)).toList();
    }

    private JsonNode find(String benchmark, String param, String value) {
        for (JsonNode n : of(benchmark)) {
            JsonNode p = n.path("params").path(param);
            if (value == null || p.asText().equals(value)) {
                return n;
            }
        }
        return null;
    }

    private static double score(JsonNode n) {
        return n == null ? Double.NaN : n.get("primaryMetric").get("score").asDouble();
    }

    private static double percentile(JsonNode n, String p) {
        return n == null ? Double.NaN : n.get("primaryMetric").get("scorePercentiles").get(p).asDouble();
    }

    private static double secondary(JsonNode n, String name) {
        return n == null ? Double.NaN : n.path("secondaryMetrics").path(name).path("score").asDouble(Double.NaN);
    }

    private static String f(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return Math.abs(v) >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    // ------------------------------------------------------------------ tables

    private String markdown() {
        StringBuilder md = new StringBuilder();
        double hand = score(find("IngestBenchmark.throughput1", "baseline", "HAND_WRITTEN"));
        double naive = score(find("IngestBenchmark.throughput1", "baseline", "NAIVE_DROOLS"));
        if (!of("IngestBenchmark").isEmpty()) {
            md.append("### Ingestion (").append(find("IngestBenchmark.throughput1", "customers", null)
                    .path("params").path("customers").asText()).append(" customers loaded)\n\n");
            md.append("| baseline | events/s, 1 thread | events/s, 2 threads | p50 us | p99 us | p99.9 us "
                    + "| x hand-written | x naive Drools |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (String b : BASELINES) {
                JsonNode t1 = find("IngestBenchmark.throughput1", "baseline", b);
                if (t1 == null) {
                    continue;
                }
                JsonNode lat = find("IngestBenchmark.latency", "baseline", b);
                double s = score(t1);
                md.append("| ").append(b).append(" | ").append(f(s)).append(" | ")
                        .append(f(score(find("IngestBenchmark.throughput2", "baseline", b)))).append(" | ")
                        .append(f(percentile(lat, "50.0"))).append(" | ").append(f(percentile(lat, "99.0")))
                        .append(" | ").append(f(percentile(lat, "99.9"))).append(" | ").append(f(s / hand))
                        .append(" | ").append(f(s / naive)).append(" |\n");
            }
            md.append('\n');
        }
        if (!of("EvaluateBenchmark").isEmpty()) {
            md.append("### One customer's 100 segments, rule evaluation alone (us per customer)\n\n");
            md.append("| evaluator | us |\n|---|---:|\n");
            for (JsonNode n : of("EvaluateBenchmark")) {
                String name = n.get("benchmark").asText();
                md.append("| ").append(name.endsWith("rules") ? "compiled Drools rules" : "Java reference evaluator")
                        .append(" | ").append(f(score(n))).append(" |\n");
            }
            md.append('\n');
        }
        if (!of("ResegmentBenchmark").isEmpty()) {
            md.append("### Batch re-segmentation (100 segments, whole base per operation)\n\n");
            md.append("| baseline | pass | customers | seconds | customers/s |\n|---|---|---:|---:|---:|\n");
            for (JsonNode n : of("ResegmentBenchmark")) {
                double s = score(n);
                double c = n.path("params").path("customers").asDouble();
                md.append("| ").append(n.path("params").path("baseline").asText()).append(" | ")
                        .append(n.path("params").path("pass").asText("FULL")).append(" | ").append(f(c))
                        .append(" | ").append(f(s)).append(" | ").append(f(c / s)).append(" |\n");
            }
            md.append('\n');
        }
        if (!of("StateSizeBenchmark").isEmpty()) {
            md.append("### Engine state per customer (bytes)\n\n");
            md.append("| customers | segments | heap after GC | stored record (JOL) | encoded features | load s |\n"
                    + "|---:|---:|---:|---:|---:|---:|\n");
            for (JsonNode n : of("StateSizeBenchmark")) {
                md.append("| ").append(f(n.path("params").path("customers").asDouble())).append(" | ")
                        .append(n.path("params").path("segments").asText()).append(" | ")
                        .append(f(secondary(n, "heapBytesPerCustomer"))).append(" | ")
                        .append(f(secondary(n, "recordBytesPerCustomer"))).append(" | ")
                        .append(f(secondary(n, "featureBytesPerCustomer"))).append(" | ")
                        .append(f(score(n))).append(" |\n");
            }
            md.append('\n');
        }
        if (!of("CompileBenchmark").isEmpty()) {
            md.append("### Compile (100 segments + 30 programs), ms per operation\n\n");
            md.append("| operation | ms |\n|---|---:|\n");
            for (JsonNode n : of("CompileBenchmark")) {
                String name = n.get("benchmark").asText();
                md.append("| ").append(name.substring(name.lastIndexOf('.') + 1)).append(" | ").append(f(score(n)))
                        .append(" |\n");
            }
            md.append('\n');
        }
        if (!of("TimerBenchmark").isEmpty()) {
            md.append("### Timer firing (all due at once, one tick)\n\n");
            md.append("| timers | seconds | timers/s |\n|---:|---:|---:|\n");
            for (JsonNode n : of("TimerBenchmark")) {
                double t = n.path("params").path("timers").asDouble();
                md.append("| ").append(f(t)).append(" | ").append(f(score(n))).append(" | ").append(f(t / score(n)))
                        .append(" |\n");
            }
            md.append('\n');
        }
        durable(md);
        return md.toString();
    }

    /**
     * Durable ingestion: per medium, engines and batch, the engines' and the raw-JDBC replay's
     * microseconds per event and their ratio; the engines in memory of the same run for comparison.
     */
    private void durable(StringBuilder md) {
        List<JsonNode> all = of("DurableIngestBenchmark");
        if (all.isEmpty()) {
            return;
        }
        md.append("### Durable ingestion (us per event; ").append(all.get(0).path("params").path("customers").asText())
                .append(" customers stored)\n\n");
        md.append("| medium | engines | events per call | Relevans | raw JDBC, same writes | x raw JDBC "
                + "| Relevans in memory | x (in memory + raw JDBC) |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        Set<String> rows = new LinkedHashSet<>();
        for (JsonNode n : all) {
            JsonNode p = n.path("params");
            if (!p.path("writer").asText().equals("IN_MEMORY")) {
                rows.add(p.path("medium").asText() + "/" + p.path("engines").asText() + "/" + p.path("batch").asText());
            }
        }
        for (String row : rows) {
            String[] k = row.split("/");
            double engine = score(durable(all, k[0], k[1], k[2], "RELEVANS"));
            double raw = score(durable(all, k[0], k[1], k[2], "RAW_JDBC"));
            double memory = score(durable(all, null, k[1], k[2], "IN_MEMORY"));
            md.append("| ").append(k[0]).append(" | ").append(k[1]).append(" | ").append(k[2]).append(" | ")
                    .append(f(engine)).append(" | ").append(f(raw)).append(" | ").append(f(raw / engine)).append(" | ")
                    .append(f(memory)).append(" | ").append(f((memory + raw) / engine)).append(" |\n");
        }
        md.append('\n');
    }

    private static JsonNode durable(List<JsonNode> all, String medium, String engines, String batch, String writer) {
        for (JsonNode n : all) {
            JsonNode p = n.path("params");
            if ((medium == null || p.path("medium").asText().equals(medium)) && p.path("engines").asText().equals(engines)
                    && p.path("batch").asText().equals(batch) && p.path("writer").asText().equals(writer)) {
                return n;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ chart

    private BufferedImage chart() {
        int w = 1200;
        int h = 800;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        Map<String, Double> t1 = new LinkedHashMap<>();
        Map<String, Double> p99 = new LinkedHashMap<>();
        for (String b : BASELINES) {
            double s = score(find("IngestBenchmark.throughput1", "baseline", b));
            if (!Double.isNaN(s)) {
                t1.put(b, s);
                p99.put(b, percentile(find("IngestBenchmark.latency", "baseline", b), "99.0"));
            }
        }
        bars(g, 0, 0, w / 2, h / 2, "Ingestion, events/s, 1 thread (log scale)", t1, true);
        bars(g, w / 2, 0, w / 2, h / 2, "Ingestion latency p99, us (log scale)", p99, true);
        Map<String, Double> reseg = new LinkedHashMap<>();
        for (JsonNode n : of("ResegmentBenchmark")) {
            reseg.put(n.path("params").path("baseline").asText() + " " + n.path("params").path("pass").asText("FULL")
                    .toLowerCase(java.util.Locale.ROOT), n.path("params").path("customers").asDouble() / score(n));
        }
        bars(g, 0, h / 2, w / 2, h / 2, "Re-segmentation, customers/s, 100 segments (log scale)", reseg, true);
        Map<String, Double> state = new LinkedHashMap<>();
        for (JsonNode n : of("StateSizeBenchmark")) {
            state.put(n.path("params").path("segments").asText() + " segments",
                    secondary(n, "heapBytesPerCustomer"));
        }
        bars(g, w / 2, h / 2, w / 2, h / 2, "Engine state, bytes per customer (heap after GC)", state, false);
        g.dispose();
        return img;
    }

    private static void bars(Graphics2D g, int x, int y, int w, int h, String title, Map<String, Double> values,
                             boolean log) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, x + 20, y + 28);
        if (values.isEmpty()) {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString("not measured", x + 20, y + 60);
            return;
        }
        int left = x + 60;
        int bottom = y + h - 70;
        int top = y + 50;
        int width = w - 90;
        double max = values.values().stream().filter(v -> !Double.isNaN(v)).mapToDouble(v -> v).max().orElse(1);
        double min = values.values().stream().filter(v -> !Double.isNaN(v) && v > 0).mapToDouble(v -> v).min()
                .orElse(1);
        double lo = log ? Math.pow(10, Math.floor(Math.log10(min)) - 0) / 2 : 0;
        double hi = log ? Math.pow(10, Math.ceil(Math.log10(max))) : max * 1.15;
        g.setStroke(new BasicStroke(1));
        g.setColor(Color.GRAY);
        g.drawLine(left, bottom, left + width, bottom);
        g.drawLine(left, top, left, bottom);
        int n = values.size();
        int slot = width / n;
        int i = 0;
        Color[] palette = {new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0xd62728),
            new Color(0x9467bd), new Color(0x8c564b)};
        for (Map.Entry<String, Double> e : values.entrySet()) {
            double v = e.getValue();
            double frac = Double.isNaN(v) || v <= 0 ? 0 : log ? (Math.log10(v) - Math.log10(lo))
                    / (Math.log10(hi) - Math.log10(lo)) : v / hi;
            int bh = (int) Math.round(Math.max(0, Math.min(1, frac)) * (bottom - top));
            int bx = left + i * slot + slot / 6;
            int bw = slot * 2 / 3;
            g.setColor(palette[i % palette.length]);
            g.fillRect(bx, bottom - bh, bw, bh);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            String label = f(v);
            g.drawString(label, bx + (bw - g.getFontMetrics().stringWidth(label)) / 2, bottom - bh - 4);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            String name = e.getKey().toLowerCase(Locale.ROOT).replace('_', ' ');
            g.drawString(name, bx + (bw - g.getFontMetrics().stringWidth(name)) / 2, bottom + 16);
            i++;
        }
    }
}
