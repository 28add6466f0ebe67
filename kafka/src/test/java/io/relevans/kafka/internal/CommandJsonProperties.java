package io.relevans.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The commands partitions send each other read back as they were written (parse(print(x)) == x): a command
 * that changed on its way between partitions would apply another event, or start another program, than the
 * one sent.
 */
class CommandJsonProperties {

    @Property(tries = 500)
    void everyCommand_readsBackEqual(@ForAll("commands") Command command) {
        String written = CommandJson.write(command);
        assertEquals(command, CommandJson.read(written), written);
        assertEquals(written, CommandJson.write(CommandJson.read(written)), "written again the same");
    }

    private static Arbitrary<Identity> identities() {
        Arbitrary<String> values = Arbitraries.strings().alpha().numeric().withChars("-_.:æøå").ofMinLength(1)
                .ofMaxLength(12);
        return Arbitraries.oneOf(values.map(v -> Identity.email(v.replace(':', 'x') + "@example.com")),
                values.map(Identity::cookie), values.map(Identity::loyalty));
    }

    private static Arbitrary<Instant> moments() {
        return Arbitraries.longs().between(Instant.parse("2001-01-01T00:00:00Z").toEpochMilli(),
                Instant.parse("2099-12-31T23:59:59Z").toEpochMilli()).map(Instant::ofEpochMilli);
    }

    private static Arbitrary<CustomerId> customers() {
        return identities().map(CustomerId::derivedFrom);
    }

    private static Arbitrary<Event> events() {
        return Combinators.combine(identities(), moments(), identities().list().ofMaxSize(3),
                Arbitraries.of(EventType.PRODUCT_VIEW, EventType.PURCHASE, EventType.SIGNUP)).as((who, at, links, type) -> {
                    Event.Builder b = Event.builder(type, who, at);
                    if (type == EventType.PURCHASE) {
                        b.line("sku-1", "tv", 1999.5, 2);
                    } else if (type == EventType.PRODUCT_VIEW) {
                        b.property("sku", "sku-1").property("category", "tv");
                    }
                    links.stream().filter(l -> !l.equals(who)).forEach(b::link);
                    return b.build();
                });
    }

    @Provide
    Arbitrary<Command> commands() {
        Arbitrary<Command> resolve = Combinators.combine(events(), identities().list().ofMaxSize(4),
                customers().optional().list().ofMaxSize(4)).as((e, walk, found) -> new Command.Resolve(e, walk,
                found.subList(0, Math.min(found.size(), walk.size()))));
        Arbitrary<Command> assign = Combinators.combine(identities(), customers(), customers().optional())
                .as(Command.Assign::new);
        Arbitrary<Command> walked = identities().map(Command.Walked::new);
        Arbitrary<Command> apply = Combinators.combine(events(), customers().set().ofMaxSize(3),
                Arbitraries.of(true, false)).as((e, absorb, asked) -> new Command.Apply(e, new TreeSet<>(absorb), asked));
        Arbitrary<Command> handover = customers().map(Command.Handover::new);
        Arbitrary<Command> absorbed = Combinators.combine(customers(), customers().optional())
                .as((from, to) -> new Command.Absorbed(from, List.of(), to));
        Arbitrary<Command> tick = Combinators.combine(moments(), Arbitraries.integers().between(0, 63),
                Arbitraries.integers().between(1, 64)).as((at, source, sources) -> new Command.Tick(at,
                Math.min(source, sources - 1), sources));
        Arbitrary<Command> start = Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20),
                moments(), moments()).as(Command.Start::new);
        return Arbitraries.oneOf(resolve, assign, walked, apply, handover, absorbed, tick, start);
    }

    @org.junit.jupiter.api.Test
    void aStartWithoutItsMoment_isRefusedNamingTheField() {
        String written = CommandJson.write(new Command.Start("weekly", Instant.parse("2026-03-02T10:00:00Z"),
                Instant.parse("2026-03-02T10:05:00Z")));
        String broken = written.replace(",\"moment\":\"2026-03-02T10:00:00Z\"", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CommandJson.read(broken));
        assertTrue(e.getMessage().contains("moment"), e.getMessage());
    }
}
