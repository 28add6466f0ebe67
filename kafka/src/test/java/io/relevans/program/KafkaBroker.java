package io.relevans.program;

import io.relevans.kafka.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
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
}
