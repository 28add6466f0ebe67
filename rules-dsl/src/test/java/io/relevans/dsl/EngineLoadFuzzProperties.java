package io.relevans.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.Channel;
import io.relevans.customer.Identity;
import io.relevans.customer.Value;
import io.relevans.definition.Condition;
import io.relevans.definition.Definitions;
import io.relevans.definition.InvalidDefinitionException;
import io.relevans.definition.PriceRange;
import io.relevans.definition.Program;
import io.relevans.definition.Segment;
import io.relevans.definition.Step;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Line;
import io.relevans.spi.TemplateRenderer;
import io.relevans.testing.Soak;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever definitions reach the engine, {@link Relevans#load} ends with the definitions loaded or an
 * {@link InvalidDefinitionException}, never with another exception or a hang; and loaded definitions
 * run: events are ingested and timers fire without an exception. Inputs are real definitions, built
 * through the public constructors and builders ({@link Generators}) or written as text and mutated,
 * then broken on purpose (segments dropped so references dangle, reference cycles, price ranges
 * removed, trigger-only conditions in segments, templates the renderer does not know).
 */
class EngineLoadFuzzProperties {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final Duration PER_TRY = Duration.ofSeconds(30);

    /** Knows every template unless told to know none, and renders data values in a line. */
    private record Templates(boolean knowsAll) implements TemplateRenderer {
        @Override
        public Rendered render(String template, Channel channel, Map<String, Value> data, List<Line> lines) {
            return new Rendered(template, data.toString());
        }

        @Override
        public boolean knows(String template) {
            return knowsAll;
        }
    }

    /** A way to break valid definitions. */
    private enum Breakage {
        NONE, DROP_SEGMENTS, CYCLE, DROP_PRICE_RANGES, TRIGGER_CONDITION_IN_SEGMENT, UNKNOWN_TEMPLATES
    }

    @Provide
    Arbitrary<Definitions> built() {
        return new RoundTripProperties().fullDefinitions();
    }

    @Property(tries = 50)
    void builtDefinitions_loadOrAreRefusedClearly(@ForAll("built") Definitions definitions,
                                                  @ForAll Breakage breakage, @ForAll("seeds") long seed) {
        String outcome = loadAndRun(broken(definitions, breakage, seed), breakage != Breakage.UNKNOWN_TEMPLATES,
                breakage.name());
        boolean sends = definitions.programs().stream().flatMap(p -> p.steps().stream())
                .anyMatch(s -> s instanceof Step.Send || s instanceof Step.Ask);
        if (breakage == Breakage.CYCLE || breakage == Breakage.TRIGGER_CONDITION_IN_SEGMENT
                || (breakage == Breakage.UNKNOWN_TEMPLATES && sends)) {
            assertEquals("refused", outcome, breakage + " must be refused");
        }
    }

    @Property(tries = 50)
    void mutatedText_parsesThenLoadsOrIsRefusedClearly(@ForAll("mutatedText") String text) {
        ParseResult r = assertTimeoutPreemptively(PER_TRY, () -> Relang.parse("fuzz.rel", text));
        Statistics.label("parsed").collect(r.ok() ? "ok" : "diagnostics");
        // definitions read with diagnostics are still objects the engine may be given
        loadAndRun(r.definitions(), true, r.ok() ? "parsed" : "partly parsed");
    }

    @Property(tries = 2_000)
    @AddLifecycleHook(Soak.Only.class)
    void soak_builtDefinitions(@ForAll("built") Definitions definitions, @ForAll Breakage breakage,
                               @ForAll("seeds") long seed) {
        builtDefinitions_loadOrAreRefusedClearly(definitions, breakage, seed);
    }

    @Property(tries = 2_000)
    @AddLifecycleHook(Soak.Only.class)
    void soak_mutatedText(@ForAll("mutatedText") String text) {
        mutatedText_parsesThenLoadsOrIsRefusedClearly(text);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<String> mutatedText() {
        return new FuzzProperties().mutated();
    }

    /** The definitions broken as asked; the seed picks what to drop. */
    private static Definitions broken(Definitions d, Breakage breakage, long seed) {
        List<Segment> segments = new ArrayList<>(d.segments());
        List<Program> programs = new ArrayList<>(d.programs());
        Map<io.relevans.customer.Category, PriceRange> ranges = new LinkedHashMap<>(d.priceRanges());
        java.util.Random random = new java.util.Random(seed);
        switch (breakage) {
            case DROP_SEGMENTS -> segments.removeIf(s -> random.nextBoolean());
            case CYCLE -> {
                segments.add(Segment.named("cycle_a").when(new Condition.InSegment("cycle_b")));
                segments.add(Segment.named("cycle_b").when(new Condition.AllOf(List.of(
                        new Condition.InSegment("cycle_c"), new Condition.AttributePresent("x")))));
                segments.add(Segment.named("cycle_c").when(new Condition.Not(new Condition.InSegment("cycle_a"))));
            }
            case DROP_PRICE_RANGES -> ranges.clear();
            case TRIGGER_CONDITION_IN_SEGMENT -> segments.add(Segment.named("since_trigger").when(
                    new Condition.SinceTrigger(io.relevans.definition.EventMatch.of(EventType.PURCHASE))));
            default -> {
            }
        }
        return new Definitions(segments, programs, d.policies(), ranges);
    }

    /**
     * Loads the definitions into a fresh engine; when they load, runs a few events and timers through
     * them. Anything but success or an {@link InvalidDefinitionException} fails the try.
     */
    static String loadAndRun(Definitions definitions, boolean knowsTemplates, String kind) {
        String outcome = assertTimeoutPreemptively(PER_TRY, () -> {
            VirtualClock clock = VirtualClock.at(START);
            Relevans engine = Relevans.builder().clock(clock).templates(new Templates(knowsTemplates)).build();
            try {
                engine.load(definitions);
            } catch (InvalidDefinitionException e) {
                assertFalse(e.problems().isEmpty());
                assertFalse(e.getMessage().isBlank());
                assertEquals(Definitions.EMPTY, engine.definitions(), "the old definitions stay loaded");
                return "refused";
            }
            assertEquals(definitions, engine.definitions());
            run(engine, clock);
            return "loaded";
        });
        // statistics belong to the try's thread, not the one the timeout runs the work in
        Statistics.label("outcome").collect(outcome);
        Statistics.label("kind").collect(kind + " " + outcome);
        return outcome;
    }

    private static void run(Relevans engine, VirtualClock clock) {
        Identity anna = Identity.email("anna@example.com");
        engine.ingest(Event.builder(EventType.SIGNUP, anna, clock.instant()).link(Identity.phone("+4740000001"))
                .build());
        engine.ingest(Event.builder(EventType.CONSENT_CHANGE, anna, clock.instant()).property("channel", "email")
                .property("purpose", "marketing").property("granted", true).build());
        engine.ingest(Event.builder(EventType.CART_CHANGE, anna, clock.instant()).line("tv-55", "tv", 8_990, 1)
                .build());
        clock.advance(Duration.ofHours(5));
        engine.tick();
        engine.ingest(Event.builder(EventType.PURCHASE, anna, clock.instant()).line("tv-55", "tv", 8_990, 1)
                .property("store", "oslo-1").build());
        clock.advance(Duration.ofDays(8));
        engine.tick();
        engine.resegment();
    }
}
