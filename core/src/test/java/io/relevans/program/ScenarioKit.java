package io.relevans.program;

import io.relevans.IngestResult;
import io.relevans.Relevans;
import io.relevans.TickReport;
import io.relevans.VirtualClock;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.customer.Value;
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
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A retailer's engine on virtual time for program tests: in-memory stores, email, SMS and push
 * channels that record what they deliver, a template for every id the tests use, an action adapter
 * that records the data it is given, and helpers for customers with chosen consents, purchases,
 * attribute corrections, Oslo local time and stepping the clock while ticking on the way. Starts on
 * Monday 2026-03-02 at 10:00 Oslo time.
 */
final class ScenarioKit {
    static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
    static final Instant START = Instant.parse("2026-03-02T09:00:00Z"); // 10:00 in Oslo
    static final List<String> TEMPLATES = List.of("welcome", "birthday", "cart_reminder", "cart_reminder_b",
            "we_miss_you", "cross_sell", "review_request", "store_review", "satisfaction", "reconfirm", "care",
            "onboarding", "offer", "tv_offer", "dress_offer", "balcony_offer", "washer_offer", "sms_offer",
            "newsletter");

    /** An action call as the adapter saw it. */
    record ActionCall(String action, CustomerId customer, Map<String, Value> data) {
    }

    final VirtualClock clock = VirtualClock.at(START);
    final InMemoryCustomerStore store = new InMemoryCustomerStore();
    final InMemoryTimerStore timers = new InMemoryTimerStore();
    final InMemoryOutbox outbox = new InMemoryOutbox();
    final InMemoryChannel email = new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL);
    final InMemoryChannel sms = new InMemoryChannel(Channel.SMS, IdentityType.PHONE);
    final InMemoryChannel push = new InMemoryChannel(Channel.PUSH, IdentityType.LOGIN);
    final List<ActionCall> actions = new ArrayList<>();
    final Relevans engine;

    ScenarioKit(Definitions definitions) {
        SimpleTemplates.Builder templates = SimpleTemplates.builder();
        for (String id : TEMPLATES) {
            templates.template(id, id + " {{first_name}}", id + " {{category}} {{sku}} {{suggest}} {{coupon}} {{store}}"
                    + "{{#lines}} [{{sku}}]{{/lines}}");
        }
        engine = Relevans.builder().clock(clock).store(store).timers(timers).outbox(outbox)
                .channel(email).channel(sms).channel(push).templates(templates.build())
                .actions((action, customer, data) -> actions.add(new ActionCall(action, customer, Map.copyOf(data))))
                .definitions(definitions).build();
    }

    /** An ask step. */
    static io.relevans.definition.Step.Ask ask(String label, io.relevans.definition.Step.Question question,
                                               String attribute, io.relevans.definition.ChannelChoice channel,
                                               String template, Map<String, io.relevans.definition.Binding> data) {
        return new io.relevans.definition.Step.Ask(label, question, attribute, channel, template,
                new java.util.TreeMap<>(data));
    }

    /** A call-action step. */
    static io.relevans.definition.Step.CallAction call(String label, String action,
                                                      Map<String, io.relevans.definition.Binding> data) {
        return new io.relevans.definition.Step.CallAction(label, action, new java.util.TreeMap<>(data));
    }

    static Identity email(String name) {
        return Identity.email(name + "@example.com");
    }

    /** The instant of a local Oslo date and time. */
    static Instant oslo(int year, int month, int day, int hour, int minute) {
        return LocalDateTime.of(year, month, day, hour, minute).atZone(OSLO).toInstant();
    }

    /** Ingests an event happening now, from the web unless the details say otherwise. */
    IngestResult at(EventType type, Identity who, Consumer<Event.Builder> details) {
        Event.Builder b = Event.builder(type, who, clock.instant()).origin(Origin.WEB);
        details.accept(b);
        return engine.ingest(b.build());
    }

    IngestResult at(EventType type, Identity who) {
        return at(type, who, b -> { });
    }

    /** A customer with an email, a phone, a login and consent for marketing, surveys and service on all three. */
    CustomerId customer(String name) {
        return customer(name, List.of("email", "sms", "push"), List.of("marketing", "surveys", "service"));
    }

    /** A customer with an email, a phone and a login, who consented to the purposes on the channels. */
    CustomerId customer(String name, List<String> channels, List<String> purposes) {
        Identity who = email(name);
        at(EventType.SIGNUP, who, b -> b.link(Identity.phone("+47 4000 " + String.format("%04d",
                Math.abs(name.hashCode() % 10000)))).link(Identity.login(name)));
        for (String channel : channels) {
            for (String purpose : purposes) {
                consent(name, channel, purpose, true);
            }
        }
        return id(name);
    }

    IngestResult consent(String name, String channel, String purpose, boolean granted) {
        return at(EventType.CONSENT_CHANGE, email(name), b -> b.property("channel", channel)
                .property("purpose", purpose).property("granted", granted));
    }

    CustomerId id(String name) {
        return engine.customer(email(name)).orElseThrow().customer().id();
    }

    IngestResult purchase(String name, String sku, String category, double price) {
        return at(EventType.PURCHASE, email(name), b -> b.line(sku, category, price, 1));
    }

    IngestResult view(String name, String sku, String category) {
        return at(EventType.PRODUCT_VIEW, email(name), b -> b.property("sku", sku).property("category", category));
    }

    /** Staff in a store corrects an attribute. */
    IngestResult correctedInStore(String name, String attribute, Value value) {
        return at(EventType.ATTRIBUTE_CORRECTED, email(name), b -> b.origin(Origin.STORE)
                .property("attribute", attribute).property("value", value));
    }

    /** The customer confirms an attribute on the web. */
    IngestResult confirmed(String name, String attribute, Value value) {
        return at(EventType.ATTRIBUTE_CONFIRMED, email(name), b -> b.property("attribute", attribute)
                .property("value", value));
    }

    /** Moves the clock and does what is due. */
    TickReport advance(Duration step) {
        clock.advance(step);
        return engine.tick();
    }

    /** Moves the clock to the moment in steps of at most {@code step}, ticking after each. */
    void advanceTo(Instant target, Duration step) {
        while (clock.instant().isBefore(target)) {
            Instant next = clock.instant().plus(step);
            clock.advanceTo(next.isAfter(target) ? target : next);
            engine.tick();
        }
    }

    List<RenderedMessage> deliveredTo(InMemoryChannel channel, String name) {
        return channel.delivered().stream().filter(m -> m.recipient().value().startsWith(name.toLowerCase())
                || m.recipient().value().equals(name)).toList();
    }

    List<Message> messages(CustomerId id) {
        return engine.messages(id);
    }

    List<Message> of(CustomerId id, String program, Message.Status status) {
        return engine.messages(id).stream().filter(m -> m.program().equals(program))
                .filter(m -> m.status() == status).toList();
    }

    List<Message> sentOf(CustomerId id, String program) {
        return of(id, program, Message.Status.SENT);
    }

    List<Message> suppressedOf(CustomerId id, String program) {
        return of(id, program, Message.Status.SUPPRESSED);
    }

    /** The reason of the customer's only suppressed message of the program. */
    String onlyReason(CustomerId id, String program) {
        List<Message> s = suppressedOf(id, program);
        if (s.size() != 1) {
            throw new AssertionError("expected one suppressed message of " + program + ", got " + engine.messages(id));
        }
        return s.get(0).reason();
    }

    List<String> offers(CustomerId id) {
        return engine.nextBestOffers(id).stream().map(o -> o.program()).toList();
    }
}
