package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.Relevans;
import io.relevans.RetryPolicy;
import io.relevans.VirtualClock;
import io.relevans.customer.Channel;
import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.internal.json.StoredJson;
import io.relevans.internal.step.CustomerStep;
import io.relevans.json.EventJson;
import io.relevans.kafka.RelevansDispatcher;
import io.relevans.kafka.RelevansTicks;
import io.relevans.kafka.Topics;
import io.relevans.kafka.internal.CommandJson;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.InMemoryOutbox;
import io.relevans.spi.InMemoryTimerStore;
import io.relevans.spi.Message;
import io.relevans.spi.RenderedMessage;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Timeout;

/**
 * Three instances of an application on the Kafka runtime, each its own JVM, on a real broker (KRaft, in
 * this JVM) with six partitions, run the program workload (merges at sign-up across partitions, every
 * program shape, caps) while instances are killed without a clean shutdown ({@code kill -9}) and come
 * back. Against the embedded engine on the same events: the same customers and identities, the same
 * feature values and memberships at the end, the same messages decided (by id), none decided twice, no
 * delivery twice or of a message that was not sent, and every timer fired.
 */
class KafkaClusterTest {

    private static final int PARTITIONS = 6;
    private static final int INSTANCES = 3;
    private static final int CAPS = 1;
    /** The seeds a run plays, each a workload and kill moments of its own: one given, or those that pass today. */
    static java.util.stream.LongStream seeds() {
        Long given = Long.getLong("relevans.kafka.seed");
        return given != null ? java.util.stream.LongStream.of(given) : java.util.stream.LongStream.of(7, 3, 11);
    }
    /** How many times an instance is killed in a run. */
    private static final int KILLS = Integer.getInteger("relevans.kafka.kills", 2);
    private static final Topics TOPICS = Topics.defaults();

    /** An instance's JVM, restartable. */
    private static final class Instance {
        final int index;
        final String bootstrap;
        final Path base;
        final Path log;
        Process process;
        int kills;
        int starts;

        Instance(int index, String bootstrap, Path base) {
            this.index = index;
            this.bootstrap = bootstrap;
            this.base = base;
            this.log = base.resolve("instance-" + index + ".log");
        }

        void start() throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // a new machine each time: its state is restored from the changelogs (a restart on the same state
            // directory keeps the process id, and the group then counts the killed member and the new one as one
            // client until the killed one's session ends)
            Path stateDir = base.resolve("instance-" + index + "-start-" + starts++);
            ProcessBuilder pb = new ProcessBuilder(java, "-Xmx384m",
                    "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.streams=info",
                    "-cp", System.getProperty("java.class.path"),
                    KafkaInstance.class.getName(), bootstrap, stateDir.toString(), Integer.toString(CAPS));
            pb.redirectErrorStream(true);
            process = pb.start();
            CountDownLatch running = new CountDownLatch(1);
            Process p = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.equals("running")) {
                            running.countDown();
                        }
                        Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    }
                } catch (java.io.IOException e) {
                    // the process went
                }
            }, "instance-" + index + "-output");
            reader.setDaemon(true);
            reader.start();
            if (!running.await(90, TimeUnit.SECONDS)) {
                throw new AssertionError("instance " + index + " did not start: see " + log);
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL: no clean shutdown, no commit
            process.waitFor(30, TimeUnit.SECONDS);
            kills++;
        }

        void stop() throws Exception {
            if (process != null && process.isAlive()) {
                process.getOutputStream().close(); // a clean stop
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    /** The embedded engine beside the producer: the same events and ticks. */
    private static final class Both implements StreamWorkload.Sink {
        final VirtualClock clock;
        final InMemoryCustomerStore store = new InMemoryCustomerStore();
        final InMemoryTimerStore timers = new InMemoryTimerStore();
        final InMemoryOutbox outbox = new InMemoryOutbox();
        final Relevans embedded;
        final KafkaProducer<String, String> producer;
        int events;

        Both(Instant start, KafkaProducer<String, String> producer) {
            this.clock = VirtualClock.at(start);
            this.producer = producer;
            Relevans.Builder b = Relevans.builder().clock(clock).store(store).timers(timers).outbox(outbox)
                    .templates(KafkaTwin.templates()).retry(RetryPolicy.DEFAULT)
                    .definitions(KafkaInstance.definitions(CAPS));
            KafkaTwin.CHANNELS.forEach(c -> b.channel(new InMemoryChannel(c, KafkaTwin.ADDRESSES.get(c))));
            embedded = b.build();
        }

        @Override
        public void tick(Instant at) {
            if (at.isAfter(clock.instant())) {
                clock.advanceTo(at);
            }
            embedded.tick();
            RelevansTicks.send(producer, TOPICS, at);
        }

        @Override
        public void feed(Event event) {
            tick(event.time());
            embedded.ingest(event);
            producer.send(new ProducerRecord<>(TOPICS.events(), null, event.time().toEpochMilli(),
                    CommandJson.key(event.customer()), EventJson.write(event)));
            events++;
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "seed {0}")
    @org.junit.jupiter.params.provider.MethodSource("seeds")
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void threeInstancesKilledAndBack_equalTheEmbeddedEngine(long seed) throws Exception {
        Path base = Files.createTempDirectory("relevans-kafka-cluster");
        boolean passed = false;
        List<Instance> instances = new ArrayList<>();
        Map<Channel, InMemoryChannel> channels = new LinkedHashMap<>();
        try (KafkaBroker broker = new KafkaBroker(TOPICS, PARTITIONS);
             KafkaProducer<String, String> producer = producer(broker.bootstrapServers())) {
            for (int i = 0; i < INSTANCES; i++) {
                Instance in = new Instance(i, broker.bootstrapServers(), base);
                in.start();
                instances.add(in);
            }
            RelevansDispatcher.Builder d = RelevansDispatcher.builder().bootstrapServers(broker.bootstrapServers())
                    .templates(KafkaTwin.templates()).poll(Duration.ofMillis(50));
            for (Channel c : KafkaTwin.CHANNELS) {
                channels.put(c, new InMemoryChannel(c, KafkaTwin.ADDRESSES.get(c)));
                d.channel(channels.get(c));
            }
            RelevansDispatcher dispatcher = d.build();
            Thread dispatching = new Thread(dispatcher, "dispatcher");
            dispatching.start();

            Both both = new Both(ProgramWorkload.START, producer);
            Random chaos = new Random(seed);
            Thread killer = new Thread(() -> {
                try {
                    for (int round = 0; round < KILLS; round++) {
                        Thread.sleep(2_000 + chaos.nextInt(4_000));
                        Instance victim = instances.get(chaos.nextInt(INSTANCES));
                        victim.kill();
                        Thread.sleep(1_000 + chaos.nextInt(3_000));
                        victim.start();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "killer");
            killer.start();
            StreamWorkload workload = new StreamWorkload(new Throttled(both), seed, ProgramWorkload.START, false);
            workload.run(150);
            producer.flush();
            killer.join();

            awaitQuiet(broker, () -> dumpThreads(instances, base));
            dispatcher.close();
            dispatching.join(30_000);

            int kills = instances.stream().mapToInt(i -> i.kills).sum();
            assertTrue(kills >= Math.min(1, KILLS), "an instance was killed");
            compare(broker, both, channels, kills);
            passed = true;
        } finally {
            if (!passed) {
                System.out.println("kafka cluster: the instances' logs are kept in " + base);
            }
            for (Instance in : instances) {
                in.stop();
            }
            if (passed) {
                try (var walk = Files.walk(base)) {
                    walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
        }
    }

    /** Spreads the workload over some seconds, so that kills fall while it is processed. */
    private record Throttled(Both both) implements StreamWorkload.Sink {
        @Override
        public void feed(Event event) {
            both.feed(event);
            if (both.events % 10 == 0) {
                try {
                    Thread.sleep(60);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void tick(Instant at) {
            both.tick(at);
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** Waits until the application and the dispatcher have read everything, three checks in a row. */
    /** What each instance's threads do now, into the log folder (kept when the test fails). */
    private static void dumpThreads(List<Instance> instances, Path base) {
        for (Instance in : instances) {
            if (in.process != null && in.process.isAlive()) {
                try {
                    new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                            Long.toString(in.process.pid())).redirectOutput(base.resolve("instance-" + in.index
                            + ".threads").toFile()).start().waitFor(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    System.out.println("no thread dump of instance " + in.index + ": " + e);
                }
            }
        }
    }

    private static void awaitQuiet(KafkaBroker broker, Runnable diagnose) throws Exception {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        String bootstrap = broker.bootstrapServers();
        int quiet = 0;
        try (Admin admin = broker.admin()) {
            while (quiet < 3) {
                long app = lag(admin, bootstrap, KafkaInstance.APPLICATION, List.of(TOPICS.events(), TOPICS.identityCommands(),
                        TOPICS.customerCommands()));
                long dispatcher = lag(admin, bootstrap, "relevans-dispatcher", List.of(TOPICS.outbox()));
                if (System.nanoTime() > until) {
                    diagnose.run();
                    throw new AssertionError("the application did not catch up: lag " + app + " (application), "
                            + dispatcher + " (dispatcher): " + lags(admin, bootstrap, KafkaInstance.APPLICATION, List.of(
                            TOPICS.events(), TOPICS.identityCommands(), TOPICS.customerCommands()))
                            + "; open transactions hold back: " + unstable(admin) + "; "
                            + lagDetails(admin, bootstrap, KafkaInstance.APPLICATION));
                }
                quiet = app + dispatcher == 0 ? quiet + 1 : 0;
                Thread.sleep(1_000);
            }
        }
    }

    /** The partitions whose last stable offset is behind their end: an open transaction holds them back. */
    private static Map<TopicPartition, Long> unstable(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> all = new HashMap<>();
        for (String t : admin.listTopics().names().get()) {
            int n = admin.describeTopics(List.of(t)).allTopicNames().get().get(t).partitions().size();
            for (int p = 0; p < n; p++) {
                all.put(new TopicPartition(t, p), OffsetSpec.latest());
            }
        }
        var ends = admin.listOffsets(all).all().get();
        var stable = admin.listOffsets(all, new org.apache.kafka.clients.admin.ListOffsetsOptions(
                org.apache.kafka.common.IsolationLevel.READ_COMMITTED)).all().get();
        Map<TopicPartition, Long> out = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        ends.forEach((tp, e) -> {
            long behind = e.offset() - stable.get(tp).offset();
            if (behind > 0) {
                out.put(tp, behind);
            }
        });
        return out;
    }

    private static long lag(Admin admin, String bootstrap, String group, List<String> topics) throws Exception {
        return lags(admin, bootstrap, group, topics).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Each lagging partition's committed offset (or none) and end, for a failure's message. */
    private static String lagDetails(Admin admin, String bootstrap, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        StringBuilder out = new StringBuilder();
        for (Map.Entry<TopicPartition, Long> e : lags(admin, bootstrap, group, List.of(TOPICS.events(), TOPICS.identityCommands(),
                TOPICS.customerCommands())).entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            out.append(e.getKey()).append(" committed ").append(c == null ? "none" : Long.toString(c.offset()))
                    .append(", behind ").append(e.getValue()).append("; ");
        }
        return out.toString();
    }

    private static Map<TopicPartition, Long> lags(Admin admin, String bootstrap, String group, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (String t : topics) {
            for (int p = 0; p < PARTITIONS; p++) {
                ends.put(new TopicPartition(t, p), OffsetSpec.latest());
            }
        }
        Map<TopicPartition, Long> lags = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
                : admin.listOffsets(ends).all().get().entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            long lag = e.getValue().offset() - (c == null ? 0 : c.offset());
            if (lag != 0) {
                lags.put(e.getKey(), lag);
            }
        }
        if (!lags.isEmpty() && lags.values().stream().mapToLong(Long::longValue).sum() <= KafkaBroker.MARKERS_CHECKED) {
            lags.keySet().removeIf(tp -> !KafkaBroker.recordsAfter(bootstrap, tp, committed.get(tp)));
        }
        return lags;
    }

    /**
     * The latest value of every key of a topic, as committed; deleted keys left out. Each partition is read on
     * its own: a key may move between partitions (a message goes with its customer to the survivor of a merge,
     * deleted where it was), and the partitions' records come interleaved in no set order. A key live in two
     * partitions at the end fails.
     */
    private static Map<String, String> latest(String bootstrap, String topic) {
        Map<Integer, Map<String, String>> byPartition = new TreeMap<>();
        readAll(bootstrap, topic, r -> {
            Map<String, String> part = byPartition.computeIfAbsent(r.partition(), p -> new HashMap<>());
            if (r.value() == null) {
                part.remove(r.key());
            } else {
                part.put(r.key(), r.value());
            }
        });
        Map<String, String> out = new TreeMap<>();
        Map<String, Integer> where = new HashMap<>();
        byPartition.forEach((partition, part) -> part.forEach((key, value) -> {
            Integer before = where.put(key, partition);
            assertEquals(null, before, "key " + key + " of " + topic + " is live in partitions " + before + " and "
                    + partition);
            out.put(key, value);
        }));
        return out;
    }

    /** Every committed record of a topic, partition by partition in order. */
    private static void readAll(String bootstrap, String topic,
                                java.util.function.Consumer<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> each) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(each);
            }
        }
    }

    /** Each customers' partition's watermark entries (not the tick history), for a failure's message. */
    private static Map<String, String> watermarks(String bootstrap) {
        Map<String, String> out = new TreeMap<>();
        readAll(bootstrap, changelog("relevans-watermarks"), r -> {
            if (r.key().indexOf('\u0000') < 0 && !r.key().startsWith("tick") && r.value() != null) {
                out.put(r.partition() + "/" + r.key(), Instant.ofEpochMilli(Long.parseLong(r.value())).toString());
            }
        });
        return out;
    }

    private static String describe(Message m) {
        return m.id() + " " + m.program() + "/" + m.step() + " for " + m.customer() + " at " + m.decidedAt() + " "
                + m.status() + m.suppression().map(x -> " " + x.guard()).orElse("");
    }

    private static String changelog(String store) {
        return KafkaInstance.APPLICATION + "-" + store + "-changelog";
    }

    private static void compare(KafkaBroker broker, Both both, Map<Channel, InMemoryChannel> channels, int kills) {
        String bootstrap = broker.bootstrapServers();
        Map<String, String> records = latest(bootstrap, changelog("relevans-records"));
        Map<String, String> directory = latest(bootstrap, changelog("relevans-directory"));
        Map<String, String> forwards = latest(bootstrap, changelog("relevans-forwards"));
        Map<String, String> messages = latest(bootstrap, changelog("relevans-messages"));
        Map<String, String> timers = latest(bootstrap, changelog("relevans-timers"));
        Map<String, String> pending = latest(bootstrap, changelog("relevans-pending"));
        Map<String, String> walks = latest(bootstrap, changelog("relevans-walks"));
        Map<String, String> refused = latest(bootstrap, TOPICS.refused());
        assertEquals(Map.of(), refused, "nothing refused");
        assertEquals(Map.of(), walks.keySet().stream().collect(Collectors.toMap(k -> k, k -> "")),
                "no walk left under way; the directory: " + directory + "; forwards: " + forwards);
        assertEquals(Map.of(), pending, "no merge left in progress");

        // identities lead to the same customers
        for (int w = 0; w < StreamWorkload.CUSTOMERS; w++) {
            for (Identity i : StreamWorkload.identities(w)) {
                String id = directory.get(CommandJson.key(i));
                while (id != null && forwards.containsKey(id)) {
                    id = forwards.get(id);
                }
                String mine = both.store.lookup(i).map(c -> c.value()).orElse(null);
                assertEquals(mine, id, "customer of " + i);
            }
        }
        // the same customers, with the same identities, feature values and memberships at the end
        Map<String, CustomerRecord> embedded = new TreeMap<>();
        both.store.forEach(r -> embedded.put(r.id().value(), r));
        assertEquals(embedded.keySet(), records.keySet(), "customers");
        CustomerStep step = CustomerStep.compile(KafkaInstance.definitions(CAPS), KafkaTwin.templates(),
                KafkaTwin.ADDRESSES);
        long end = both.clock.millis();
        for (Map.Entry<String, CustomerRecord> e : embedded.entrySet()) {
            CustomerRecord theirs = e.getValue();
            CustomerRecord mine = StoredJson.readRecord(records.get(e.getKey()));
            assertEquals(theirs.customer().identities(), mine.customer().identities(), "identities of " + e.getKey());
            double[] a = step.segments().plan().values(theirs.features(), end);
            double[] b = step.segments().plan().values(mine.features(), end);
            assertTrue(Arrays.equals(a, b), "features of " + e.getKey() + ": " + Arrays.toString(a) + " vs "
                    + Arrays.toString(b) + "; events applied " + theirs.recentEvents() + " vs " + mine.recentEvents()
                    + "; identities " + mine.customer().identities().stream().map(i -> CommandJson.key(i) + "->"
                    + directory.get(CommandJson.key(i))).toList() + "; forwards " + forwards
                    + "; Kafka's customers " + records.keySet());
            assertEquals(step.membershipsAt(theirs, a, end), step.membershipsAt(mine, b, end),
                    "memberships of " + e.getKey());
        }
        // the same messages decided, each once; every timer fired; no merge left half done
        Set<String> embeddedTimers = new TreeSet<>();
        embedded.keySet().forEach(id -> both.timers.of(io.relevans.customer.CustomerId.of(id))
                .forEach(t -> embeddedTimers.add(t.key().toString())));
        Set<String> kafkaTimers = timers.values().stream().map(t -> StoredJson.readTimer(t).key().toString())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(embeddedTimers, kafkaTimers, "timers left waiting (the run ended at " + both.clock.instant()
                + "; Kafka's are due at " + timers.values().stream().map(t -> StoredJson.readTimer(t).due().toString())
                .toList() + "; forwards " + forwards + "; watermarks by partition " + watermarks(bootstrap) + ")");
        Map<String, Message> decided = new TreeMap<>();
        both.outbox.forEach(m -> decided.put(m.id(), m));
        Set<String> missing = new TreeSet<>(decided.keySet());
        missing.removeAll(messages.keySet());
        Set<String> extra = new TreeSet<>(messages.keySet());
        extra.removeAll(decided.keySet());
        if (!missing.isEmpty()) {
            Message a = decided.get(missing.iterator().next());
            extra.stream().map(id -> StoredJson.readMessage(messages.get(id)))
                    .filter(m -> m.customer().equals(a.customer()) && m.program().equals(a.program())).findFirst()
                    .ifPresent(b -> System.out.println("kafka cluster: embedded " + StoredJson.writeMessage(a)
                            + "\n  Kafka " + StoredJson.writeMessage(b)));
        }
        assertEquals(decided.keySet(), messages.keySet(), "messages decided, by id: only embedded "
                + missing.stream().map(id -> describe(decided.get(id))).toList() + "; only Kafka "
                + extra.stream().map(id -> describe(StoredJson.readMessage(messages.get(id)))).toList());
        for (Map.Entry<String, String> e : messages.entrySet()) {
            Message mine = StoredJson.readMessage(e.getValue());
            Message theirs = decided.get(e.getKey());
            assertEquals(List.of(theirs.customer(), theirs.program(), theirs.step(), theirs.variant()),
                    List.of(mine.customer(), mine.program(), mine.step(), mine.variant()), "message " + e.getKey());
        }
        // deliveries: none twice, only messages that stand as sent
        List<String> delivered = new ArrayList<>();
        channels.values().forEach(c -> c.delivered().stream().map(RenderedMessage::id).forEach(delivered::add));
        assertEquals(delivered.size(), new TreeSet<>(delivered).size(), "no message delivered twice");
        for (String id : delivered) {
            Message m = StoredJson.readMessage(messages.get(id));
            assertEquals(Message.Status.SENT, m.status(), "delivered message " + id + " stands as sent");
        }
        assertTrue(decided.size() > 20, "the workload decides messages: " + decided.size());
        assertTrue(!delivered.isEmpty(), "the dispatcher delivered");
        System.out.printf("kafka cluster: %d instances, %d partitions, %d kill(s), %d events, %d customers,"
                        + " %d messages decided, %d delivered, 0 lost, 0 decided twice, 0 delivered twice%n",
                INSTANCES, PARTITIONS, kills, both.events, records.size(), messages.size(), delivered.size());
    }
}
