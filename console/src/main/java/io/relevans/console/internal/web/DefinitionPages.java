package io.relevans.console.internal.web;

import io.relevans.Relevans;
import io.relevans.backtest.Comparison;
import io.relevans.console.ConsoleUser;
import io.relevans.console.Role;
import io.relevans.console.internal.desk.DefinitionsCheck;
import io.relevans.console.internal.desk.DefinitionsDesk;
import io.relevans.console.internal.http.Exchange;
import io.relevans.console.internal.http.Html;
import io.relevans.console.internal.http.Route;
import io.relevans.dsl.Diagnostic;
import java.util.List;
import java.util.Set;

/**
 * The definitions in the Relevans language (S2): the loaded ones with their diagnostics, a check of changed
 * text (diagnostics, what changes, a dry load, and a backtest of recent history when the console has one),
 * and, for admins, the reload, which loads only text without errors.
 */
final class DefinitionPages {

    private static final Set<Role> MARKETER = Set.of(Role.MARKETER);
    private static final Set<Role> ADMIN = Set.of(Role.ADMIN);

    private final Layout layout;
    private final DefinitionsDesk desk;
    private final Relevans engine;
    private final boolean backtest;

    DefinitionPages(Layout layout, DefinitionsDesk desk, Relevans engine, boolean backtest) {
        this.layout = layout;
        this.desk = desk;
        this.engine = engine;
        this.backtest = backtest;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", "/definitions", MARKETER, false,
                        x -> page(x, 200, desk.text(), desk.loaded(), "loaded", false)),
                new Route("POST", "/definitions/check", MARKETER, false, this::check),
                new Route("POST", "/definitions/reload", ADMIN, false, this::reload));
    }

    private void check(Exchange x) {
        String text = x.field("text").orElse("");
        boolean backtest = x.field("backtest").isPresent();
        page(x, 200, text, desk.check(text, backtest), "checked", backtest);
    }

    private void reload(Exchange x) {
        String text = x.field("text").orElse("");
        DefinitionsDesk.Reloaded r = desk.reload(text, x.userName());
        if (r.loaded()) {
            x.flash("Definitions reloaded: " + engine.definitions().segments().size() + " segments, "
                    + engine.definitions().programs().size() + " programs. Memberships follow with each customer's "
                    + "next event or the next re-segmentation.");
            x.redirect("/definitions");
            return;
        }
        page(x, 422, text, r.check(), "refused", false);
    }

    private void page(Exchange x, int status, String text, DefinitionsCheck c, String state, boolean backtestAsked) {
        Html h = new Html();
        h.raw("<p class=\"lead\">").text(engine.definitions().segments().size() + " segments and "
                + engine.definitions().programs().size() + " programs are loaded. Below they are in the Relevans "
                + "language; change them, check the change, and an admin reloads it.").raw("</p>");
        h.raw("<section class=\"card\" id=\"diagnostics\"").attr("data-state", state).raw("><h2>")
                .text(switch (state) {
                    case "checked" -> "Check of the changed definitions";
                    case "refused" -> "Reload refused: the loaded definitions stay";
                    default -> "Diagnostics of the loaded definitions";
                }).raw("</h2>");
        report(h, c, state);
        h.raw("</section>");
        ConsoleUser user = x.user().orElseThrow();
        h.raw("<form method=\"post\" class=\"card\" id=\"definitions-form\"")
                .attr("action", x.link("/definitions/check")).raw(">").hidden("_csrf", x.csrf())
                .raw("<label for=\"definitions-text\">Definitions</label><textarea name=\"text\" id=\"definitions-text\"")
                .raw(" rows=\"28\" spellcheck=\"false\">").text(text).raw("</textarea><div class=\"buttons\">");
        if (backtest) {
            h.raw("<label class=\"check\"><input type=\"checkbox\" name=\"backtest\" value=\"yes\"")
                    .raw(backtestAsked ? " checked" : "").raw("> with a backtest "
                    + "of recent history (what the change would send differently)</label>");
        }
        h.raw("<button type=\"submit\" id=\"check-submit\">Check</button>");
        if (user.may(Role.ADMIN)) {
            h.raw(" <button type=\"submit\" class=\"danger\" id=\"reload-submit\" data-confirm=\"Reload the engine's "
                    + "definitions with this text?\"").attr("formaction", x.link("/definitions/reload"))
                    .raw(">Reload</button>");
        } else {
            h.raw(" <span class=\"muted\">An admin may reload.</span>");
        }
        h.raw("</div></form>");
        x.html(status, layout.page(x, "Definitions", "definitions", h));
    }

    private static void report(Html h, DefinitionsCheck c, String state) {
        if (c.diagnostics().isEmpty() && c.warnings().isEmpty()) {
            h.raw("<p class=\"yes\" id=\"no-diagnostics\">No errors, no warnings.</p>");
        }
        if (!c.diagnostics().isEmpty()) {
            h.raw("<ul class=\"diagnostics\">");
            for (Diagnostic d : c.diagnostics()) {
                h.raw("<li class=\"").raw(d.isError() ? "error" : "warning").raw("\"><code>").text(d.format())
                        .raw("</code></li>");
            }
            h.raw("</ul>");
        }
        if (!c.warnings().isEmpty()) {
            h.raw("<ul class=\"diagnostics\">");
            c.warnings().forEach(w -> h.raw("<li class=\"warning\">").text(w).raw("</li>"));
            h.raw("</ul>");
        }
        if (state.equals("loaded")) {
            return;
        }
        if (!c.changes().isEmpty()) {
            h.raw("<h3>What changes</h3><ul id=\"changes\">");
            c.changes().forEach(ch -> h.el("li", ch));
            h.raw("</ul>");
        }
        c.refusal().ifPresent(r -> h.raw("<p class=\"problem\" id=\"refusal\">").text(r).raw("</p>"));
        c.dryLoad().ifPresent(r -> {
            h.raw("<h3>Dry load</h3><p id=\"dry-load\">The engine took the definitions in a dry load. ");
            h.text(r.added().isEmpty() ? "No feature is added." : "Features added: " + String.join(", ", r.added())
                    + (r.startEmpty().isEmpty() ? "" : "; they start empty unless the engine fills them from its "
                    + "event archive."));
            h.raw("</p>");
        });
        c.templatesNote().ifPresent(n -> h.raw("<p class=\"hint\">").text(n).raw("</p>"));
        h.raw("<h3>Backtest</h3>");
        c.backtestNote().ifPresent(n -> h.raw("<p class=\"muted\" id=\"backtest-note\">").text(n).raw("</p>"));
        c.comparison().ifPresent(cmp -> comparison(h, cmp));
        if (c.loadable() && state.equals("checked")) {
            h.raw("<p class=\"yes\" id=\"loadable\">These definitions can be loaded.</p>");
        }
    }

    private static void comparison(Html h, Comparison c) {
        h.raw("<p id=\"backtest-summary\">").text(Layout.count(c.onlyInA().size()) + " messages only with the loaded "
                + "definitions, " + Layout.count(c.onlyInB().size()) + " only with the changed ones, "
                + Layout.count(c.changed().size()) + " decided otherwise, " + Layout.count(c.unchanged()) + " alike.")
                .raw("</p><table id=\"backtest\">");
        Layout.head(h, List.of("program", "decided (loaded → changed)", "sent (loaded → changed)", "only loaded",
                "only changed", "otherwise"));
        h.raw("<tbody>");
        for (Comparison.ProgramDifference p : c.programs()) {
            if (!p.differs()) {
                continue;
            }
            h.raw("<tr><th>").text(p.program()).raw("</th><td class=\"num\">")
                    .text(Layout.count(p.inA()) + " → " + Layout.count(p.inB())).raw("</td><td class=\"num\">")
                    .text(Layout.count(p.sentInA()) + " → " + Layout.count(p.sentInB())).raw("</td><td class=\"num\">")
                    .text(Layout.count(p.onlyInA())).raw("</td><td class=\"num\">").text(Layout.count(p.onlyInB()))
                    .raw("</td><td class=\"num\">").text(Layout.count(p.changed())).raw("</td></tr>");
        }
        h.raw("</tbody></table>");
    }
}
