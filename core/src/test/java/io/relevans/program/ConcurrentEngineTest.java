package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.CustomerView;
import io.relevans.Relevans;
import io.relevans.RetryPolicy;
import io.relevans.VirtualClock;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.definition.Definitions;
import io.relevans.definition.FrequencyCap;
import io.relevans.definition.Program;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.InMemoryOutbox;
import io.relevans.spi.InMemoryTimerStore;
import io.relevans.spi.Message;
import io.relevans.spi.RenderedMessage;
import io.relevans.spi.SimpleTemplates;
import io.relevans.spi.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The engine under concurrent use: eight threads ingest events of shared customers (whose profiles
 * merge through linked loyalty numbers) while another thread advances the clock and ticks (timers
 * fire, messages go out) and another re-segments. Afterwards every customer's features and segments
 * equal those of one thread ingesting the same events (the workload's features are counts and sums,
 * which do not depend on order), no frequency cap is exceeded in any window, no message was
 * delivered twice or lost, and every timer belongs to a stored customer. Fixed seeds; the soak
 * variant ({@code -Drelevans.soak=true}) runs more rounds with more events.
 */
class ConcurrentEngineTest {

    private static final Instant START = ProgramWorkload.START;
    private static final int THREADS = 8;
    private static final int EMAIL_CUSTOMERS = 12;
    private static final int LOYALTY_CUSTOMERS = 4;
    private static final Duration RUN_TIME = Duration.ofHours(36);

    @Test
    @DisplayName("8 threads ingesting, a ticker and a re-segmenter end as one thread ingesting the same events")
    void concurrentIngestTicksAndResegmentation_keepEveryInvariant() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            round(seed, 120);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "relevans.soak", matches = "true")
    @DisplayName("soak: more rounds, more events")
    void soak() throws Exception {
        for (long seed = 100; seed < 120; seed++) {
            round(seed, 600);
        }
    }

    /** A running engine with its stores and channels. */
    private record Engine(Relevans relevans, VirtualClock clock, InMemoryCustomerStore store, InMemoryTimerStore timers,
                          InMemoryOutbox outbox, List<InMemoryChannel> channels) {
        static Engine start(Definitions definitions, Instant at) {
            VirtualClock clock = VirtualClock.at(at);
            InMemoryCustomerStore store = new InMemoryCustomerStore();
            InMemoryTimerStore timers = new InMemoryTimerStore();
            InMemoryOutbox outbox = new InMemoryOutbox();
            SimpleTemplates.Builder templates = SimpleTemplates.builder();
            ProgramWorkload.TEMPLATES.forEach(t -> templates.template(t, t, t + " {{category}}"));
            List<InMemoryChannel> channels = List.of(new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL),
                    new InMemoryChannel(Channel.SMS, IdentityType.PHONE),
                    new InMemoryChannel(Channel.PUSH, IdentityType.LOGIN));
            Relevans.Builder b = Relevans.builder().clock(clock).store(store).timers(timers).outbox(outbox)
                    .templates(templates.build()).retry(RetryPolicy.DEFAULT).definitions(definitions);
            channels.forEach(b::channel);
            return new Engine(b.build(), clock, store, timers, outbox, channels);
        }
    }

    private static void round(long seed, int eventsPerThread) throws Exception {
        Definitions definitions = ProgramWorkload.definitions(Set.copyOf(ProgramWorkload.SHAPES), 3);
        List<List<Event>> perThread = workload(seed, eventsPerThread);
        Instant clockStart = START.plus(Duration.ofDays(1));

        Engine concurrent = Engine.start(definitions, clockStart);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean ingesting = new AtomicBoolean(true);
        AtomicInteger ingested = new AtomicInteger();
        int total = THREADS * eventsPerThread;
        List<Thread> threads = new ArrayList<>();
        for (List<Event> events : perThread) {
            threads.add(new Thread(() -> {
                await(go);
                try {
                    for (Event e : events) {
                        concurrent.relevans().ingest(e);
                        ingested.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        Thread ticker = new Thread(() -> {
            await(go);
            try {
                while (ingesting.get()) {
                    // time passes with the work done: timers fire and messages go out meanwhile
                    concurrent.clock().advanceTo(clockStart.plus(RUN_TIME.multipliedBy(ingested.get()).dividedBy(total)));
                    concurrent.relevans().tick();
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        Thread resegmenter = new Thread(() -> {
            await(go);
            try {
                while (ingesting.get()) {
                    concurrent.relevans().resegment();
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        threads.forEach(Thread::start);
        ticker.start();
        resegmenter.start();
        go.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(5));
        }
        ingesting.set(false);
        ticker.join(TimeUnit.MINUTES.toMillis(5));
        resegmenter.join(TimeUnit.MINUTES.toMillis(5));
        assertEquals(List.of(), List.copyOf(failures), "seed " + seed + ": exceptions in the threads");
        concurrent.clock().advanceTo(clockStart.plus(RUN_TIME));
        concurrent.relevans().tick();

        // one thread, the same events, ending at the same moment
        Engine sequential = Engine.start(definitions, clockStart);
        perThread.forEach(events -> events.forEach(sequential.relevans()::ingest));
        sequential.clock().advanceTo(concurrent.clock().instant());

        String where = "seed " + seed + ": ";
        for (Identity who : identities()) {
            Optional<CustomerView> mine = concurrent.relevans().customer(who);
            Optional<CustomerView> theirs = sequential.relevans().customer(who);
            assertEquals(theirs.isPresent(), mine.isPresent(), where + who + " known");
            if (mine.isPresent()) {
                assertEquals(theirs.get().features(), mine.get().features(), where + "features of " + who);
                assertEquals(theirs.get().customer().identities(), mine.get().customer().identities(),
                        where + "identities merged with " + who);
                Set<String> windowed = new HashSet<>(Set.of("big_spender", "complainer"));
                windowed.retainAll(mine.get().segments());
                Set<String> expected = new HashSet<>(Set.of("big_spender", "complainer"));
                expected.retainAll(theirs.get().segments());
                assertEquals(expected, windowed, where + "feature segments of " + who);
            }
        }
        assertEquals(sequential.store().count(), concurrent.store().count(), where + "customers after merges");
        checkCaps(definitions, concurrent, where);
        checkDeliveries(concurrent, where);
        checkTimers(concurrent, where);
    }

    private static void await(CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Events in eight lists, one per thread; every list touches shared customers. */
    private static List<List<Event>> workload(long seed, int eventsPerThread) {
        Random random = new Random(seed);
        List<List<Event>> out = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < eventsPerThread; i++) {
                // distinct times in the day before the clock starts: every window sees all of them
                Instant at = START.plusMillis((long) (i * THREADS + t) * 7_000L);
                int who = random.nextInt(EMAIL_CUSTOMERS);
                Identity email = email(who);
                int price = 500 + 1_000 * random.nextInt(6);
                String category = List.of("tv", "dress", "washer", "balcony").get(random.nextInt(4));
                Event.Builder b = switch (random.nextInt(16)) {
                    case 0, 1, 2, 3 -> Event.builder(EventType.CONSENT_CHANGE, email, at)
                            .property("channel", ProgramWorkload.CHANNELS.get(random.nextInt(3)).name())
                            .property("purpose", ProgramWorkload.PURPOSES.get(random.nextInt(3)).name())
                            .property("granted", true);
                    case 4, 5, 6 -> Event.builder(EventType.PURCHASE, email, at).line(category + "-" + price, category,
                            price, 1);
                    case 7, 8 -> Event.builder(EventType.CART_CHANGE, email, at).line(category + "-" + price, category,
                            price, 1);
                    case 9 -> Event.builder(EventType.COMPLAINT, email, at).property("reason", "late");
                    case 10, 11, 12 -> Event.builder(EventType.PRODUCT_VIEW, email, at).property("sku", "d-1")
                            .property("category", random.nextBoolean() ? "dress" : "washer")
                            .link(Identity.phone("+47 4100 00" + (10 + who))).link(Identity.login("u" + who));
                    case 13 -> {
                        int k = random.nextInt(LOYALTY_CUSTOMERS);
                        yield Event.builder(EventType.PURCHASE, loyalty(k), at).line("tv-" + price, "tv", price, 1);
                    }
                    default -> {
                        int k = random.nextInt(LOYALTY_CUSTOMERS);
                        // loyalty customer k is email customer k: the first such event merges them
                        yield Event.builder(EventType.SUPPORT_CONTACT, email(k), at).link(loyalty(k))
                                .property("topic", "delivery");
                    }
                };
                events.add(b.origin(Origin.WEB).build());
            }
            out.add(events);
        }
        return out;
    }

    private static Identity email(int who) {
        return Identity.email("s" + who + "@example.com");
    }

    private static Identity loyalty(int k) {
        return Identity.loyalty("S-" + (500 + k));
    }

    private static List<Identity> identities() {
        List<Identity> out = new ArrayList<>();
        for (int who = 0; who < EMAIL_CUSTOMERS; who++) {
            out.add(email(who));
        }
        for (int k = 0; k < LOYALTY_CUSTOMERS; k++) {
            out.add(loyalty(k));
        }
        return out;
    }

    /** In every window of a cap's period, no more counted messages (pending, sent, retrying) than the cap. */
    private static void checkCaps(Definitions definitions, Engine e, String where) {
        List<FrequencyCap> caps = new ArrayList<>(definitions.policies().caps());
        for (Program p : definitions.programs()) {
            caps.addAll(p.caps());
        }
        Map<CustomerId, List<Message>> byCustomer = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
        e.outbox().forEach(m -> {
            if (m.status() == Message.Status.SENT || m.status() == Message.Status.PENDING
                    || m.status() == Message.Status.RETRYING) {
                byCustomer.computeIfAbsent(m.customer(), k -> new ArrayList<>()).add(m);
            }
        });
        int checked = 0;
        for (List<Message> messages : byCustomer.values()) {
            for (FrequencyCap cap : caps) {
                List<Message> capped = messages.stream()
                        .filter(m -> cap.program().map(m.program()::equals).orElse(true))
                        .filter(m -> cap.channel().map(c -> m.channel().equals(Optional.of(c))).orElse(true))
                        .toList();
                for (Message last : capped) {
                    Instant from = last.decidedAt().minus(cap.period());
                    long inWindow = capped.stream().filter(m -> m.decidedAt().isAfter(from)
                            && !m.decidedAt().isAfter(last.decidedAt())).count();
                    assertTrue(inWindow <= cap.max(), where + "cap " + cap.describe() + " exceeded for "
                            + last.customer() + ": " + inWindow + " messages up to " + last.decidedAt() + " in " + capped.stream()
                            .map(m -> m.program() + "/" + m.step() + "/" + m.status() + "@" + m.decidedAt()).toList());
                    checked++;
                }
            }
        }
        Map<String, Integer> reasons = new TreeMap<>();
        e.outbox().forEach(m -> reasons.merge(m.status() + " " + m.reason(), 1, Integer::sum));
        assertTrue(checked > 0, where + "some capped messages were decided: " + reasons);
    }

    /** Every sent message was delivered once; nothing delivered twice or without being sent. */
    private static void checkDeliveries(Engine e, String where) {
        List<String> delivered = new ArrayList<>();
        for (InMemoryChannel c : e.channels()) {
            c.delivered().stream().map(RenderedMessage::id).forEach(delivered::add);
        }
        Set<String> distinct = new HashSet<>(delivered);
        assertEquals(delivered.size(), distinct.size(), where + "a message id delivered twice");
        Set<String> sent = new HashSet<>();
        List<String> pending = new ArrayList<>();
        e.outbox().forEach(m -> {
            if (m.status() == Message.Status.SENT) {
                sent.add(m.id());
            }
            if (m.status() == Message.Status.PENDING && !m.nextAttempt().isAfter(e.clock().instant())) {
                pending.add(m.id());
            }
            if (m.status() == Message.Status.DEAD && m.reason().equals("customer was erased")) {
                // messages of a profile merged away may die so; never those of a stored customer
                assertTrue(e.store().load(m.customer()).isEmpty(), where + m.id() + " dead for a stored customer");
            }
        });
        assertEquals(sent, distinct, where + "sent messages and deliveries");
        assertEquals(List.of(), pending, where + "due messages left pending after the last tick");
        // how many are sent depends on the interleaving (seen: 7 to 29 for one seed); the workload must send
        assertTrue(!sent.isEmpty(), where + "no message was sent");
    }

    /** Every timer belongs to a stored customer, under its id. */
    private static void checkTimers(Engine e, String where) {
        List<CustomerRecord> records = Collections.synchronizedList(new ArrayList<>());
        e.store().forEach(records::add);
        Set<CustomerId> ids = new HashSet<>();
        records.forEach(r -> ids.add(r.id()));
        List<Timer> due = e.timers().due(Instant.MAX, Integer.MAX_VALUE);
        for (Timer t : due) {
            assertTrue(ids.contains(t.customer()), where + "timer " + t.key() + " of a customer not stored");
        }
    }
}
