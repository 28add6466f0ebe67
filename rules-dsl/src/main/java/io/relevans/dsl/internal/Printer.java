package io.relevans.dsl.internal;

import io.relevans.customer.Channel;
import io.relevans.customer.Interest;
import io.relevans.customer.Value;
import io.relevans.definition.Binding;
import io.relevans.definition.CategoryExclusion;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Condition;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Feature;
import io.relevans.definition.FrequencyCap;
import io.relevans.definition.Operator;
import io.relevans.definition.Policies;
import io.relevans.definition.PriceRange;
import io.relevans.definition.Program;
import io.relevans.definition.PropertyFilter;
import io.relevans.definition.Reentry;
import io.relevans.definition.Segment;
import io.relevans.definition.Step;
import io.relevans.definition.Tier;
import io.relevans.definition.Trigger;
import io.relevans.definition.Window;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Writes definitions in the language so that parsing the text gives equal definitions. Defaults are
 * left out (a program's re-entry when done, no control group, priority 0, purpose marketing; the
 * policies block when all policies are the defaults).
 */
public final class Printer {

    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*([.-][A-Za-z0-9_]+)*");
    private static final Set<String> KEYWORDS = new TreeSet<>();

    static {
        KEYWORDS.addAll(Parser.TOP);
        KEYWORDS.addAll(Parser.ATOMS);
        KEYWORDS.addAll(Parser.CLAUSES);
        KEYWORDS.addAll(Parser.STEPS);
        KEYWORDS.addAll(Parser.POLICIES);
        KEYWORDS.addAll(List.of("and", "or", "where", "over", "is", "present", "older", "than", "for", "interested",
                "trigger", "customer", "of", "true", "false", "date", "price", "entering", "leaving", "anniversary",
                "at", "without", "from", "when", "once", "per", "done", "restart", "within", "then", "else", "to",
                "by", "preferred", "with", "lines", "until", "hours", "overall", "channels", "none", "promote",
                "better", "pick", "winner", "variant", "next", "discount", "days"));
    }

    private final StringBuilder sb = new StringBuilder();

    private Printer() {
    }

    /** The definitions as text. */
    public static String print(Definitions d) {
        Printer p = new Printer();
        p.definitions(d);
        return p.sb.toString();
    }

    /** A condition as text. */
    public static String print(Condition c) {
        return new Printer().condition(c);
    }

    private void definitions(Definitions d) {
        d.priceRanges().values().stream().sorted(Comparator.comparing(PriceRange::category)).forEach(r ->
                sb.append("category ").append(name(r.category().name())).append(" price ")
                        .append(Windows.number(r.min())).append(" .. ").append(Windows.number(r.max())).append('\n'));
        if (!d.priceRanges().isEmpty()) {
            sb.append('\n');
        }
        for (Segment s : d.segments()) {
            sb.append("segment ").append(name(s.name())).append(description(s.description())).append(":\n  ")
                    .append(condition(s.condition())).append("\n\n");
        }
        if (!d.policies().equals(Policies.DEFAULT)) {
            policies(d.policies());
        }
        d.programs().forEach(this::program);
    }

    private void policies(Policies p) {
        sb.append("policies:\n");
        sb.append("  quiet hours ").append(p.quietFrom()).append(" - ").append(p.quietTo()).append(" in ")
                .append(zone(p.defaultZone().getId())).append('\n');
        sb.append("  intimate channels ").append(p.intimateChannels().isEmpty() ? "none"
                : p.intimateChannels().stream().sorted().map(c -> name(c.name())).collect(Collectors.joining(", ")))
                .append('\n');
        sb.append("  no better offer within ").append(Windows.duration(p.noBetterOfferAfterPurchase()))
                .append(" after purchase\n");
        for (FrequencyCap cap : p.caps()) {
            sb.append("  cap ").append(cap.max()).append(" per ").append(Windows.duration(cap.period()))
                    .append(cap.channel().map(c -> " on " + name(c.name())).orElse(" overall")).append(deferral(cap))
                    .append('\n');
        }
        if (!p.purchaseDayZone().equals(Policies.DEFAULT.purchaseDayZone())) {
            sb.append("  predictions count days in ").append(zone(p.purchaseDayZone().getId())).append('\n');
        }
        for (CategoryExclusion e : p.exclusions()) {
            sb.append("  never promote ").append(name(e.category().name())).append(" when ")
                    .append(condition(e.when())).append('\n');
        }
        sb.append('\n');
    }

    private void program(Program p) {
        sb.append("program ").append(name(p.name())).append(description(p.description())).append(":\n");
        sb.append("  ").append(trigger(p.trigger())).append('\n');
        p.audience().ifPresent(c -> sb.append("  audience ").append(condition(c)).append('\n'));
        p.exitOn().forEach(m -> sb.append("  exit on ").append(match(m)).append('\n'));
        p.exitWhen().ifPresent(c -> sb.append("  exit when ").append(condition(c)).append('\n'));
        if (!p.reentry().equals(Reentry.WHEN_DONE)) {
            sb.append("  reentry ").append(switch (p.reentry().kind()) {
                case ONCE -> "once";
                case ONCE_PER -> "once per " + Windows.duration(p.reentry().period());
                case WHEN_DONE -> "when done";
                case RESTART -> "restart";
            }).append('\n');
        }
        if (p.controlShare() != 0) {
            sb.append("  control ").append(share(p.controlShare())).append('\n');
        }
        if (p.priority() != 0) {
            sb.append("  priority ").append(p.priority()).append('\n');
        }
        if (!p.purpose().name().equals("marketing")) {
            sb.append("  purpose ").append(name(p.purpose().name())).append('\n');
        }
        if (!p.promotes().isEmpty()) {
            sb.append("  promotes ").append(p.promotes().stream().map(c -> name(c.name()))
                    .collect(Collectors.joining(", "))).append('\n');
        }
        if (p.offer()) {
            sb.append("  offer\n");
        }
        p.highRelevance().ifPresent(c -> sb.append("  relevant when ").append(condition(c)).append('\n'));
        p.goal().ifPresent(g -> sb.append("  goal ").append(match(g.match())).append(" within ")
                .append(Windows.duration(g.window())).append('\n'));
        p.caps().forEach(c -> sb.append("  cap ").append(c.max()).append(" per ")
                .append(Windows.duration(c.period())).append(deferral(c)).append('\n'));
        sb.append("  steps:\n");
        for (Step s : p.steps()) {
            sb.append("    ").append(name(s.label())).append(": ").append(step(s)).append('\n');
        }
        sb.append('\n');
    }

    private String trigger(Trigger t) {
        if (t instanceof Trigger.OnEvent e) {
            return "on " + match(e.match());
        }
        if (t instanceof Trigger.OnSegment s) {
            return (s.entered() ? "on entering segment " : "on leaving segment ") + name(s.segment())
                    + (s.backfill() ? " including backfill" : "");
        }
        if (t instanceof Trigger.OnAnniversary a) {
            return "on anniversary of " + name(a.attribute()) + " at " + a.at();
        }
        if (t instanceof Trigger.OnInactivity i) {
            return "after " + Windows.duration(i.period()) + " without " + match(i.match());
        }
        Trigger.OnSchedule s = (Trigger.OnSchedule) t;
        return "every " + Windows.duration(s.every()) + " from " + s.first();
    }

    private String step(Step s) {
        if (s instanceof Step.Wait w) {
            return "wait " + Windows.duration(w.duration());
        }
        if (s instanceof Step.WaitUntil w) {
            return "wait until " + w.time();
        }
        if (s instanceof Step.WaitForHours w) {
            return "wait for hours " + w.from() + " - " + w.to();
        }
        if (s instanceof Step.Branch b) {
            return "if " + condition(b.condition()) + " then go to " + name(b.then()) + " else go to "
                    + name(b.otherwise());
        }
        if (s instanceof Step.Split split) {
            boolean percent = split.variants().stream().mapToLong(Step.Variant::weight).sum() == 100;
            return "split " + split.variants().stream().map(v -> name(v.name()) + " " + v.weight()
                    + (percent ? "%" : "") + " -> " + name(v.goTo())).collect(Collectors.joining(", "))
                    + split.winner().map(w -> ", pick winner after " + w.minimumPerVariant() + " per variant at "
                    + share(w.confidence())).orElse("");
        }
        if (s instanceof Step.Send send) {
            return "send " + name(send.template()) + " by " + choice(send.channel())
                    + (send.withLines() ? " with lines" : "") + data(send.data());
        }
        if (s instanceof Step.Ask ask) {
            return "ask " + ask.question().name().toLowerCase(Locale.ROOT)
                    + (ask.attribute().isEmpty() ? "" : " " + name(ask.attribute())) + " with " + name(ask.template())
                    + " by " + choice(ask.channel()) + data(ask.data());
        }
        if (s instanceof Step.SetAttribute set) {
            return "set " + name(set.name()) + " = " + literal(set.value());
        }
        if (s instanceof Step.ClearAttribute clear) {
            return "clear " + name(clear.name());
        }
        if (s instanceof Step.CallAction call) {
            return "call " + name(call.action()) + data(call.data());
        }
        if (s instanceof Step.GoTo g) {
            return "go to " + name(g.target());
        }
        return "end";
    }

    private String choice(ChannelChoice c) {
        if (!c.preferred()) {
            return name(c.order().get(0).name());
        }
        StringBuilder b = new StringBuilder("preferred");
        for (Channel ch : c.order()) {
            b.append(", ").append(name(ch.name()));
        }
        return b.toString();
    }

    private String data(Map<String, Binding> data) {
        StringBuilder b = new StringBuilder();
        data.forEach((k, v) -> b.append(", ").append(name(k)).append(" = ").append(binding(v)));
        return b.toString();
    }

    private String binding(Binding b) {
        if (b instanceof Binding.TriggerProperty t) {
            return WORD.matcher("trigger." + t.property()).matches() ? "trigger." + t.property()
                    : "trigger " + quote(t.property());
        }
        if (b instanceof Binding.CustomerAttribute a) {
            return WORD.matcher("customer." + a.name()).matches() ? "customer." + a.name()
                    : "customer " + quote(a.name());
        }
        return literal(((Binding.Constant) b).value());
    }

    /** A share or confidence as a percent when that reads back as the same number, else as the number. */
    private static String share(double share) {
        String percent = java.math.BigDecimal.valueOf(share).movePointRight(2).stripTrailingZeros().toPlainString();
        return Double.parseDouble(percent) / 100.0 == share ? percent + "%" : Windows.number(share);
    }

    /** A cap's {@code defer up to ...}, if its capped messages may wait. */
    private static String deferral(FrequencyCap cap) {
        return cap.defer().isZero() ? "" : " defer up to " + Windows.duration(cap.defer());
    }

    // ---------------------------------------------------------------- conditions

    private String condition(Condition c) {
        if (c instanceof Condition.AllOf all) {
            if (all.parts().size() == 1) {
                return "all of (" + condition(all.parts().get(0)) + ")";
            }
            String tier = tier(all);
            if (tier != null) {
                return tier;
            }
            return all.parts().stream().map(this::operand).collect(Collectors.joining(" and "));
        }
        if (c instanceof Condition.AnyOf any) {
            if (any.parts().size() == 1) {
                return "any of (" + condition(any.parts().get(0)) + ")";
            }
            return any.parts().stream().map(this::operand).collect(Collectors.joining(" or "));
        }
        if (c instanceof Condition.Not not) {
            return "not " + operand(not.part());
        }
        if (c instanceof Condition.AttributeCompare a) {
            return "attribute " + name(a.attribute()) + " " + a.operator().symbol() + " " + literal(a.operand());
        }
        if (c instanceof Condition.AttributePresent a) {
            return "attribute " + name(a.attribute()) + " present";
        }
        if (c instanceof Condition.AttributeOlderThan a) {
            return "attribute " + name(a.attribute()) + " older than " + Windows.duration(a.age());
        }
        if (c instanceof Condition.InSegment s) {
            return "in segment " + name(s.segment());
        }
        if (c instanceof Condition.HasConsent h) {
            return "consent " + name(h.channel().name()) + " for " + name(h.purpose().name());
        }
        if (c instanceof Condition.DeclaredInterest d) {
            return "declared " + (d.interest() == Interest.NOT_INTERESTED ? "not " : "") + "interested in "
                    + name(d.category().name());
        }
        if (c instanceof Condition.SinceTrigger s) {
            return "since trigger " + match(s.match());
        }
        Condition.FeatureCompare f = (Condition.FeatureCompare) c;
        if (f.feature() instanceof Feature.PriceTier t) {
            if (f.operator() == Operator.GE && f.operand() == Tier.PREMIUM.from()) {
                return feature(t) + " is premium";
            }
            if (f.operator() == Operator.LT && f.operand() == Tier.BUDGET.to()) {
                return feature(t) + " is budget";
            }
        }
        return feature(f.feature()) + " " + f.operator().symbol() + " " + Windows.number(f.operand());
    }

    /** The mid tier is the pair of comparisons {@code Feature.PriceTier.is(MID)} makes. */
    private @Nullable String tier(Condition.AllOf all) {
        if (all.parts().size() == 2 && all.parts().get(0) instanceof Condition.FeatureCompare low
                && low.feature() instanceof Feature.PriceTier t && all.equals(t.is(Tier.MID))) {
            return "(" + feature(t) + " is mid)";
        }
        return null;
    }

    private String operand(Condition c) {
        // an event match's filters go on with 'and': a part after them would be read as one more filter
        boolean compound = c instanceof Condition.AllOf all && all.parts().size() > 1
                || c instanceof Condition.AnyOf any && any.parts().size() > 1
                || c instanceof Condition.SinceTrigger s && !s.match().filters().isEmpty();
        if (!compound) {
            return condition(c);
        }
        String tier = c instanceof Condition.AllOf all ? tier(all) : null;
        return tier != null ? tier : "(" + condition(c) + ")";
    }

    private String feature(Feature f) {
        if (f instanceof Feature.Aggregate a) {
            String what = a.property().isEmpty() ? name(a.eventType().name())
                    : a.eventType().name() + "." + a.property();
            return a.aggregation().name().toLowerCase(Locale.ROOT) + " " + what + filters(a.filters())
                    + window(a.window());
        }
        if (f instanceof Feature.TimeSince t) {
            return "days_since " + name(t.eventType().name()) + filters(t.filters());
        }
        if (f instanceof Feature.ChannelsUsed u) {
            return "channels_used" + window(u.window());
        }
        if (f instanceof Feature.Predicted p) {
            if (!p.prediction().hasHorizon()) {
                return p.prediction().keyword();
            }
            return p.prediction().keyword() + " next " + Windows.duration(p.horizon())
                    + (p.discount() == 0 ? "" : " discount " + Windows.number(p.discount()));
        }
        Feature.PriceTier t = (Feature.PriceTier) f;
        return "price_tier " + name(t.category().name()) + window(t.window());
    }

    private String window(Window w) {
        if (w.isAllTime()) {
            return "";
        }
        String len = Windows.duration(w.length());
        return " over " + (w.bucket().equals(Windows.defaultBucket(w.length())) ? len
                : len + "/" + Windows.duration(w.bucket()));
    }

    private String match(EventMatch m) {
        return name(m.type().name()) + filters(m.filters());
    }

    private String filters(List<PropertyFilter> filters) {
        if (filters.isEmpty()) {
            return "";
        }
        return " where " + filters.stream().map(f -> name(f.property()) + " " + f.operator().symbol() + " "
                + literal(f.operand())).collect(Collectors.joining(" and "));
    }

    // ---------------------------------------------------------------- words

    private static String literal(Value v) {
        if (v instanceof Value.Text t) {
            return quote(t.value());
        }
        if (v instanceof Value.Number n) {
            return Windows.number(n.value());
        }
        if (v instanceof Value.Date d) {
            return "date " + d.value();
        }
        return v.asText();
    }

    private static String description(String d) {
        return d.isEmpty() ? "" : " " + quote(d);
    }

    /** A name as a bare word when it reads back as one, otherwise in quotes. */
    static String name(String n) {
        return WORD.matcher(n).matches() && !KEYWORDS.contains(n) ? n : quote(n);
    }

    private static String zone(String id) {
        return id.matches("[A-Za-z_][A-Za-z0-9_]*([.-][A-Za-z0-9_]+)*(/[A-Za-z_][A-Za-z0-9_]*([.-][A-Za-z0-9_]+)*)*")
                && !KEYWORDS.contains(id) ? id : quote(id);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
