package io.relevans.dsl;

import static io.relevans.definition.Conditions.anyOf;
import static io.relevans.definition.Conditions.attribute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.IngestResult;
import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.customer.Value;
import io.relevans.definition.Binding;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Features;
import io.relevans.definition.Program;
import io.relevans.definition.Segment;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.Message;
import io.relevans.spi.SimpleTemplates;
import io.relevans.testing.Hostile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Text in definitions files is data, never code: hostile texts in every string position of the
 * language (descriptions, literals, filters, message data) read back exactly, never reach the rule
 * compiler, and select exactly the customers holding those texts. And nesting is bounded: text nested
 * 10,000 levels deep ends with a diagnostic naming the limit, not a stack overflow.
 */
class DslInjectionAndNestingTest {

    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
    private static final List<String> HOSTILE = Hostile.TEXTS;

    /** Per hostile text i: segment is_i (comment == text i, described by the text), a program sending it. */
    private static Definitions hostileDefinitions() {
        Definitions.Builder b = Definitions.builder();
        for (int i = 0; i < HOSTILE.size(); i++) {
            b.segment(Segment.named("is_" + i).describedAs(HOSTILE.get(i)).when(attribute("comment").is(HOSTILE.get(i))));
        }
        b.segment(Segment.named("noted").describedAs(HOSTILE.get(8)).when(anyOf(
                Features.count(EventType.of("note")).where("text", HOSTILE.get(0)).atLeast(1),
                Features.count(EventType.of("note")).where("text", Hostile.LONGEST).atLeast(1))));
        Steps.SendBuilder send = Steps.send("send", ChannelChoice.of(Channel.EMAIL), "hostile");
        for (int i = 0; i < HOSTILE.size(); i++) {
            send.with("t" + i, Binding.constant(Value.of(HOSTILE.get(i))));
        }
        b.program(Program.named("echo").describedAs(HOSTILE.get(5))
                .on(Trigger.event(EventMatch.of(EventType.of("note")).where("text", HOSTILE.get(0))))
                .steps(send.build()).build());
        return b.build();
    }

    @Test
    @DisplayName("hostile texts print and read back exactly, and the compiled rules hold none of them")
    void hostileTexts_roundTrip_andNeverReachTheRules() {
        Definitions built = hostileDefinitions();
        String text = Relang.print(built);
        ParseResult read = Relang.parseAll(java.util.Map.of("hostile.rel", text), false);
        assertEquals("", read.report());
        assertEquals(built, read.definitions());

        Relevans engine = engine(read.definitions());
        String drl = engine.compiledRules();
        for (String hostile : HOSTILE) {
            assertFalse(drl.contains(hostile), () -> "rules contain " + hostile);
        }
        for (String word : List.of("System", "exit", "Runtime", "script", "DROP", "evil", "{{", "${", "#{", "@{")) {
            assertFalse(drl.contains(word), () -> "rules contain " + word);
        }
    }

    @Test
    @DisplayName("a customer holding a hostile text is in exactly its segment; message data carries the texts unchanged")
    void hostileTexts_selectExactly_andTravelAsData() {
        Relevans engine = engine(Relang.parse("hostile.rel", Relang.print(hostileDefinitions())).orThrow());
        for (int i = 0; i < HOSTILE.size(); i++) {
            Identity who = Identity.login("customer-" + i);
            IngestResult r = engine.ingest(Event.builder(EventType.ATTRIBUTE_CONFIRMED, who, NOW)
                    .property("attribute", "comment").property("value", HOSTILE.get(i)).build());
            assertEquals(Set.of("is_" + i), r.entered(), "text " + i);
        }
        Identity writer = Identity.email("writer@example.com");
        engine.ingest(Event.builder(EventType.CONSENT_CHANGE, writer, NOW).property("channel", "email")
                .property("purpose", "marketing").property("granted", true).build());
        IngestResult noted = engine.ingest(Event.builder(EventType.of("note"), writer, NOW)
                .property("text", HOSTILE.get(0)).build());
        assertEquals(Set.of("noted"), noted.entered());
        assertTrue(engine.ingest(Event.builder(EventType.of("note"), Identity.email("other@example.com"), NOW)
                .property("text", Hostile.LONGEST).build()).entered().contains("noted"));

        CustomerId id = noted.customer();
        List<Message> messages = engine.messages(id);
        assertEquals(1, messages.size(), messages.toString());
        for (int i = 0; i < HOSTILE.size(); i++) {
            assertEquals(Value.of(HOSTILE.get(i)), messages.get(0).data().get("t" + i), "data t" + i);
        }
    }

    @Test
    @DisplayName("hostile texts written by hand in each string position read as the same texts")
    void handWrittenEscapes() {
        String text = """
                segment odd "\\"); System.exit(1); //":
                  attribute comment == "${x}" or attribute comment == "#{T(java.lang.Runtime).getRuntime().exec('x')}"
                  or attribute comment == "<script>alert('x')</script>" or attribute comment == "nul\\u0000 \\ud800 \\u202e"
                  or count note where text == "\\"\\n end\\nrule \\"x\\"" over 30d >= 1
                program p "{{x}} @{x}":
                  on note
                  steps:
                    s: send t by email, coupon = "'); DROP TABLE x; --", name = customer.first_name
                """;
        ParseResult r = Relang.parse("hand.rel", text);
        assertTrue(r.ok(), r.report());
        Definitions expected = Definitions.builder()
                .segment(Segment.named("odd").describedAs("\"); System.exit(1); //").when(anyOf(
                        attribute("comment").is("${x}"),
                        attribute("comment").is("#{T(java.lang.Runtime).getRuntime().exec('x')}"),
                        attribute("comment").is("<script>alert('x')</script>"),
                        attribute("comment").is("nul\u0000 \ud800 \u202e"),
                        Features.count(EventType.of("note")).where("text", "\"\n end\nrule \"x\"")
                                .within(Window.days(30)).atLeast(1))))
                .program(Program.named("p").describedAs("{{x}} @{x}").on(Trigger.event(EventMatch.of(EventType.of("note"))))
                        .steps(Steps.send("s", ChannelChoice.of(Channel.EMAIL), "t")
                                .with("coupon", Binding.constant(Value.of("'); DROP TABLE x; --")))
                                .with("name", Binding.attribute("first_name")).build())
                        .build())
                .build();
        assertEquals(expected, r.definitions());
        assertEquals(expected, engine(r.definitions()).definitions());
    }

    @Test
    @DisplayName("10,000 nested 'not', parentheses or both end with a diagnostic naming the limit, in time")
    void deepNesting_endsWithADiagnostic() {
        String atom = "attribute x present";
        for (String nested : List.of(
                "not ".repeat(10_000) + atom,
                "(".repeat(10_000) + atom + ")".repeat(10_000),
                "(not ".repeat(10_000) + atom + ")".repeat(10_000),
                "(".repeat(100_000),
                "not (".repeat(10_000) + atom + " and " + atom + ")".repeat(10_000))) {
            ParseResult r = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> Relang.parse("deep.rel", "segment deep:\n  " + nested + "\n"));
            assertFalse(r.ok());
            assertTrue(r.report().contains("nested too deeply (at most 40 levels)"), r.report());
        }
    }

    @Test
    @DisplayName("nesting within the definitions' limit of 32 levels loads; 33 to 40 levels read as text are refused with that limit")
    void nestingAtTheLimit() {
        String atom = "attribute x present";
        ParseResult ok = Relang.parse("ok.rel", "segment deep:\n  " + "not ".repeat(31) + atom + "\n");
        assertTrue(ok.ok(), ok.report());
        assertEquals(32, ok.definitions().segments().get(0).condition().depth());
        Relevans engine = engine(ok.definitions());
        IngestResult r = engine.ingest(Event.builder(EventType.SIGNUP, Identity.login("x"), NOW).build());
        assertEquals(Set.of("deep"), r.entered(), "x is absent: 'present' is false, and 31 nots of it true");

        ParseResult deep = Relang.parse("deep.rel", "segment deep:\n  " + "not ".repeat(35) + atom + "\n");
        assertFalse(deep.ok());
        assertTrue(deep.report().contains("limited to 32 nested levels"), deep.report());
    }

    @Test
    @DisplayName("a text literal of 5 million characters is refused at the 10,000-character limit of a value")
    void hugeLiteral() {
        ParseResult r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Relang.parse("big.rel",
                "segment s:\n  attribute x == \"" + "x".repeat(5_000_000) + "\"\n"));
        assertFalse(r.ok());
        assertTrue(r.report().contains("limited to 10000 characters"), r.report());
    }

    private static Relevans engine(Definitions definitions) {
        SimpleTemplates.Builder templates = SimpleTemplates.builder().template("hostile", "{{t0}}", "{{t5}}")
                .template("t", "", "");
        return Relevans.builder().clock(VirtualClock.at(NOW)).channel(new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL))
                .templates(templates.build()).definitions(definitions).build();
    }
}
