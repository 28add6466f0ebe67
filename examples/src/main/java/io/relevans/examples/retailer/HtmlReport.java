package io.relevans.examples.retailer;

import io.relevans.ProgramResult;
import io.relevans.backtest.Comparison;
import io.relevans.prediction.BgNbdModel;
import io.relevans.prediction.CustomerBaseModel;
import io.relevans.prediction.FitDiagnostics;
import io.relevans.spi.Message;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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

        predictions(h, r);

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

    /**
     * The prediction models in use, the calibration of the one fitted at go-live against the period (the BG/NBD
     * paper's two validation charts), and the two win-back programs side by side.
     */
    private static void predictions(StringBuilder h, RetailerReport r) {
        RunFigures f = r.figures();
        if (f.models().isEmpty()) {
            return;
        }
        h.append("<h2>Predicted behaviour: who is still a customer (BG/NBD, Gamma-Gamma)</h2>\n<p>Fitted at go-live on "
                + "the orders before it (calibrated through the day before), then refitted by the engine every "
                + Retailer.REFIT_EVERY.toDays() + " days on every customer's purchase days so far; after each refit every "
                + "customer is segmented again (").append(f.resegmentations()).append(" times, ")
                .append(seconds(f.resegmentation())).append(" in all). Times in weeks. A refit calibrates through the "
                + "engine's day, so one in the tick at midnight counts the day that has just begun.</p>\n");
        h.append("<table><tr><th>Version</th><th>Fitted at</th><th>Calibration through</th><th>Customers</th><th>Repeat</th><th>r</th>"
                + "<th>alpha</th><th>a</th><th>b</th><th>p</th><th>q</th><th>gamma</th><th>Log-likelihood</th>"
                + "<th>Converged</th></tr>\n");
        for (CustomerBaseModel m : f.models()) {
            FitDiagnostics d = m.purchases().diagnostics();
            BgNbdModel b = m.purchases().model();
            String spend = m.usableSpend().map(g -> String.format(Locale.ROOT, "<td>%.3f</td><td>%.3f</td><td>%,.1f</td>",
                    g.model().p(), g.model().q(), g.model().gamma())).orElse("<td></td><td></td><td></td>");
            h.append(String.format(Locale.ROOT, "<tr><td>v%d</td><td>%s</td><td>%s</td><td>%,d</td><td>%,d</td><td>%.3f</td>"
                            + "<td>%.3f</td><td>%.3f</td><td>%.3f</td>%s<td>%,.1f</td><td>%s</td></tr>%n", m.version(),
                    m.fittedAt().toString().substring(0, 16).replace('T', ' '), d.calibration().lastDay(), d.customers(), d.repeatCustomers(), b.r(), b.alpha(), b.a(), b.b(), spend,
                    d.logLikelihood(), d.converged() ? "yes" : "no"));
        }
        h.append("</table>\n");
        thresholds(h, f);
        f.holdout().ifPresent(c -> calibration(h, c));
        winBacks(h, r);
    }

    /** At go-live, what each threshold of p_alive would have caught, against the simulation's truth. */
    private static void thresholds(StringBuilder h, RunFigures f) {
        if (f.thresholds().isEmpty()) {
            return;
        }
        h.append("<h3>Choosing the segment's threshold</h3>\n<p>At go-live, the customers who had bought before it "
                + "below each threshold of p_alive, alone and with fewer than 0.5 purchases expected in the next 90 days, "
                + "and how many of them had truly lapsed in the simulation (which the model cannot see).</p>\n");
        h.append("<table><tr><th>p_alive below</th><th>Customers</th><th>Truly lapsed</th><th>And expected_purchases "
                + "next 90d &lt; 0.5</th><th>Truly lapsed</th></tr>\n");
        for (RunFigures.Threshold t : f.thresholds()) {
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%,d</td><td>%s</td><td>%,d</td><td>%s</td></tr>%n",
                    Double.isInfinite(t.pAlive()) ? "any: every buyer" : String.format(Locale.ROOT, "%.1f", t.pAlive()),
                    t.customers(), share(t.lapsed(), t.customers()), t.guarded(),
                    share(t.guardedLapsed(), t.guarded())));
        }
        h.append("</table>\n");
    }

    private static String share(long part, long whole) {
        return whole == 0 ? "" : String.format(Locale.ROOT, "%,d (%.0f%%)", part, 100.0 * part / whole);
    }

    /** The calibration of the go-live model against the period, as the paper's two validation charts. */
    private static void calibration(StringBuilder h, Holdout c) {
        BgNbdModel m = c.model().purchases().model();
        h.append("<h3>Calibration: the go-live model against the ").append(c.days()).append(" days that followed</h3>\n");
        h.append(String.format(Locale.ROOT, "<p>The %,d customers who had bought before go-live, with the model v%d "
                        + "fitted then (r %.3f, alpha %.3f, a %.3f, b %.3f): each customer's expected purchases in the "
                        + "period, E[Y(t) | x, t<sub>x</sub>, T], against their purchase days in it (a day with purchases "
                        + "counts once, as the model counts them). The period had marketing programs the orders before "
                        + "go-live did not: purchases after a message are in the actual figures.</p>%n", c.customers(),
                c.model().version(), m.r(), m.alpha(), m.a(), m.b()));
        h.append("<table class=\"figures\">");
        row(h, "Repeat purchases in the period", String.format(Locale.ROOT, "predicted %,.1f, actual %,d (%+.1f%%)",
                c.totalPredicted(), c.totalActual(), 100 * c.totalError()));
        row(h, "Per customer", String.format(Locale.ROOT, "mean absolute error %.3f, correlation %.3f",
                c.meanAbsoluteError(), c.correlation()));
        h.append("</table>\n");
        List<String> days = new ArrayList<>();
        for (int d = 0; d <= c.days(); d++) {
            days.add("d" + d);
        }
        Map<String, double[]> cumulative = new LinkedHashMap<>();
        cumulative.put("predicted", c.predicted());
        cumulative.put("actual", Arrays.stream(c.actual()).asDoubleStream().toArray());
        h.append("<p>Cumulative repeat purchases over the period, day by day.</p>\n")
                .append(SvgChart.lines(days, cumulative, 7));
        List<String> groups = new ArrayList<>();
        for (int g = 0; g < Holdout.GROUPS; g++) {
            groups.add(g == Holdout.GROUPS - 1 ? g + "+" : String.valueOf(g));
        }
        Map<String, double[]> conditional = new LinkedHashMap<>();
        conditional.put("predicted", c.meanPredicted());
        conditional.put("actual", c.meanActual());
        h.append("<p>Conditional expectations: mean purchases in the period by repeat purchases before go-live "
                + "(x).</p>\n").append(SvgChart.grouped(groups, conditional, "%.2f"));
        h.append("<table><tr><th>Repeat purchases before go-live (x)</th>");
        groups.forEach(g -> h.append("<th>").append(g).append("</th>"));
        h.append("</tr>\n<tr><td>Customers</td>");
        Arrays.stream(c.groups()).forEach(n -> h.append(String.format(Locale.ROOT, "<td>%,d</td>", n)));
        h.append("</tr>\n<tr><td>Predicted per customer</td>");
        Arrays.stream(c.meanPredicted()).forEach(v -> h.append(String.format(Locale.ROOT, "<td>%.3f</td>", v)));
        h.append("</tr>\n<tr><td>Actual per customer</td>");
        Arrays.stream(c.meanActual()).forEach(v -> h.append(String.format(Locale.ROOT, "<td>%.3f</td>", v)));
        h.append("</tr>\n</table>\n");
    }

    /**
     * The win-back after 45 days without purchase and the predicted one side by side: messages, conversion against
     * control, and, where the simulation knows it, how many of the customers had truly lapsed.
     */
    private static void winBacks(StringBuilder h, RetailerReport r) {
        RunFigures f = r.figures();
        h.append("<h3>Win-back: 45 days without purchase against predicted</h3>\n<p><code>miss_you</code> starts 45 "
                + "days after a customer's last purchase, whatever their rhythm; <code>predicted_winback</code> starts "
                + "when a customer enters <code>" + RunFigures.PREDICTED_SEGMENT + "</code> (on p_alive and "
                + "expected_purchases, <code>segments.rel</code>). Both send the same coupon to those who said yes to "
                + "email marketing, with a 10% control group. A lapsed customer opens fewer messages; one who buys "
                + "after a message is active again.</p>\n");
        h.append("<table><tr><th>Program</th><th>Decided</th><th>Sent</th><th>Converted</th><th>Conversion</th>"
                + "<th>Control: decided</th><th>Control: conversion</th><th>Uplift</th><th>Truly lapsed when decided</th>"
                + "</tr>\n");
        for (String program : Simulation.WIN_BACKS) {
            List<ProgramResult> results = r.results().stream().filter(x -> x.program().equals(program)).toList();
            if (results.isEmpty()) {
                continue;
            }
            long decided = 0;
            long sent = 0;
            long converted = 0;
            ProgramResult control = null;
            for (ProgramResult x : results) {
                if (x.control()) {
                    control = x;
                } else {
                    decided += x.decided();
                    sent += x.sent();
                    converted += x.converted();
                }
            }
            double conversion = decided == 0 ? Double.NaN : converted / (double) decided;
            String truth = f.lapseChecks().stream().filter(l -> l.what().startsWith(program + " "))
                    .findFirst().map(l -> String.format(Locale.ROOT, "%.0f%% of %,d", 100 * l.lapsedShare(), l.count()))
                    .orElse("");
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%,d</td><td>%,d</td><td>%,d</td><td>%.1f%%</td>"
                            + "<td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>%n", program, decided, sent, converted,
                    100 * conversion, control == null ? "" : String.format(Locale.ROOT, "%,d", control.decided()),
                    control == null ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * control.conversionRate()),
                    control == null || control.conversionRate() == 0 ? ""
                            : String.format(Locale.ROOT, "%+.0f%%", 100 * (conversion / control.conversionRate() - 1)),
                    truth));
        }
        h.append("</table>\n");
        f.lapseChecks().stream().filter(l -> l.what().startsWith("entered ")).findFirst().ifPresent(l -> h.append(
                String.format(Locale.ROOT, "<p>%,d entries into <code>%s</code> in the period (go-live included); the "
                                + "customer had truly lapsed (in the simulation) in %.0f%% of them.</p>%n", l.count(),
                        RunFigures.PREDICTED_SEGMENT, 100 * l.lapsedShare())));
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
        predictionSummary(f, out);
    }

    /** The console lines of the predictions: the model at go-live, refits, calibration, who the win-backs reached. */
    private static void predictionSummary(RunFigures f, PrintStream out) {
        if (f.models().isEmpty()) {
            return;
        }
        out.printf(Locale.ROOT, "  prediction model %s%n", GoLive.describe(f.models().get(0)));
        out.printf(Locale.ROOT, "  refits           %d in the period, each followed by a resegmentation (%s in all)%n",
                f.models().size() - 1, seconds(f.resegmentation()));
        f.holdout().ifPresent(c -> out.printf(Locale.ROOT, "  calibration      %,d customers: %,.1f repeat purchases "
                        + "predicted in the period, %,d actual (%+.1f%%), per customer mean absolute error %.3f, "
                        + "correlation %.3f%n", c.customers(), c.totalPredicted(), c.totalActual(), 100 * c.totalError(),
                c.meanAbsoluteError(), c.correlation()));
        for (RunFigures.LapseCheck l : f.lapseChecks()) {
            out.printf(Locale.ROOT, "  truly lapsed     %.0f%% of %,d %s%n", 100 * l.lapsedShare(), l.count(), l.what());
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
