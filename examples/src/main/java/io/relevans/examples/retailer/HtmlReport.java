package io.relevans.examples.retailer;

import io.relevans.ProgramResult;
import io.relevans.backtest.Comparison;
import io.relevans.spi.Message;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes a {@link RetailerReport} as one self-contained HTML page with inline SVG charts, and as a
 * short console summary.
 */
public final class HtmlReport {

    private HtmlReport() {
    }

    /** Writes the page to the file, creating its folder. */
    public static void write(RetailerReport report, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, html(report), StandardCharsets.UTF_8);
    }

    static String html(RetailerReport r) {
        RunFigures f = r.figures();
        List<String> weeks = new ArrayList<>();
        for (int w = 1; w <= f.weeks(); w++) {
            weeks.add("w" + w);
        }
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Html.escape(r.title())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em auto;max-width:980px;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:right}th:first-child,td:first-child{text-align:left}")
                .append(".figures td{text-align:left}h2{margin-top:2em;border-bottom:1px solid #ccc}")
                .append("</style></head><body>\n");
        h.append("<h1>").append(Html.escape(r.title())).append("</h1>\n");
        h.append("<table class=\"figures\">");
        row(h, "Period", f.settings().start().toString().substring(0, 10) + ", " + f.settings().days() + " days");
        row(h, "Customers", String.format(Locale.ROOT, "%,d (seed %d)", f.settings().customers(), f.settings().seed()));
        row(h, "Events ingested", String.format(Locale.ROOT, "%,d", f.events()));
        row(h, "Messages decided", String.format(Locale.ROOT, "%,d: %,d sent, %,d suppressed, %,d dead",
                r.decided(), r.status(Message.Status.SENT), r.status(Message.Status.SUPPRESSED),
                r.status(Message.Status.DEAD)));
        row(h, "Storage", r.storage());
        row(h, "Wall time", seconds(f.wallTime()) + String.format(Locale.ROOT, " (%,.0f events/s)",
                f.events() / Math.max(f.wallTime().toMillis() / 1000.0, 1e-3)));
        h.append("</table>\n");

        r.comparison().ifPresent(c -> comparison(h, c));

        h.append("<h2>Messages delivered per week, by program</h2>\n").append(SvgChart.lines(weeks, f.weeklyByProgram()));
        h.append("<h2>Messages delivered per week, by channel</h2>\n").append(SvgChart.stacked(weeks, f.weeklyByChannel()));
        h.append("<h2>Suppressions by reason</h2>\n<p>Every message a program wanted to send but did not, with the "
                + "guard that stopped it.</p>\n").append(SvgChart.bars(sortedByValue(r.suppressions()), "%,.0f"));

        h.append("<h2>Results per program and variant, against control</h2>\n");
        resultsTable(h, r.results());
        Map<String, double[]> conversion = new LinkedHashMap<>();
        List<String> programs = new ArrayList<>();
        double[] treated = new double[0];
        double[] control = new double[0];
        for (String program : r.results().stream().map(ProgramResult::program).distinct().toList()) {
            Optional<ProgramResult> c = r.results().stream().filter(x -> x.program().equals(program) && x.control())
                    .findFirst();
            if (c.isEmpty()) {
                continue;
            }
            long decided = 0;
            long converted = 0;
            for (ProgramResult x : r.results()) {
                if (x.program().equals(program) && !x.control()) {
                    decided += x.decided();
                    converted += x.converted();
                }
            }
            programs.add(program);
            treated = append(treated, decided == 0 ? 0 : 100.0 * converted / decided);
            control = append(control, 100 * c.get().conversionRate());
        }
        conversion.put("messaged", treated);
        conversion.put("control group", control);
        h.append("<p>Conversion rate (%) of the programs with a control group.</p>\n")
                .append(SvgChart.grouped(programs, conversion, "%.1f"));

        h.append("<h2>Segment sizes</h2>\n<p>At the end of the period (customers in each segment).</p>\n")
                .append(SvgChart.bars(toDouble(r.segments()), "%,.0f"));
        Map<String, long[]> weekly = new TreeMap<>();
        for (int w = 0; w < f.weeklySegments().size(); w++) {
            for (Map.Entry<String, Long> e : f.weeklySegments().get(w).entrySet()) {
                weekly.computeIfAbsent(e.getKey(), k -> new long[f.weeks()])[w] = e.getValue();
            }
        }
        h.append("<p>Week by week, as ingestion kept them.</p>\n").append(SvgChart.lines(weeks, weekly));

        h.append("<h2>Omnichannel and single-channel customers (S17)</h2>\n");
        List<String> groups = new ArrayList<>(r.channelUse().keySet());
        double[] revenue = new double[groups.size()];
        double[] purchases = new double[groups.size()];
        h.append("<table><tr><th>Group</th><th>Customers</th><th>Revenue per customer (NOK)</th>"
                + "<th>Purchases per customer</th></tr>\n");
        for (int i = 0; i < groups.size(); i++) {
            double[] g = r.channelUse().get(groups.get(i));
            revenue[i] = g[0] == 0 ? 0 : g[1] / g[0];
            purchases[i] = g[0] == 0 ? 0 : g[2] / g[0];
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%,.0f</td><td>%,.0f</td><td>%.2f</td></tr>%n",
                    Html.escape(groups.get(i)), g[0], revenue[i], purchases[i]));
        }
        h.append("</table>\n");
        Map<String, double[]> s17 = new LinkedHashMap<>();
        s17.put("revenue per customer (NOK)", revenue);
        h.append(SvgChart.grouped(groups, s17, "%,.0f"));

        h.append("<h2>Events by type</h2>\n").append(SvgChart.bars(toDouble(f.eventsByType()), "%,.0f"));
        h.append("</body></html>\n");
        return h.toString();
    }

    /** How many changed messages the page lists. */
    static final int CHANGES_LISTED = 25;

    /** The comparison: per program, then the first changed messages, the first only before and only after. */
    private static void comparison(StringBuilder h, RetailerReport.Compared c) {
        Comparison x = c.comparison();
        String before = Html.escape(c.before());
        String after = Html.escape(c.after());
        h.append("<h2>Compared with ").append(before).append("</h2>\n<p>");
        if (x.isEmpty()) {
            h.append(String.format(Locale.ROOT, "The same %,d messages, decided alike: ", x.unchanged()))
                    .append(after).append(" decides exactly what ").append(before).append(" decided.");
        } else {
            h.append(String.format(Locale.ROOT, "%,d messages only in %s, %,d only in %s, %,d decided otherwise, %,d alike.",
                    x.onlyInA().size(), before, x.onlyInB().size(), after, x.changed().size(), x.unchanged()));
        }
        h.append(" A message of one is the same decision as one of the other when it has the same id (customer, "
                + "program, step, the event that started the journey and what made the step run); the rest are paired "
                + "per customer, program and step in the order decided.</p>\n");
        h.append("<table><tr><th>Program</th><th>Decided</th><th>Sent</th><th>Only in ").append(before)
                .append("</th><th>Only in ").append(after).append("</th><th>Decided otherwise</th></tr>\n");
        for (Comparison.ProgramDifference p : x.programs()) {
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%,d &rarr; %,d</td><td>%,d &rarr; %,d</td>"
                            + "<td>%,d</td><td>%,d</td><td>%,d</td></tr>%n", Html.escape(p.program()), p.inA(), p.inB(),
                    p.sentInA(), p.sentInB(), p.onlyInA(), p.onlyInB(), p.changed()));
        }
        h.append("</table>\n");
        if (!x.changed().isEmpty()) {
            h.append("<p>Decided otherwise (the first ").append(Math.min(CHANGES_LISTED, x.changed().size()))
                    .append("):</p>\n<table><tr><th>Customer</th><th>Program / step</th><th>What changed</th></tr>\n");
            x.changed().stream().limit(CHANGES_LISTED).forEach(ch -> h.append("<tr><td>")
                    .append(Html.escape(ch.a().customer().value())).append("</td><td>")
                    .append(Html.escape(ch.a().program() + " / " + ch.a().step())).append("</td><td>")
                    .append(Html.escape(ch.toString().substring(ch.toString().indexOf(": ") + 2))).append("</td></tr>\n"));
            h.append("</table>\n");
        }
        only(h, "Only in " + c.before(), x.onlyInA());
        only(h, "Only in " + c.after(), x.onlyInB());
    }

    private static void only(StringBuilder h, String title, List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        h.append("<p>").append(Html.escape(title)).append(" (the first ").append(Math.min(CHANGES_LISTED, messages.size()))
                .append("):</p>\n<table><tr><th>Customer</th><th>Program / step</th><th>Decided</th><th>Status</th>"
                        + "<th>Reason</th></tr>\n");
        messages.stream().limit(CHANGES_LISTED).forEach(m -> h.append("<tr><td>").append(Html.escape(m.customer().value()))
                .append("</td><td>").append(Html.escape(m.program() + " / " + m.step())).append("</td><td>")
                .append(m.decidedAt()).append("</td><td>").append(m.status().name().toLowerCase(Locale.ROOT))
                .append("</td><td>").append(Html.escape(m.reason())).append("</td></tr>\n"));
        h.append("</table>\n");
    }

    private static void resultsTable(StringBuilder h, List<ProgramResult> results) {
        h.append("<table><tr><th>Program</th><th>Variant</th><th>Decided</th><th>Sent</th><th>Opened</th>"
                + "<th>Clicked</th><th>Converted</th><th>Conversion</th><th>Uplift over control</th></tr>\n");
        for (ProgramResult x : results) {
            Optional<ProgramResult> control = results.stream()
                    .filter(c -> c.control() && c.program().equals(x.program())).findFirst();
            String uplift = x.control() || control.isEmpty() || Double.isNaN(x.upliftOver(control.get())) ? ""
                    : String.format(Locale.ROOT, "%+.0f%%", 100 * x.upliftOver(control.get()));
            h.append(String.format(Locale.ROOT,
                    "<tr><td>%s</td><td>%s</td><td>%,d</td><td>%,d</td><td>%.1f%%</td><td>%.1f%%</td><td>%,d</td>"
                            + "<td>%.1f%%</td><td>%s</td></tr>%n",
                    Html.escape(x.program()), x.control() ? "control" : Html.escape(x.variant().isEmpty() ? "-" : x.variant()),
                    x.decided(), x.sent(), 100 * x.openRate(), 100 * x.clickRate(), x.converted(),
                    100 * x.conversionRate(), uplift));
        }
        h.append("</table>\n");
    }

    /** The console version: the figures a reader checks first. */
    public static void summary(RetailerReport r, PrintStream out) {
        RunFigures f = r.figures();
        out.printf(Locale.ROOT, "%n%s%n", r.title());
        out.printf(Locale.ROOT, "  customers        %,d%n", f.settings().customers());
        out.printf(Locale.ROOT, "  events           %,d%n", f.events());
        out.printf(Locale.ROOT, "  messages         %,d decided: %,d sent, %,d suppressed, %,d dead%n", r.decided(),
                r.status(Message.Status.SENT), r.status(Message.Status.SUPPRESSED), r.status(Message.Status.DEAD));
        out.printf(Locale.ROOT, "  wall time        %s (%,.0f events/s)%n", seconds(f.wallTime()),
                f.events() / Math.max(f.wallTime().toMillis() / 1000.0, 1e-3));
        out.println("  top suppression reasons:");
        sortedByValue(r.suppressions()).entrySet().stream().limit(5)
                .forEach(e -> out.printf(Locale.ROOT, "    %,9.0f  %s%n", e.getValue(), e.getKey()));
        out.println("  uplift over control:");
        for (ProgramResult x : r.results()) {
            Optional<ProgramResult> control = r.results().stream()
                    .filter(c -> c.control() && c.program().equals(x.program())).findFirst();
            if (!x.control() && control.isPresent()) {
                out.printf(Locale.ROOT, "    %-18s %-8s conversion %5.1f%% vs %5.1f%% in control%n", x.program(),
                        x.variant().isEmpty() ? "-" : x.variant(), 100 * x.conversionRate(),
                        100 * control.get().conversionRate());
            }
        }
    }

    private static Map<String, Double> sortedByValue(Map<String, Long> counts) {
        Map<String, Double> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), e.getValue().doubleValue()));
        return out;
    }

    private static Map<String, Double> toDouble(Map<String, Long> counts) {
        Map<String, Double> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> out.put(k, v.doubleValue()));
        return out;
    }

    private static double[] append(double[] a, double v) {
        double[] b = java.util.Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static void row(StringBuilder h, String name, String value) {
        h.append("<tr><th>").append(Html.escape(name)).append("</th><td>").append(Html.escape(value)).append("</td></tr>\n");
    }
}
