package io.relevans.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.Purpose;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.spi.Message;
import io.relevans.spi.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What a partition's timers and outbox keep decoded is what their stores hold: after any sequence of writes
 * through an instance that keeps few customers decoded (so that they go and come back), an instance that starts
 * cold on the same stores (as a task's new processor does) reads the same timers, due timers and messages.
 */
class RecentCoherenceProperties {

    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    private static final Event TRIGGER = Event.builder(EventType.CART_CHANGE, Identity.email("a@example.com"), T)
            .id("e-1").build();
    private static final List<String> CUSTOMERS = List.of("c-1", "c-2", "c-3", "c-10");

    /** One write: schedule, cancel or erase a customer's timers; or add, update or erase a customer's messages. */
    record Op(int kind, String customer, String name, long minutes) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.of(CUSTOMERS),
                Arbitraries.of("a", "b", "c"), Arbitraries.longs().between(0, 6)).as(Op::new).list().ofMaxSize(60);
    }

    private static Timer timer(Op op) {
        return new Timer(CustomerId.of(op.customer()), op.name(), Timer.Kind.RESUME, T.plus(Duration.ofMinutes(
                op.minutes())), "s" + op.minutes(), T, "A", false, TRIGGER, new TreeSet<>(Set.of(1)));
    }

    private static Message message(Op op, Message.Status status) {
        return new Message(op.customer() + "-" + op.name(), CustomerId.of(op.customer()), "cart", "remind", "A",
                Optional.of(Channel.EMAIL), "cart_reminder", Purpose.MARKETING, new TreeMap<>(), List.of(),
                T.plus(Duration.ofMinutes(op.minutes())), status, "", 0, T.plus(Duration.ofMinutes(op.minutes())),
                new TreeMap<>(), new TreeSet<>());
    }

    @Property(tries = 300)
    void aColdReader_readsWhatWasWritten(@ForAll("operations") List<Op> ops, @ForAll @IntRange(min = 1, max = 3) int kept,
                                         @ForAll @IntRange(min = -1, max = 7) int probe) {
        KeyValueStore<String, String> timers = PartitionStores.store("timers");
        KeyValueStore<String, String> due = PartitionStores.store("due");
        List<KeyValueStore<String, String>> log = List.of(PartitionStores.store("messages"),
                PartitionStores.store("by-customer"), PartitionStores.store("waiting"), PartitionStores.store("in-flight"));
        PartitionTimers warm = new PartitionTimers(timers, due, kept);
        PartitionOutbox warmLog = new PartitionOutbox(log.get(0), log.get(1), log.get(2), log.get(3), m -> { }, kept);
        for (Op op : ops) {
            CustomerId c = CustomerId.of(op.customer());
            switch (op.kind()) {
                case 0, 1 -> warm.schedule(timer(op));
                case 2 -> warm.cancel(new Timer.Key(c, op.name(), Timer.Kind.RESUME));
                case 3 -> warmLog.add(message(op, Message.Status.PENDING));
                case 4 -> warmLog.update(message(op, op.minutes() % 2 == 0 ? Message.Status.SENT : Message.Status.RETRYING));
                default -> {
                    warm.eraseCustomer(c);
                    warmLog.eraseCustomer(c);
                }
            }
        }
        PartitionTimers cold = new PartitionTimers(timers, due, kept);
        PartitionOutbox coldLog = new PartitionOutbox(log.get(0), log.get(1), log.get(2), log.get(3), m -> { }, kept);
        Instant at = T.plus(Duration.ofMinutes(probe));
        assertEquals(cold.due(at, 1_000), warm.due(at, 1_000), "due at " + at);
        assertEquals(coldLog.due(at, 1_000), warmLog.due(at, 1_000), "messages due at " + at);
        for (String customer : CUSTOMERS) {
            CustomerId c = CustomerId.of(customer);
            assertEquals(cold.of(c), warm.of(c), "timers of " + customer);
            assertEquals(coldLog.of(c), warmLog.of(c), "messages of " + customer);
        }
    }
}
