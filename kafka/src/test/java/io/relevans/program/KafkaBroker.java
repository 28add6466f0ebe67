package io.relevans.program;

import io.relevans.kafka.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.server.common.TransactionVersion;

/**
 * A real Kafka broker (KRaft, one combined broker and controller) in the test's JVM, from Kafka's own
 * test kit on Maven Central, with the runtime's topics created.
 */
final class KafkaBroker implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    KafkaBroker(Topics topics, int partitions) throws Exception {
        // transactions v1: with v2 (KIP-890) an instance killed in a transaction left its restarted producer
        // refused with OutOfOrderSequenceException on a changelog partition, and the application stopped
        BootstrapMetadata bootstrap = BootstrapMetadata.fromVersions(MetadataVersion.latestProduction(),
                Map.of(TransactionVersion.FEATURE_NAME, TransactionVersion.TV_1.featureLevel()), "relevans tests");
        TestKitNodes nodes = new TestKitNodes.Builder(bootstrap).setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).build();
        cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        create(topics, partitions);
    }

    /** Creates the runtime's topics: the definitions topic compacted in one partition, the others as given. */
    void create(Topics topics, int partitions) throws Exception {
        try (Admin admin = admin()) {
            List<NewTopic> all = new ArrayList<>();
            for (String t : topics.all()) {
                if (t.equals(topics.definitions())) { // the latest version of the definitions is kept, in one partition
                    all.add(new NewTopic(t, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
                    continue;
                }
                // records carry the events' times (months back in a replay): time-based retention would delete
                // them before they are read
                all.add(new NewTopic(t, partitions, (short) 1).configs(Map.of("retention.ms", "-1")));
            }
            admin.createTopics(all).all().get();
        }
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrapServers()));
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }

    /** Up to how much lag in all the partitions is checked for records; more is surely records. */
    static final long MARKERS_CHECKED = 12;

    /**
     * Whether a committed record is still to be consumed after the offset. Under exactly-once a partition's end
     * may be a transaction's marker (or an aborted transaction's records and its marker) past the last record
     * a group consumed: the group commits the offset after its last record, and nothing makes it commit again
     * until another record comes, so a lag of one or two may hold no record at all.
     */
    static boolean recordsAfter(String bootstrap, TopicPartition tp, OffsetAndMetadata committed) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, committed == null ? 0 : committed.offset());
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (consumer.position(tp) < end && System.nanoTime() < until) {
                if (!consumer.poll(Duration.ofMillis(200)).isEmpty()) {
                    return true;
                }
            }
            return consumer.position(tp) < end;
        }
    }
}
