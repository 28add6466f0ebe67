package io.relevans.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Purpose;
import io.relevans.spi.Message;
import io.relevans.spi.Suppression;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Comparisons are symmetric and complete, for any two lists of messages over few customers, programs and
 * steps: compare(A, A) is empty; compare(B, A) is compare(A, B) from the other side; every message is only
 * in A, only in B, changed or alike, once.
 */
class ComparisonProperties {

    private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

    @Provide
    Arbitrary<List<Message>> messages() {
        // an id names customer, program and step, as the engine's ids derive from them
        Arbitrary<Message> one = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 2), Arbitraries.of("welcome", "cart"), Arbitraries.of("a", "b"),
                Arbitraries.integers().between(0, 20), Arbitraries.of(Message.Status.SENT, Message.Status.SUPPRESSED,
                        Message.Status.PENDING), Arbitraries.of(Channel.EMAIL, Channel.SMS))
                .as((k, customer, program, step, minute, status, channel) -> new Message("m-" + customer + program + step + k,
                        CustomerId.of("c" + customer), program, step, "", Optional.of(channel), "t", Purpose.MARKETING,
                        new TreeMap<>(), List.of(), T0.plusSeconds(60L * minute), status,
                        status == Message.Status.SUPPRESSED ? "capped" : "", 0, T0, new TreeMap<>(), new java.util.TreeSet<>(),
                        status == Message.Status.SUPPRESSED ? Optional.of(Suppression.of(Suppression.Guard.CAP,
                                Suppression.Moment.DECISION, T0, Map.of())) : Optional.empty()));
        return one.list().ofMaxSize(25).map(ComparisonProperties::uniqueIds);
    }

    private static List<Message> uniqueIds(List<Message> in) {
        Set<String> seen = new HashSet<>();
        List<Message> out = new ArrayList<>();
        in.stream().filter(m -> seen.add(m.id())).forEach(out::add);
        return out;
    }

    @Property
    void comparingAListWithItself_isEmpty(@ForAll("messages") List<Message> a) {
        Comparison c = Comparison.between(a, a);
        assertTrue(c.isEmpty(), c.toString());
        assertEquals(a.size(), c.unchanged());
    }

    @Property
    void comparingTheOtherWayRound_swapsTheSides(@ForAll("messages") List<Message> a, @ForAll("messages") List<Message> b) {
        assertEquals(Comparison.between(a, b).reversed(), Comparison.between(b, a));
    }

    @Property
    void everyMessageIsAccountedForOnce(@ForAll("messages") List<Message> a, @ForAll("messages") List<Message> b) {
        Comparison c = Comparison.between(a, b);
        assertEquals(a.size(), c.onlyInA().size() + c.changed().size() + c.unchanged());
        assertEquals(b.size(), c.onlyInB().size() + c.changed().size() + c.unchanged());
        Set<String> idsA = new HashSet<>();
        c.onlyInA().forEach(m -> assertTrue(idsA.add(m.id())));
        c.changed().forEach(ch -> assertTrue(idsA.add(ch.a().id())));
        for (Comparison.ProgramDifference p : c.programs()) {
            assertEquals(a.stream().filter(m -> m.program().equals(p.program())).count(), p.inA());
            assertEquals(b.stream().filter(m -> m.program().equals(p.program())).count(), p.inB());
        }
        for (Comparison.Change ch : c.changed()) {
            assertTrue(ch.a().id().equals(ch.b().id()) || (ch.a().customer().equals(ch.b().customer())
                    && ch.a().program().equals(ch.b().program()) && ch.a().step().equals(ch.b().step())), ch.toString());
        }
    }
}
