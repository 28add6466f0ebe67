package io.relevans.benchmarks.workload;

import static io.relevans.definition.Conditions.attribute;
import static io.relevans.definition.Conditions.hasConsent;
import static io.relevans.definition.Conditions.inSegment;
import static io.relevans.definition.Conditions.not;
import static io.relevans.definition.Conditions.sinceTrigger;

import io.relevans.customer.Channel;
import io.relevans.customer.Purpose;
import io.relevans.customer.Value;
import io.relevans.definition.Binding;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Features;
import io.relevans.definition.Program;
import io.relevans.definition.Reentry;
import io.relevans.definition.Step;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.definition.Window;
import io.relevans.event.EventType;
import io.relevans.spi.SimpleTemplates;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The benchmark's 30 programs: ten shapes in three variants (category, segment, timing), together using
 * every trigger kind (event, segment entered and exited, anniversary, inactivity, schedule) and every
 * step kind (wait, wait until, wait for hours, branch, split, send, ask, set and clear attribute, call
 * action, go to, end).
 */
public final class BenchmarkPrograms {

    /** The templates the programs send. */
    public static final List<String> TEMPLATES = List.of("cart_reminder", "review_request", "category_offer",
            "vip_a", "vip_b", "we_miss_you", "birthday", "inactive", "weekly", "satisfaction", "store_thanks",
            "reconfirm");

    private BenchmarkPrograms() {
    }

    /** Templates for every program's sends. */
    public static SimpleTemplates templates() {
        SimpleTemplates.Builder b = SimpleTemplates.builder();
        TEMPLATES.forEach(t -> b.template(t, "Hello", "A message for you"));
        return b.build();
    }

    /** The 30 programs over the segments (names of segments of the definition set). */
    static List<Program> generate(List<SegmentSpec> segments) {
        List<Program> out = new ArrayList<>();
        for (int v = 0; v < 3; v++) {
            String category = Catalogue.CATEGORIES.get(v * 3);
            String segment = segments.get((v * 31 + 11) % segments.size()).name();
            String other = segments.get((v * 17 + 40) % segments.size()).name();
            ChannelChoice preferred = ChannelChoice.preferred(Channel.EMAIL, Channel.SMS);
            out.add(Program.named("cart_" + v).on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                    .exitOn(EventMatch.of(EventType.PURCHASE)).reentry(Reentry.RESTART).controlShare(0.1)
                    .priority(5).cap(2, Duration.ofDays(7)).promotes(category)
                    .steps(Steps.wait("wait", Duration.ofHours(2 + v)),
                            new Step.WaitForHours("hours", LocalTime.of(9, 0), LocalTime.of(20, 0)),
                            Steps.send("remind", preferred, "cart_reminder")
                                    .with("category", Binding.trigger("line.category")).withLines().build())
                    .build());
            out.add(Program.named("review_" + v)
                    .on(Trigger.event(EventMatch.of(EventType.PURCHASE).where("line.category", category)))
                    .purpose(Purpose.SURVEYS).priority(1)
                    .steps(Steps.wait("wait", Duration.ofDays(2 + v)),
                            new Step.Ask("ask", Step.Question.REVIEW, "", preferred, "review_request", new TreeMap<>()))
                    .build());
            out.add(Program.named("browse_" + v)
                    .on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW).where("category", category)))
                    .reentry(Reentry.oncePer(Duration.ofDays(3))).controlShare(0.2).promotes(category).offer()
                    .priority(3).highRelevance(inSegment(segment))
                    .steps(Steps.wait("wait", Duration.ofHours(1)),
                            new Step.Branch("bought", sinceTrigger(EventMatch.of(EventType.PURCHASE)), "done", "offer"),
                            Steps.send("offer", preferred, "category_offer").with("category",
                                    Binding.trigger("category")).build(),
                            Steps.end("done"))
                    .build());
            out.add(Program.named("vip_" + v).on(Trigger.entered(segment)).controlShare(0.3).priority(4)
                    .audience(hasConsent(Channel.EMAIL, Purpose.MARKETING))
                    .steps(new Step.Split("ab", List.of(new Step.Variant("a", 1, "mail_a"),
                                    new Step.Variant("b", 1, "mail_b"))),
                            Steps.send("mail_a", ChannelChoice.of(Channel.EMAIL), "vip_a").build(),
                            new Step.GoTo("after_a", "tag"),
                            Steps.send("mail_b", ChannelChoice.of(Channel.EMAIL), "vip_b").build(),
                            new Step.SetAttribute("tag", "vip_" + v, Value.of(true)))
                    .build());
            out.add(Program.named("winback_" + v).on(Trigger.exited(other)).promotes(category)
                    .cap(1, Duration.ofDays(30))
                    .steps(Steps.wait("wait", Duration.ofDays(1)),
                            Steps.send("back", preferred, "we_miss_you").build())
                    .build());
            out.add(Program.named("birthday_" + v).on(new Trigger.OnAnniversary("birthday", LocalTime.of(8 + v, 0)))
                    .reentry(Reentry.oncePer(Duration.ofDays(300))).audience(attribute("age").is(
                            io.relevans.definition.Operator.GE, 18 + 10 * v))
                    .steps(new Step.WaitUntil("morning", LocalTime.of(10, 0)),
                            Steps.send("greet", preferred, "birthday").with("name", Binding.attribute("gender")).build(),
                            new Step.SetAttribute("greeted", "greeted_" + v, Value.of(true)))
                    .build());
            out.add(Program.named("inactive_" + v)
                    .on(new Trigger.OnInactivity(EventMatch.of(EventType.PURCHASE), Duration.ofDays(90 + 60 * v)))
                    .steps(Steps.send("miss", preferred, "inactive").build(),
                            new Step.ClearAttribute("untag", "vip_" + v))
                    .build());
            out.add(Program.named("weekly_" + v)
                    .on(new Trigger.OnSchedule(Instant.parse("2026-01-05T08:00:00Z").plus(Duration.ofHours(v)),
                            Duration.ofDays(7)))
                    .audience(inSegment(other)).priority(0)
                    .steps(Steps.send("digest", ChannelChoice.of(Channel.EMAIL), "weekly").build())
                    .build());
            out.add(Program.named("service_" + v)
                    .on(Trigger.event(EventMatch.of(EventType.SUPPORT_CONTACT)))
                    .purpose(Purpose.SERVICE).priority(8)
                    .exitWhen(Features.count(EventType.COMPLAINT).within(Window.days(7)).atLeast(1))
                    .steps(Steps.wait("wait", Duration.ofHours(1 + v)),
                            new Step.Ask("rate", Step.Question.SATISFACTION, "", preferred, "satisfaction",
                                    new TreeMap<>()),
                            new Step.CallAction("ticket", "close_case", new TreeMap<>()))
                    .build());
            out.add(Program.named("store_" + v)
                    .on(Trigger.event(EventMatch.of(EventType.STORE_VISIT).where("store", Catalogue.STORES.get(v))))
                    .audience(not(inSegment(other))).reentry(Reentry.oncePer(Duration.ofDays(14)))
                    .steps(Steps.wait("wait", Duration.ofDays(1)),
                            new Step.Branch("spent", Features.sum(EventType.PURCHASE, "line.amount")
                                    .within(Window.days(30)).greaterThan(500), "thanks", "reconfirm"),
                            Steps.send("thanks", preferred, "store_thanks").build(),
                            Steps.end("stop"),
                            new Step.Ask("reconfirm", Step.Question.RECONFIRM, "has_children", preferred, "reconfirm",
                                    new TreeMap<>()))
                    .build());
        }
        return out;
    }
}
