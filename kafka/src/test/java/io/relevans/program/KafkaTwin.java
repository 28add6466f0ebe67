package io.relevans.program;

import io.relevans.RetryPolicy;
import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.IdentityType;
import io.relevans.definition.Definitions;
import io.relevans.event.Event;
import io.relevans.internal.json.StoredJson;
import io.relevans.json.EventJson;
import io.relevans.kafka.RelevansDefinitions;
import io.relevans.kafka.RelevansTicks;
import io.relevans.kafka.RelevansTopology;
import io.relevans.kafka.TimeSource;
import io.relevans.kafka.Topics;
import io.relevans.kafka.internal.CommandJson;
import io.relevans.kafka.internal.Dispatching;
import io.relevans.prediction.CustomerBaseModel;
import io.relevans.spi.ChannelAdapter;
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.InMemoryOutbox;
import io.relevans.spi.InMemoryTimerStore;
import io.relevans.spi.Storage;
import io.relevans.spi.TemplateRenderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The same definitions and events on the embedded engine and on the Kafka runtime's topology (a
 * {@code TopologyTestDriver}, with the dispatcher of the Kafka runtime on the outbox topic): both tick at
 * the same moments (the embedded engine's {@code tick}; the runtime's wall-clock punctuator, or a tick on
 * the events topic on stream time; then a dispatch), so their stored customers, timers, messages and
 * deliveries can be compared.
 */
final class KafkaTwin implements AutoCloseable, StreamWorkload.Sink {

    static final List<Channel> CHANNELS = ProgramWorkload.CHANNELS;
    static final Map<Channel, IdentityType> ADDRESSES = ProgramWorkload.ADDRESSES;

    final VirtualClock clock;
    final InMemoryCustomerStore store = new InMemoryCustomerStore();
    final InMemoryTimerStore timers = new InMemoryTimerStore();
    final InMemoryOutbox outbox = new InMemoryOutbox();
    /** The embedded engine's storage: the stores above, and the prediction models it takes at its ticks. */
    final Storage storage = Storage.of(store, timers, outbox);
    final Map<Channel, InMemoryChannel> embeddedChannels = new LinkedHashMap<>();
    final Map<Channel, InMemoryChannel> kafkaChannels = new LinkedHashMap<>();
    final Relevans embedded;
    final Topics topics = Topics.defaults();
    final Path stateDir;
    final TopologyTestDriver driver;
    final TestInputTopic<String, String> events;
    final TestInputTopic<String, String> customerCommands;
    final TestInputTopic<String, String> definitionsTopic;
    final RelevansTopology relevans;
    final TestOutputTopic<String, String> outboxOut;
    final TestOutputTopic<String, String> refused;
    final TestOutputTopic<String, String> segmentChanges;
    final Dispatching dispatching;
    final List<KeyValue<String, String>> changes = new ArrayList<>();
    final List<KeyValue<String, String>> refusals = new ArrayList<>();

    final TimeSource time;

    KafkaTwin(Definitions definitions, TemplateRenderer templates, Instant start, TimeSource time)
            throws java.io.IOException {
        this(definitions, templates, start, time, RelevansTopology.Builder.RECENT_CUSTOMERS, null);
    }

    /**
     * @param recent         how many customers each task keeps decoded (1: every event's customer read from the
     *                       stores)
     * @param resegmentEvery the runtime's re-segmentation interval, or null for none: the embedded engine then
     *                       resegments at the same moments ({@link #tick})
     */
    KafkaTwin(Definitions definitions, TemplateRenderer templates, Instant start, TimeSource time, int recent,
              @org.jspecify.annotations.Nullable Duration resegmentEvery) throws java.io.IOException {
        this.time = time;
        this.resegmentEvery = resegmentEvery;
        clock = VirtualClock.at(start);
        Relevans.Builder b = Relevans.builder().clock(clock).storage(storage)
                .templates(templates).retry(RetryPolicy.DEFAULT).definitions(definitions);
        for (Channel c : CHANNELS) {
            embeddedChannels.put(c, new InMemoryChannel(c, ADDRESSES.get(c)));
            kafkaChannels.put(c, new InMemoryChannel(c, ADDRESSES.get(c)));
            b.channel(embeddedChannels.get(c));
        }
        embedded = b.build();
        RelevansTopology.Builder k = RelevansTopology.builder().definitions(definitions).templates(templates)
                .timerInterval(Duration.ofMillis(10)).time(time).recentCustomers(recent);
        if (resegmentEvery != null) {
            k.resegmentEvery(resegmentEvery);
        }
        CHANNELS.forEach(c -> k.channel(c, ADDRESSES.get(c)));
        stateDir = Files.createTempDirectory("relevans-kafka-twin");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "relevans-twin");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        relevans = k.build();
        driver = new TopologyTestDriver(relevans.topology(), props, start);
        StringSerializer ser = new StringSerializer();
        StringDeserializer de = new StringDeserializer();
        events = driver.createInputTopic(topics.events(), ser, ser);
        customerCommands = driver.createInputTopic(topics.customerCommands(), ser, ser);
        definitionsTopic = driver.createInputTopic(topics.definitions(), ser, ser);
        outboxOut = driver.createOutputTopic(topics.outbox(), de, de);
        refused = driver.createOutputTopic(topics.refused(), de, de);
        segmentChanges = driver.createOutputTopic(topics.segmentChanges(), de, de);
        Map<Channel, ChannelAdapter> adapters = new LinkedHashMap<>(kafkaChannels);
        dispatching = new Dispatching(adapters, templates, clock, RetryPolicy.DEFAULT);
    }

    /** The runtime's re-segmentation interval, or null for none. */
    private final @org.jspecify.annotations.Nullable Duration resegmentEvery;
    /** The last moment the runtime's partition looked at the time (a punctuation, or a tick that moved it on). */
    private @org.jspecify.annotations.Nullable Instant seen;
    /** The interval the last re-segmentation began at, as the runtime counts them. */
    private @org.jspecify.annotations.Nullable Long resegmented;
    /** The embedded engine's re-segmentations, in order. */
    final List<io.relevans.ResegmentationReport> resegmentations = new ArrayList<>();

    /**
     * Moves both to the moment and ticks both: timers fire, due messages are delivered; and both re-segment when
     * the runtime's partition looks at the time past an interval.
     */
    @Override
    public void tick(Instant at) {
        boolean moved = at.isAfter(clock.instant());
        if (moved) {
            Duration step = Duration.between(clock.instant(), at);
            clock.advanceTo(at);
            if (time == TimeSource.WALL_CLOCK) {
                driver.advanceWallClockTime(step);
            }
        }
        if (time == TimeSource.STREAM_TIME) { // the one partition of the events topic passed the moment
            events.pipeInput(RelevansTicks.KEY, RelevansTicks.write(at, 1), at);
        }
        embedded.tick();
        boolean looks = time == TimeSource.WALL_CLOCK ? moved : seen == null || at.isAfter(seen);
        if (resegmentEvery != null && looks) {
            seen = at;
            long interval = Math.floorDiv(at.toEpochMilli(), resegmentEvery.toMillis()) * resegmentEvery.toMillis();
            if (resegmented == null) {
                resegmented = interval; // the first interval seen starts the count
            } else if (interval > resegmented) {
                resegmented = interval;
                resegmentations.add(embedded.resegment());
            }
        }
        drainOutbox();
        dispatching.dispatch(outcome -> customerCommands.pipeInput(outcome.getKey(), outcome.getValue(), at));
        drainOutbox();
    }

    /** Ticks both at the event's moment, then gives it to both. */
    @Override
    public void feed(Event event) {
        tick(event.time());
        embedded.ingest(event);
        events.pipeInput(CommandJson.key(event.customer()), EventJson.write(event), event.time());
        drainOutbox();
    }

    /**
     * Reloads both: the embedded engine with {@code Relevans.load}, the runtime with the record
     * {@link RelevansDefinitions#publish} writes to the definitions topic.
     */
    void reload(long version, Definitions definitions) {
        embedded.load(definitions);
        MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(),
                new StringSerializer());
        RelevansDefinitions.publish(producer, topics, version, definitions);
        producer.history().forEach(r -> definitionsTopic.pipeInput(r.key(), r.value(), clock.instant()));
    }

    /**
     * Gives both the prediction model, then lets two minutes pass for both: the embedded engine takes the
     * latest model of its storage at a tick (asking at most every minute), the runtime from the record
     * {@link RelevansDefinitions#publishModel} writes to the definitions topic.
     *
     * @return the moment both use it from
     */
    Instant publishModel(CustomerBaseModel model) {
        CustomerBaseModel stored = storage.predictionModels().publish(model, model.version() - 1);
        MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(),
                new StringSerializer());
        RelevansDefinitions.publishModel(producer, topics, stored);
        producer.history().forEach(r -> definitionsTopic.pipeInput(r.key(), r.value(), clock.instant()));
        Instant from = clock.instant().plus(Duration.ofMinutes(2));
        tick(from);
        return from;
    }

    /**
     * Both came to the same state: nothing refused, and the same customer records, timers and messages byte for
     * byte, and the same deliveries in order.
     */
    void assertSameAsEmbedded() {
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), refusals, "nothing refused");
        org.junit.jupiter.api.Assertions.assertEquals(embeddedRecords(), kafkaRecords(), "customer records");
        org.junit.jupiter.api.Assertions.assertEquals(embeddedTimers(), kafkaTimers(), "timers");
        org.junit.jupiter.api.Assertions.assertEquals(embeddedMessages(), kafkaMessages(), "messages");
        org.junit.jupiter.api.Assertions.assertEquals(delivered(embeddedChannels), delivered(kafkaChannels),
                "deliveries, in order");
    }

    private void drainOutbox() {
        outboxOut.readValuesToList().forEach(dispatching::accept);
        changes.addAll(segmentChanges.readKeyValuesToList());
        refusals.addAll(refused.readKeyValuesToList());
    }

    // ------------------------------------------------------------------ what each side stored

    Map<String, String> embeddedRecords() {
        Map<String, String> out = new TreeMap<>();
        store.forEach(r -> out.put(r.id().value(), StoredJson.writeRecord(r)));
        return out;
    }

    Map<String, String> kafkaRecords() {
        return all("relevans-records");
    }

    Map<String, String> embeddedMessages() {
        Map<String, String> out = new TreeMap<>();
        outbox.forEach(m -> out.put(m.id(), StoredJson.writeMessage(m)));
        return out;
    }

    Map<String, String> kafkaMessages() {
        return all("relevans-messages");
    }

    Map<String, List<String>> embeddedTimers() {
        Map<String, List<String>> out = new TreeMap<>();
        store.forEach(r -> out.put(r.id().value(), timers.of(r.id()).stream().map(StoredJson::writeTimer).sorted().toList()));
        return out;
    }

    Map<String, List<String>> kafkaTimers() {
        Map<String, List<String>> out = new TreeMap<>();
        kafkaRecords().keySet().forEach(id -> out.put(id, new ArrayList<>()));
        all("relevans-timers").values().forEach(t -> out.computeIfAbsent(StoredJson.readTimer(t).customer().value(),
                x -> new ArrayList<>()).add(t));
        out.values().forEach(l -> l.sort(null));
        return out;
    }

    /** Message ids delivered per channel, in order. */
    static Map<Channel, List<String>> delivered(Map<Channel, InMemoryChannel> channels) {
        Map<Channel, List<String>> out = new LinkedHashMap<>();
        channels.forEach((c, a) -> out.put(c, a.delivered().stream().map(m -> m.id()).toList()));
        return out;
    }

    /** The customer the Kafka runtime's directory gives the identity key, following forwards. */
    String kafkaCustomerOf(String identityKey) {
        KeyValueStore<String, String> directory = driver.getKeyValueStore("relevans-directory");
        KeyValueStore<String, String> forwards = driver.getKeyValueStore("relevans-forwards");
        String id = directory.get(identityKey);
        while (id != null && forwards.get(id) != null) {
            id = forwards.get(id);
        }
        return id;
    }

    CustomerId embeddedCustomerOf(io.relevans.customer.Identity identity) {
        return store.lookup(identity).orElse(null);
    }

    private Map<String, String> all(String name) {
        KeyValueStore<String, String> s = driver.getKeyValueStore(name);
        Map<String, String> out = new TreeMap<>();
        try (KeyValueIterator<String, String> it = s.all()) {
            it.forEachRemaining(kv -> out.put(kv.key, kv.value));
        }
        return out;
    }

    /** The templates of the program workload. */
    static TemplateRenderer templates() {
        return ProgramWorkload.templates();
    }

    @Override
    public void close() throws java.io.IOException {
        driver.close();
        try (var walk = Files.walk(stateDir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
