package io.relevans.program;

import io.relevans.IngestResult;
import io.relevans.Relevans;
import io.relevans.TickReport;
import io.relevans.VirtualClock;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.definition.Definitions;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.InMemoryOutbox;
import io.relevans.spi.InMemoryTimerStore;
import io.relevans.spi.Message;
import io.relevans.spi.RenderedMessage;
import io.relevans.spi.SimpleTemplates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A retailer's engine on virtual time for program tests: in-memory stores, email, SMS and push
 * channels that record what they deliver, and a template for every id the tests use. Starts on a
 * Monday at 10:00 Oslo time.
 */
final class ProgramKit {
    static final Instant START = Instant.parse("2026-03-02T09:00:00Z"); // 10:00 in Oslo

    final VirtualClock clock = VirtualClock.at(START);
    final InMemoryCustomerStore store = new InMemoryCustomerStore();
    final InMemoryTimerStore timers = new InMemoryTimerStore();
    final InMemoryOutbox outbox = new InMemoryOutbox();
    final InMemoryChannel email = new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL);
    final InMemoryChannel sms = new InMemoryChannel(Channel.SMS, IdentityType.PHONE);
    final InMemoryChannel push = new InMemoryChannel(Channel.PUSH, IdentityType.LOGIN);
    final List<String> actions = new ArrayList<>();
    final Relevans engine;

    ProgramKit(Definitions definitions) {
        SimpleTemplates.Builder templates = SimpleTemplates.builder();
        for (String id : List.of("welcome", "birthday", "cart_reminder", "cart_reminder_b", "we_miss_you", "cross_sell",
                "review_request", "store_review", "satisfaction", "reconfirm", "care", "onboarding", "offer",
                "tv_offer", "dress_offer", "balcony_offer", "washer_offer", "sms_offer", "newsletter")) {
            templates.template(id, id + " {{first_name}}", "Hello {{first_name}}: " + id + " {{category}}{{#lines}} {{sku}}{{/lines}}");
        }
        engine = Relevans.builder().clock(clock).store(store).timers(timers).outbox(outbox)
                .channel(email).channel(sms).channel(push).templates(templates.build())
                .actions((action, customer, data) -> actions.add(action + ":" + customer.value()))
                .definitions(definitions).build();
    }

    /** Ingests an event happening now. */
    IngestResult at(EventType type, Identity who, Consumer<Event.Builder> details) {
        Event.Builder b = Event.builder(type, who, clock.instant()).origin(Origin.WEB);
        details.accept(b);
        return engine.ingest(b.build());
    }

    IngestResult at(EventType type, Identity who) {
        return at(type, who, b -> { });
    }

    /** A customer with an email, a phone, a login and consent for marketing and surveys by email and SMS. */
    CustomerId customer(String name) {
        Identity email = Identity.email(name + "@example.com");
        at(EventType.SIGNUP, email, b -> b.link(Identity.phone("+47 4000 " + Math.abs(name.hashCode() % 10000)))
                .link(Identity.login(name)));
        for (String channel : List.of("email", "sms", "push")) {
            for (String purpose : List.of("marketing", "surveys", "service")) {
                at(EventType.CONSENT_CHANGE, email, b -> b.property("channel", channel).property("purpose", purpose)
                        .property("granted", true));
            }
        }
        return engine.customer(email).orElseThrow().customer().id();
    }

    /** Moves the clock and does what is due. */
    TickReport advance(Duration step) {
        clock.advance(step);
        return engine.tick();
    }

    List<RenderedMessage> deliveredTo(InMemoryChannel channel, String name) {
        return channel.delivered().stream().filter(m -> m.recipient().value().startsWith(name.toLowerCase())
                || m.recipient().value().equals(name)).toList();
    }

    List<Message> messages(CustomerId id) {
        return engine.messages(id);
    }

    List<Message> sentOf(CustomerId id, String program) {
        return engine.messages(id).stream().filter(m -> m.program().equals(program))
                .filter(m -> m.status() == Message.Status.SENT).toList();
    }

    List<Message> suppressedOf(CustomerId id, String program) {
        return engine.messages(id).stream().filter(m -> m.program().equals(program))
                .filter(m -> m.status() == Message.Status.SUPPRESSED).toList();
    }
}
