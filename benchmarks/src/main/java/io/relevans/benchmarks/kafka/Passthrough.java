package io.relevans.benchmarks.kafka;

import io.relevans.kafka.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

/**
 * The baseline of the Kafka runtime's throughput: the same topics and serdes as {@code RelevansTopology}, no
 * engine. Its two hops are the runtime's: events are read and written to the customer commands topic by key
 * (where the identity directory sends them on), the customer commands are read and written to the outbox
 * (where the customers' partitions write decisions). No state, no work: what Kafka Streams costs on its own
 * with the same guarantees.
 */
final class Passthrough {

    private Passthrough() {
    }

    static Topology topology(Topics topics) {
        Serde<String> text = Serdes.String();
        Topology t = new Topology();
        t.addSource("events", text.deserializer(), text.deserializer(), topics.events());
        t.addSink("to-customer-commands", topics.customerCommands(), text.serializer(), text.serializer(), "events");
        t.addSource("customer-commands", text.deserializer(), text.deserializer(), topics.customerCommands());
        t.addSink("to-outbox", topics.outbox(), text.serializer(), text.serializer(), "customer-commands");
        return t;
    }
}
