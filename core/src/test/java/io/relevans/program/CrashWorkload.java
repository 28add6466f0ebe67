package io.relevans.program;

import io.relevans.Relevans;
import io.relevans.RetryPolicy;
import io.relevans.VirtualClock;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.customer.Purpose;
import io.relevans.customer.Value;
import io.relevans.definition.Definitions;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import io.relevans.spi.ChannelAdapter;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.CustomerStore;
import io.relevans.spi.ForwardingCustomerStore;
import io.relevans.spi.Delivery;
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.Message;
import io.relevans.spi.Outbox;
import io.relevans.spi.RenderedMessage;
import io.relevans.spi.SimpleTemplates;
import io.relevans.spi.Timer;
import io.relevans.spi.TimerStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A seeded retail workload that can be "crashed": every write to the stores (customer save and erase,
 * timer schedule, cancel and erase, outbox add, update and erase) and every delivery a channel
 * accepted passes a {@link CrashSwitch}, which at the k-th one throws {@link Crash} (an {@link Error},
 * so no engine code can take it for a failure to handle) as if the process died there. The run then
 * starts a new engine on the surviving stores, with new channel adapters, and does again what it was
 * doing: the backend delivers the event being ingested once more (at least once), the scheduler ticks
 * again. Six customers (four by email, two by loyalty number who later turn out to be two of the
 * email customers: merges) go through consents, purchases, carts, views, support contacts,
 * complaints, tier changes and time passing, with the program pool of {@link ProgramWorkload} under
 * caps. Used by the in-memory crash test here and by the JDBC module on H2 and PostgreSQL.
 */
public final class CrashWorkload {

    /** The simulated death of the process at a write. */
    public static final class Crash extends Error {
        Crash(String where) {
            super("crash at " + where, null, false, false);
        }
    }

    /** The stores an engine runs on; they outlive a crash, like a database. */
    public record Stores(CustomerStore customers, TimerStore timers, Outbox outbox) {
    }

    /** What a run left behind, for comparison with an uncrashed run. */
    public record Outcome(List<Message> messages, List<Timer> timers, List<CustomerRecord> records,
                          List<String> delivered, int writes, int crashes, String crashedAt) {

        /** The delivered message ids without repeats. */
        public Set<String> distinctDelivered() {
            return new java.util.TreeSet<>(delivered);
        }
    }

    /** Counts writes and throws {@link Crash} at the chosen one (never when it is 0). */
    public static final class CrashSwitch {
        private final int at;
        private int writes;
        private String crashedAt = "";

        CrashSwitch(int at) {
            this.at = at;
        }

        synchronized void write(String what) {
            writes++;
            if (writes == at) {
                crashedAt = what;
                throw new Crash(what);
            }
        }
    }

    private static final Instant START = ProgramWorkload.START;
    private static final int EMAIL_CUSTOMERS = 4;

    /** One thing the workload does at a moment: ingest an event, or tick when the event is null. */
    private record Step(Instant at, Event event) {
    }

    private final Definitions definitions;
    private final List<Step> steps;

    private CrashWorkload(Definitions definitions, List<Step> steps) {
        this.definitions = definitions;
        this.steps = steps;
    }

    /** The number of events the workload ingests. */
    public int events() {
        return (int) steps.stream().filter(s -> s.event != null).count();
    }

    /**
     * A workload of {@code actions} customer actions after the sign-ups, from the seed: every program
     * shape of the pool, overall and per-channel caps.
     */
    public static CrashWorkload of(long seed, int actions) {
        Random random = new Random(seed);
        List<Step> steps = new ArrayList<>();
        Instant[] now = {START};
        Consumer<Event> ingest = e -> {
            steps.add(new Step(now[0], e));
            steps.add(new Step(now[0], null));
        };
        Purpose[] purposes = {Purpose.MARKETING, Purpose.SURVEYS, Purpose.SERVICE};
        for (int who = 0; who < EMAIL_CUSTOMERS; who++) {
            int w = who;
            ingest.accept(event(EventType.SIGNUP, email(who), now[0], b -> b.link(Identity.phone("+47 4000 000" + w))
                    .link(Identity.login("g" + w))));
            for (Channel c : ProgramWorkload.CHANNELS) {
                for (Purpose p : purposes) {
                    if (random.nextInt(4) > 0) {
                        now[0] = now[0].plusSeconds(60);
                        ingest.accept(consent(email(who), now[0], c, p, true));
                    }
                }
            }
        }
        for (int k = 0; k < 2; k++) {
            now[0] = now[0].plusSeconds(60);
            int kk = k;
            ingest.accept(event(EventType.PURCHASE, loyalty(k), now[0], b -> b.line("tv-" + kk, "tv", 6_000, 1)));
        }
        String[] categories = {"tv", "dress", "balcony", "washer"};
        for (int i = 0; i < actions; i++) {
            int gap = random.nextInt(10) < 7 ? 1 + random.nextInt(90) : 90 + random.nextInt(16 * 60);
            Instant target = now[0].plusSeconds(gap * 60L);
            while (now[0].plusSeconds(3600).isBefore(target)) {
                now[0] = now[0].plusSeconds(3600);
                steps.add(new Step(now[0], null));
            }
            now[0] = target;
            int who = random.nextInt(EMAIL_CUSTOMERS);
            Identity id = email(who);
            String category = categories[random.nextInt(categories.length)];
            int price = 500 + 1_500 * random.nextInt(5);
            Instant at = now[0];
            switch (random.nextInt(11)) {
                case 0 -> ingest.accept(consent(id, at, ProgramWorkload.CHANNELS.get(random.nextInt(3)),
                        purposes[random.nextInt(3)], random.nextBoolean()));
                case 1, 2 -> ingest.accept(event(EventType.PURCHASE, id, at, b -> b.line(category + "-" + price,
                        category, price, 1)));
                case 3, 4 -> ingest.accept(event(EventType.CART_CHANGE, id, at, b -> b.line(category + "-" + price,
                        category, price, 1)));
                case 5, 6 -> {
                    String viewed = random.nextBoolean() ? "dress" : "washer";
                    ingest.accept(event(EventType.PRODUCT_VIEW, id, at, b -> b.property("sku", viewed + "-1")
                            .property("category", viewed)));
                }
                case 7 -> ingest.accept(event(EventType.SUPPORT_CONTACT, id, at, b -> b.property("topic", "delivery")));
                case 8 -> ingest.accept(event(EventType.COMPLAINT, id, at, b -> b.property("reason", "late")));
                case 9 -> {
                    boolean gold = random.nextBoolean();
                    ingest.accept(event(EventType.ATTRIBUTE_CONFIRMED, id, at, b -> b.property("attribute", "tier")
                            .property("value", gold ? "gold" : "silver")));
                }
                default -> {
                    // the loyalty customer k turns out to be email customer k: their profiles merge
                    int k = random.nextInt(2);
                    ingest.accept(event(EventType.PRODUCT_VIEW, email(k), at, b -> b.link(loyalty(k))
                            .property("sku", "tv-9").property("category", "tv")));
                }
            }
        }
        for (int h = 0; h < 72; h++) {
            now[0] = now[0].plusSeconds(3600);
            steps.add(new Step(now[0], null));
        }
        return new CrashWorkload(ProgramWorkload.definitions(Set.copyOf(ProgramWorkload.SHAPES), 3), steps);
    }

    private static Identity email(int who) {
        return ProgramWorkload.email(who);
    }

    private static Identity loyalty(int k) {
        return Identity.loyalty("L-" + (100 + k));
    }

    private static Event consent(Identity who, Instant at, Channel c, Purpose p, boolean granted) {
        return event(EventType.CONSENT_CHANGE, who, at, b -> b.property("channel", c.name())
                .property("purpose", p.name()).property("granted", Value.of(granted)));
    }

    private static Event event(EventType type, Identity who, Instant at, Consumer<Event.Builder> details) {
        Event.Builder b = Event.builder(type, who, at).origin(Origin.WEB);
        details.accept(b);
        return b.build();
    }

    /**
     * Plays the workload on new stores from {@code stores}, crashing at the {@code crashAt}-th write
     * (never when 0), restarting on the same stores and going on to the end.
     *
     * @param redeliverAll whether every event is delivered twice, as a backend may without any crash
     */
    public Outcome play(Supplier<Stores> stores, int crashAt, boolean redeliverAll) {
        Stores disk = stores.get();
        VirtualClock clock = VirtualClock.at(START);
        CrashSwitch crash = new CrashSwitch(crashAt);
        List<String> delivered = new ArrayList<>();
        Relevans engine = start(disk, crash, clock, delivered);
        int crashes = 0;
        for (int i = 0; i < steps.size(); ) {
            Step s = steps.get(i);
            clock.advanceTo(s.at);
            try {
                if (s.event == null) {
                    engine.tick();
                } else {
                    engine.ingest(s.event);
                    if (redeliverAll) {
                        engine.ingest(s.event);
                    }
                }
                i++;
            } catch (Crash c) {
                crashes++;
                engine = start(disk, crash, clock, delivered); // the same step again: at least once
            }
        }
        return outcome(disk, delivered, crash.writes, crashes, crash.crashedAt);
    }

    private Relevans start(Stores disk, CrashSwitch crash, VirtualClock clock, List<String> delivered) {
        SimpleTemplates.Builder templates = SimpleTemplates.builder();
        for (String t : ProgramWorkload.TEMPLATES) {
            templates.template(t, t + " {{category}}", t + " {{category}}{{#lines}} {{sku}}{{/lines}}");
        }
        Relevans.Builder b = Relevans.builder().clock(clock)
                .store(new CrashingCustomerStore(disk.customers(), crash))
                .timers(new CrashingTimerStore(disk.timers(), crash))
                .outbox(new CrashingOutbox(disk.outbox(), crash))
                .templates(templates.build()).retry(RetryPolicy.DEFAULT).definitions(definitions);
        b.channel(new CrashingChannel(new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL), crash, delivered));
        b.channel(new CrashingChannel(new InMemoryChannel(Channel.SMS, IdentityType.PHONE), crash, delivered));
        b.channel(new CrashingChannel(new InMemoryChannel(Channel.PUSH, IdentityType.LOGIN), crash, delivered));
        return b.build();
    }

    private static Outcome outcome(Stores disk, List<String> delivered, int writes, int crashes, String crashedAt) {
        List<CustomerRecord> records = new ArrayList<>();
        disk.customers().forEach(records::add);
        records.sort(Comparator.comparing(r -> r.id().value()));
        List<Timer> timers = new ArrayList<>();
        for (CustomerRecord r : records) {
            timers.addAll(disk.timers().of(r.id()));
        }
        timers.sort(Comparator.comparing(Timer::toString));
        List<Message> messages = new ArrayList<>();
        disk.outbox().forEach(messages::add);
        messages.sort(Comparator.comparing(Message::id));
        return new Outcome(messages, timers, records, List.copyOf(delivered), writes, crashes, crashedAt);
    }

    /** The customer ids of the email customers, for checks. */
    public static List<CustomerId> emailCustomers() {
        List<CustomerId> out = new ArrayList<>();
        for (int who = 0; who < EMAIL_CUSTOMERS; who++) {
            out.add(ProgramWorkload.id(who));
        }
        return out;
    }

    // ---------------------------------------------------------------- the crashing wrappers

    private static final class CrashingCustomerStore extends ForwardingCustomerStore {
        private final CustomerStore store;
        private final CrashSwitch crash;

        CrashingCustomerStore(CustomerStore store, CrashSwitch crash) {
            this.store = store;
            this.crash = crash;
        }

        @Override
        protected CustomerStore delegate() {
            return store;
        }

        @Override
        public void save(CustomerRecord record) {
            crash.write("save customer " + record.id());
            store.save(record);
        }

        @Override
        public boolean erase(CustomerId id) {
            crash.write("erase customer " + id);
            return store.erase(id);
        }
    }

    private record CrashingTimerStore(TimerStore timers, CrashSwitch crash) implements TimerStore {
        @Override
        public void schedule(Timer timer) {
            crash.write("schedule " + timer.key());
            timers.schedule(timer);
        }

        @Override
        public boolean cancel(Timer.Key key) {
            crash.write("cancel " + key);
            return timers.cancel(key);
        }

        @Override
        public List<Timer> due(Instant now, int limit) {
            return timers.due(now, limit);
        }

        @Override
        public List<Timer> of(CustomerId customer) {
            return timers.of(customer);
        }

        @Override
        public void eraseCustomer(CustomerId customer) {
            crash.write("erase timers of " + customer);
            timers.eraseCustomer(customer);
        }
    }

    private record CrashingOutbox(Outbox outbox, CrashSwitch crash) implements Outbox {
        @Override
        public boolean add(Message message) {
            crash.write("add message " + message.id());
            return outbox.add(message);
        }

        @Override
        public void update(Message message) {
            crash.write("update message " + message.id() + " to " + message.status());
            outbox.update(message);
        }

        @Override
        public Optional<Message> find(String id) {
            return outbox.find(id);
        }

        @Override
        public List<Message> due(Instant now, int limit) {
            return outbox.due(now, limit);
        }

        @Override
        public List<Message> of(CustomerId customer) {
            return outbox.of(customer);
        }

        @Override
        public void forEach(Consumer<Message> action) {
            outbox.forEach(action);
        }

        @Override
        public void eraseCustomer(CustomerId customer) {
            crash.write("erase messages of " + customer);
            outbox.eraseCustomer(customer);
        }
    }

    /** Crashes after the channel accepted a message, before the engine could record it as sent. */
    private record CrashingChannel(ChannelAdapter inner, CrashSwitch crash, List<String> delivered)
            implements ChannelAdapter {
        @Override
        public Channel channel() {
            return inner.channel();
        }

        @Override
        public IdentityType addressType() {
            return inner.addressType();
        }

        @Override
        public Delivery deliver(RenderedMessage message) {
            Delivery d = inner.deliver(message);
            if (d.outcome() == Delivery.Outcome.ACCEPTED) {
                synchronized (delivered) {
                    delivered.add(message.id());
                }
                crash.write("accepted " + message.id());
            }
            return d;
        }
    }

    /**
     * Plays the workload uncrashed, then crashed at every {@code stride}-th write (the offset turning
     * with each one, so every kind of write is hit), each on new stores, and checks each ends as the
     * uncrashed run.
     *
     * @return how many crash points were tried
     */
    public int crashAtWrites(Supplier<Stores> stores, int stride, String name) {
        Outcome straight = play(stores, 0, false);
        org.junit.jupiter.api.Assertions.assertEquals(straight.delivered().size(), straight.distinctDelivered().size(),
                name + ", uncrashed: each message sent once");
        org.junit.jupiter.api.Assertions.assertTrue(straight.messages().stream()
                .anyMatch(m -> m.status() == Message.Status.SENT), name + ": the workload sends messages");
        org.junit.jupiter.api.Assertions.assertTrue(straight.records().size() < EMAIL_CUSTOMERS + 2,
                name + ": the workload merges profiles");
        int tried = 0;
        for (int k = 1; k <= straight.writes(); k += stride) {
            int at = Math.min(straight.writes(), k + tried % stride);
            assertRecovered(straight, play(stores, at, false), name + ", crash at write " + at);
            tried++;
        }
        return tried;
    }

    /** The number of writes the uncrashed workload makes: its crash points. */
    public int writes(Supplier<Stores> stores) {
        return play(stores, 0, false).writes();
    }

    /**
     * Checks that a run with a crash ended where the uncrashed run did: the same messages (ids,
     * statuses, attempts), timers and customer records (profiles with their consents, segments,
     * features, program starts, applied events), every message the uncrashed run delivered delivered
     * too, and a message delivered twice only when the crash fell after its channel accepted it, then
     * with the same id (the idempotency key the channel sees).
     */
    public static void assertRecovered(Outcome straight, Outcome crashed, String where) {
        org.junit.jupiter.api.Assertions.assertEquals(1, crashed.crashes(), where + ": one crash");
        String at = where + " (" + crashed.crashedAt() + "): ";
        List<Object> differences = new ArrayList<>();
        differences.addAll(difference(straight.records(), crashed.records()));
        differences.addAll(difference(straight.timers(), crashed.timers()));
        differences.addAll(difference(straight.messages(), crashed.messages()));
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), differences,
                at + "customer records, timers and messages only in the uncrashed run (expected) or the crashed one");
        org.junit.jupiter.api.Assertions.assertEquals(straight.distinctDelivered(), crashed.distinctDelivered(),
                where + " (" + crashed.crashedAt() + "): delivered message ids");
        List<String> again = new ArrayList<>(crashed.delivered());
        crashed.distinctDelivered().forEach(again::remove);
        // the channel accepted the message, the process died before the outbox said so: sent again, same id
        java.util.regex.Matcher acceptedThenCrashed = java.util.regex.Pattern
                .compile("(?:accepted|update message) (\\S+)(?: to SENT)?").matcher(crashed.crashedAt());
        List<String> allowed = acceptedThenCrashed.matches() ? List.of(acceptedThenCrashed.group(1)) : List.of();
        org.junit.jupiter.api.Assertions.assertTrue(allowed.containsAll(again),
                where + " (" + crashed.crashedAt() + "): delivered again " + again);
    }

    /** What only one of the lists has: the first's, then the second's; empty when they are equal. */
    private static <T> List<Object> difference(List<T> expected, List<T> actual) {
        if (expected.equals(actual)) {
            return List.of();
        }
        List<Object> out = new ArrayList<>();
        expected.stream().filter(x -> !actual.contains(x)).forEach(x -> out.add("expected " + x));
        actual.stream().filter(x -> !expected.contains(x)).forEach(x -> out.add("actual " + x));
        if (out.isEmpty()) {
            out.add("same elements, other order or count: " + expected.size() + " vs " + actual.size());
        }
        return out;
    }

    /** Messages per status, for the report. */
    public static Map<Message.Status, Long> statuses(Outcome o) {
        Map<Message.Status, Long> out = new TreeMap<>();
        o.messages().forEach(m -> out.merge(m.status(), 1L, Long::sum));
        return out;
    }
}
