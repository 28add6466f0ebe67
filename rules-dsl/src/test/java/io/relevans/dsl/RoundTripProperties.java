package io.relevans.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.relevans.definition.Definitions;
import io.relevans.definition.Policies;
import io.relevans.definition.Program;
import io.relevans.definition.Segment;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** parse(print(model)) == model over generated definitions. */
class RoundTripProperties {

    @Provide
    Arbitrary<Definitions> segmentDefinitions() {
        return Generators.segments().map(s -> Generators.base(s).build());
    }

    @Provide
    Arbitrary<Definitions> fullDefinitions() {
        return Combinators.combine(Generators.segments(), Generators.programs(), Generators.policies())
                .as((List<Segment> s, List<Program> p, Policies pol) -> {
                    Definitions.Builder b = Generators.base(s).policies(pol);
                    p.forEach(b::program);
                    return b.build();
                });
    }

    @Property(tries = 300)
    void segmentsReadBackEqual(@ForAll("segmentDefinitions") Definitions d) {
        check(d);
    }

    @Property(tries = 300)
    void programsAndPoliciesReadBackEqual(@ForAll("fullDefinitions") Definitions d) {
        check(d);
    }

    /**
     * Generated definitions are valid but often not sensible (contradictory conditions, unreachable
     * steps...), so the round trip is checked on the result before the static checks; those only add
     * diagnostics and never change what was read.
     */
    static void check(Definitions d) {
        String text = Relang.print(d);
        ParseResult r = Relang.parseAll(java.util.Map.of("printed.rel", text), false);
        assertEquals("", r.report(), text);
        assertEquals(d, r.definitions(), text);
        ParseResult checked = Relang.parse("printed.rel", text);
        assertEquals(d, checked.definitions(), text);
        net.jqwik.api.statistics.Statistics.label("static check diagnostics").collect(!checked.ok());
    }
}
