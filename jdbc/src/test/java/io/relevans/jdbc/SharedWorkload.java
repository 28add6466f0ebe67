package io.relevans.jdbc;

import io.relevans.Relevans;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.customer.Purpose;
import io.relevans.customer.Value;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Features;
import io.relevans.definition.FrequencyCap;
import io.relevans.definition.Policies;
import io.relevans.definition.Program;
import io.relevans.definition.Reentry;
import io.relevans.definition.Segment;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import io.relevans.spi.ChannelAdapter;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.Delivery;
import io.relevans.spi.Message;
import io.relevans.spi.RenderedMessage;
import io.relevans.spi.SimpleTemplates;
import io.relevans.spi.Storage;
import io.relevans.spi.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A retailer's events for engines sharing one database: customers who sign up by email with their
 * consents, loyalty-card profiles from the stores that turn out to be those customers (their profiles
 * merge), and then purchases, carts, views, complaints and card purchases in random order on virtual
 * time, with a tick after every event and hourly ticks between. Its definitions have features whose
 * values do not depend on the order of events (counts and sums over windows), a once-only welcome, an
 * abandoned cart that ends on a purchase, a review request, a VIP offer on entering a segment, caps.
 * Consents change only while customers sign up, so who may be contacted is known for every message.
 */
final class SharedWorkload {

    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    static final List<String> TEMPLATES = List.of("welcome", "cart_reminder", "review_request", "vip_offer", "care");
    static final FrequencyCap OVERALL = FrequencyCap.overall(3, Duration.ofDays(1));
    static final FrequencyCap EMAIL = FrequencyCap.perChannel(Channel.EMAIL, 4, Duration.ofDays(3));

    /** One thing to do at a moment: ingest the event, or tick when it is null. */
    record Step(Instant at, Event event) {
        boolean isTick() {
            return event == null;
        }
    }

    final int customers;
    final List<Step> steps;
    /** Per email customer, the channel and purpose pairs they consented to ("email/marketing"). */
    final Map<Integer, Set<String>> consents = new TreeMap<>();

    private SharedWorkload(int customers, List<Step> steps) {
        this.customers = customers;
        this.steps = steps;
    }

    static Definitions definitions() {
        return Definitions.builder()
                .segment(Segment.named("buyer").when(Features.count(EventType.PURCHASE).within(Window.days(365)).atLeast(1)))
                .segment(Segment.named("frequent").when(Features.count(EventType.PURCHASE).within(Window.days(365))
                        .atLeast(3)))
                .segment(Segment.named("big_spender").when(Features.sum(EventType.PURCHASE, "line.amount")
                        .within(Window.days(30)).atLeast(8_000)))
                .segment(Segment.named("browser").when(Features.count(EventType.PRODUCT_VIEW).within(Window.days(7))
                        .atLeast(3)))
                .segment(Segment.named("complainer").when(Features.count(EventType.COMPLAINT).within(Window.days(14))
                        .atLeast(1)))
                .policies(Policies.DEFAULT.withCap(OVERALL).withCap(EMAIL))
                .program(Program.named("welcome").on(Trigger.event(EventMatch.of(EventType.SIGNUP)))
                        .reentry(Reentry.ONCE).priority(5)
                        .steps(Steps.wait("settle", Duration.ofMinutes(30)),
                                Steps.send("hello", ChannelChoice.of(Channel.EMAIL), "welcome").build())
                        .build())
                .program(Program.named("abandoned_cart").on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                        .exitOn(EventMatch.of(EventType.PURCHASE)).reentry(Reentry.RESTART).controlShare(0.2)
                        .goal(EventMatch.of(EventType.PURCHASE), Duration.ofDays(7)).priority(3)
                        .steps(Steps.wait("wait", Duration.ofHours(4)),
                                Steps.send("remind", ChannelChoice.preferred(Channel.EMAIL), "cart_reminder")
                                        .withLines().build())
                        .build())
                .program(Program.named("review").on(Trigger.event(EventMatch.of(EventType.PURCHASE)))
                        .reentry(Reentry.WHEN_DONE).purpose(Purpose.SURVEYS).priority(1)
                        .steps(Steps.wait("wait", Duration.ofDays(1)),
                                Steps.send("ask", ChannelChoice.of(Channel.EMAIL), "review_request").build())
                        .build())
                .program(Program.named("vip").on(Trigger.entered("big_spender")).reentry(Reentry.oncePer(Duration.ofDays(7)))
                        .priority(4)
                        .steps(Steps.send("offer", ChannelChoice.of(Channel.EMAIL), "vip_offer").build())
                        .build())
                .program(Program.named("care").on(Trigger.event(EventMatch.of(EventType.COMPLAINT)))
                        .purpose(Purpose.SERVICE).priority(10)
                        .steps(Steps.wait("wait", Duration.ofHours(1)),
                                Steps.send("sorry", ChannelChoice.of(Channel.EMAIL), "care").build())
                        .build())
                .build();
    }

    static SimpleTemplates templates() {
        SimpleTemplates.Builder b = SimpleTemplates.builder();
        TEMPLATES.forEach(t -> b.template(t, t, t + " {{#lines}}{{sku}} {{/lines}}"));
        return b.build();
    }

    /**
     * How long engines of the workload claim due work: three days of virtual time, far longer than the
     * hours by which the clocks of engines working at once drift apart (consecutive steps are at most an
     * hour apart, and the engines meet every few steps), as a real lease (minutes) is far longer than the
     * skew of servers' clocks.
     */
    static final Duration LEASE = Duration.ofDays(3);

    /** An engine of the workload on the storage and clock, delivering email through the channel. */
    static Relevans engine(Storage storage, Clock clock, ChannelAdapter email) {
        return Relevans.builder().clock(clock).storage(storage).channel(email).templates(templates())
                .lease(LEASE).definitions(definitions()).build();
    }

    static Identity email(int who) {
        return Identity.email("shared" + who + "@example.com");
    }

    static Identity card(int who) {
        return Identity.loyalty("C-" + (5000 + who));
    }

    /**
     * A workload of {@code customers} email customers (and as many card profiles) and {@code actions}
     * events after the sign-ups, from the seed.
     */
    static SharedWorkload of(long seed, int customers, int actions) {
        Random random = new Random(seed);
        List<Step> steps = new ArrayList<>();
        SharedWorkload w = new SharedWorkload(customers, steps);
        Instant[] now = {START};
        Consumer<Event> ingest = e -> {
            steps.add(new Step(now[0], e));
            steps.add(new Step(now[0], null));
        };
        String[] pairs = {"email/marketing", "email/surveys", "email/service"};
        for (int who = 0; who < customers; who++) {
            now[0] = now[0].plusSeconds(60);
            ingest.accept(event(EventType.SIGNUP, email(who), now[0], b -> { }));
            Set<String> granted = new TreeSet<>();
            for (String pair : pairs) {
                if (random.nextInt(4) > 0) {
                    granted.add(pair);
                    String[] cp = pair.split("/");
                    ingest.accept(event(EventType.CONSENT_CHANGE, email(who), now[0], b -> b.property("channel", cp[0])
                            .property("purpose", cp[1]).property("granted", Value.of(true))));
                }
            }
            w.consents.put(who, granted);
        }
        String[] categories = {"tv", "dress", "washer", "tent"};
        for (int i = 0; i < actions; i++) {
            int gap = random.nextInt(10) < 8 ? 1 + random.nextInt(30) : 30 + random.nextInt(6 * 60);
            Instant target = now[0].plusSeconds(gap * 60L);
            while (now[0].plusSeconds(3600).isBefore(target)) {
                now[0] = now[0].plusSeconds(3600);
                steps.add(new Step(now[0], null));
            }
            now[0] = target;
            int who = random.nextInt(customers);
            String category = categories[random.nextInt(categories.length)];
            int price = 500 + 1_500 * random.nextInt(5);
            Instant at = now[0];
            switch (random.nextInt(12)) {
                case 0, 1 -> ingest.accept(event(EventType.PURCHASE, email(who), at, b -> b.line(category + "-" + price,
                        category, price, 1)));
                case 2, 3, 4 -> ingest.accept(event(EventType.CART_CHANGE, email(who), at, b -> b.line(category + "-" + price,
                        category, price, 1)));
                case 5, 6, 7 -> ingest.accept(event(EventType.PRODUCT_VIEW, email(who), at, b -> b.property("sku",
                        category + "-1").property("category", category)));
                case 8 -> ingest.accept(event(EventType.COMPLAINT, email(who), at, b -> b.property("reason", "late")));
                case 9, 10 -> ingest.accept(event(EventType.PURCHASE, card(who), at, b -> b.origin(Origin.STORE)
                        .line(category + "-" + price, category, price, 1)));
                default -> ingest.accept(event(EventType.STORE_VISIT, card(who), at, b -> b.origin(Origin.STORE)
                        .link(email(who)).property("store", "oslo")));
            }
        }
        for (int h = 0; h < 48; h++) {
            now[0] = now[0].plusSeconds(3600);
            steps.add(new Step(now[0], null));
        }
        return w;
    }

    private static Event event(EventType type, Identity who, Instant at, Consumer<Event.Builder> details) {
        Event.Builder b = Event.builder(type, who, at).origin(Origin.WEB);
        details.accept(b);
        return b.build();
    }

    /** The same events with a tick on every full hour from the start instead of after every event. */
    SharedWorkload hourly() {
        List<Step> out = new ArrayList<>();
        Instant next = START.plusSeconds(3600);
        for (Step s : steps) {
            if (s.isTick()) {
                continue;
            }
            while (!s.at().isBefore(next)) {
                out.add(new Step(next, null));
                next = next.plusSeconds(3600);
            }
            out.add(s);
        }
        out.add(new Step(next, null));
        SharedWorkload w = new SharedWorkload(customers, out);
        w.consents.putAll(consents);
        return w;
    }

    /** The events, in order. */
    List<Event> events() {
        return steps.stream().filter(s -> !s.isTick()).map(Step::event).toList();
    }

    /** The moment of the last step. */
    Instant end() {
        return steps.get(steps.size() - 1).at();
    }

    /** After the last step, when every claim of an engine killed during the steps has run out. */
    Instant settled() {
        return end().plus(LEASE).plusSeconds(5);
    }

    /** Plays the steps on one engine of the storage, then ticks once more when everything is settled. */
    static void playAlone(SharedWorkload w, Storage storage, ChannelAdapter email) {
        io.relevans.VirtualClock clock = io.relevans.VirtualClock.at(START);
        Relevans engine = engine(storage, clock, email);
        for (Step s : w.steps) {
            clock.advanceTo(s.at());
            if (s.isTick()) {
                engine.tick();
            } else {
                engine.ingest(s.event());
            }
        }
        clock.advanceTo(w.settled());
        engine.tick();
    }

    /** Everything stored on a storage, in a canonical order, for comparisons. */
    record Snapshot(List<CustomerRecord> records, List<Timer> timers, List<Message> messages) {
        static Snapshot of(Storage storage) {
            List<CustomerRecord> records = new ArrayList<>();
            storage.customers().forEach(records::add);
            records.sort(Comparator.comparing(r -> r.id().value()));
            List<Timer> timers = new ArrayList<>();
            records.forEach(r -> timers.addAll(storage.timers().of(r.id())));
            timers.sort(Comparator.comparing(Timer::toString));
            List<Message> messages = new ArrayList<>();
            storage.outbox().forEach(messages::add);
            messages.sort(Comparator.comparing(Message::id));
            return new Snapshot(records, timers, messages);
        }
    }

    /**
     * The figures that do not depend on the order in which events were applied, per customer by their
     * email (the id of a merged customer depends on whether the card was seen alone first): the counts and
     * sums of the definitions and the identities, when everything is settled.
     */
    SortedMap<String, String> figures(Storage storage) {
        Relevans engine = engine(storage, io.relevans.VirtualClock.at(settled()), recording(m -> { }));
        SortedMap<String, String> out = new TreeMap<>();
        storage.customers().forEach(r -> engine.customer(r.id()).ifPresent(v -> {
            String who = r.customer().identities().stream().filter(i -> i.type() == IdentityType.EMAIL)
                    .map(Identity::value).findFirst().orElse(r.id().value());
            out.put(who, v.features() + " " + r.customer().identities().size() + " identities");
        }));
        return out;
    }

    /** The email customer with the number, as the workload made them (a card profile merges into it or not). */
    static CustomerId emailCustomer(int who) {
        return CustomerId.derivedFrom(email(who));
    }

    /** A channel adapter that accepts every email and hands its id to the listener. */
    static ChannelAdapter recording(Consumer<RenderedMessage> delivered) {
        return new ChannelAdapter() {
            @Override
            public Channel channel() {
                return Channel.EMAIL;
            }

            @Override
            public IdentityType addressType() {
                return IdentityType.EMAIL;
            }

            @Override
            public Delivery deliver(RenderedMessage message) {
                delivered.accept(message);
                return Delivery.accepted();
            }
        };
    }
}
