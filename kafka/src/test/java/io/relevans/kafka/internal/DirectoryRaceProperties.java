package io.relevans.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The identity directory's walks on several partitions, their commands delivered in any order Kafka allows (in
 * order between two partitions, interleaved otherwise): whatever the interleaving, every walk ends (no walk waits
 * for another forever), and the identities one event names end at one customer, following the merges the walks
 * asked for: no identity is left with a customer the others of its events never merge with.
 */
class DirectoryRaceProperties {

    private static final int PARTITIONS = 3;
    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");
    private static final List<Identity> POOL = List.of(Identity.email("a@example.com"), Identity.email("b@example.com"),
            Identity.loyalty("L-1"), Identity.loyalty("L-2"), Identity.cookie("ck-1"), Identity.cookie("ck-2"));

    /** One partition of the directory: its stores and the records it forwards. */
    private static final class Partition {
        final MockProcessorContext<String, String> context = new MockProcessorContext<>();
        final KeyValueStore<String, String> directory = PartitionStores.store("directory");
        final KeyValueStore<String, String> walks = PartitionStores.store("walks");
        final IdentityDirectory identities = new IdentityDirectory(directory, walks, null, context);
    }

    private static int partitionOf(String key) {
        return Math.floorMod(key.hashCode(), PARTITIONS);
    }

    /** An event: the identity it names (by index into the pool) and its links. */
    record Named(int who, List<Integer> links) {
    }

    @Provide
    Arbitrary<List<Named>> events() {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, POOL.size() - 1);
        return net.jqwik.api.Combinators.combine(index, index.list().ofMaxSize(2)).as(Named::new).list()
                .ofMinSize(2).ofMaxSize(8);
    }

    @Property(tries = 1_000)
    void anyInterleaving_walksEnd_andAnEventsIdentitiesEndAtOneCustomer(@ForAll("events") List<Named> named,
                                                                       @ForAll("choices") List<Integer> choices) {
        List<Partition> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new Partition());
        }
        // a channel per (from, to): the events topic is "from" -1; each delivers in order
        Map<List<Integer>, ArrayDeque<Object>> channels = new LinkedHashMap<>();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < named.size(); i++) {
            Named n = named.get(i);
            Event.Builder b = Event.builder(EventType.STORE_VISIT, POOL.get(n.who()), T.plus(Duration.ofMinutes(i)))
                    .id("e-" + i).property("store", "oslo");
            n.links().stream().filter(l -> l != n.who()).forEach(l -> b.link(POOL.get(l)));
            Event e = b.build();
            events.add(e);
            channels.computeIfAbsent(List.of(-1, partitionOf(CommandJson.key(e.customer()))), k -> new ArrayDeque<>())
                    .add(e);
        }
        Map<CustomerId, CustomerId> merged = new HashMap<>(); // union-find over customers, by the walks' merges
        int step = 0;
        while (true) {
            List<List<Integer>> open = channels.entrySet().stream().filter(c -> !c.getValue().isEmpty())
                    .map(Map.Entry::getKey).toList();
            if (open.isEmpty()) {
                break;
            }
            assertTrue(step < 10_000, "the walks keep going");
            List<Integer> channel = open.get(Math.floorMod(choices.get(step % choices.size()) + step, open.size()));
            step++;
            int to = channel.get(1);
            Partition p = partitions.get(to);
            Object next = channels.get(channel).poll();
            if (next instanceof Event e) {
                p.identities.start(e, CommandJson.key(e.customer()));
            } else {
                Command c = CommandJson.read((String) next);
                if (c instanceof Command.Resolve r) {
                    p.identities.resolve(r);
                } else if (c instanceof Command.Assign a) {
                    p.identities.assign(a);
                } else if (c instanceof Command.Walked w) {
                    p.identities.walked(w);
                }
            }
            for (var f : p.context.forwarded()) {
                String child = f.childName().orElseThrow();
                if (child.equals(Nodes.TO_IDENTITIES)) {
                    channels.computeIfAbsent(List.of(to, partitionOf(f.record().key())), k -> new ArrayDeque<>())
                            .add(f.record().value());
                } else if (CommandJson.read(f.record().value()) instanceof Command.Apply a) {
                    CustomerId survivor = CustomerId.of(f.record().key());
                    a.absorb().forEach(other -> union(merged, survivor, other));
                }
            }
            p.context.resetForwards();
        }
        for (Partition p : partitions) {
            try (KeyValueIterator<String, String> it = p.walks.all()) {
                assertTrue(!it.hasNext(), "every walk ended, nothing waits: " + (it.hasNext() ? it.next().key : ""));
            }
        }
        for (Event e : events) {
            Set<CustomerId> at = new TreeSet<>();
            List<Identity> all = new ArrayList<>(e.links());
            all.add(e.customer());
            for (Identity i : all) {
                String id = partitions.get(partitionOf(CommandJson.key(i))).directory.get(CommandJson.key(i));
                assertTrue(id != null, i + " is assigned");
                at.add(find(merged, CustomerId.of(id)));
            }
            assertEquals(1, at.size(), "the identities of " + e.id() + " " + all + " end at one customer");
        }
    }

    @Provide
    Arbitrary<List<Integer>> choices() {
        return Arbitraries.integers().between(0, 1_000).list().ofMinSize(1).ofMaxSize(60);
    }

    private static CustomerId find(Map<CustomerId, CustomerId> merged, CustomerId id) {
        CustomerId at = id;
        while (merged.containsKey(at)) {
            at = merged.get(at);
        }
        return at;
    }

    private static void union(Map<CustomerId, CustomerId> merged, CustomerId a, CustomerId b) {
        CustomerId ra = find(merged, a);
        CustomerId rb = find(merged, b);
        if (!ra.equals(rb)) {
            merged.put(ra.compareTo(rb) < 0 ? rb : ra, ra.compareTo(rb) < 0 ? ra : rb);
        }
    }
}
