package io.relevans.console.internal.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relevans.Explanation;
import io.relevans.IngestResult;
import io.relevans.Offer;
import io.relevans.ProgramResult;
import io.relevans.ReloadReport;
import io.relevans.SplitResult;
import io.relevans.backtest.Comparison;
import io.relevans.console.internal.desk.ActionOutcome;
import io.relevans.console.internal.desk.CustomerReport;
import io.relevans.console.internal.desk.DefinitionsCheck;
import io.relevans.console.internal.desk.Figures;
import io.relevans.console.internal.desk.TimelineEntry;
import io.relevans.customer.Customer;
import io.relevans.customer.Identity;
import io.relevans.dsl.Diagnostic;
import io.relevans.spi.Message;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The API's JSON documents, built field by field as the OpenAPI document describes them. */
final class JsonViews {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JsonViews() {
    }

    static ObjectNode object() {
        return F.objectNode();
    }

    static ArrayNode strings(Collection<String> values) {
        ArrayNode a = F.arrayNode();
        values.forEach(a::add);
        return a;
    }

    /** A number, or null when it is not finite (JSON has no NaN). */
    static void number(ObjectNode o, String name, double v) {
        if (Double.isFinite(v)) {
            o.put(name, v);
        } else {
            o.putNull(name);
        }
    }

    static ObjectNode error(int status, String field, String message) {
        ObjectNode o = object();
        o.put("status", status);
        o.put("error", message);
        if (field != null) {
            o.put("field", field);
        }
        return o;
    }

    static ObjectNode identity(Identity i) {
        ObjectNode o = object();
        o.put("type", i.type().jsonName());
        o.put("value", i.value());
        return o;
    }

    /** The profile and what the engine makes of it now. */
    static ObjectNode customer(CustomerReport r, Collection<String> memberOf) {
        Customer c = r.customer();
        ObjectNode o = object();
        o.put("id", c.id().value());
        o.put("at", r.at().toString());
        ArrayNode ids = o.putArray("identities");
        c.identities().forEach(i -> ids.add(identity(i)));
        ArrayNode attributes = o.putArray("attributes");
        for (CustomerReport.AttributeRow a : r.attributes()) {
            ObjectNode n = attributes.addObject();
            n.put("name", a.name());
            n.put("value", a.value());
            n.put("kind", a.kind());
            n.put("source", a.source());
            n.put("time", a.time().toString());
            n.put("ageDays", a.ageDays());
            n.put("stale", a.stale());
            n.put("staleAfterDays", a.staleAge());
        }
        ArrayNode consents = o.putArray("consents");
        for (CustomerReport.ConsentRow k : r.consents()) {
            ObjectNode n = consents.addObject();
            n.put("channel", k.channel());
            n.put("purpose", k.purpose());
            n.put("granted", k.granted());
            n.put("time", k.time().toString());
            n.put("source", k.source());
        }
        o.set("channelOrder", strings(c.channels().order().stream().map(ch -> ch.name()).toList()));
        ArrayNode prefs = o.putArray("preferences");
        c.preferences().values().forEach(p -> {
            ObjectNode n = prefs.addObject();
            n.put("category", p.category().name());
            n.put("interest", p.interest().name().toLowerCase(Locale.ROOT));
            n.put("time", p.time().toString());
            n.put("source", p.source().name().toLowerCase(Locale.ROOT));
        });
        o.set("segments", strings(memberOf));
        o.set("waiting", waiting(r.waiting()));
        return o;
    }

    static ArrayNode waiting(List<CustomerReport.WaitingRow> rows) {
        ArrayNode a = F.arrayNode();
        for (CustomerReport.WaitingRow w : rows) {
            ObjectNode n = a.addObject();
            n.put("program", w.program());
            n.put("kind", w.kind());
            n.put("step", w.step());
            n.put("due", w.due().toString());
        }
        return a;
    }

    static ObjectNode timeline(CustomerReport r) {
        ObjectNode o = object();
        o.put("customer", r.customer().id().value());
        r.timelineNote().ifPresent(n -> o.put("note", n));
        ArrayNode entries = o.putArray("entries");
        for (TimelineEntry e : r.timeline()) {
            ObjectNode n = entries.addObject();
            n.put("at", e.at().toString());
            n.put("kind", e.kind());
            n.put("where", e.where());
            n.put("summary", e.summary());
            e.outcome().ifPresent(x -> n.put("outcome", x));
            e.guard().ifPresent(x -> n.put("guard", x));
        }
        return o;
    }

    static ObjectNode segments(CustomerReport r) {
        ObjectNode o = object();
        o.put("customer", r.customer().id().value());
        ArrayNode a = o.putArray("segments");
        for (CustomerReport.SegmentRow s : r.segments()) {
            ObjectNode n = a.addObject();
            n.put("name", s.name());
            n.put("description", s.description());
            n.put("member", s.member());
            n.put("at", s.explanation().at().toString());
            s.explanation().filling().ifPresent(f -> n.put("note", f));
            n.set("why", step(s.explanation().root()));
        }
        return o;
    }

    static ObjectNode step(Explanation.Step s) {
        ObjectNode o = object();
        o.put("condition", s.condition());
        o.put("held", s.held());
        o.put("seen", s.seen());
        if (!s.parts().isEmpty()) {
            ArrayNode parts = o.putArray("parts");
            s.parts().forEach(p -> parts.add(step(p)));
        }
        return o;
    }

    static ObjectNode message(Message m) {
        ObjectNode o = object();
        o.put("id", m.id());
        o.put("program", m.program());
        o.put("step", m.step());
        o.put("variant", m.variant());
        m.channel().ifPresent(c -> o.put("channel", c.name()));
        o.put("template", m.template());
        o.put("purpose", m.purpose().name());
        o.put("decidedAt", m.decidedAt().toString());
        o.put("status", m.status().name().toLowerCase(Locale.ROOT));
        o.put("reason", m.reason());
        o.put("attempts", m.attempts());
        ObjectNode outcomes = o.putObject("outcomes");
        m.outcomes().forEach((k, v) -> outcomes.put(k, v.toString()));
        o.set("categories", strings(m.categories().stream().map(c -> c.name()).toList()));
        m.suppression().ifPresent(s -> {
            ObjectNode g = o.putObject("suppression");
            g.put("guard", s.guard().name().toLowerCase(Locale.ROOT));
            g.put("moment", s.moment().name().toLowerCase(Locale.ROOT));
            g.put("at", s.at().toString());
            ObjectNode seen = g.putObject("seen");
            s.seen().forEach(seen::put);
        });
        return o;
    }

    static ObjectNode messages(CustomerReport r) {
        ObjectNode o = object();
        o.put("customer", r.customer().id().value());
        ArrayNode a = o.putArray("messages");
        r.messages().forEach(m -> a.add(message(m)));
        return o;
    }

    static ObjectNode offers(CustomerReport r) {
        ObjectNode o = object();
        o.put("customer", r.customer().id().value());
        o.put("at", r.at().toString());
        ArrayNode a = o.putArray("offers");
        for (CustomerReport.OfferRow x : r.offers()) {
            ObjectNode n = a.addObject();
            n.put("program", x.program());
            n.put("description", x.description());
            n.set("categories", strings(x.categories()));
            n.put("priority", x.priority());
            n.put("priceOffer", x.priceOffer());
            n.set("why", strings(x.why()));
        }
        ArrayNode not = o.putArray("notOffered");
        for (CustomerReport.NotOffered x : r.notOffered()) {
            ObjectNode n = not.addObject();
            n.put("program", x.program());
            n.set("mayHoldBack", strings(x.reasons()));
        }
        return o;
    }

    static ArrayNode offerNames(List<Offer> offers) {
        return strings(offers.stream().map(Offer::program).toList());
    }

    static ObjectNode ingest(IngestResult r) {
        ObjectNode o = object();
        o.put("customer", r.customer().value());
        o.set("merged", strings(r.merged().stream().map(c -> c.value()).toList()));
        o.set("segments", strings(r.segments()));
        o.set("entered", strings(r.entered()));
        o.set("exited", strings(r.exited()));
        return o;
    }

    static ObjectNode action(ActionOutcome a) {
        ObjectNode o = object();
        o.put("action", a.what());
        o.put("event", a.event().id());
        o.put("time", a.event().time().toString());
        o.put("origin", a.event().origin().jsonName());
        o.set("result", ingest(a.result()));
        o.set("offersBefore", offerNames(a.before()));
        o.set("offersAfter", offerNames(a.after()));
        o.set("offersGone", strings(a.offersGone()));
        o.set("offersNew", strings(a.offersNew()));
        ArrayNode decided = o.putArray("messages");
        a.decided().forEach(m -> decided.add(message(m)));
        o.set("waiting", waiting(a.waiting()));
        return o;
    }

    static ObjectNode result(ProgramResult r) {
        ObjectNode o = object();
        o.put("variant", r.variant());
        o.put("control", r.control());
        o.put("decided", r.decided());
        o.put("sent", r.sent());
        o.put("delivered", r.delivered());
        o.put("opened", r.opened());
        o.put("clicked", r.clicked());
        o.put("converted", r.converted());
        number(o, "conversionRate", r.conversionRate());
        number(o, "openRate", r.openRate());
        number(o, "clickRate", r.clickRate());
        return o;
    }

    static ObjectNode program(Figures.ProgramFigures p) {
        ObjectNode o = object();
        o.put("name", p.name());
        o.put("description", p.description());
        o.put("loaded", p.loaded());
        o.put("controlShare", p.controlShare());
        ArrayNode rows = o.putArray("groups");
        for (Figures.VariantRow v : p.rows()) {
            ObjectNode n = result(v.result());
            n.put("label", v.label());
            v.uplift().ifPresent(u -> {
                ObjectNode up = n.putObject("uplift");
                number(up, "estimate", u.estimate());
                number(up, "lower", u.lower());
                number(up, "upper", u.upper());
                up.put("confidence", u.confidence());
                up.put("significant", u.significant());
            });
            rows.add(n);
        }
        ObjectNode sup = o.putObject("suppressions");
        p.suppressions().forEach(sup::put);
        ArrayNode splits = o.putArray("splits");
        for (SplitResult s : p.splits()) {
            ObjectNode n = splits.addObject();
            n.put("split", s.split());
            s.winner().ifPresent(w -> n.put("winner", w));
            ArrayNode f = n.putArray("figures");
            s.figures().forEach(x -> {
                ObjectNode g = f.addObject();
                g.put("variant", x.variant());
                g.put("messages", x.messages());
                g.put("converted", x.converted());
            });
        }
        return o;
    }

    static ObjectNode programs(Figures f) {
        ObjectNode o = object();
        o.put("at", f.at().toString());
        ArrayNode a = o.putArray("programs");
        f.programs().forEach(p -> a.add(program(p)));
        return o;
    }

    static ObjectNode suppressions(Figures f) {
        ObjectNode o = object();
        o.put("at", f.at().toString());
        ObjectNode all = o.putObject("byGuard");
        f.suppressions().forEach(all::put);
        ObjectNode per = o.putObject("byProgram");
        f.programs().forEach(p -> {
            if (!p.suppressions().isEmpty()) {
                ObjectNode n = per.putObject(p.name());
                p.suppressions().forEach(n::put);
            }
        });
        ObjectNode statuses = o.putObject("byStatus");
        f.statuses().forEach(statuses::put);
        return o;
    }

    static ObjectNode segmentSizes(Figures f) {
        ObjectNode o = object();
        o.put("at", f.at().toString());
        o.put("customers", f.customers());
        ObjectNode now = o.putObject("sizes");
        f.segments().forEach(now::put);
        ArrayNode history = o.putArray("history");
        for (Figures.SizeSample s : f.history()) {
            ObjectNode n = history.addObject();
            n.put("at", s.at().toString());
            ObjectNode sizes = n.putObject("sizes");
            new java.util.TreeMap<>(s.sizes()).forEach(sizes::put);
        }
        return o;
    }

    static ObjectNode channelUse(Figures f) {
        ObjectNode o = object();
        o.put("at", f.at().toString());
        ArrayNode a = o.putArray("groups");
        for (Figures.ChannelGroup g : f.channelGroups()) {
            ObjectNode n = a.addObject();
            n.put("segment", g.segment());
            n.put("customers", g.customers());
            n.put("sent", g.sent());
            n.put("opened", g.opened());
            n.put("clicked", g.clicked());
            n.put("converted", g.converted());
            n.put("conversionsPer100Customers", g.conversionsPer100());
        }
        return o;
    }

    static ArrayNode diagnostics(List<Diagnostic> diagnostics) {
        ArrayNode a = F.arrayNode();
        for (Diagnostic d : diagnostics) {
            ObjectNode n = a.addObject();
            n.put("file", d.file());
            n.put("line", d.line());
            n.put("column", d.column());
            n.put("severity", d.severity().word());
            n.put("message", d.message());
        }
        return a;
    }

    static ObjectNode check(DefinitionsCheck c) {
        ObjectNode o = object();
        o.put("loadable", c.loadable());
        o.set("diagnostics", diagnostics(c.diagnostics()));
        o.set("warnings", strings(c.warnings()));
        o.set("changes", strings(c.changes()));
        c.dryLoad().ifPresent(r -> o.set("dryLoad", reload(r)));
        c.refusal().ifPresent(r -> o.put("refusal", r));
        c.templatesNote().ifPresent(r -> o.put("templatesNote", r));
        c.backtestNote().ifPresent(r -> o.put("backtestNote", r));
        c.comparison().ifPresent(x -> o.set("backtest", comparison(x)));
        return o;
    }

    static ObjectNode reload(ReloadReport r) {
        ObjectNode o = object();
        o.set("featuresAdded", strings(r.added()));
        o.set("featuresStartingEmpty", strings(r.startEmpty()));
        r.backfill().ifPresent(b -> o.put("backfill", b.toString()));
        return o;
    }

    /** Counts per program only: the messages name customers, which marketers do not see. */
    static ObjectNode comparison(Comparison c) {
        ObjectNode o = object();
        o.put("onlyInLoaded", c.onlyInA().size());
        o.put("onlyInChanged", c.onlyInB().size());
        o.put("decidedOtherwise", c.changed().size());
        o.put("alike", c.unchanged());
        ArrayNode a = o.putArray("programs");
        for (Comparison.ProgramDifference p : c.programs()) {
            ObjectNode n = a.addObject();
            n.put("program", p.program());
            n.put("decidedLoaded", p.inA());
            n.put("decidedChanged", p.inB());
            n.put("sentLoaded", p.sentInA());
            n.put("sentChanged", p.sentInB());
            n.put("onlyInLoaded", p.onlyInA());
            n.put("onlyInChanged", p.onlyInB());
            n.put("decidedOtherwise", p.changed());
        }
        return o;
    }

    static ObjectNode map(Map<String, Long> counts) {
        ObjectNode o = object();
        counts.forEach(o::put);
        return o;
    }
}
