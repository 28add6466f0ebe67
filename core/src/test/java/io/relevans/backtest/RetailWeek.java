package io.relevans.backtest;

import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.Channel;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Program;
import io.relevans.definition.Reentry;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.InMemoryOutbox;
import io.relevans.spi.Message;
import io.relevans.spi.SimpleTemplates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A small shop's ten days for backtests: 30 customers sign up (a fifth without email consent), fill carts
 * every third day and sometimes buy; a welcome program with a control group and a cart reminder after a
 * wait. {@link #live} runs the events through an engine the way an application would (real templates,
 * channels that accept, a tick every hour), as the reference a backtest must reproduce.
 */
final class RetailWeek {

    static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    static final Instant END = START.plus(Duration.ofDays(10));
    static final int CUSTOMERS = 30;

    private RetailWeek() {
    }

    static Program welcome() {
        return Program.named("welcome").on(Trigger.event(EventMatch.of(EventType.SIGNUP))).controlShare(0.2)
                .steps(Steps.send("hello", ChannelChoice.preferred(Channel.EMAIL), "welcome").build())
                .build();
    }

    static Program.Builder cart() {
        return Program.named("cart").on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                .exitOn(EventMatch.of(EventType.PURCHASE)).reentry(Reentry.RESTART);
    }

    static Program cart(Duration wait) {
        return cart().steps(Steps.wait("wait", wait),
                Steps.send("remind", ChannelChoice.preferred(Channel.EMAIL), "cart_reminder").withLines().build())
                .build();
    }

    /** Welcome and a cart reminder after four hours. */
    static Definitions definitions() {
        return Definitions.builder().program(welcome()).program(cart(Duration.ofHours(4))).build();
    }

    static Identity email(int who) {
        return Identity.email("c" + who + "@example.com");
    }

    /** The ten days' events in time order (ids given, as a backend gives them). */
    static List<Event> events() {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            Instant signup = START.plus(Duration.ofHours(9)).plus(Duration.ofMinutes(i));
            if (i % 5 != 0) {
                out.add(Event.builder(EventType.CONSENT_CHANGE, email(i), signup.minusSeconds(30)).id("consent-" + i)
                        .property("channel", "email").property("purpose", "marketing").property("granted", true).build());
            }
            out.add(Event.builder(EventType.SIGNUP, email(i), signup).id("signup-" + i)
                    .link(Identity.phone("+4740000" + (100 + i))).build());
        }
        for (int day = 1; day < 10; day++) {
            for (int i = 0; i < CUSTOMERS; i++) {
                Instant morning = START.plus(Duration.ofDays(day)).plus(Duration.ofHours(10)).plus(Duration.ofMinutes(i));
                if ((i + day) % 3 == 0) {
                    out.add(Event.builder(EventType.CART_CHANGE, email(i), morning).id("cart-" + i + "-" + day)
                            .line("tv-" + day, "tv", 4_990, 1).build());
                }
                if ((i + day) % 7 == 0) {
                    out.add(Event.builder(EventType.PURCHASE, email(i), morning.plus(Duration.ofHours(2)))
                            .id("order-" + i + "-" + day).line("tv-" + day, "tv", 4_990, 1).build());
                }
            }
        }
        out.sort(Comparator.comparing(Event::time));
        return out;
    }

    /**
     * The events through an engine as an application runs it: real templates, channels that accept, each
     * event ingested at its time and a tick at every full hour from the start to the end.
     *
     * @return the outbox at the end, ordered by decision time, then id
     */
    static List<Message> live(Definitions definitions, List<Event> events) {
        VirtualClock clock = VirtualClock.at(START);
        InMemoryOutbox outbox = new InMemoryOutbox();
        SimpleTemplates.Builder templates = SimpleTemplates.builder();
        definitions.templateIds().forEach(t -> templates.template(t, "About " + t, "<p>{{#lines}}{{sku}} {{/lines}}</p>"));
        Relevans engine = Relevans.builder().clock(clock).outbox(outbox).templates(templates.build())
                .channel(new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL))
                .channel(new InMemoryChannel(Channel.SMS, IdentityType.PHONE))
                .channel(new InMemoryChannel(Channel.PUSH, IdentityType.LOGIN))
                .channel(new InMemoryChannel(Channel.IN_STORE, IdentityType.LOYALTY_NUMBER))
                .definitions(definitions).build();
        Instant next = START.plus(Duration.ofHours(1));
        for (Event e : events) {
            while (!next.isAfter(e.time())) {
                clock.advanceTo(next);
                engine.tick();
                next = next.plus(Duration.ofHours(1));
            }
            clock.advanceTo(e.time());
            engine.ingest(e);
        }
        while (!next.isAfter(END)) {
            clock.advanceTo(next);
            engine.tick();
            next = next.plus(Duration.ofHours(1));
        }
        List<Message> out = new ArrayList<>();
        outbox.forEach(out::add);
        out.sort(BacktestReport.DECIDED);
        return out;
    }

    /** The backtest of the week's events on its definitions, run once for the tests that only read it. */
    static BacktestReport week() {
        return Week.REPORT;
    }

    private static final class Week {
        static final BacktestReport REPORT = backtest(events()).build().run(definitions());
    }

    static Backtest.Builder backtest(List<Event> events) {
        return Backtest.builder().period(START, END).events(events);
    }
}
