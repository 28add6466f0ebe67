package io.relevans.kafka.internal;

import io.relevans.kafka.RelevansTicks;
import io.relevans.kafka.TimeSource;
import io.relevans.kafka.Topics;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Wires the runtime's processors, sources, sinks and state stores (persistent, changelogged) into a
 * Kafka Streams topology. Two sub-topologies: the identity directory (events and identity commands,
 * co-partitioned) and the customers (customer commands); and a global store of the definitions topic.
 */
public final class TopologyFactory {

    private TopologyFactory() {
    }

    /** The topology of the runtime on the topics, with the settings. */
    public static Topology build(Topics topics, RuntimeSettings settings) {
        Serde<String> text = Serdes.String();
        Topology t = new Topology();
        t.addSource(Nodes.EVENTS, text.deserializer(), text.deserializer(), topics.events());
        t.addSource(Nodes.IDENTITY_COMMANDS, text.deserializer(), text.deserializer(), topics.identityCommands());
        t.addSource(Nodes.CUSTOMER_COMMANDS, text.deserializer(), text.deserializer(), topics.customerCommands());
        boolean streamTime = settings.time() == TimeSource.STREAM_TIME;
        t.addProcessor(Nodes.DIRECTORY_EVENTS, () -> new DirectoryProcessor(true, streamTime), Nodes.EVENTS);
        t.addProcessor(Nodes.DIRECTORY_COMMANDS, () -> new DirectoryProcessor(false, streamTime),
                Nodes.IDENTITY_COMMANDS);
        t.addProcessor(Nodes.CUSTOMERS, () -> new CustomerProcessor(settings), Nodes.CUSTOMER_COMMANDS);
        t.addStateStore(store(Nodes.DIRECTORY_STORE), Nodes.DIRECTORY_EVENTS, Nodes.DIRECTORY_COMMANDS);
        t.addStateStore(store(Nodes.WALKS_STORE), Nodes.DIRECTORY_EVENTS, Nodes.DIRECTORY_COMMANDS);
        t.addStateStore(store(Nodes.HELD_STORE), Nodes.DIRECTORY_EVENTS, Nodes.DIRECTORY_COMMANDS);
        for (String name : Nodes.CUSTOMER_STORES) { // the watermarks of stream time among them
            t.addStateStore(store(name), Nodes.CUSTOMERS);
        }
        t.addSink(Nodes.TO_IDENTITIES, topics.identityCommands(), text.serializer(), text.serializer(),
                Nodes.DIRECTORY_EVENTS, Nodes.DIRECTORY_COMMANDS);
        t.addSink(Nodes.TO_CUSTOMERS, topics.customerCommands(), text.serializer(), text.serializer(),
                TopologyFactory::ticksToAll, Nodes.DIRECTORY_EVENTS, Nodes.DIRECTORY_COMMANDS);
        t.addSink(Nodes.CUSTOMERS_TO_CUSTOMERS, topics.customerCommands(), text.serializer(), text.serializer(),
                Nodes.CUSTOMERS);
        t.addSink(Nodes.TO_OUTBOX, topics.outbox(), text.serializer(), text.serializer(), Nodes.CUSTOMERS);
        t.addSink(Nodes.TO_SEGMENT_CHANGES, topics.segmentChanges(), text.serializer(), text.serializer(),
                Nodes.CUSTOMERS);
        t.addSink(Nodes.TO_REFUSED, topics.refused(), text.serializer(), text.serializer(), Nodes.DIRECTORY_EVENTS,
                Nodes.DIRECTORY_COMMANDS);
        t.addSink(Nodes.CUSTOMERS_TO_REFUSED, topics.refused(), text.serializer(), text.serializer(), Nodes.CUSTOMERS);
        // the topic is the store's changelog: no other
        t.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Nodes.DEFINITIONS_STORE),
                        Serdes.String(), Serdes.String()).withLoggingDisabled(), Nodes.DEFINITIONS, text.deserializer(),
                text.deserializer(), topics.definitions(), Nodes.DEFINITIONS_LOADER,
                () -> new DefinitionsProcessor(settings.definitions()));
        return t;
    }

    /** Ticks go to every customers' partition; everything else by its key. */
    private static Optional<Set<Integer>> ticksToAll(String topic, String key, String value, int partitions) {
        if (!RelevansTicks.KEY.equals(key)) {
            return Optional.empty();
        }
        return Optional.of(IntStream.range(0, partitions).boxed().collect(Collectors.toSet()));
    }

    private static StoreBuilder<KeyValueStore<String, String>> store(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.String());
    }
}
