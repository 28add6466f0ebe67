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
 * ({@code dir/benchmarks.png} unless another path is given), drawn with Java2D: bars on linear axes with
 * labelled ticks, and ingestion against history length on log axes with labelled ticks (a chart library
 * would add a dependency to the benchmarks jar for four panels).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar report benchmark-results/quick [docs/benchmarks.png]}.
 */
public final class Report {

    private static final String[] BASELINES = {"RELEVANS", "RELEVANS_PROGRAMS", "HAND_WRITTEN",
        "HAND_WRITTEN_PROGRAMS", "NAIVE_DROOLS", "EASY_RULES"};
    /** The history length of results that have none (runs before it was a parameter). */
    private static final String DEFAULT_HISTORY = "15";

    private final List<JsonNode> results = new ArrayList<>();
    /** What the results are: the directory's name ("quick", "full" by default), for the chart's title. */
    private final String label;

    private Report(Path dir) throws IOException {
        Run.checkDirectory(dir);
        Path name = dir.toAbsolutePath().normalize().getFileName();
        this.label = name == null ? "" : name.toString();
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

    /** The ingestion result of a method, baseline and history length (results without one: the default). */
    private JsonNode ingest(String method, String baseline, String history) {
        for (JsonNode n : of("IngestBenchmark." + method)) {
            JsonNode p = n.path("params");
            if (p.path("baseline").asText().equals(baseline)
                    && p.path("history").asText(DEFAULT_HISTORY).equals(history)) {
                return n;
            }
        }
        return null;
    }

    /** The history lengths measured, shortest first. */
    private List<String> historyLengths() {
        return of("IngestBenchmark.throughput1").stream()
                .map(n -> n.path("params").path("history").asText(DEFAULT_HISTORY)).distinct()
                .sorted(java.util.Comparator.comparingInt(Integer::parseInt)).toList();
    }

    /** A history length as written: 15, 150, 1,500. */
    private static String length(String l) {
        return String.format(Locale.ROOT, "%,d", Integer.parseInt(l));
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
        double hand = score(ingest("throughput1", "HAND_WRITTEN", DEFAULT_HISTORY));
        double naive = score(ingest("throughput1", "NAIVE_DROOLS", DEFAULT_HISTORY));
        JsonNode any = ingest("throughput1", "HAND_WRITTEN", DEFAULT_HISTORY);
        if (any == null) {
            any = of("IngestBenchmark.throughput1").stream().findFirst().orElse(null);
        }
        if (any != null) {
            md.append("### Ingestion (").append(f(any.path("params").path("customers").asDouble()))
                    .append(" customers loaded, ").append(DEFAULT_HISTORY).append(" events per customer-year)\n\n");
            md.append("| baseline | events/s, 1 thread | events/s, 2 threads | p50 us | p99 us | p99.9 us "
                    + "| x hand-written | x naive Drools |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (String b : BASELINES) {
                JsonNode t1 = ingest("throughput1", b, DEFAULT_HISTORY);
                if (t1 == null) {
                    continue;
                }
                JsonNode lat = ingest("latency", b, DEFAULT_HISTORY);
                double s = score(t1);
                md.append("| ").append(b).append(" | ").append(f(s)).append(" | ")
                        .append(f(score(ingest("throughput2", b, DEFAULT_HISTORY)))).append(" | ")
                        .append(f(percentile(lat, "50.0"))).append(" | ").append(f(percentile(lat, "99.0")))
                        .append(" | ").append(f(percentile(lat, "99.9"))).append(" | ").append(f(s / hand))
                        .append(" | ").append(f(s / naive)).append(" |\n");
            }
            md.append('\n');
            programs(md);
            histories(md);
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
            md.append("| customers | segments | heap after GC | stored record (JOL) | with 32 recent event ids "
                    + "| encoded features | load s |\n|---:|---:|---:|---:|---:|---:|---:|\n");
            for (JsonNode n : of("StateSizeBenchmark")) {
                md.append("| ").append(f(n.path("params").path("customers").asDouble())).append(" | ")
                        .append(n.path("params").path("segments").asText()).append(" | ")
                        .append(f(secondary(n, "heapBytesPerCustomer"))).append(" | ")
                        .append(f(secondary(n, "recordBytesPerCustomer"))).append(" | ")
                        .append(f(secondary(n, "recordWithEventsBytesPerCustomer"))).append(" | ")
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

    /** The engine with programs against its hand-written twin, on 1 and 2 threads. */
    private void programs(StringBuilder md) {
        JsonNode engine = ingest("throughput1", "RELEVANS_PROGRAMS", DEFAULT_HISTORY);
        JsonNode twin = ingest("throughput1", "HAND_WRITTEN_PROGRAMS", DEFAULT_HISTORY);
        if (engine == null || twin == null) {
            return;
        }
        md.append("### With the 30 programs: the engine against its hand-written twin (events/s)\n\n");
        md.append("| threads | RELEVANS_PROGRAMS | HAND_WRITTEN_PROGRAMS | x twin |\n|---:|---:|---:|---:|\n");
        for (String method : List.of("throughput1", "throughput2")) {
            double e = score(ingest(method, "RELEVANS_PROGRAMS", DEFAULT_HISTORY));
            double t = score(ingest(method, "HAND_WRITTEN_PROGRAMS", DEFAULT_HISTORY));
            if (!Double.isNaN(e) || !Double.isNaN(t)) {
                md.append("| ").append(method.substring(method.length() - 1)).append(" | ").append(f(e))
                        .append(" | ").append(f(t)).append(" | ").append(f(e / t)).append(" |\n");
            }
        }
        md.append('\n');
    }

    /** Events/s on 1 thread against history length, and the engine's ratios at each length. */
    private void histories(StringBuilder md) {
        List<String> lengths = historyLengths();
        if (lengths.size() < 2) {
            return;
        }
        md.append("### Ingestion against history length (events/s, 1 thread)\n\n| baseline |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String l : lengths) {
            JsonNode n = ingest("throughput1", "HAND_WRITTEN", l);
            n = n != null ? n : of("IngestBenchmark.throughput1").stream()
                    .filter(x -> x.path("params").path("history").asText(DEFAULT_HISTORY).equals(l)).findFirst()
                    .orElseThrow();
            md.append(' ').append(length(l)).append(" events/customer-year (")
                    .append(f(n.path("params").path("customers").asDouble())).append(" customers) |");
            rule.append("---:|");
        }
        md.append('\n').append(rule).append('\n');
        for (String b : BASELINES) {
            if (lengths.stream().allMatch(l -> ingest("throughput1", b, l) == null)) {
                continue;
            }
            md.append("| ").append(b).append(" |");
            lengths.forEach(l -> md.append(' ').append(f(score(ingest("throughput1", b, l)))).append(" |"));
            md.append('\n');
        }
        String[][] ratios = {{"RELEVANS", "HAND_WRITTEN", "RELEVANS x hand-written"},
            {"RELEVANS", "NAIVE_DROOLS", "RELEVANS x naive Drools"},
            {"HAND_WRITTEN", "NAIVE_DROOLS", "HAND_WRITTEN x naive Drools"},
            {"RELEVANS_PROGRAMS", "HAND_WRITTEN_PROGRAMS", "RELEVANS_PROGRAMS x its twin"}};
        for (String[] r : ratios) {
            md.append("| *").append(r[2]).append("* |");
            lengths.forEach(l -> md.append(' ').append(f(score(ingest("throughput1", r[0], l))
                    / score(ingest("throughput1", r[1], l)))).append(" |"));
            md.append('\n');
        }
        md.append('\n');
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

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x8c564b), new Color(0xd62728), new Color(0x9467bd), new Color(0x7f7f7f)};
    private static final Color GRID = new Color(0xe4e4e4);

    /** A baseline's colour, the same in every panel. */
    private static Color colour(String baseline) {
        int i = java.util.Arrays.asList(BASELINES).indexOf(baseline);
        return PALETTE[i < 0 ? PALETTE.length - 1 : i];
    }

    private BufferedImage chart() {
        int w = 1200;
        int top = 40;
        int lines = 480;
        int panel = 400;
        int h = top + lines + 2 * panel;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        String what = label.equals("quick") || label.equals("full") ? label + " run" : label;
        g.drawString("Relevans benchmarks" + (what.isEmpty() ? "" : ": " + what), 20, 28);
        histories(g, 0, top, w, lines);
        Map<String, Double> t1 = new LinkedHashMap<>();
        Map<String, Double> p99 = new LinkedHashMap<>();
        for (String b : BASELINES) {
            double s = score(ingest("throughput1", b, DEFAULT_HISTORY));
            if (!Double.isNaN(s)) {
                t1.put(b, s);
                p99.put(b, percentile(ingest("latency", b, DEFAULT_HISTORY), "99.0"));
            }
        }
        int y = top + lines;
        bars(g, 0, y, w / 2, panel, "Ingestion, events/s, 1 thread, 15 events/customer-year", t1);
        bars(g, w / 2, y, w / 2, panel, "Ingestion latency p99, us (lower is better)", p99);
        Map<String, Double> reseg = new LinkedHashMap<>();
        for (JsonNode n : of("ResegmentBenchmark")) {
            reseg.put(n.path("params").path("baseline").asText() + " " + n.path("params").path("pass").asText("FULL")
                    .toLowerCase(java.util.Locale.ROOT), n.path("params").path("customers").asDouble() / score(n));
        }
        bars(g, 0, y + panel, w / 2, panel, "Re-segmentation, customers/s, 100 segments", reseg);
        Map<String, Double> state = new LinkedHashMap<>();
        for (JsonNode n : of("StateSizeBenchmark")) {
            state.put(n.path("params").path("segments").asText() + " segments",
                    secondary(n, "heapBytesPerCustomer"));
        }
        bars(g, w / 2, y + panel, w / 2, panel, "Engine state, bytes per customer (heap after GC)", state);
        g.dispose();
        return img;
    }

    /** A tick step of 1, 2 or 5 times a power of ten giving about {@code count} ticks up to {@code max}. */
    static double tickStep(double max, int count) {
        double raw = max / count;
        double unit = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / unit;
        return unit * (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10);
    }

    /** A tick's label: 0, 500, 20k, 1.5M. */
    static String tick(double v) {
        if (v == 0) {
            return "0";
        }
        if (Math.abs(v) >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (Math.abs(v) >= 1e3) {
            return trim(v / 1e3) + "k";
        }
        return trim(v);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** Bars on a linear axis from zero with labelled ticks and grid lines, each bar labelled with its value. */
    private static void bars(Graphics2D g, int x, int y, int w, int h, String title, Map<String, Double> values) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, x + 20, y + 28);
        if (values.values().stream().allMatch(v -> Double.isNaN(v))) {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString("not measured", x + 20, y + 60);
            return;
        }
        int left = x + 70;
        int bottom = y + h - 60;
        int top = y + 50;
        int width = w - 100;
        double max = values.values().stream().filter(v -> !Double.isNaN(v)).mapToDouble(v -> v).max().orElse(1);
        double step = tickStep(max, 5);
        double hi = Math.ceil(max * 1.08 / step) * step;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (double t = 0; t <= hi + step / 2; t += step) {
            int ty = bottom - (int) Math.round(t / hi * (bottom - top));
            g.setColor(GRID);
            g.drawLine(left, ty, left + width, ty);
            g.setColor(Color.DARK_GRAY);
            String label = tick(t);
            g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), ty + 4);
        }
        g.setStroke(new BasicStroke(1));
        g.setColor(Color.GRAY);
        g.drawLine(left, bottom, left + width, bottom);
        g.drawLine(left, top, left, bottom);
        int n = values.size();
        int slot = width / n;
        int i = 0;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            double v = e.getValue();
            double frac = Double.isNaN(v) || v <= 0 ? 0 : v / hi;
            int bh = (int) Math.round(Math.max(0, Math.min(1, frac)) * (bottom - top));
            int bx = left + i * slot + slot / 6;
            int bw = slot * 2 / 3;
            g.setColor(java.util.Arrays.asList(BASELINES).contains(e.getKey()) ? colour(e.getKey())
                    : PALETTE[i % PALETTE.length]);
            g.fillRect(bx, bottom - bh, bw, bh);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            String label = f(v);
            g.drawString(label, bx + (bw - g.getFontMetrics().stringWidth(label)) / 2, bottom - bh - 4);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            String[] name = e.getKey().toLowerCase(Locale.ROOT).replace('_', ' ').split(" (?=programs)");
            for (int k = 0; k < name.length; k++) {
                g.drawString(name[k], bx + (bw - g.getFontMetrics().stringWidth(name[k])) / 2, bottom + 16 + 13 * k);
            }
            i++;
        }
    }

    /**
     * Events/s on 1 thread against history length, a line per baseline: both axes logarithmic (the lengths
     * are 10x apart, the naive baseline falls by orders of magnitude), ticks at 1, 2 and 5 times powers of
     * ten with grid lines, each point labelled with its value.
     */
    private void histories(Graphics2D g, int x, int y, int w, int h) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("Ingestion against history length, events/s, 1 thread (log scales)", x + 20, y + 28);
        List<String> lengths = historyLengths();
        if (lengths.size() < 2) {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString("one history length measured (java -jar benchmarks.jar full or quick measures three)",
                    x + 20, y + 60);
            return;
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        double min = Double.MAX_VALUE;
        double max = 0;
        for (String b : BASELINES) {
            double[] v = lengths.stream().mapToDouble(l -> score(ingest("throughput1", b, l))).toArray();
            if (java.util.Arrays.stream(v).allMatch(Double::isNaN)) {
                continue;
            }
            series.put(b, v);
            for (double d : v) {
                if (!Double.isNaN(d) && d > 0) {
                    min = Math.min(min, d);
                    max = Math.max(max, d);
                }
            }
        }
        int left = x + 80;
        int right = x + w - 250;
        int top = y + 50;
        int bottom = y + h - 55;
        double ylo = Math.log10(Math.pow(10, Math.floor(Math.log10(min))));
        double yhi = Math.log10(Math.pow(10, Math.ceil(Math.log10(max))));
        double xlo = Math.log10(Double.parseDouble(lengths.get(0)) / 1.6);
        double xhi = Math.log10(Double.parseDouble(lengths.get(lengths.size() - 1)) * 1.6);
        java.util.function.DoubleUnaryOperator px = v -> left + (Math.log10(v) - xlo) / (xhi - xlo) * (right - left);
        java.util.function.DoubleUnaryOperator py = v -> bottom - (Math.log10(v) - ylo) / (yhi - ylo) * (bottom - top);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int e = (int) ylo; e <= (int) yhi; e++) {
            for (int m : new int[] {1, 2, 5}) {
                double t = m * Math.pow(10, e);
                if (Math.log10(t) > yhi + 1e-9) {
                    continue;
                }
                int ty = (int) Math.round(py.applyAsDouble(t));
                g.setColor(m == 1 ? new Color(0xc8c8c8) : GRID);
                g.drawLine(left, ty, right, ty);
                g.setColor(Color.DARK_GRAY);
                String label = tick(t);
                g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), ty + 4);
            }
        }
        for (String l : lengths) {
            int tx = (int) Math.round(px.applyAsDouble(Double.parseDouble(l)));
            g.setColor(GRID);
            g.drawLine(tx, top, tx, bottom);
            g.setColor(Color.DARK_GRAY);
            String label = length(l);
            g.drawString(label, tx - g.getFontMetrics().stringWidth(label) / 2, bottom + 16);
        }
        g.drawString("events per customer-year in the history", (left + right) / 2 - 110, bottom + 36);
        g.setColor(Color.GRAY);
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        int legend = top + 10;
        List<Object[]> labels = new ArrayList<>(); // per point: length index, y, text, colour
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            Color c = colour(e.getKey());
            double[] v = e.getValue();
            g.setColor(c);
            g.setStroke(new BasicStroke(2.2f));
            int[] xs = new int[v.length];
            int[] ys = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                xs[i] = (int) Math.round(px.applyAsDouble(Double.parseDouble(lengths.get(i))));
                ys[i] = Double.isNaN(v[i]) ? -1 : (int) Math.round(py.applyAsDouble(v[i]));
            }
            for (int i = 1; i < v.length; i++) {
                if (ys[i - 1] >= 0 && ys[i] >= 0) {
                    g.drawLine(xs[i - 1], ys[i - 1], xs[i], ys[i]);
                }
            }
            for (int i = 0; i < v.length; i++) {
                if (ys[i] >= 0) {
                    g.fillOval(xs[i] - 4, ys[i] - 4, 8, 8);
                    labels.add(new Object[] {i, ys[i], f(v[i]), c});
                }
            }
            g.fillRect(right + 30, legend - 9, 22, 4);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(e.getKey().toLowerCase(Locale.ROOT).replace('_', ' '), right + 60, legend - 3);
            legend += 24;
        }
        // the points' values beside them, moved apart where lines run close
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i < lengths.size(); i++) {
            int column = i;
            List<Object[]> here = new ArrayList<>(labels.stream().filter(l -> (int) l[0] == column).toList());
            here.sort(java.util.Comparator.comparingInt(l -> (int) l[1]));
            int tx = (int) Math.round(px.applyAsDouble(Double.parseDouble(lengths.get(i)))) + 8;
            int last = Integer.MIN_VALUE;
            for (Object[] l : here) {
                int ty = Math.max((int) l[1] + 4, last + 13);
                g.setColor((Color) l[3]);
                g.drawString((String) l[2], tx, ty);
                last = ty;
            }
        }
        g.setStroke(new BasicStroke(1));
        g.setColor(Color.DARK_GRAY);
        legend += 10;
        for (String l : lengths) {
            JsonNode n = of("IngestBenchmark.throughput1").stream()
                    .filter(r -> r.path("params").path("history").asText(DEFAULT_HISTORY).equals(l)).findFirst()
                    .orElseThrow();
            g.drawString(length(l) + " events: " + f(n.path("params").path("customers").asDouble())
                    + " customers", right + 30, legend);
            legend += 16;
        }
    }
}
