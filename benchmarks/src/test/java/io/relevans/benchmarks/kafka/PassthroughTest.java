package io.relevans.benchmarks.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.relevans.kafka.Topics;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/** The baseline takes the runtime's two hops: events to the customer commands, those to the outbox, as they are. */
class PassthroughTest {

    @Test
    void eventsReachTheOutboxThroughTheCustomerCommands_keysAndValuesAsTheyAre() {
        Topics topics = Topics.defaults();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "passthrough");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(Passthrough.topology(topics), props)) {
            TestInputTopic<String, String> events = driver.createInputTopic(topics.events(), new StringSerializer(),
                    new StringSerializer());
            TestOutputTopic<String, String> commands = driver.createOutputTopic(topics.customerCommands(),
                    new StringDeserializer(), new StringDeserializer());
            TestOutputTopic<String, String> outbox = driver.createOutputTopic(topics.outbox(),
                    new StringDeserializer(), new StringDeserializer());

            events.pipeInput("email:anna@example.com", "{\"type\": \"purchase\"}"); // the driver reads its own sinks
            List<KeyValue<String, String>> hop = commands.readKeyValuesToList();
            assertEquals(List.of(KeyValue.pair("email:anna@example.com", "{\"type\": \"purchase\"}")), hop);

            assertEquals(hop, outbox.readKeyValuesToList());
        }
    }
}
