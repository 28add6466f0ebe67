package io.relevans.examples.retailer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the report's charts as inline SVG: line charts and stacked bars over weeks, horizontal bars
 * and grouped bars. No script and no external resources, so the report opens anywhere, offline.
 * Labels are escaped.
 */
final class SvgChart {

    private static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173",
            "#3182bd"};
    private static final int WIDTH = 860;
    private static final int HEIGHT = 320;
    private static final int LEFT = 70;
    private static final int RIGHT = 210;
    private static final int TOP = 20;
    private static final int BOTTOM = 40;

    private SvgChart() {
    }

    static String color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    /** One line per series over the x labels. */
    static String lines(List<String> x, Map<String, long[]> series) {
        Map<String, double[]> values = new LinkedHashMap<>();
        series.forEach((name, v) -> values.put(name, Arrays.stream(v).asDoubleStream().toArray()));
        return lines(x, values, 1);
    }

    /**
     * One line per series over the x labels, of which every {@code labelEvery}-th is written (for long series,
     * such as days).
     */
    static String lines(List<String> x, Map<String, double[]> series, int labelEvery) {
        double max = 1;
        for (double[] v : series.values()) {
            for (double n : v) {
                max = Math.max(max, n);
            }
        }
        max = niceMax(max);
        StringBuilder svg = frame(x, max, labelEvery);
        int i = 0;
        for (Map.Entry<String, double[]> s : series.entrySet()) {
            StringBuilder points = new StringBuilder();
            double[] v = s.getValue();
            for (int k = 0; k < v.length; k++) {
                points.append(fmt(xAt(k, x.size()))).append(',').append(fmt(yAt(v[k], max))).append(' ');
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(color(i)).append("\" points=\"")
                    .append(points.toString().strip()).append("\"/>\n");
            legend(svg, i, s.getKey());
            i++;
        }
        return svg.append("</svg>\n").toString();
    }

    /** Stacked bars, one per x label, a colour per series. */
    static String stacked(List<String> x, Map<String, long[]> series) {
        double max = 1;
        for (int k = 0; k < x.size(); k++) {
            long sum = 0;
            for (long[] v : series.values()) {
                sum += v[k];
            }
            max = Math.max(max, sum);
        }
        max = niceMax(max);
        StringBuilder svg = frame(x, max);
        double slot = (WIDTH - LEFT - RIGHT) / (double) x.size();
        double[] base = new double[x.size()];
        int i = 0;
        for (Map.Entry<String, long[]> s : series.entrySet()) {
            long[] v = s.getValue();
            for (int k = 0; k < v.length; k++) {
                double y0 = yAt(base[k], max);
                double y1 = yAt(base[k] + v[k], max);
                svg.append("<rect x=\"").append(fmt(LEFT + k * slot + slot * 0.15)).append("\" y=\"").append(fmt(y1))
                        .append("\" width=\"").append(fmt(slot * 0.7)).append("\" height=\"").append(fmt(y0 - y1))
                        .append("\" fill=\"").append(color(i)).append("\"><title>").append(Html.escape(s.getKey()))
                        .append(": ").append(v[k]).append("</title></rect>\n");
                base[k] += v[k];
            }
            legend(svg, i, s.getKey());
            i++;
        }
        return svg.append("</svg>\n").toString();
    }

    /** One horizontal bar per entry, with its value written at the end. */
    static String bars(Map<String, Double> values, String format) {
        int rowHeight = 22;
        int labelWidth = 330;
        int height = TOP + values.size() * rowHeight + 10;
        double max = values.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
        max = max <= 0 ? 1 : max;
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH
                + "\" height=\"" + height + "\" font-family=\"sans-serif\" font-size=\"12\">\n");
        int i = 0;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            double y = TOP + i * rowHeight;
            double w = (WIDTH - labelWidth - 90) * e.getValue() / max;
            svg.append("<text x=\"").append(labelWidth - 6).append("\" y=\"").append(fmt(y + 14))
                    .append("\" text-anchor=\"end\">").append(Html.escape(shorten(e.getKey(), 52))).append("</text>")
                    .append("<rect x=\"").append(labelWidth).append("\" y=\"").append(fmt(y + 3)).append("\" width=\"")
                    .append(fmt(Math.max(w, 1))).append("\" height=\"15\" fill=\"").append(color(i)).append("\"/>")
                    .append("<text x=\"").append(fmt(labelWidth + Math.max(w, 1) + 5)).append("\" y=\"")
                    .append(fmt(y + 14)).append("\">").append(String.format(Locale.ROOT, format, e.getValue()))
                    .append("</text>\n");
            i++;
        }
        return svg.append("</svg>\n").toString();
    }

    /** Groups of bars: one group per category, one bar per series. */
    static String grouped(List<String> categories, Map<String, double[]> series, String format) {
        double max = 0;
        for (double[] v : series.values()) {
            for (double d : v) {
                max = Math.max(max, d);
            }
        }
        max = niceMax(max <= 0 ? 1 : max);
        StringBuilder svg = frame(categories, max);
        double slot = (WIDTH - LEFT - RIGHT) / (double) categories.size();
        double bar = slot * 0.8 / Math.max(1, series.size());
        int i = 0;
        for (Map.Entry<String, double[]> s : series.entrySet()) {
            double[] v = s.getValue();
            for (int k = 0; k < v.length; k++) {
                double y = yAt(v[k], max);
                double x = LEFT + k * slot + slot * 0.1 + i * bar;
                svg.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(y)).append("\" width=\"")
                        .append(fmt(bar * 0.9)).append("\" height=\"").append(fmt(HEIGHT - BOTTOM - y))
                        .append("\" fill=\"").append(color(i)).append("\"/>")
                        .append("<text x=\"").append(fmt(x + bar * 0.45)).append("\" y=\"").append(fmt(y - 3))
                        .append("\" text-anchor=\"middle\" font-size=\"10\">")
                        .append(String.format(Locale.ROOT, format, v[k])).append("</text>\n");
            }
            legend(svg, i, s.getKey());
            i++;
        }
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder frame(List<String> x, double max) {
        return frame(x, max, 1);
    }

    private static StringBuilder frame(List<String> x, double max, int labelEvery) {
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH
                + "\" height=\"" + HEIGHT + "\" font-family=\"sans-serif\" font-size=\"11\">\n");
        for (int t = 0; t <= 4; t++) {
            double v = max * t / 4;
            double y = yAt(v, max);
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
                    .append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#ddd\"/>")
                    .append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 4))
                    .append("\" text-anchor=\"end\">").append(label(v)).append("</text>\n");
        }
        boolean points = x.size() > 12;
        for (int k = 0; k < x.size(); k += labelEvery) {
            double cx = points ? xAt(k, x.size()) : LEFT + (k + 0.5) * (WIDTH - LEFT - RIGHT) / (double) x.size();
            svg.append("<text x=\"").append(fmt(cx)).append("\" y=\"").append(HEIGHT - BOTTOM + 16)
                    .append("\" text-anchor=\"middle\">").append(Html.escape(x.get(k))).append("</text>\n");
        }
        svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
                .append(HEIGHT - BOTTOM).append("\" y2=\"").append(HEIGHT - BOTTOM).append("\" stroke=\"#333\"/>\n");
        return svg;
    }

    private static void legend(StringBuilder svg, int i, String name) {
        int y = TOP + i * 17;
        svg.append("<rect x=\"").append(WIDTH - RIGHT + 12).append("\" y=\"").append(y).append("\" width=\"12\" height=\"12\" fill=\"")
                .append(color(i)).append("\"/><text x=\"").append(WIDTH - RIGHT + 30).append("\" y=\"").append(y + 10)
                .append("\">").append(Html.escape(shorten(name, 28))).append("</text>\n");
    }

    private static double xAt(int k, int n) {
        return LEFT + (n <= 1 ? 0.5 : k / (double) (n - 1)) * (WIDTH - LEFT - RIGHT);
    }

    private static double yAt(double v, double max) {
        return HEIGHT - BOTTOM - v / max * (HEIGHT - TOP - BOTTOM);
    }

    static double niceMax(double max) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= max) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String label(double v) {
        if (v >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (v >= 10_000) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }
}
