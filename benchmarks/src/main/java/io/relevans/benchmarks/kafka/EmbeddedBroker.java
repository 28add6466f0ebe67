package io.relevans.benchmarks.kafka;

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
 * A real Kafka broker (KRaft, one combined broker and controller) in the benchmark's JVM, from Kafka's own
 * test kit, as the Kafka runtime's tests start it (transactions v1, replication factor 1), with the runtime's
 * topics created.
 */
final class EmbeddedBroker implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    EmbeddedBroker() throws Exception {
        // transactions v1: on v2 (KIP-890) the broker refused the instances' producers with
        // OutOfOrderSequenceException after a pause, as it did in the tests after a kill
        BootstrapMetadata bootstrap = BootstrapMetadata.fromVersions(MetadataVersion.latestProduction(),
                Map.of(TransactionVersion.FEATURE_NAME, TransactionVersion.TV_1.featureLevel()), "relevans benchmark");
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
    }

    /**
     * Creates the runtime's topics: the definitions topic compacted in one partition, the others with the
     * partitions and no time-based retention (the workload's events are dated 2025-2026: a retention by record
     * time would delete them before they are read).
     */
    void create(Topics topics, int partitions) throws Exception {
        try (Admin admin = admin()) {
            List<NewTopic> all = new ArrayList<>();
            for (String t : topics.all()) {
                all.add(t.equals(topics.definitions())
                        ? new NewTopic(t, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))
                        : new NewTopic(t, partitions, (short) 1).configs(Map.of("retention.ms", "-1")));
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
