package io.relevans.internal.engine;

import static io.relevans.definition.Conditions.allOf;
import static io.relevans.definition.Conditions.anyOf;
import static io.relevans.definition.Conditions.attribute;
import static io.relevans.definition.Conditions.inSegment;
import static io.relevans.definition.Conditions.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.IngestResult;
import io.relevans.Relevans;
import io.relevans.customer.Attribute;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.Source;
import io.relevans.customer.Value;
import io.relevans.definition.Definitions;
import io.relevans.definition.Features;
import io.relevans.definition.Segment;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Definitions whose literals, names and descriptions look like DRL, MVEL or Java compile to rules
 * holding numbers only, and still select exactly the customers whose values equal those texts.
 */
class RuleInjectionTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final long NOW_MILLIS = NOW.toEpochMilli();

    private static final String LONG_A = longText('A');
    private static final String LONG_B = longText('B');

    /** Texts that would break out of a string literal, or run, if they reached the rule compiler. */
    static final List<String> HOSTILE = List.of(
            "\"); System.exit(1); //",
            "${x}",
            "end rule \"x\" when then",
            "\" + \"",
            "\" + System.getProperty(\"user.home\") + \"",
            "#{java.lang.Runtime.getRuntime().exec('rm -rf /')}",
            "@{x} @if{true}boom@end{}",
            "*/ import java.io.File; /*",
            "\nthen\n    insertLogical(new Member(0));\nend\n\nrule \"evil\"\nwhen\n    eval(true)\n",
            "\\\"; \\u0022); \\",
            "'); drop table customers; --",
            "Ærøskøbing ✓ 日本語 🎉 ẞ Ωμέγα \u202Eevil\u202C \uFEFF",
            "e\u0301", // decomposed é: not equal to the composed one below
            "\u00E9",
            LONG_A,
            LONG_B);

    private static CompiledSegments compiled;

    private static String longText(char last) {
        String unit = "\"); System.exit(1); // ${x} end rule \"x\" when then \\ ";
        StringBuilder sb = new StringBuilder(10_000);
        while (sb.length() < 9_999) {
            sb.append(unit);
        }
        sb.setLength(9_999);
        return sb.append(last).toString();
    }

    /** Per hostile text i: "is_i" (comment == text) and "not_i" (comment != text). */
    static Definitions definitions() {
        Definitions.Builder b = Definitions.builder();
        for (int i = 0; i < HOSTILE.size(); i++) {
            String text = HOSTILE.get(i);
            b.segment(Segment.named("is_" + i).describedAs(text).when(attribute("comment").is(text)));
            b.segment(Segment.named("not_" + i).describedAs(text).when(attribute("comment").isNot(text)));
        }
        // names that are DRL keywords, class or method names
        b.segment(Segment.named("end").describedAs("\"\nend\nrule \"x\"")
                .when(attribute("System.exit").is(HOSTILE.get(0))));
        b.segment(Segment.named("rule").when(allOf(not(inSegment("end")), attribute("java.lang.Runtime").present())));
        b.segment(Segment.named("then").when(anyOf(inSegment("rule"), attribute("java.lang.Runtime").is("${x}"))));
        b.segment(Segment.named("System-exit_1").when(allOf(inSegment("then"),
                Features.count(EventType.of("insert_logical")).where("note", HOSTILE.get(0)).atLeast(1))));
        return b.build();
    }

    @BeforeAll
    static void compile() {
        compiled = CompiledSegments.compile(definitions());
    }

    private static Customer customer(Attribute... attributes) {
        Identity id = Identity.email("someone@example.com");
        Customer c = Customer.newCustomer(CustomerId.derivedFrom(id), id);
        for (Attribute a : attributes) {
            c = c.withAttribute(a);
        }
        return c;
    }

    private static Attribute attr(String name, String text) {
        return new Attribute(name, Value.of(text), Source.DECLARED, NOW);
    }

    private static Set<String> evaluate(Customer customer, double[] features) {
        Set<String> byRules = compiled.evaluate(customer, features, NOW_MILLIS);
        assertEquals(compiled.evaluateDirectly(customer, features, NOW_MILLIS), byRules);
        return new TreeSet<>(byRules);
    }

    private static double[] noFeatures() {
        double[] v = new double[compiled.plan().features().size()];
        java.util.Arrays.fill(v, Double.NaN);
        return v;
    }

    @Test
    @DisplayName("hostile texts are real: long ones are 10,000 characters and all are distinct")
    void hostileTextsAreDistinct() {
        assertEquals(10_000, LONG_A.length());
        assertEquals(10_000, LONG_B.length());
        assertEquals(HOSTILE.size(), new LinkedHashSet<>(HOSTILE).size());
    }

    @Test
    @DisplayName("the generated DRL contains none of the texts and names of the definitions")
    void drlHoldsNoDefinitionText() {
        String drl = compiled.drl();
        for (String text : HOSTILE) {
            assertFalse(drl.contains(text), () -> "DRL contains " + text);
        }
        for (String name : List.of("System.exit", "java.lang.Runtime", "System-exit_1", "comment", "is_0", "not_0",
                "insert_logical", "note", "\\")) {
            assertFalse(drl.contains(name), () -> "DRL contains " + name);
        }
    }

    /** A test on the customer fact: a method of CustomerFacts with number arguments, maybe negated. */
    private static final String TEST = "(was|member|node|feature|key|attr|attrOlder|attrIs|attrIsNot|attrCmp)"
            + "\\(-?\\d+(\\.\\d+)?L?(, -?\\d+(\\.\\d+)?L?)*\\)( == false)?";

    private static final List<Pattern> DRL_LINES = List.of(
            Pattern.compile("package io\\.relevans\\.generated\\.d\\d+;"),
            Pattern.compile("import io\\.relevans\\.internal\\.engine\\.CustomerFacts;"),
            Pattern.compile(""),
            Pattern.compile("rule \"(segment|node)_\\d+(_out)?(_\\d+)?\""),
            Pattern.compile("when|then|end"),
            Pattern.compile("    \\$c : CustomerFacts\\( key == \\d+(, " + TEST + ")* \\)"),
            Pattern.compile("    \\$c\\.(enter|leave|holdNode)\\(\\d+\\);"));

    @Test
    @DisplayName("every line of the generated DRL is rule structure with numbers only")
    void drlIsNumbersOnly() {
        String drl = compiled.drl();
        List<String> bad = new ArrayList<>();
        for (String line : drl.split("\n", -1)) {
            if (DRL_LINES.stream().noneMatch(p -> p.matcher(line).matches())) {
                bad.add(line);
            }
        }
        assertEquals(List.of(), bad, "unexpected DRL lines");
        assertTrue(compiled.ruleCount() >= 2 * HOSTILE.size() + 4);
    }

    @Test
    @DisplayName("a customer whose value equals a hostile text is in exactly its segment")
    void membershipOfEachText() {
        for (int i = 0; i < HOSTILE.size(); i++) {
            Set<String> expected = new TreeSet<>();
            expected.add("is_" + i);
            for (int j = 0; j < HOSTILE.size(); j++) {
                if (j != i) {
                    expected.add("not_" + j);
                }
            }
            int k = i;
            assertEquals(expected, evaluate(customer(attr("comment", HOSTILE.get(i))), noFeatures()),
                    () -> "customer with text " + k);
        }
    }

    @Test
    @DisplayName("a prefix or an extension of a hostile text matches none of them")
    void nearMisses() {
        Set<String> allNot = new TreeSet<>();
        for (int j = 0; j < HOSTILE.size(); j++) {
            allNot.add("not_" + j);
        }
        for (String text : HOSTILE) {
            if (text.length() > 1) {
                assertEquals(allNot, evaluate(customer(attr("comment", text.substring(0, text.length() - 1))),
                        noFeatures()));
            }
            if (text.length() < 10_000) {
                assertEquals(allNot, evaluate(customer(attr("comment", text + " ")), noFeatures()));
            }
        }
        assertEquals(Set.of(), evaluate(customer(), noFeatures()), "no comment: neither == nor != holds");
    }

    @Test
    @DisplayName("segments named like DRL keywords refer to each other correctly")
    void keywordNamedSegments() {
        assertEquals(Set.of("end"), withoutComment(evaluate(customer(attr("System.exit", HOSTILE.get(0))),
                noFeatures())));
        assertEquals(Set.of("rule", "then"), withoutComment(evaluate(customer(attr("java.lang.Runtime", "x")),
                noFeatures())));
        assertEquals(Set.of("end", "then"), withoutComment(evaluate(customer(attr("System.exit", HOSTILE.get(0)),
                attr("java.lang.Runtime", "${x}")), noFeatures())));

        double[] features = noFeatures();
        features[compiled.plan().indexOf(Features.count(EventType.of("insert_logical")).where("note", HOSTILE.get(0)))] = 1;
        assertEquals(Set.of("System-exit_1", "rule", "then"),
                withoutComment(evaluate(customer(attr("java.lang.Runtime", "x")), features)));
        assertEquals(Set.of("end"),
                withoutComment(evaluate(customer(attr("System.exit", HOSTILE.get(0))), features)));
    }

    private static Set<String> withoutComment(Set<String> in) {
        Set<String> out = new TreeSet<>(in);
        out.removeIf(s -> s.startsWith("is_") || s.startsWith("not_"));
        return out;
    }

    @Test
    @DisplayName("through the engine: hostile values arriving in events select the right segments")
    void throughTheEngine() {
        Relevans engine = Relevans.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).definitions(definitions()).build();
        assertEquals(compiled.drl().substring(compiled.drl().indexOf(';')),
                engine.compiledRules().substring(engine.compiledRules().indexOf(';')),
                "the same definitions compile to the same rules, up to the package name");
        int i = HOSTILE.indexOf(LONG_B);
        Identity who = Identity.email("hostile@example.com");
        IngestResult r = engine.ingest(Event.builder(EventType.ATTRIBUTE_CONFIRMED, who, NOW)
                .property("attribute", "comment").property("value", LONG_B).build());
        assertTrue(r.entered().contains("is_" + i));
        assertFalse(r.entered().contains("not_" + i));
        assertTrue(r.entered().contains("not_" + HOSTILE.indexOf(LONG_A)));
        assertEquals(HOSTILE.size(), r.entered().size());

        IngestResult logged = engine.ingest(Event.builder(EventType.of("insert_logical"), who, NOW)
                .property("note", HOSTILE.get(0)).build());
        assertEquals(Set.of(), logged.entered(), "System-exit_1 also needs segment then");
        IngestResult runtime = engine.ingest(Event.builder(EventType.ATTRIBUTE_CONFIRMED, who, NOW)
                .property("attribute", "java.lang.Runtime").property("value", "${x}").build());
        assertEquals(Set.of("System-exit_1", "rule", "then"), runtime.entered());
    }
}
