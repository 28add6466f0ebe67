package io.relevans.program;

import io.relevans.definition.Definitions;
import io.relevans.kafka.RelevansTopology;
import io.relevans.kafka.TimeSource;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One instance of a retailer's application on the Kafka runtime, as its own JVM: the program workload's
 * definitions on stream time, exactly once, state in its own directory. Started and killed by
 * {@code KafkaClusterTest}. Arguments: bootstrap servers, state directory, cap set of the workload.
 */
public final class KafkaInstance {

    /** The application id every instance shares. */
    static final String APPLICATION = "relevans-it";

    private KafkaInstance() {
    }

    static Definitions definitions(int caps) {
        return ProgramWorkload.definitions(new HashSet<>(ProgramWorkload.SHAPES), caps);
    }

    static KafkaStreams streams(String bootstrap, String stateDir, int caps) {
        RelevansTopology.Builder b = RelevansTopology.builder().definitions(definitions(caps))
                .templates(KafkaTwin.templates()).time(TimeSource.STREAM_TIME);
        KafkaTwin.CHANNELS.forEach(c -> b.channel(c, KafkaTwin.ADDRESSES.get(c)));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000);
        props.put(StreamsConfig.producerPrefix("transaction.timeout.ms"), 5_000);
        return new KafkaStreams(b.build().topology(), props);
    }

    /** Runs until killed, or until its standard input closes (a clean stop). */
    public static void main(String[] args) throws IOException, InterruptedException {
        KafkaStreams streams = streams(args[0], args[1], Integer.parseInt(args[2]));
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        streams.start();
        running.await();
        System.out.println("running");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes the pipe
        }
        streams.close(Duration.ofSeconds(10));
    }
}
