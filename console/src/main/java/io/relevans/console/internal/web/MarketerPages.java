package io.relevans.console.internal.web;

import io.relevans.ProgramResult;
import io.relevans.Relevans;
import io.relevans.SplitResult;
import io.relevans.console.Role;
import io.relevans.console.internal.desk.Aggregates;
import io.relevans.console.internal.desk.Figures;
import io.relevans.console.internal.http.Exchange;
import io.relevans.console.internal.http.Html;
import io.relevans.console.internal.http.HttpError;
import io.relevans.console.internal.http.Route;
import io.relevans.definition.Definitions;
import io.relevans.definition.Policies;
import io.relevans.definition.Program;
import io.relevans.definition.Segment;
import io.relevans.dsl.Relang;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The marketers' pages (S2, S4, S5, S9, S17): programs with their figures per variant against control, live;
 * one program with its definition; segment sizes now and over time, suppressions by guard and channel use.
 * Counts only: no page here shows one customer.
 */
final class MarketerPages {

    private static final Set<Role> MARKETER = Set.of(Role.MARKETER);
    private static final List<String> FIELDS = List.of("decided", "sent", "delivered", "opened", "clicked",
            "converted");

    private final Layout layout;
    private final Aggregates aggregates;
    private final Relevans engine;

    MarketerPages(Layout layout, Aggregates aggregates, Relevans engine) {
        this.layout = layout;
        this.aggregates = aggregates;
        this.engine = engine;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", "/programs", MARKETER, false, this::programs),
                new Route("GET", "/programs/{name}", MARKETER, false, this::program),
                new Route("GET", "/segments", MARKETER, false, this::segments));
    }

    private void programs(Exchange x) {
        Figures f = aggregates.current();
        Html h = new Html();
        h.raw("<p class=\"lead\">Programs run all the time (S2). Each variant is measured against its control group, "
                + "which gets nothing (S5); uplift is the relative difference in conversion, with its 95% confidence "
                + "interval (S9). Counted at ").text(Layout.when(f.at())).raw("; the figures refresh by themselves.</p>");
        h.raw("<div id=\"live\" data-live=\"programs\"").attr("data-every", Math.max(5, aggregates.refreshEvery()
                .toSeconds())).raw(">");
        for (Figures.ProgramFigures p : f.programs()) {
            h.raw("<section class=\"card program\"").attr("data-program", p.name()).raw("><h2><a")
                    .attr("href", x.link("/programs/" + Exchange.segment(p.name()))).raw(">").text(p.name())
                    .raw("</a></h2>");
            programBody(h, p);
            h.raw("</section>");
        }
        h.raw("</div>");
        x.html(200, layout.page(x, "Programs", "programs", h));
    }

    private static void programBody(Html h, Figures.ProgramFigures p) {
        if (!p.description().isEmpty()) {
            h.raw("<p>").text(p.description()).raw("</p>");
        }
        if (!p.loaded()) {
            h.raw("<p class=\"hint\">No longer loaded: the figures are from its messages.</p>");
        }
        if (p.controlShare() > 0) {
            h.raw("<p class=\"muted\">Control group: ").text(Layout.percent(p.controlShare())).raw(" of its audience.</p>");
        }
        if (p.rows().isEmpty()) {
            h.raw("<p class=\"muted\">No message decided yet.</p>");
        } else {
            results(h, p);
        }
        if (!p.suppressions().isEmpty()) {
            h.raw("<p class=\"guards\">Held back by guard: ");
            p.suppressions().forEach((g, n) -> h.raw("<span class=\"tag\"").attr("data-guard", g).raw(">")
                    .text(g.replace('_', ' ') + " " + Layout.count(n)).raw("</span> "));
            h.raw("</p>");
        }
        for (SplitResult s : p.splits()) {
            h.raw("<p class=\"muted\">Split ").text(s.split()).raw(": ").text(s.winner().map(w -> "winner " + w)
                    .orElse("no winner yet")).raw("</p>");
        }
    }

    private static void results(Html h, Figures.ProgramFigures p) {
        h.raw("<table class=\"results\">");
        List<String> cols = new ArrayList<>(List.of("group"));
        cols.addAll(FIELDS);
        cols.addAll(List.of("conversion", "uplift over control (95% CI)"));
        Layout.head(h, cols);
        h.raw("<tbody>");
        for (Figures.VariantRow v : p.rows()) {
            ProgramResult r = v.result();
            h.raw("<tr").attr("data-group", v.label()).raw(r.control() ? " class=\"control\"" : "").raw("><th>")
                    .text(v.label()).raw("</th>");
            long[] values = {r.decided(), r.sent(), r.delivered(), r.opened(), r.clicked(), r.converted()};
            for (int i = 0; i < values.length; i++) {
                h.raw("<td class=\"num\"").attr("data-field", FIELDS.get(i)).raw(">").text(Layout.count(values[i]))
                        .raw("</td>");
            }
            h.raw("<td class=\"num\" data-field=\"conversionRate\">").text(Layout.percent(r.conversionRate()))
                    .raw("</td><td data-field=\"uplift\">").text(uplift(v.uplift(), r.control())).raw("</td></tr>");
        }
        h.raw("</tbody></table>");
    }

    /** An uplift for people: {@code +12.0% (+3.1% .. +21.9%)}, significant or not. */
    static String uplift(Optional<ProgramResult.Uplift> u, boolean control) {
        if (control) {
            return "baseline";
        }
        if (u.isEmpty()) {
            return "no control group";
        }
        ProgramResult.Uplift x = u.get();
        if (!Double.isFinite(x.estimate())) {
            return "control converted nobody yet";
        }
        String est = signed(x.estimate());
        if (!Double.isFinite(x.lower())) {
            return est + " (no interval yet)";
        }
        return est + " (" + signed(x.lower()) + " .. " + signed(x.upper()) + ")" + (x.significant() ? " significant"
                : "");
    }

    private static String signed(double v) {
        return String.format(Locale.ROOT, "%+.1f%%", v * 100);
    }

    private void program(Exchange x) {
        String name = x.path("name");
        Figures f = aggregates.current();
        Figures.ProgramFigures p = f.program(name).orElseThrow(() -> HttpError.notFound("no program has the name"));
        Html h = new Html();
        h.raw("<section class=\"card program\" id=\"live\" data-live=\"programs\"").attr("data-every",
                Math.max(5, aggregates.refreshEvery().toSeconds())).attr("data-program", p.name()).raw(">");
        h.raw("<p class=\"muted\">Counted at ").text(Layout.when(f.at())).raw(".</p>");
        programBody(h, p);
        h.raw("</section>");
        Optional<Program> def = engine.definitions().programs().stream().filter(d -> d.name().equals(name)).findFirst();
        if (def.isPresent()) {
            h.raw("<section class=\"card\"><h2>Definition</h2><pre class=\"code\" id=\"program-text\">")
                    .text(text(def.get())).raw("</pre></section>");
        }
        x.html(200, layout.page(x, "Program " + name, "programs", h));
    }

    /** The program in the language, alone. */
    private static String text(Program p) {
        String all = Relang.print(new Definitions(List.of(), List.of(p), Policies.DEFAULT, Map.of()));
        int start = all.indexOf("program " + p.name());
        return start < 0 ? all : all.substring(start).strip();
    }

    private void segments(Exchange x) {
        Figures f = aggregates.current();
        Html h = new Html();
        h.raw("<p class=\"lead\">").text(Layout.count(f.customers())).raw(" customers, counted at ")
                .text(Layout.when(f.at())).raw(". Memberships as stored at each customer's last evaluation.</p>");
        h.raw("<section class=\"card\" id=\"sizes\"><h2>Segment sizes over time</h2><table>");
        Layout.head(h, List.of("segment", "description", "customers", "share", "over time"));
        h.raw("<tbody>");
        List<Segment> loaded = engine.definitions().segments();
        for (Segment s : loaded) {
            long n = f.segments().getOrDefault(s.name(), 0L);
            h.raw("<tr").attr("data-segment", s.name()).raw("><th>").text(s.name()).raw("</th><td>").text(s.description())
                    .raw("</td><td class=\"num\">").text(Layout.count(n)).raw("</td><td class=\"num\">")
                    .text(Layout.percent(f.customers() == 0 ? Double.NaN : n / (double) f.customers()))
                    .raw("</td><td>").raw(sparkline(f.history(), s.name())).raw("</td></tr>");
        }
        h.raw("</tbody></table>");
        if (f.history().size() > 1) {
            h.raw("<p class=\"muted\">").text(f.history().size() + " counts from " + Layout.when(f.history().get(0).at())
                    + " to " + Layout.when(f.history().get(f.history().size() - 1).at())).raw(".</p>");
        }
        h.raw("</section>");

        h.raw("<section class=\"card\" id=\"suppressions\"><h2>Suppressions by guard</h2>")
                .raw("<p class=\"muted\">Messages the engine held back after the programs' logic (S4, S5, S16, S18, "
                        + "S21, S24).</p><table>");
        Layout.head(h, List.of("guard", "messages"));
        h.raw("<tbody>");
        f.suppressions().forEach((g, n) -> h.raw("<tr").attr("data-guard", g).raw("><th>").text(g.replace('_', ' '))
                .raw("</th><td class=\"num\">").text(Layout.count(n)).raw("</td></tr>"));
        h.raw("</tbody></table><p class=\"muted\">Messages by status: ");
        f.statuses().forEach((s, n) -> h.text(s + " " + Layout.count(n) + "  "));
        h.raw("</p></section>");

        h.raw("<section class=\"card\" id=\"channel-use\"><h2>Omnichannel and single-channel customers</h2>")
                .raw("<p class=\"muted\">S17: what the programs' messages did for customers by channel use.</p><table>");
        Layout.head(h, List.of("segment", "customers", "sent", "opened", "clicked", "converted",
                "per 100"));
        h.raw("<tbody>");
        for (Figures.ChannelGroup g : f.channelGroups()) {
            h.raw("<tr").attr("data-segment", g.segment()).raw("><th>").text(g.segment()).raw("</th><td class=\"num\">")
                    .text(Layout.count(g.customers())).raw("</td><td class=\"num\">").text(Layout.count(g.sent()))
                    .raw("</td><td class=\"num\">").text(Layout.count(g.opened())).raw("</td><td class=\"num\">")
                    .text(Layout.count(g.clicked())).raw("</td><td class=\"num\">").text(Layout.count(g.converted()))
                    .raw("</td><td class=\"num\">").text(String.format(Locale.ROOT, "%.1f", g.conversionsPer100()))
                    .raw("</td></tr>");
        }
        h.raw("</tbody></table></section>");
        x.html(200, layout.page(x, "Segments", "segments", h));
    }

    /** A small line chart of a segment's sizes, as inline SVG (attributes only: the page allows no inline style). */
    static String sparkline(List<Figures.SizeSample> history, String segment) {
        if (history.size() < 2) {
            return "<span class=\"muted\">one count so far</span>";
        }
        int w = 160;
        int hgt = 28;
        long max = 1;
        for (Figures.SizeSample s : history) {
            max = Math.max(max, s.sizes().getOrDefault(segment, 0L));
        }
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < history.size(); i++) {
            double px = i * (w - 2) / (double) (history.size() - 1) + 1;
            double py = hgt - 1 - history.get(i).sizes().getOrDefault(segment, 0L) * (hgt - 2) / (double) max;
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
        }
        return "<svg class=\"spark\" width=\"" + w + "\" height=\"" + hgt + "\" viewBox=\"0 0 " + w + " " + hgt
                + "\" role=\"img\" aria-label=\"sizes over time\"><polyline fill=\"none\" stroke=\"#2563eb\" "
                + "stroke-width=\"1.5\" points=\"" + points.toString().strip() + "\"/></svg>";
    }
}
