package io.relevans.micrometer;

import io.relevans.Relevans;
import io.relevans.RetryPolicy;
import io.relevans.VirtualClock;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Features;
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
import io.relevans.spi.EngineObserver;
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.Message;
import io.relevans.spi.SimpleTemplates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A small shop on virtual time for the observer's tests: six customers with email and phone, a welcome
 * program on signup (suppressed: no consent yet), a cart program that waits an hour, splits into two
 * variants and sends by email at most once a week, and a "buyers" segment (a purchase in 30 days).
 */
final class Shop {

    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    static final int CUSTOMERS = 6;

    static final Segment BUYERS = Segment.named("buyers")
            .when(Features.count(EventType.PURCHASE).within(Window.days(30)).atLeast(1));

    static final Program WELCOME = Program.named("welcome").on(Trigger.event(EventMatch.of(EventType.SIGNUP)))
            .steps(Steps.send("hello", ChannelChoice.of(Channel.EMAIL), "welcome").build()).build();

    static final Program CART = Program.named("cart").on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
            .reentry(Reentry.RESTART).cap(1, Duration.ofDays(7))
            .steps(Steps.wait("wait", Duration.ofHours(1)),
                    new Step.Split("ab", List.of(new Step.Variant("short", 1, "send_a"),
                            new Step.Variant("long", 1, "send_b"))),
                    Steps.send("send_a", ChannelChoice.of(Channel.EMAIL), "cart_short").build(),
                    Steps.end("done_a"),
                    Steps.send("send_b", ChannelChoice.of(Channel.EMAIL), "cart_long").build())
            .build();

    static final Definitions DEFINITIONS = Definitions.builder().segment(BUYERS).program(WELCOME).program(CART)
            .build();

    final VirtualClock clock = VirtualClock.at(START);
    final InMemoryChannel email = new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL);
    final Relevans engine;
    /** Every event given to the engine, for the tests that look for personal data in tags. */
    final List<Event> events = new ArrayList<>();
    private int sequence;

    Shop(EngineObserver observer) {
        SimpleTemplates.Builder templates = SimpleTemplates.builder();
        for (String t : List.of("welcome", "cart_short", "cart_long")) {
            templates.template(t, t, t);
        }
        engine = Relevans.builder().clock(clock).observer(observer).channel(email).templates(templates.build())
                .retry(RetryPolicy.DEFAULT).definitions(DEFINITIONS).build();
    }

    static Identity email(int who) {
        return Identity.email("kari.nordmann" + who + "@example.com");
    }

    static Identity phone(int who) {
        return Identity.phone("+47 4000 100" + who);
    }

    /** An event of the customer at the clock's time, with an id of its own. */
    Event event(int who, EventType type, Consumer<Event.Builder> more) {
        Event.Builder b = Event.builder(type, email(who), clock.instant()).id("ev-" + (++sequence)).origin(Origin.WEB);
        more.accept(b);
        Event e = b.build();
        events.add(e);
        return e;
    }

    Event ingest(int who, EventType type, Consumer<Event.Builder> more) {
        Event e = event(who, type, more);
        engine.ingest(e);
        return e;
    }

    /** Every customer signs up (with a phone linked) and then grants email marketing consent. */
    void signUpAll() {
        for (int who = 0; who < CUSTOMERS; who++) {
            int w = who;
            ingest(who, EventType.SIGNUP, b -> b.link(phone(w)));
            consent(who, true);
        }
    }

    void consent(int who, boolean granted) {
        ingest(who, EventType.CONSENT_CHANGE, b -> b.property("channel", "email").property("purpose", "marketing")
                .property("granted", granted));
    }

    void cart(int who) {
        ingest(who, EventType.CART_CHANGE, b -> b.line("tv-55", "tv", 8999, 1));
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    /** The customers' ids, identity values and message ids, and the event ids: values no tag may take. */
    Set<String> personalValues() {
        Set<String> out = new TreeSet<>();
        for (int who = 0; who < CUSTOMERS; who++) {
            out.add(email(who).value());
            out.add(phone(who).value());
            CustomerId id = engine.customer(email(who)).orElseThrow().customer().id();
            out.add(id.value());
            engine.messages(id).stream().map(Message::id).forEach(out::add);
        }
        events.forEach(e -> out.add(e.id()));
        return out;
    }

    /** The customers whose cart message waits for a retry. */
    List<Integer> retrying() {
        List<Integer> out = new ArrayList<>();
        for (int who = 0; who < CUSTOMERS; who++) {
            if (engine.messages(email(who)).stream().anyMatch(m -> m.status() == Message.Status.RETRYING)) {
                out.add(who);
            }
        }
        return out;
    }
}
