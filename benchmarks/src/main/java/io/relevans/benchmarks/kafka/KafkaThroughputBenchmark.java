package io.relevans.benchmarks.kafka;

import io.relevans.benchmarks.workload.BenchmarkPrograms;
import io.relevans.benchmarks.workload.Workload;
import io.relevans.customer.Channel;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.event.Event;
import io.relevans.json.EventJson;
import io.relevans.kafka.RelevansTopology;
import io.relevans.kafka.TimeSource;
import io.relevans.kafka.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events per second through the Kafka runtime ({@code RelevansTopology}: the identity directory, the
 * customers' step with the benchmark workload's 100 segments and 30 programs, state in RocksDB) against a
 * {@link Passthrough} topology (the same topics and serdes, no engine), each on 1 and 2 instances (one stream
 * thread each, in this JVM) of one application on a real broker in this JVM (KRaft), exactly once, 4
 * partitions. Each fork starts a broker, loads the customers' year of history through the topology (not
 * measured), then each iteration writes a batch of live events of customers drawn from the whole base while
 * the instances are paused, and measures one operation: the instances resumed until the application has read
 * every record of its input and command topics (committed). The batch's events are new each iteration (ids
 * and times moved on), each applied at its own moment ({@code TimeSource.STREAM_TIME}, no ticks).
 *
 * <p>Score: seconds per batch (single shot); events per second = {@code batch} / score. At the end of a
 * {@code RELEVANS} fork the state stores' bytes per customer (keys and values, read through interactive
 * queries) and the state directories' size on disk are printed.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar kafka} (or {@code KafkaThroughputBenchmark} with JMH's
 * options; about 20 minutes on 2 cores), after {@code mvn -B -pl benchmarks -am package -DskipTests}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 2)
@Measurement(iterations = 4)
public class KafkaThroughputBenchmark {

    /** What the instances run. */
    public enum Runtime {
        /** The Kafka runtime with the workload's definitions. */
        RELEVANS,
        /** The same topics and serdes, no engine. */
        PASSTHROUGH
    }

    /** The topology. */
    @Param
    public Runtime runtime;

    /** Instances of the application, one stream thread each. */
    @Param({"1", "2"})
    public int instances;

    /** Customers whose history is loaded first. */
    @Param({"2000"})
    public int customers;

    /** Live events per iteration. */
    @Param({"10000"})
    public int batch;

    /**
     * Customers each task keeps decoded ({@code RelevansTopology.Builder#recentCustomers}): by default 1,024, more
     * than a partition's 500 customers here, so every customer is recent after the history; 16 measures a base far
     * larger than what is kept, each event's customer read from the stores and decoded.
     */
    @Param({"1024"})
    public int recent;

    static final int PARTITIONS = 4;
    static final Duration SPACING = Duration.ofMillis(200);
    static final String APPLICATION = "relevans-throughput";
    /** The stores of the runtime that hold customers' state (kafka/README.md, "State stores"). */
    static final List<String> STORES = List.of("relevans-directory", "relevans-records", "relevans-identities",
            "relevans-timers", "relevans-timers-due", "relevans-messages", "relevans-customer-messages",
            "relevans-messages-waiting", "relevans-messages-in-flight", "relevans-forwards", "relevans-pending");

    private final Topics topics = Topics.defaults();
    private EmbeddedBroker broker;
    private Path state;
    private KafkaProducer<String, String> producer;
    private final List<KafkaStreams> running = new ArrayList<>();
    private List<Event> live;
    private int round;

    /** Starts the broker and the instances, and loads the customers' history through them. */
    @Setup(Level.Trial)
    public void start() throws Exception {
        broker = new EmbeddedBroker();
        broker.create(topics, PARTITIONS);
        state = Files.createTempDirectory("relevans-throughput");
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        Workload workload = Workload.generate(42, customers);
        for (int i = 0; i < instances; i++) {
            running.add(new KafkaStreams(topology(workload), properties(i)));
        }
        running.forEach(KafkaStreams::start);
        awaitRunning();
        int history = 0;
        for (int c = 0; c < customers; c++) {
            for (Event e : workload.history(c)) {
                send(e);
                history++;
            }
        }
        long started = System.nanoTime();
        awaitCaughtUp(TimeUnit.MINUTES.toNanos(30));
        System.out.printf("%nloaded %,d history events of %,d customers in %.1f s%n", history, customers,
                (System.nanoTime() - started) / 1e9);
        live = workload.live(batch, SPACING);
        running.forEach(KafkaStreams::pause);
    }

    private Topology topology(Workload workload) {
        if (runtime == Runtime.PASSTHROUGH) {
            return Passthrough.topology(topics);
        }
        return RelevansTopology.builder().definitions(workload.definitions()).templates(BenchmarkPrograms.templates())
                .channel(Channel.EMAIL, IdentityType.EMAIL).channel(Channel.SMS, IdentityType.PHONE)
                .time(TimeSource.STREAM_TIME).topics(topics).recentCustomers(recent).build().topology();
    }

    private Properties properties(int index) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.resolve("instance-" + index).toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        return props;
    }

    private void send(Event e) {
        Identity who = e.customer();
        producer.send(new ProducerRecord<>(topics.events(), null, e.time().toEpochMilli(),
                who.type().jsonName() + ":" + who.value(), EventJson.write(e)));
    }

    /** The next batch, written while the instances are paused: new ids, moved on in time by the batch's length. */
    @Setup(Level.Iteration)
    public void write() {
        round++;
        Duration later = SPACING.multipliedBy((long) batch * round);
        for (Event e : live) {
            send(new Event(e.id() + "~" + round, e.type(), e.customer(), e.time().plus(later), e.origin(),
                    e.properties(), e.lines(), e.links()));
        }
        producer.flush();
        System.gc();
    }

    /** The instances work until the application has read every record written; then they pause again. */
    @Benchmark
    public int batch() throws Exception {
        running.forEach(KafkaStreams::resume);
        awaitCaughtUp(TimeUnit.MINUTES.toNanos(20));
        running.forEach(KafkaStreams::pause);
        return batch;
    }

    /** Prints the state per customer (RELEVANS), stops the instances and the broker. */
    @TearDown(Level.Trial)
    public void stop() throws Exception {
        if (runtime == Runtime.RELEVANS) {
            printState();
        }
        running.forEach(s -> s.close(Duration.ofSeconds(30)));
        producer.close();
        broker.close();
        try (Stream<Path> walk = Files.walk(state)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private void printState() throws IOException {
        running.forEach(KafkaStreams::resume); // queryable while running
        long total = 0;
        StringBuilder out = new StringBuilder(String.format("%nstate per customer (%,d customers), bytes of keys"
                + " and values:%n", customers));
        for (String store : STORES) {
            long bytes = 0;
            for (KafkaStreams s : running) {
                ReadOnlyKeyValueStore<String, String> kv = s.store(StoreQueryParameters.fromNameAndType(store,
                        QueryableStoreTypes.<String, String>keyValueStore()));
                try (KeyValueIterator<String, String> it = kv.all()) {
                    while (it.hasNext()) {
                        KeyValue<String, String> e = it.next();
                        bytes += e.key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                                + e.value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                    }
                }
            }
            total += bytes;
            out.append(String.format("  %-30s %,10.0f%n", store, (double) bytes / customers));
        }
        long disk;
        try (Stream<Path> walk = Files.walk(state)) {
            disk = walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        out.append(String.format("  %-30s %,10.0f%n  %-30s %,10.0f%n", "total", (double) total / customers,
                "state directories on disk", (double) disk / customers));
        System.out.print(out);
    }

    private void awaitRunning() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!running.stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING)) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("the instances did not start: "
                        + running.stream().map(KafkaStreams::state).toList());
            }
            Thread.sleep(100);
        }
    }

    /** Waits until the group's committed offsets are the ends of its input and command topics, twice in a row. */
    private void awaitCaughtUp(long timeoutNanos) throws Exception {
        long until = System.nanoTime() + timeoutNanos;
        int quiet = 0;
        try (Admin admin = broker.admin()) {
            while (quiet < 2) {
                long lag = lag(admin);
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("the application did not catch up: lag " + lag);
                }
                quiet = lag == 0 ? quiet + 1 : 0;
                Thread.sleep(quiet == 0 ? 20 : 5);
            }
        }
    }

    private long lag(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APPLICATION)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (String t : List.of(topics.events(), topics.identityCommands(), topics.customerCommands())) {
            for (int p = 0; p < PARTITIONS; p++) {
                ends.put(new TopicPartition(t, p), OffsetSpec.latest());
            }
        }
        long lag = 0;
        for (var e : admin.listOffsets(ends).all().get().entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += e.getValue().offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }
}
