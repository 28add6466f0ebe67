package io.relevans.program;

import static io.relevans.definition.Conditions.attribute;
import static io.relevans.definition.Conditions.inSegment;
import static io.relevans.definition.Conditions.not;
import static io.relevans.definition.Conditions.sinceTrigger;

import io.relevans.Relevans;
import io.relevans.ChannelBreaker;
import io.relevans.RetryPolicy;
import io.relevans.VirtualClock;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.customer.Purpose;
import io.relevans.customer.Value;
import io.relevans.definition.Binding;
import io.relevans.definition.CategoryExclusion;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Features;
import io.relevans.definition.FrequencyCap;
import io.relevans.definition.Policies;
import io.relevans.definition.Program;
import io.relevans.definition.Reentry;
import io.relevans.definition.Segment;
import io.relevans.definition.Step;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import io.relevans.customer.Category;
import io.relevans.spi.Delivery;
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.InMemoryOutbox;
import io.relevans.spi.InMemoryTimerStore;
import io.relevans.spi.Message;
import io.relevans.spi.RenderedMessage;
import io.relevans.spi.SimpleTemplates;
import io.relevans.spi.TemplateRenderer;
import io.relevans.spi.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A retailer's workload for program properties: a fixed pool of program shapes (event and segment
 * triggers, waits, branches, splits, sends by preferred and named channels, asks, purposes, promoted
 * categories, offers, caps, priorities, control shares), a few cap policies, and scripts of customer
 * actions on virtual time (consents, unsubscribes, preferences, attributes, purchases, carts, views,
 * support contacts, complaints, channel outages). {@link Run} plays a script on an engine whose stores
 * can be handed to another engine (a restart).
 */
final class ProgramWorkload {

    static final Instant START = Instant.parse("2026-03-02T09:00:00Z"); // Monday 10:00 in Oslo
    static final int CUSTOMERS = 4;
    static final List<Channel> CHANNELS = List.of(Channel.EMAIL, Channel.SMS, Channel.PUSH);
    /** The identity each channel addresses. */
    static final Map<Channel, IdentityType> ADDRESSES = Map.of(Channel.EMAIL, IdentityType.EMAIL, Channel.SMS,
            IdentityType.PHONE, Channel.PUSH, IdentityType.LOGIN);
    static final List<Purpose> PURPOSES = List.of(Purpose.MARKETING, Purpose.SURVEYS, Purpose.SERVICE);
    static final List<String> CATEGORIES = List.of("tv", "dress", "balcony", "washer");
    static final List<String> TEMPLATES = List.of("cart_reminder", "review_request", "dress_offer", "satisfaction",
            "tv_offer", "sms_offer", "care", "we_miss_you", "washer_offer", "cart_reminder_b", "welcome");

    /** The names of the program shapes in the pool. */
    static final List<String> SHAPES = List.of("cart", "review", "dress", "support", "vip", "care", "winback", "washer");

    private ProgramWorkload() {
    }

    // ---------------------------------------------------------------- definitions

    static final List<Segment> SEGMENTS = List.of(
            Segment.named("big_spender").when(Features.sum(EventType.PURCHASE, "line.amount").within(Window.days(30))
                    .atLeast(8_000)),
            Segment.named("complainer").when(Features.count(EventType.COMPLAINT).within(Window.days(14)).atLeast(1)),
            Segment.named("gold").when(attribute("tier").is("gold")));

    /** A program of the pool, by shape name. */
    static Program shape(String name) {
        return switch (name) {
            case "cart" -> Program.named("cart").on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                    .exitOn(EventMatch.of(EventType.PURCHASE)).reentry(Reentry.RESTART).controlShare(0.25)
                    .promotes("tv").offer().priority(5).cap(2, Duration.ofDays(7))
                    .highRelevance(Features.count(EventType.CART_CHANGE).within(Window.days(7)).atLeast(2))
                    .steps(Steps.wait("wait", Duration.ofHours(4)),
                            Steps.send("remind", ChannelChoice.preferred(Channel.EMAIL, Channel.SMS), "cart_reminder")
                                    .with("category", Binding.trigger("line.category")).withLines().build())
                    .build();
            case "review" -> Program.named("review").on(Trigger.event(EventMatch.of(EventType.PURCHASE)))
                    .priority(1)
                    .steps(Steps.wait("wait", Duration.ofDays(2)),
                            new Step.Ask("ask", Step.Question.REVIEW, "", ChannelChoice.preferred(Channel.EMAIL),
                                    "review_request", new TreeMap<>()))
                    .build();
            case "dress" -> Program.named("dress")
                    .on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW).where("category", "dress")))
                    .reentry(Reentry.oncePer(Duration.ofDays(3))).controlShare(0.2).promotes("dress").offer()
                    .priority(3).highRelevance(inSegment("gold"))
                    .steps(Steps.wait("wait", Duration.ofHours(1)),
                            new Step.Branch("bought", sinceTrigger(EventMatch.of(EventType.PURCHASE)), "done", "offer"),
                            Steps.send("offer", ChannelChoice.preferred(Channel.PUSH, Channel.EMAIL), "dress_offer")
                                    .build(),
                            Steps.end("done"))
                    .build();
            case "support" -> Program.named("support").on(Trigger.event(EventMatch.of(EventType.SUPPORT_CONTACT)))
                    .purpose(Purpose.SERVICE).priority(2).highRelevance(not(inSegment("complainer")))
                    .steps(Steps.wait("wait", Duration.ofHours(1)),
                            new Step.Ask("rate", Step.Question.SATISFACTION, "",
                                    ChannelChoice.preferred(Channel.SMS, Channel.EMAIL), "satisfaction", new TreeMap<>()))
                    .build();
            case "vip" -> Program.named("vip").on(Trigger.entered("big_spender")).controlShare(0.3).promotes("tv")
                    .priority(4).highRelevance(inSegment("big_spender"))
                    .steps(new Step.Split("ab", List.of(new Step.Variant("a", 1, "mail"), new Step.Variant("b", 1, "text"))),
                            Steps.send("mail", ChannelChoice.of(Channel.EMAIL), "tv_offer").build(),
                            Steps.end("stop"),
                            Steps.send("text", ChannelChoice.of(Channel.SMS), "sms_offer").build())
                    .build();
            case "care" -> Program.named("care").on(Trigger.event(EventMatch.of(EventType.COMPLAINT)))
                    .purpose(Purpose.SERVICE).priority(10)
                    .steps(Steps.send("sorry", ChannelChoice.of(Channel.EMAIL), "care").build(),
                            new Step.SetAttribute("mark", "cared", Value.of(true)),
                            Steps.wait("wait", Duration.ofDays(1)),
                            Steps.send("follow", ChannelChoice.preferred(Channel.EMAIL, Channel.PUSH), "care").build())
                    .build();
            case "winback" -> Program.named("winback").on(Trigger.exited("big_spender")).promotes("balcony")
                    .cap(1, Duration.ofDays(30))
                    .steps(Steps.wait("wait", Duration.ofDays(1)),
                            Steps.send("back", ChannelChoice.preferred(Channel.EMAIL), "we_miss_you").build())
                    .build();
            case "washer" -> Program.named("washer")
                    .on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW).where("category", "washer")))
                    .reentry(Reentry.oncePer(Duration.ofDays(2))).promotes("washer").offer()
                    .exitWhen(inSegment("complainer")).priority(3).cap(1, Duration.ofDays(3))
                    .highRelevance(inSegment("gold"))
                    .steps(Steps.send("now", ChannelChoice.preferred(Channel.EMAIL), "washer_offer").build(),
                            Steps.wait("wait", Duration.ofDays(2)),
                            Steps.send("again", ChannelChoice.preferred(Channel.EMAIL, Channel.SMS), "washer_offer")
                                    .build())
                    .build();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /**
     * The policies of cap set 0 to 3: none, overall (capped messages wait up to 12 hours for a slot), per
     * channel, overall (waiting up to a day) and per channel.
     */
    static Policies policies(int caps) {
        Policies p = Policies.DEFAULT.withExclusion(new CategoryExclusion(Category.of("balcony"),
                attribute("balcony").is(false)));
        return switch (caps) {
            case 0 -> p;
            case 1 -> p.withCap(FrequencyCap.overall(2, Duration.ofDays(1)).deferUpTo(Duration.ofHours(12)));
            case 2 -> p.withCap(FrequencyCap.perChannel(Channel.EMAIL, 2, Duration.ofDays(2)))
                    .withCap(FrequencyCap.perChannel(Channel.SMS, 1, Duration.ofDays(7)));
            default -> p.withCap(FrequencyCap.overall(3, Duration.ofDays(3)).deferUpTo(Duration.ofDays(1)))
                    .withCap(FrequencyCap.perChannel(Channel.PUSH, 1, Duration.ofDays(1)));
        };
    }

    /** A template for every id the pool uses, with the trigger's category and lines. */
    static TemplateRenderer templates() {
        SimpleTemplates.Builder templates = SimpleTemplates.builder();
        for (String t : TEMPLATES) {
            templates.template(t, t + " {{category}}", t + " {{category}}{{#lines}} {{sku}}{{/lines}}");
        }
        return templates.build();
    }

    static Definitions definitions(Set<String> shapes, int caps) {
        Definitions.Builder b = Definitions.builder().segments(SEGMENTS).policies(policies(caps));
        for (String s : SHAPES) {
            if (shapes.contains(s)) {
                b.program(shape(s));
            }
        }
        return b.build();
    }

    // ---------------------------------------------------------------- scripts

    /** What a script step does. */
    enum Op { CONSENT, UNSUBSCRIBE, PREFERENCE, CHANNELS, TIER, BALCONY, PURCHASE, CART, VIEW, SUPPORT, COMPLAINT, OUTAGE }

    /**
     * One script step: after {@code gapMinutes} (the clock ticks at least hourly meanwhile), customer
     * {@code who} does {@code op}; {@code a} and {@code b} pick channel, purpose, category or price;
     * {@code flag} grants or withdraws, declares interest or not, starts or ends an outage.
     */
    record Action(int gapMinutes, int who, Op op, int a, int b, boolean flag) {
        Channel channel() {
            return CHANNELS.get(a % CHANNELS.size());
        }

        Purpose purpose() {
            return PURPOSES.get(b % PURPOSES.size());
        }

        String category() {
            return CATEGORIES.get(a % CATEGORIES.size());
        }
    }

    /** A script: initial consents (9 bits per customer: channel x purpose), then the steps. */
    record Script(List<Integer> consents, List<Action> actions) {
    }

    static Arbitrary<Action> actions() {
        Arbitrary<Integer> gap = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(1, 90)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(90, 8 * 60)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(8 * 60, 30 * 60)));
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.just(Op.CONSENT)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Op.UNSUBSCRIBE)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Op.PREFERENCE)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Op.CHANNELS)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Op.TIER)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Op.BALCONY)),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(Op.PURCHASE)),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(Op.CART)),
                net.jqwik.api.Tuple.of(5, Arbitraries.just(Op.VIEW)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Op.SUPPORT)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Op.COMPLAINT)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Op.OUTAGE)));
        return Combinators.combine(gap, Arbitraries.integers().between(0, CUSTOMERS - 1), op,
                Arbitraries.integers().between(0, 11), Arbitraries.integers().between(0, 5), Arbitraries.of(true, false))
                .as(Action::new);
    }

    static Arbitrary<Script> scripts(int minActions, int maxActions) {
        // each of the 9 channel x purpose consents granted with probability 3/4
        Arbitrary<Integer> mask = Arbitraries.integers().between(0, 511).list().ofSize(2)
                .map(two -> two.get(0) | two.get(1));
        Arbitrary<List<Integer>> consents = mask.list().ofSize(CUSTOMERS);
        return Combinators.combine(consents, actions().list().ofMinSize(minActions).ofMaxSize(maxActions))
                .as(Script::new);
    }

    static Identity email(int who) {
        return Identity.email("g" + who + "@example.com");
    }

    static CustomerId id(int who) {
        return CustomerId.derivedFrom(email(who));
    }

    // ---------------------------------------------------------------- running

    /** An event the script fed, with the moment it was ingested (its time). */
    record Fed(int who, Event event) {
    }

    /**
     * An engine on virtual time with email, SMS and push channels, over stores that may outlive it.
     * Records every event it feeds.
     */
    static final class Run {
        final VirtualClock clock;
        final InMemoryCustomerStore store;
        final InMemoryTimerStore timers;
        final InMemoryOutbox outbox;
        final Definitions definitions;
        final List<Fed> fed;
        /** The outage each channel is in (a failure answered to every attempt), null when up. */
        final Map<Channel, Delivery> outages;
        /** Deliveries of the engines this run had before the current one, per channel in order. */
        final Map<Channel, List<RenderedMessage>> delivered;
        /** When each delivered message was handed to its channel (the tick that delivered it). */
        final Map<String, Instant> deliveredAt = new LinkedHashMap<>();
        Map<Channel, InMemoryChannel> adapters;
        Relevans engine;
        /** How its engines pause a failing channel. */
        final ChannelBreaker breaker;
        /** Told of every event before the engine ingests it. */
        java.util.function.Consumer<Event> beforeIngest = e -> { };
        /** Run before every tick of the engine. */
        Runnable beforeTick = () -> { };

        Run(Definitions definitions) {
            this(definitions, ChannelBreaker.DEFAULT);
        }

        /** A run whose engines pause a failing channel as the breaker says. */
        Run(Definitions definitions, ChannelBreaker breaker) {
            this(definitions, VirtualClock.at(START), new InMemoryCustomerStore(), new InMemoryTimerStore(),
                    new InMemoryOutbox(), new ArrayList<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), breaker);
        }

        private Run(Definitions definitions, VirtualClock clock, InMemoryCustomerStore store, InMemoryTimerStore timers,
                    InMemoryOutbox outbox, List<Fed> fed, Map<Channel, Delivery> outages,
                    Map<Channel, List<RenderedMessage>> delivered, ChannelBreaker breaker) {
            this.breaker = breaker;
            this.definitions = definitions;
            this.clock = clock;
            this.store = store;
            this.timers = timers;
            this.outbox = outbox;
            this.fed = fed;
            this.outages = outages;
            this.delivered = delivered;
            start();
        }

        /** A new engine, with new channel adapters (in the same outages), over the same stores and clock. */
        void restart() {
            collectDeliveries();
            start();
        }

        private void start() {
            adapters = new LinkedHashMap<>();
            CHANNELS.forEach(c -> adapters.put(c, new InMemoryChannel(c, ADDRESSES.get(c))));
            outages.forEach((c, d) -> adapters.get(c).failAlways(d));
            Relevans.Builder b = Relevans.builder().clock(clock).store(store).timers(timers).outbox(outbox)
                    .templates(templates()).retry(RetryPolicy.DEFAULT).breaker(breaker).definitions(definitions);
            adapters.values().forEach(b::channel);
            engine = b.build();
        }

        private void collectDeliveries() {
            adapters.forEach((c, a) -> delivered.computeIfAbsent(c, x -> new ArrayList<>()).addAll(a.delivered()));
        }

        /** Every delivery so far, of every engine this run had, per channel in order. */
        Map<Channel, List<RenderedMessage>> deliveries() {
            Map<Channel, List<RenderedMessage>> out = new LinkedHashMap<>();
            for (Channel c : CHANNELS) {
                List<RenderedMessage> all = new ArrayList<>(delivered.getOrDefault(c, List.of()));
                all.addAll(adapters.get(c).delivered());
                out.put(c, all);
            }
            return out;
        }

        /** Signs the customers up and gives their initial consents, a minute apart. */
        void setUp(List<Integer> consents) {
            for (int who = 0; who < CUSTOMERS; who++) {
                int w = who;
                feed(who, EventType.SIGNUP, b -> b.link(Identity.phone("+47 4000 000" + w)).link(Identity.login("g" + w)));
                for (int bit = 0; bit < 9; bit++) {
                    if ((consents.get(who) & (1 << bit)) != 0) {
                        Channel c = CHANNELS.get(bit / 3);
                        Purpose p = PURPOSES.get(bit % 3);
                        tickAfter(1);
                        feed(who, EventType.CONSENT_CHANGE, e -> e.property("channel", c.name())
                                .property("purpose", p.name()).property("granted", true));
                    }
                }
                tickAfter(1);
            }
        }

        /** Plays the actions; the clock ticks at least every hour and after every action. */
        void play(List<Action> actions) {
            for (Action a : actions) {
                tickAfter(a.gapMinutes());
                apply(a);
                tick();
            }
        }

        /** Lets time pass, ticking every hour. */
        void idle(Duration d) {
            tickAfter((int) d.toMinutes());
        }

        private void tickAfter(int minutes) {
            int left = minutes;
            while (left > 60) {
                clock.advance(Duration.ofMinutes(60));
                tick();
                left -= 60;
            }
            clock.advance(Duration.ofMinutes(left));
        }

        /** Ticks the engine and notes when new deliveries happened. */
        void tick() {
            beforeTick.run();
            engine.tick();
            adapters.values().forEach(a -> a.delivered().forEach(m -> deliveredAt.putIfAbsent(m.id(), clock.instant())));
        }

        private void apply(Action a) {
            int who = a.who();
            switch (a.op()) {
                case CONSENT -> feed(who, EventType.CONSENT_CHANGE, e -> e.property("channel", a.channel().name())
                        .property("purpose", a.purpose().name()).property("granted", a.flag()));
                case UNSUBSCRIBE -> feed(who, EventType.MESSAGE_UNSUBSCRIBED, e -> {
                    e.property("message_id", "m-unknown").property("channel", a.channel().name());
                    if (a.flag()) {
                        e.property("purpose", a.purpose().name());
                    }
                });
                case PREFERENCE -> feed(who, EventType.PREFERENCE_DECLARED, e -> e.property("category", a.category())
                        .property("interest", a.flag() ? "interested" : "not_interested"));
                case CHANNELS -> {
                    List<Channel> order = new ArrayList<>(CHANNELS);
                    java.util.Collections.rotate(order, a.a());
                    String text = String.join(",", order.subList(0, 1 + a.b() % 3).stream().map(Channel::name).toList());
                    feed(who, EventType.PREFERENCE_DECLARED, e -> e.property("channels", text));
                }
                case TIER -> feed(who, EventType.ATTRIBUTE_CONFIRMED, e -> e.property("attribute", "tier")
                        .property("value", a.flag() ? "gold" : "silver"));
                case BALCONY -> feed(who, EventType.ATTRIBUTE_CONFIRMED, e -> e.property("attribute", "balcony")
                        .property("value", Value.of(a.flag())));
                case PURCHASE -> feed(who, EventType.PURCHASE, e -> e.line(a.category() + "-" + a.b(), a.category(),
                        500 + 1_500 * a.b(), 1 + a.a() % 2));
                case CART -> feed(who, EventType.CART_CHANGE, e -> e.line(a.category() + "-" + a.b(), a.category(),
                        500 + 1_500 * a.b(), 1));
                case VIEW -> {
                    String category = a.flag() ? (a.a() % 2 == 0 ? "dress" : "washer") : a.category();
                    feed(who, EventType.PRODUCT_VIEW, e -> e.property("sku", category + "-" + a.b())
                            .property("category", category));
                }
                case SUPPORT -> feed(who, EventType.SUPPORT_CONTACT, e -> e.property("topic", "delivery"));
                case COMPLAINT -> feed(who, EventType.COMPLAINT, e -> e.property("reason", "late"));
                case OUTAGE -> {
                    Channel c = a.channel();
                    if (a.flag()) {
                        Delivery d = a.b() % 2 == 0 ? Delivery.retryLater("gateway timeout")
                                : Delivery.failed("rejected");
                        outages.put(c, d);
                        adapters.get(c).failAlways(d);
                    } else {
                        outages.remove(c);
                        adapters.get(c).recover();
                    }
                }
            }
        }

        void feed(int who, EventType type, java.util.function.Consumer<Event.Builder> details) {
            Event.Builder b = Event.builder(type, email(who), clock.instant()).origin(Origin.WEB);
            details.accept(b);
            Event e = b.build();
            fed.add(new Fed(who, e));
            beforeIngest.accept(e);
            engine.ingest(e);
        }

        /** Every message in the outbox, in the order added. */
        List<Message> messages() {
            List<Message> out = new ArrayList<>();
            outbox.forEach(out::add);
            return out;
        }

        /** Every customer's timers. */
        Map<CustomerId, List<Timer>> waiting() {
            Map<CustomerId, List<Timer>> out = new TreeMap<>(java.util.Comparator.comparing(CustomerId::value));
            for (int who = 0; who < CUSTOMERS; who++) {
                out.put(id(who), timers.of(id(who)));
            }
            return out;
        }
    }
}
