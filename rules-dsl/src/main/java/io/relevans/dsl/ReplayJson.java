package io.relevans.dsl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relevans.ProgramResult;
import io.relevans.backtest.BacktestReport;
import io.relevans.backtest.Comparison;
import io.relevans.spi.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The command line's JSON form of a backtest report and of a comparison, for tools and dashboards. */
final class ReplayJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReplayJson() {
    }

    static void write(Path file, ObjectNode json) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, MAPPER.writeValueAsString(json) + "\n");
    }

    static ObjectNode report(BacktestReport r) {
        ObjectNode o = NODES.objectNode();
        o.put("start", r.start().toString());
        o.put("end", r.end().toString());
        o.put("tick_every", r.tickEvery().toString());
        o.put("profiles", r.profiles());
        r.history().ifPresent(h -> {
            ObjectNode history = o.putObject("history");
            history.put("read", h.read());
            history.put("imported", h.imported());
            history.put("refused", h.refused());
        });
        ObjectNode events = o.putObject("events");
        events.put("read", r.events().read());
        events.put("replayed", r.events().replayed());
        events.put("late", r.events().late());
        events.put("before_start", r.events().beforeStart());
        events.put("after_end", r.events().afterEnd());
        events.put("refused", r.events().refused());
        ArrayNode refusals = events.putArray("refusals");
        r.events().refusals().forEach(x -> refusals.addObject().put("line", x.line()).put("reason", x.reason()));
        counts(o.putObject("by_status"), r.byStatus());
        counts(o.putObject("suppressions_by_guard"), r.suppressionsByGuard());
        counts(o.putObject("suppressions_by_reason"), r.suppressionsByReason());
        ArrayNode results = o.putArray("results");
        for (ProgramResult x : r.results()) {
            results.addObject().put("program", x.program()).put("variant", x.variant()).put("control", x.control())
                    .put("decided", x.decided()).put("sent", x.sent()).put("delivered", x.delivered())
                    .put("opened", x.opened()).put("clicked", x.clicked()).put("converted", x.converted());
        }
        counts(o.putObject("actions"), r.actions());
        counts(o.putObject("segments_at_start"), r.segmentsAtStart());
        counts(o.putObject("segments_at_end"), r.segmentsAtEnd());
        messages(o.putArray("messages"), r.messages());
        return o;
    }

    static ObjectNode comparison(Comparison c) {
        ObjectNode o = NODES.objectNode();
        o.put("unchanged", c.unchanged());
        ArrayNode programs = o.putArray("programs");
        for (Comparison.ProgramDifference p : c.programs()) {
            programs.addObject().put("program", p.program()).put("in_a", p.inA()).put("in_b", p.inB())
                    .put("sent_in_a", p.sentInA()).put("sent_in_b", p.sentInB()).put("only_in_a", p.onlyInA())
                    .put("only_in_b", p.onlyInB()).put("changed", p.changed());
        }
        messages(o.putArray("only_in_a"), c.onlyInA());
        messages(o.putArray("only_in_b"), c.onlyInB());
        ArrayNode changed = o.putArray("changed");
        for (Comparison.Change ch : c.changed()) {
            ObjectNode x = changed.addObject();
            ArrayNode aspects = x.putArray("aspects");
            ch.aspects().forEach(a -> aspects.add(a.name().toLowerCase(Locale.ROOT)));
            message(x.putObject("a"), ch.a());
            message(x.putObject("b"), ch.b());
        }
        return o;
    }

    private static void counts(ObjectNode o, Map<?, Long> counts) {
        counts.forEach((k, n) -> o.put(k instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : k.toString(), n));
    }

    private static void messages(ArrayNode a, List<Message> messages) {
        messages.forEach(m -> message(a.addObject(), m));
    }

    private static void message(ObjectNode o, Message m) {
        o.put("id", m.id());
        o.put("customer", m.customer().value());
        o.put("program", m.program());
        o.put("step", m.step());
        o.put("variant", m.variant());
        o.put("channel", m.channel().map(Object::toString).orElse(""));
        o.put("template", m.template());
        o.put("decided_at", m.decidedAt().toString());
        o.put("status", m.status().name().toLowerCase(Locale.ROOT));
        o.put("reason", m.reason());
        m.suppression().ifPresent(s -> o.put("guard", s.guard().name().toLowerCase(Locale.ROOT)));
    }
}
