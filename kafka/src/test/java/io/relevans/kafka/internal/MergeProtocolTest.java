package io.relevans.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.definition.Definitions;
import io.relevans.definition.Features;
import io.relevans.definition.Program;
import io.relevans.definition.Step;
import io.relevans.definition.Trigger;
import io.relevans.definition.Segment;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.customer.Value;
import io.relevans.internal.json.StoredJson;
import io.relevans.json.EventJson;
import io.relevans.kafka.RelevansTopology;
import io.relevans.kafka.TimeSource;
import io.relevans.kafka.Topics;
import io.relevans.spi.InMemoryCustomerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Merges between partitions when commands cross: a walk that saw a customer before it was merged away, a
 * late command for a customer handed over, input the runtime cannot read. The outcome is the embedded
 * engine's on the same events (S13: one customer whatever identity they came in by).
 */
class MergeProtocolTest {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final Topics TOPICS = Topics.defaults();

    /** The moment of a weekly scheduled program that marks every customer (it starts only at ticks). */
    private static final Instant WEEKLY = START.plus(Duration.ofMinutes(20));

    private static Definitions definitions() {
        return Definitions.builder()
                .segment(Segment.named("viewer").when(Features.count(EventType.PRODUCT_VIEW).within(Window.days(30))
                        .atLeast(2)))
                .program(Program.named("weekly").on(new Trigger.OnSchedule(WEEKLY, Duration.ofDays(7)))
                        .steps(new Step.SetAttribute("mark", "weekly", Value.of(true))).build())
                .build();
    }

    private Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> events;
    private TestInputTopic<String, String> commands;
    private TestOutputTopic<String, String> refused;
    private final VirtualClock clock = VirtualClock.at(START);
    private final InMemoryCustomerStore store = new InMemoryCustomerStore();
    private Relevans embedded;

    @BeforeEach
    void start() throws Exception {
        stateDir = Files.createTempDirectory("relevans-merge-protocol");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "relevans-merges");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(RelevansTopology.builder().definitions(definitions()).time(TimeSource.STREAM_TIME)
                .build().topology(), props, START);
        events = driver.createInputTopic(TOPICS.events(), new StringSerializer(), new StringSerializer());
        commands = driver.createInputTopic(TOPICS.customerCommands(), new StringSerializer(), new StringSerializer());
        refused = driver.createOutputTopic(TOPICS.refused(), new StringDeserializer(), new StringDeserializer());
        embedded = Relevans.builder().clock(clock).store(store).definitions(definitions()).build();
    }

    @AfterEach
    void stop() throws Exception {
        driver.close();
        try (var walk = Files.walk(stateDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Instant at = START;

    private Event view(Identity who, Identity... links) {
        at = at.plus(Duration.ofMinutes(5));
        Event.Builder b = Event.builder(EventType.PRODUCT_VIEW, who, at).property("sku", "s").property("category", "tv");
        for (Identity l : links) {
            b.link(l);
        }
        return b.build();
    }

    /** Both runtimes get the event the usual way. */
    private void both(Event e) {
        clock.advanceTo(e.time());
        embedded.ingest(e);
        events.pipeInput(CommandJson.key(e.customer()), EventJson.write(e), e.time());
    }

    private TreeMap<String, String> kafkaRecords() {
        KeyValueStore<String, String> s = driver.getKeyValueStore(Nodes.RECORDS_STORE);
        TreeMap<String, String> out = new TreeMap<>();
        try (KeyValueIterator<String, String> it = s.all()) {
            it.forEachRemaining(kv -> out.put(kv.key, kv.value));
        }
        return out;
    }

    private TreeMap<String, String> embeddedRecords() {
        TreeMap<String, String> out = new TreeMap<>();
        store.forEach(r -> out.put(r.id().value(), StoredJson.writeRecord(r)));
        return out;
    }

    /** Three identities, each a customer of its own, sorted by the ids they get. */
    private static List<Identity> threeByCustomerId() {
        List<Identity> ids = new ArrayList<>(List.of(Identity.email("a@example.com"), Identity.loyalty("L-7"),
                Identity.cookie("ck-9")));
        ids.sort(Comparator.comparing(i -> CustomerId.derivedFrom(i).value()));
        return ids;
    }

    @Test
    void aWalkThatSawACustomerBeforeItWasMergedAway_movesEverythingToTheSmallerSurvivor() {
        List<Identity> three = threeByCustomerId();
        Identity small = three.get(0);
        Identity middle = three.get(1);
        Identity large = three.get(2);
        for (Identity i : three) {
            both(view(i));
        }
        both(view(small, large)); // the large customer is merged into the small one
        // a walk that passed the large identity before that merge: the event goes to the middle customer with
        // the large one to absorb; the large one answers that it went to the small one, which is smaller than
        // the middle one, so the middle one hands itself and the event over to the small one
        Event late = view(middle, large);
        commands.pipeInput(CustomerId.derivedFrom(middle).value(), CommandJson.write(new Command.Apply(late,
                new TreeSet<>(List.of(CustomerId.derivedFrom(large))))), late.time());
        clock.advanceTo(late.time());
        embedded.ingest(late);

        assertEquals(embeddedRecords(), kafkaRecords(), "one customer, as the embedded engine has it");
        assertEquals(1, kafkaRecords().size());
        assertTrue(kafkaRecords().containsKey(CustomerId.derivedFrom(small).value()), "the smallest id survives");
        KeyValueStore<String, String> pending = driver.getKeyValueStore(Nodes.PENDING_STORE);
        try (KeyValueIterator<String, String> it = pending.all()) {
            assertFalse(it.hasNext(), "no merge left in progress");
        }
    }

    /** Both runtimes tick at the moment: the embedded engine, and the one events partition of the driver. */
    private void tick(Instant moment) {
        clock.advanceTo(moment);
        embedded.tick();
        events.pipeInput(io.relevans.kafka.RelevansTicks.KEY, io.relevans.kafka.RelevansTicks.write(moment, 1), moment);
    }

    @Test
    void aScheduledStartForACustomerInTheMiddleOfAMerge_comesOnceTheMergeEnds() {
        Identity known = Identity.email("a@example.com");
        Identity other = Identity.cookie("ck-on-its-way"); // its customer's first event is still on its way
        both(view(known));
        tick(START.plus(Duration.ofMinutes(6))); // the first look at the time: the schedule's count starts
        Event link = view(known, other);
        clock.advanceTo(link.time());
        embedded.ingest(link);
        // the customer waits for the other's state (asked for by the directory) when the weekly start comes
        CustomerId survivor = CustomerId.derivedFrom(known);
        commands.pipeInput(survivor.value(), CommandJson.write(new Command.Apply(link,
                new TreeSet<>(List.of(CustomerId.derivedFrom(other))), true)), link.time());
        tick(WEEKLY.plus(Duration.ofMinutes(10)));
        KeyValueStore<String, String> pending = driver.getKeyValueStore(Nodes.PENDING_STORE);
        assertNotNull(pending.get(survivor.value()), "the merge is under way at the start");
        commands.pipeInput(survivor.value(), CommandJson.write(new Command.Absorbed(CustomerId.derivedFrom(other),
                List.of(), java.util.Optional.empty())), WEEKLY.plus(Duration.ofMinutes(10)));

        assertEquals(null, pending.get(survivor.value()), "the merge ended");
        assertEquals(embeddedRecords(), kafkaRecords(), "started once the merge ended, as the embedded engine did");
        assertTrue(kafkaRecords().get(survivor.value()).contains("\"weekly\""), "the weekly program marked it");
    }

    @Test
    void aLateCommandForACustomerHandedOver_goesOnToTheSurvivor() {
        List<Identity> three = threeByCustomerId();
        Identity small = three.get(0);
        Identity large = three.get(2);
        both(view(small));
        both(view(large));
        both(view(small, large));
        Event late = view(large);
        // keyed by the customer that no longer is: its forward sends the event on
        commands.pipeInput(CustomerId.derivedFrom(large).value(), CommandJson.write(new Command.Apply(late,
                new TreeSet<>())), late.time());
        clock.advanceTo(late.time());
        embedded.ingest(late);
        assertEquals(embeddedRecords(), kafkaRecords());
        KeyValueStore<String, String> forwards = driver.getKeyValueStore(Nodes.FORWARDS_STORE);
        assertEquals(CustomerId.derivedFrom(small).value(), forwards.get(CustomerId.derivedFrom(large).value()));
    }

    @Test
    void anEventKeyedByAnotherIdentity_isRoutedToTheOneItNames() {
        Event e = view(Identity.email("b@example.com"));
        events.pipeInput("cookie:somewhere-else", EventJson.write(e), e.time());
        clock.advanceTo(e.time());
        embedded.ingest(e);
        assertEquals(embeddedRecords(), kafkaRecords());
        assertTrue(refused.isEmpty());
    }

    @Test
    void inputItCannotRead_isRefusedWithTheReason_andTheRestApplies() {
        events.pipeInput("email:x@example.com", "{\"type\": \"product_view\", \"customer\": {\"email\": \"x@example.com\"},"
                + " \"time\": \"yesterday\"}", START);
        commands.pipeInput("c-1", "{\"type\": \"teleport\"}", START);
        Event fine = view(Identity.email("x@example.com"));
        both(fine);
        List<KeyValue<String, String>> out = refused.readKeyValuesToList();
        assertEquals(2, out.size(), out.toString());
        assertTrue(out.get(0).value.contains("time"), "names the field: " + out.get(0).value);
        assertTrue(out.get(1).value.contains("unknown command type 'teleport'"), out.get(1).value);
        assertEquals(embeddedRecords(), kafkaRecords());
        assertNotNull(kafkaRecords().get(CustomerId.derivedFrom(Identity.email("x@example.com")).value()));
    }
}
