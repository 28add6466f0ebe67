package io.relevans.console.internal.web;

import io.relevans.Explanation;
import io.relevans.console.Role;
import io.relevans.console.internal.desk.ActionOutcome;
import io.relevans.console.internal.desk.CustomerDesk;
import io.relevans.console.internal.desk.CustomerReport;
import io.relevans.console.internal.desk.TimelineEntry;
import io.relevans.console.internal.http.Exchange;
import io.relevans.console.internal.http.Html;
import io.relevans.console.internal.http.HttpError;
import io.relevans.console.internal.http.Route;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.customer.Value;
import io.relevans.event.Origin;
import io.relevans.spi.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The staff's pages (S12, S14, S20, S22): find a customer by email, phone or loyalty number (by a form POST, so
 * the identity is in no URL), then one page with everything about them and the forms to correct data, record a
 * complaint or a note and send the satisfaction survey. Each form answers with a redirect back to the page,
 * which then shows what the action changed at once.
 */
final class CustomerPages {

    private static final Set<Role> STAFF = Set.of(Role.STAFF);
    private static final List<IdentityType> SEARCHABLE = List.of(IdentityType.LOYALTY_NUMBER, IdentityType.EMAIL,
            IdentityType.PHONE, IdentityType.POS_CUSTOMER_NUMBER, IdentityType.LOGIN);

    private final Layout layout;
    private final CustomerDesk desk;

    CustomerPages(Layout layout, CustomerDesk desk) {
        this.layout = layout;
        this.desk = desk;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", "/customers", STAFF, false, x -> search(x, 200, Optional.empty(), Optional.empty(), "")),
                new Route("POST", "/customers/search", STAFF, false, this::find),
                new Route("GET", "/customers/{id}", STAFF, false, this::customer),
                new Route("POST", "/customers/{id}/correction", STAFF, false, this::correct),
                new Route("POST", "/customers/{id}/note", STAFF, false, this::note),
                new Route("POST", "/customers/{id}/complaint", STAFF, false, this::complaint),
                new Route("POST", "/customers/{id}/survey", STAFF, false, this::survey));
    }

    private void search(Exchange x, int status, Optional<String> problem, Optional<IdentityType> type, String value) {
        Html h = new Html();
        h.raw("<p class=\"lead\">Find a customer by loyalty number, email address or phone number. The search is sent "
                + "in the form's body, never in the address.</p>");
        h.raw("<form method=\"post\" class=\"card search\" id=\"search\"").attr("action", x.link("/customers/search"))
                .raw(">").hidden("_csrf", x.csrf());
        h.raw("<label>Identity <select name=\"type\" id=\"search-type\">");
        for (IdentityType t : SEARCHABLE) {
            h.raw("<option").attr("value", t.jsonName()).raw(type.orElse(IdentityType.LOYALTY_NUMBER) == t
                    ? " selected" : "").raw(">").text(t.jsonName().replace('_', ' ')).raw("</option>");
        }
        h.raw("</select></label> <label>Value <input type=\"search\" name=\"value\" id=\"search-value\" required")
                .raw(" autocomplete=\"off\" autofocus").attr("value", value).raw("></label> ")
                .raw("<button type=\"submit\" id=\"search-submit\">Find</button></form>");
        problem.ifPresent(p -> h.raw("<p class=\"problem\" id=\"search-problem\">").text(p).raw("</p>"));
        x.html(status, layout.page(x, "Customers", "customers", h));
    }

    private void find(Exchange x) {
        String typeName = x.field("type").orElse(IdentityType.LOYALTY_NUMBER.jsonName());
        IdentityType type = IdentityType.fromJsonName(typeName).filter(SEARCHABLE::contains)
                .orElseThrow(() -> HttpError.bad("type", "search by one of loyalty number, email, phone, "
                        + "pos customer number or login"));
        Optional<String> value = x.field("value");
        if (value.isEmpty()) {
            search(x, 400, Optional.of("Fill in the " + type.jsonName().replace('_', ' ') + "."), Optional.of(type), "");
            return;
        }
        Optional<CustomerId> id;
        try {
            id = desk.find(new Identity(type, value.get()));
        } catch (IllegalArgumentException e) {
            search(x, 400, Optional.of(String.valueOf(e.getMessage())), Optional.of(type), value.get());
            return;
        }
        if (id.isEmpty()) {
            search(x, 404, Optional.of("No customer has that " + type.jsonName().replace('_', ' ') + "."),
                    Optional.of(type), value.get());
            return;
        }
        x.redirect("/customers/" + Exchange.segment(id.get().value()));
    }

    private static CustomerId id(Exchange x) {
        try {
            return CustomerId.of(x.path("id"));
        } catch (IllegalArgumentException e) {
            throw HttpError.bad("id", String.valueOf(e.getMessage()));
        }
    }

    private static String self(CustomerId id) {
        return "/customers/" + Exchange.segment(id.value());
    }

    private void customer(Exchange x) {
        CustomerId id = id(x);
        CustomerReport r = desk.report(id);
        Customer c = r.customer();
        Html h = new Html();
        h.raw("<p class=\"lead\">Customer <code id=\"customer-id\">").text(c.id().value()).raw("</code>, as the engine "
                + "sees them at ").text(Layout.when(r.at())).raw(".</p>");
        h.raw("<div class=\"grid\">");
        offers(h, r);
        identities(h, x, r);
        h.raw("</div>");
        h.raw("<div class=\"grid\">");
        correction(h, x, r);
        attributes(h, r);
        h.raw("</div>");
        h.raw("<div class=\"grid\">");
        segments(h, r);
        consents(h, r);
        h.raw("</div>");
        timeline(h, r);
        h.raw("<div class=\"grid three\">");
        complaintForm(h, x, id);
        noteForm(h, x, id);
        surveyForm(h, x, id);
        h.raw("</div>");
        x.html(200, layout.page(x, "Customer " + shortId(c.id().value()), "customers", h));
    }

    private static String shortId(String id) {
        return id.length() <= 16 ? id : id.substring(0, 14) + "…";
    }

    private static void offers(Html h, CustomerReport r) {
        h.raw("<section class=\"card\" id=\"offers\"><h2>Next best offers now</h2>");
        if (r.offers().isEmpty()) {
            h.raw("<p class=\"muted\" id=\"no-offers\">Nothing is relevant for this customer now.</p>");
        } else {
            h.raw("<ol class=\"offers\">");
            for (CustomerReport.OfferRow o : r.offers()) {
                h.raw("<li class=\"offer\"").attr("data-program", o.program()).raw("><strong>").text(o.program())
                        .raw("</strong> ").text(o.description());
                h.raw(" <span class=\"tags\">");
                for (String cat : o.categories()) {
                    h.el("span class=\"tag\"", cat);
                }
                if (o.priceOffer()) {
                    h.el("span class=\"tag price\"", "price offer");
                }
                h.raw("</span><details><summary>Why</summary><ul>");
                o.why().forEach(w -> h.el("li", w));
                h.raw("</ul></details></li>");
            }
            h.raw("</ol>");
        }
        if (!r.notOffered().isEmpty()) {
            h.raw("<details class=\"not-offered\"><summary>Not offered now (").text(r.notOffered().size())
                    .raw(")</summary><ul>");
            for (CustomerReport.NotOffered n : r.notOffered()) {
                h.raw("<li").attr("data-program", n.program()).raw("><strong>").text(n.program())
                        .raw("</strong>: what may hold it back<ul>");
                n.reasons().forEach(reason -> h.el("li", reason));
                h.raw("</ul></li>");
            }
            h.raw("</ul></details>");
        }
        h.raw("</section>");
    }

    private static void identities(Html h, Exchange x, CustomerReport r) {
        Customer c = r.customer();
        h.raw("<section class=\"card\" id=\"identities\"><h2>Identities and channels</h2><table>");
        for (Identity i : c.identities()) {
            h.raw("<tr><th>").text(i.type().jsonName().replace('_', ' ')).raw("</th><td>").text(i.value())
                    .raw("</td></tr>");
        }
        h.raw("<tr><th>channel order</th><td>").text(c.channels().order().isEmpty() ? "no preference declared"
                : String.join(" → ", c.channels().order().stream().map(ch -> ch.name()).toList())).raw("</td></tr>");
        c.preferences().values().forEach(p -> h.raw("<tr><th>").text(p.category().name()).raw("</th><td>")
                .text(p.interest().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " (" + p.source().name()
                        .toLowerCase(Locale.ROOT) + ", " + Layout.when(p.time()) + ")").raw("</td></tr>"));
        h.raw("</table>");
        if (!r.waiting().isEmpty()) {
            h.raw("<h3>Programs waiting</h3><ul class=\"waiting\">");
            for (CustomerReport.WaitingRow w : r.waiting()) {
                h.raw("<li>").text(w.program() + (w.step().isEmpty() ? "" : " at " + w.step()) + " (" + w.kind()
                        + "), due " + Layout.when(w.due())).raw("</li>");
            }
            h.raw("</ul>");
        }
        h.raw("</section>");
    }

    private void correction(Html h, Exchange x, CustomerReport r) {
        h.raw("<section class=\"card\" id=\"correct\"><h2>Correct data from the meeting</h2>")
                .raw("<p class=\"muted\">Stored with source <em>staff</em> and the time; the segments and offers that "
                        + "change are shown at once.</p>");
        h.raw("<form method=\"post\" id=\"correction-form\"").attr("action", x.link(self(r.customer().id())
                + "/correction")).raw(">").hidden("_csrf", x.csrf());
        h.raw("<label>Attribute <input name=\"attribute\" id=\"correct-attribute\" list=\"attribute-names\" required"
                + " autocomplete=\"off\"></label><datalist id=\"attribute-names\">");
        for (String n : desk.attributeNames(r.customer())) {
            Optional<String> now = r.customer().attribute(n).map(a -> a.value().asText());
            h.raw("<option").attr("value", n).attr("data-current", now.orElse("")).raw(">");
        }
        h.raw("</datalist><label>Value <input name=\"value\" id=\"correct-value\" required autocomplete=\"off\"></label>")
                .raw("<label>Where <select name=\"origin\"><option value=\"store\">in the store</option>")
                .raw("<option value=\"service\">customer service</option></select></label>")
                .raw("<p class=\"hint\">true and false are yes/no, numbers are numbers, 1990-05-01 is a date.</p>")
                .raw("<button type=\"submit\" id=\"correct-submit\">Save correction</button></form></section>");
    }

    private static void attributes(Html h, CustomerReport r) {
        h.raw("<section class=\"card\" id=\"attributes\"><h2>Attributes</h2><table>");
        Layout.head(h, List.of("attribute", "value", "source", "set or confirmed", "age"));
        h.raw("<tbody>");
        for (CustomerReport.AttributeRow a : r.attributes()) {
            h.raw("<tr").attr("data-attribute", a.name()).raw(a.stale() ? " class=\"stale\"" : "").raw("><td>")
                    .text(a.name()).raw("</td><td class=\"value\">").text(a.value()).raw("</td><td>").text(a.source())
                    .raw("</td><td>").text(Layout.when(a.time())).raw("</td><td>").text(Layout.age(a.ageDays()));
            if (a.stale()) {
                h.raw(" <span class=\"tag warn\"").attr("title", "older than " + Layout.age(a.staleAge())
                        + ": ask again").raw(">stale</span>");
            }
            h.raw("</td></tr>");
        }
        h.raw("</tbody></table>");
        if (r.attributes().isEmpty()) {
            h.raw("<p class=\"muted\">No attributes known.</p>");
        }
        h.raw("</section>");
    }

    private static void consents(Html h, CustomerReport r) {
        h.raw("<section class=\"card\" id=\"consents\"><h2>Consents per channel and purpose</h2>");
        if (r.consents().isEmpty()) {
            h.raw("<p class=\"muted\">No consent answers recorded.</p>");
        } else {
            h.raw("<table>");
            Layout.head(h, List.of("channel", "purpose", "answer", "when", "source"));
            h.raw("<tbody>");
            for (CustomerReport.ConsentRow k : r.consents()) {
                h.raw("<tr><td>").text(k.channel()).raw("</td><td>").text(k.purpose()).raw("</td><td>")
                        .raw(k.granted() ? "<span class=\"yes\">given</span>" : "<span class=\"no\">withdrawn</span>")
                        .raw("</td><td>").text(Layout.when(k.time())).raw("</td><td>").text(k.source())
                        .raw("</td></tr>");
            }
            h.raw("</tbody></table>");
        }
        h.raw("</section>");
    }

    private static void segments(Html h, CustomerReport r) {
        h.raw("<section class=\"card\" id=\"segments\"><h2>Segments, and why</h2><ul class=\"segments\">");
        for (CustomerReport.SegmentRow s : r.segments()) {
            h.raw("<li").attr("data-segment", s.name()).attr("data-member", s.member()).raw("><details><summary>")
                    .raw(s.member() ? "<span class=\"yes\">in</span> " : "<span class=\"no\">not in</span> ")
                    .raw("<strong>").text(s.name()).raw("</strong>");
            if (!s.description().isEmpty()) {
                h.raw(" <span class=\"muted\">").text(s.description()).raw("</span>");
            }
            h.raw("</summary>");
            s.explanation().filling().ifPresent(f -> h.raw("<p class=\"hint\">").text(f).raw("</p>"));
            h.raw("<ul class=\"why\">");
            step(h, s.explanation().root());
            h.raw("</ul></details></li>");
        }
        h.raw("</ul></section>");
    }

    private static void step(Html h, Explanation.Step s) {
        h.raw("<li>").raw(s.held() ? "<span class=\"yes\">held</span> " : "<span class=\"no\">failed</span> ")
                .raw("<code>").text(s.condition()).raw("</code>");
        if (!s.seen().isEmpty()) {
            h.raw(" <span class=\"muted\">seen ").text(s.seen()).raw("</span>");
        }
        if (!s.parts().isEmpty()) {
            h.raw("<ul>");
            s.parts().forEach(p -> step(h, p));
            h.raw("</ul>");
        }
        h.raw("</li>");
    }

    private static void timeline(Html h, CustomerReport r) {
        h.raw("<section class=\"card\" id=\"timeline\"><h2>Timeline</h2>");
        r.timelineNote().ifPresent(n -> h.raw("<p class=\"hint\">").text(n).raw("</p>"));
        h.raw("<table class=\"timeline\">");
        Layout.head(h, List.of("when", "where", "what", "details", "outcome"));
        h.raw("<tbody>");
        for (TimelineEntry e : r.timeline()) {
            h.raw("<tr").attr("data-kind", e.kind()).raw(e.guard().isPresent() ? " class=\"held\"" : "").raw("><td>")
                    .text(Layout.when(e.at())).raw("</td><td>").text(e.where()).raw("</td><td>")
                    .text(e.kind().replace('_', ' ')).raw("</td><td>").text(e.summary()).raw("</td><td>");
            e.outcome().ifPresent(h::text);
            e.guard().ifPresent(g -> h.raw(" <span class=\"tag warn\">").text(g.replace('_', ' ')).raw("</span>"));
            h.raw("</td></tr>");
        }
        h.raw("</tbody></table>");
        if (r.timeline().isEmpty()) {
            h.raw("<p class=\"muted\">Nothing on the timeline yet.</p>");
        }
        h.raw("</section>");
    }

    private static void origin(Html h) {
        h.raw("<label>Where <select name=\"origin\"><option value=\"service\">customer service</option>")
                .raw("<option value=\"store\">in the store</option></select></label>");
    }

    private static void complaintForm(Html h, Exchange x, CustomerId id) {
        h.raw("<section class=\"card\" id=\"complaint\"><h2>Record a complaint</h2>")
                .raw("<p class=\"muted\">Starts the care programs at once; sales messages wait.</p>")
                .raw("<form method=\"post\" id=\"complaint-form\"").attr("action", x.link(self(id) + "/complaint"))
                .raw(">").hidden("_csrf", x.csrf())
                .raw("<label>Reason <textarea name=\"reason\" id=\"complaint-reason\" rows=\"3\" required maxlength=\"")
                .text(CustomerDesk.MAX_TEXT).raw("\"></textarea></label>")
                .raw("<label>Product (sku, optional) <input name=\"sku\" autocomplete=\"off\"></label>");
        origin(h);
        h.raw("<button type=\"submit\">Record complaint</button></form></section>");
    }

    private static void noteForm(Html h, Exchange x, CustomerId id) {
        h.raw("<section class=\"card\" id=\"note\"><h2>Add a note</h2>")
                .raw("<form method=\"post\" id=\"note-form\"").attr("action", x.link(self(id) + "/note")).raw(">")
                .hidden("_csrf", x.csrf())
                .raw("<label>Note <textarea name=\"text\" id=\"note-text\" rows=\"3\" required maxlength=\"")
                .text(CustomerDesk.MAX_TEXT).raw("\"></textarea></label>");
        origin(h);
        h.raw("<button type=\"submit\">Save note</button></form></section>");
    }

    private void surveyForm(Html h, Exchange x, CustomerId id) {
        List<String> programs = desk.surveyPrograms();
        h.raw("<section class=\"card\" id=\"survey\"><h2>Satisfaction survey (1-5)</h2>");
        if (programs.isEmpty()) {
            h.raw("<p class=\"muted\">No loaded program sends the survey: none starts on the survey event.</p>");
        } else {
            h.raw("<p class=\"muted\">Sent by ").text(String.join(", ", programs))
                    .raw(" through every guard: consent, caps, quiet hours.</p>")
                    .raw("<form method=\"post\" id=\"survey-form\"").attr("action", x.link(self(id) + "/survey"))
                    .raw(">").hidden("_csrf", x.csrf())
                    .raw("<label>Contact topic (optional) <input name=\"topic\" autocomplete=\"off\"></label>")
                    .raw("<button type=\"submit\" id=\"survey-submit\">Send survey</button></form>");
        }
        h.raw("</section>");
    }

    private static Origin origin(Exchange x) {
        String o = x.field("origin").orElse("store");
        return switch (o) {
            case "store" -> Origin.STORE;
            case "service" -> Origin.SERVICE;
            default -> throw HttpError.bad("origin", "choose the store or customer service");
        };
    }

    private void correct(Exchange x) {
        CustomerId id = id(x);
        String attribute = x.required("attribute", "the attribute");
        String text = x.required("value", "the value");
        Value value = CustomerDesk.parseValue(text, "value");
        ActionOutcome out = desk.correct(id, attribute, value, origin(x), x.userName());
        done(x, id, out, attribute + " corrected to " + value.asText() + " (source staff, "
                + Layout.when(out.event().time()) + ")");
    }

    private void note(Exchange x) {
        CustomerId id = id(x);
        ActionOutcome out = desk.note(id, x.required("text", "the note"), origin(x), x.userName());
        done(x, id, out, "Note saved (" + Layout.when(out.event().time()) + ")");
    }

    private void complaint(Exchange x) {
        CustomerId id = id(x);
        ActionOutcome out = desk.complaint(id, x.required("reason", "the reason"), x.field("sku").orElse(""),
                origin(x), x.userName());
        done(x, id, out, "Complaint recorded (" + Layout.when(out.event().time()) + ")");
    }

    private void survey(Exchange x) {
        CustomerId id = id(x);
        ActionOutcome out = desk.survey(id, x.field("topic").orElse(""), x.userName());
        done(x, id, out, "Satisfaction survey requested (" + Layout.when(out.event().time()) + ")");
    }

    /** Keeps what the action changed for the page it redirects to. */
    private static void done(Exchange x, CustomerId id, ActionOutcome out, String first) {
        List<String> lines = new ArrayList<>();
        lines.add(first);
        if (!out.result().exited().isEmpty()) {
            lines.add("Left segments: " + String.join(", ", out.result().exited()));
        }
        if (!out.result().entered().isEmpty()) {
            lines.add("Entered segments: " + String.join(", ", out.result().entered()));
        }
        if (out.result().exited().isEmpty() && out.result().entered().isEmpty()) {
            lines.add("No segment changed.");
        }
        if (!out.offersGone().isEmpty()) {
            lines.add("No longer offered: " + String.join(", ", out.offersGone()));
        }
        if (!out.offersNew().isEmpty()) {
            lines.add("Newly offered: " + String.join(", ", out.offersNew()));
        }
        for (Message m : out.decided()) {
            String by = m.channel().map(c -> " by " + c.name()).orElse("");
            lines.add("Message " + m.program() + " / " + m.step() + by + ": " + switch (m.status()) {
                case SUPPRESSED -> "held back by " + m.suppression().map(s -> s.guard().name().toLowerCase(Locale.ROOT)
                        .replace('_', ' ')).orElse("a guard") + ": " + m.reason();
                case PENDING -> "decided, waiting for delivery" + (m.nextAttempt().isAfter(out.event().time())
                        ? " at " + Layout.when(m.nextAttempt()) : "");
                default -> m.status().name().toLowerCase(Locale.ROOT);
            });
        }
        for (CustomerReport.WaitingRow w : out.waiting()) {
            lines.add("Program " + w.program() + " waits" + (w.step().isEmpty() ? "" : " at " + w.step()) + " until "
                    + Layout.when(w.due()) + " (a wait step, or quiet hours before a send)");
        }
        if (out.decided().isEmpty() && out.waiting().isEmpty() && out.what().startsWith("satisfaction")) {
            lines.add("No message decided: the survey program did not start for this customer (its audience or "
                    + "re-entry rule).");
        }
        x.flash(String.join("\n", lines));
        x.redirect(self(id));
    }
}
