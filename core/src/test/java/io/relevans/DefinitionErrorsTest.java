package io.relevans;

import io.relevans.definition.InvalidDefinitionException;
import static io.relevans.definition.Conditions.allOf;
import static io.relevans.definition.Conditions.anyOf;
import static io.relevans.definition.Conditions.attribute;
import static io.relevans.definition.Conditions.inSegment;
import static io.relevans.definition.Conditions.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Category;
import io.relevans.customer.Identity;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Program;
import io.relevans.definition.Step;
import io.relevans.definition.Trigger;
import io.relevans.definition.Features;
import io.relevans.definition.Segment;
import io.relevans.definition.Tier;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the engine says about definitions it cannot load, word for word. */
class DefinitionErrorsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static final Segment LOYAL = Segment.named("loyal_customers").when(attribute("club").is(true));

    private static Definitions defs(Segment... segments) {
        return Definitions.builder().segments(List.of(segments)).build();
    }

    private static InvalidDefinitionException refused(Definitions definitions) {
        return assertThrows(InvalidDefinitionException.class,
                () -> Relevans.builder().clock(CLOCK).definitions(definitions).build());
    }

    @Test
    @DisplayName("an unknown segment reference names the segment and hints at the closest known name")
    void unknownReference_didYouMean() {
        InvalidDefinitionException e = refused(defs(LOYAL,
                Segment.named("vip").when(allOf(inSegment("loyal_custmers"), attribute("gender").is("female")))));
        assertEquals("segment 'vip' refers to unknown segment 'loyal_custmers'; did you mean 'loyal_customers'?",
                e.getMessage());
        assertEquals(List.of(e.getMessage()), e.problems());
    }

    @Test
    @DisplayName("an unknown segment reference far from every known name has no hint")
    void unknownReference_noHint() {
        InvalidDefinitionException e = refused(defs(LOYAL, Segment.named("vip").when(not(inSegment("whales")))));
        assertEquals("segment 'vip' refers to unknown segment 'whales'", e.getMessage());
    }

    @Test
    @DisplayName("a segment referring to itself is a cycle")
    void selfReference() {
        InvalidDefinitionException e = refused(defs(Segment.named("a").when(anyOf(attribute("x").present(),
                inSegment("a")))));
        assertEquals("segments refer to each other in a cycle: a -> a", e.getMessage());
    }

    @Test
    @DisplayName("a cycle of three segments shows the cycle path")
    void cycleOfThree() {
        InvalidDefinitionException e = refused(defs(LOYAL,
                Segment.named("entry").when(allOf(inSegment("loyal_customers"), inSegment("a"))),
                Segment.named("a").when(inSegment("b")),
                Segment.named("b").when(not(inSegment("c"))),
                Segment.named("c").when(anyOf(attribute("x").present(), inSegment("a")))));
        assertEquals("segments refer to each other in a cycle: a -> b -> c -> a", e.getMessage());
    }

    @Test
    @DisplayName("S19 a price tier of a category without a price range lists the known ranges")
    void priceTierWithoutRange() {
        InvalidDefinitionException e = refused(Definitions.builder()
                .priceRange("washing_machines", 200, 2_000)
                .segment(Segment.named("premium_tv").when(Features.priceTier(Category.of("tv")).is(Tier.PREMIUM)))
                .build());
        assertEquals("price tier of category 'tv' needs the category's price range; known ranges: [washing_machines]",
                e.getMessage());
    }

    @Test
    @DisplayName("two problems at once are both listed, one per line")
    void twoProblems() {
        InvalidDefinitionException e = refused(Definitions.builder()
                .segment(LOYAL)
                .segment(Segment.named("vip").when(inSegment("loyal_custmers")))
                .segment(Segment.named("premium_tv").when(Features.priceTier(Category.of("tv")).is(Tier.PREMIUM)))
                .build());
        assertEquals("2 problems in the definitions:\n"
                + "  segment 'vip' refers to unknown segment 'loyal_custmers'; did you mean 'loyal_customers'?\n"
                + "  price tier of category 'tv' needs the category's price range; known ranges: []", e.getMessage());
        assertEquals(2, e.problems().size());
    }

    @Test
    @DisplayName("an unknown reference and a cycle in other segments are both listed")
    void unknownReferenceAndCycle() {
        InvalidDefinitionException e = refused(defs(LOYAL,
                Segment.named("vip").when(inSegment("loyal_custmers")),
                Segment.named("a").when(inSegment("b")),
                Segment.named("b").when(inSegment("a"))));
        assertEquals(List.of(
                "segment 'vip' refers to unknown segment 'loyal_custmers'; did you mean 'loyal_customers'?",
                "segments refer to each other in a cycle: a -> b -> a"), e.problems());
    }

    @Test
    @DisplayName("every unknown reference is listed, each with its segment")
    void severalUnknownReferences() {
        InvalidDefinitionException e = refused(defs(LOYAL,
                Segment.named("vip").when(allOf(inSegment("loyal_custmer"), inSegment("big_spenders"))),
                Segment.named("other").when(inSegment("Loyal_Customers"))));
        assertEquals("3 problems in the definitions:\n"
                + "  segment 'vip' refers to unknown segment 'loyal_custmer'; did you mean 'loyal_customers'?\n"
                + "  segment 'vip' refers to unknown segment 'big_spenders'\n"
                + "  segment 'other' refers to unknown segment 'Loyal_Customers'; did you mean 'loyal_customers'?",
                e.getMessage());
    }

    @Test
    @DisplayName("two segments with one name are refused when the definitions are built")
    void duplicateNames() {
        Segment first = Segment.named("vip").when(attribute("club").is(true));
        Segment second = Segment.named("vip").when(attribute("gender").is("female"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Definitions.builder().segment(first).segment(second).build());
        assertEquals("segment 'vip' is defined twice", e.getMessage());
    }

    @Test
    @DisplayName("invalid segment names are refused with the rule for names")
    void invalidSegmentNames() {
        String rule = "': use a letter followed by up to 63 letters, digits, '_' or '-'";
        for (String bad : List.of("", "1vip", "vip customers", "vip\"", "_vip", "vip.gold", "v".repeat(65))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Segment.named(bad), bad);
            assertEquals("invalid segment name '" + bad + rule, e.getMessage());
            IllegalArgumentException ref = assertThrows(IllegalArgumentException.class, () -> inSegment(bad), bad);
            assertEquals("invalid segment name '" + bad + rule, ref.getMessage());
        }
        Segment.named("v".repeat(64)); // the longest valid name
    }

    @Test
    @DisplayName("invalid attribute names are refused with the rule for names")
    void invalidAttributeNames() {
        for (String bad : List.of("", "9lives", "has balcony", "x\"); end", "a".repeat(65))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> attribute(bad).present(), bad);
            assertEquals("invalid attribute name '" + bad
                    + "': use a letter followed by up to 63 letters, digits, '_', '.' or '-'", e.getMessage());
        }
    }

    @Test
    @DisplayName("invalid definitions given to load leave the old definitions working")
    void loadInvalid_keepsOldDefinitions() {
        Segment buyers = Segment.named("buyers").when(Features.count(EventType.PURCHASE).within(Window.days(30)).atLeast(1));
        Definitions old = defs(buyers);
        Relevans engine = Relevans.builder().clock(CLOCK).definitions(old).build();
        String rules = engine.compiledRules();

        InvalidDefinitionException e = assertThrows(InvalidDefinitionException.class, () -> engine.load(defs(
                Segment.named("buyers").when(inSegment("buyer")),
                Segment.named("tv").when(Features.priceTier(Category.of("tv")).is(Tier.MID)))));
        assertEquals(List.of("segment 'buyers' refers to unknown segment 'buyer'; did you mean 'buyers'?",
                "price tier of category 'tv' needs the category's price range; known ranges: []"), e.problems());

        assertSame(old, engine.definitions());
        assertEquals(rules, engine.compiledRules());
        IngestResult r = engine.ingest(Event.builder(EventType.PURCHASE, Identity.email("a@example.com"), NOW)
                .line("tv-1", "tv", 500, 1).build());
        assertEquals(Set.of("buyers"), r.entered());
        assertTrue(engine.explain(r.customer(), "buyers").member());
    }

    private static Step.Split ab(String label, String a, String b) {
        return new Step.Split(label, List.of(new Step.Variant(a, 1, "send"), new Step.Variant(b, 1, "send")));
    }

    private static Program.Builder abProgram() {
        return Program.named("cart").on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)));
    }

    @Test
    @DisplayName("a split that picks a winner in a program without a goal names the split and the program")
    void winnerRule_withoutGoal_refused() {
        InvalidDefinitionException e = assertThrows(InvalidDefinitionException.class, () -> abProgram()
                .steps(ab("ab", "a", "b").pickWinner(500, 0.95), new Step.End("send")).build());
        assertEquals("split 'ab' of program 'cart' picks a winner by the program's conversion goal, but the program "
                + "has no goal: add one, such as .goal(EventMatch.of(EventType.PURCHASE), Duration.ofDays(7)) (in the "
                + "language: goal purchase within 7d)", e.getMessage());
        // with the goal it is a program
        Program p = abProgram().goal(EventMatch.of(EventType.PURCHASE), Duration.ofDays(7))
                .steps(ab("ab", "a", "b").pickWinner(500, 0.95), new Step.End("send")).build();
        assertEquals(Optional.of(new Step.WinnerRule(500, 0.95)), ((Step.Split) p.steps().get(0)).winner());
    }

    @Test
    @DisplayName("a split that picks a winner must not share a variant name with another split of its program")
    void winnerRule_sharedVariantName_refused() {
        InvalidDefinitionException e = assertThrows(InvalidDefinitionException.class, () -> abProgram()
                .goal(EventMatch.of(EventType.PURCHASE), Duration.ofDays(7))
                .steps(ab("first", "a", "b").pickWinner(100, 0.9), ab("second", "b", "c"), new Step.End("send"))
                .build());
        assertEquals(List.of("split 'first' of program 'cart' picks a winner, so its variant names must be its own, "
                + "but 'b' is also a variant of split 'second'"), e.problems());
    }

    @Test
    @DisplayName("a winner rule's numbers out of range are refused naming the split and the limit")
    void winnerRule_limits() {
        assertEquals("the minimum per variant of split 'ab' must be from 10 to 1,000,000, got 9",
                assertThrows(InvalidDefinitionException.class, () -> ab("ab", "a", "b").pickWinner(9, 0.95))
                        .getMessage());
        assertEquals("the minimum per variant of split 'ab' must be from 10 to 1,000,000, got 1000001",
                assertThrows(InvalidDefinitionException.class, () -> ab("ab", "a", "b").pickWinner(1_000_001, 0.95))
                        .getMessage());
        assertEquals("the confidence of split 'ab' must be from 80% (0.8) to below 100% (1), got 1.0",
                assertThrows(InvalidDefinitionException.class, () -> ab("ab", "a", "b").pickWinner(500, 1.0))
                        .getMessage());
        assertEquals("the confidence of a winner rule must be from 80% (0.8) to below 100% (1), got 0.5",
                assertThrows(InvalidDefinitionException.class, () -> new Step.WinnerRule(500, 0.5)).getMessage());
        assertThrows(InvalidDefinitionException.class, () -> new Step.WinnerRule(500, Double.NaN));
        assertEquals(new Step.WinnerRule(10, 0.8), ab("ab", "a", "b").pickWinner(10, 0.8).winner().orElseThrow());
    }
}
