package io.relevans.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.definition.Binding;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Features;
import io.relevans.definition.Policies;
import io.relevans.definition.Program;
import io.relevans.definition.Reentry;
import io.relevans.definition.Segment;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.json.CustomerJson;
import io.relevans.json.EventJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * GDPR erasure through the engine on a set of stores: after {@code Relevans.erase(id)} nothing of the
 * customer is left in any of them: not the profile, not an identity in the index, not a timer (whose
 * trigger event names the customer), not a message (whose data holds their first name), and neither
 * is anything of a profile merged into the customer earlier. Other customers keep everything. An
 * implementation's test extends this class and gives fresh stores; it may look into its storage more
 * deeply than the SPI allows by overriding {@link #everythingStored()}.
 */
public abstract class ErasureContract {

    private static final Instant MONDAY_9 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Identity ANNA = Identity.email("anna.erasure@example.com");
    private static final Identity ANNA_PHONE = Identity.phone("+47 400 99 001");
    private static final Identity ANNA_COOKIE = Identity.cookie("ck-anna-erasure");
    private static final Identity BOB = Identity.email("bob.keeps@example.com");
    /** What must be gone after the erasure, wherever and however it was stored. */
    private static final List<String> ANNAS_DATA = List.of("anna.erasure@example.com", "4740099001", "ck-anna-erasure",
            "Annabelle", "Cookiebelle");

    /**
     * The stores of one test.
     *
     * @param customers the customer store
     * @param timers    the timer store
     * @param outbox    the outbox
     */
    public record Stores(CustomerStore customers, TimerStore timers, Outbox outbox) {
    }

    protected Stores stores;
    private VirtualClock clock;
    private InMemoryChannel email;
    private InMemoryChannel sms;
    private Relevans engine;

    /** New, empty stores for one test. */
    protected abstract Stores newStores();

    /**
     * Everything the stores hold, as text, to search for what must be gone. By default read through the
     * SPI: every record (profile as JSON, segments, program starts), every timer (with its trigger event
     * as JSON) and every message (with its data and lines).
     */
    protected String everythingStored() {
        StringBuilder sb = new StringBuilder();
        stores.customers().forEach(r -> sb.append(CustomerJson.write(r.customer())).append(r.segments())
                .append(r.starts()).append('\n'));
        for (Timer t : stores.timers().due(Instant.MAX, Integer.MAX_VALUE)) {
            sb.append(t).append(EventJson.write(t.trigger())).append('\n');
        }
        stores.outbox().forEach(m -> sb.append(m).append(m.data()).append(m.lines()).append('\n'));
        return sb.toString();
    }

    @BeforeEach
    void startEngine() {
        stores = newStores();
        clock = VirtualClock.at(MONDAY_9);
        email = new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL);
        sms = new InMemoryChannel(Channel.SMS, IdentityType.PHONE);
        sms.failAlways(Delivery.retryLater("gateway down"));
        Definitions definitions = Definitions.builder()
                .segment(Segment.named("carters").when(Features.count(EventType.CART_CHANGE).within(Window.days(30))
                        .atLeast(1)))
                .program(Program.named("welcome").on(Trigger.event(EventMatch.of(EventType.SIGNUP)))
                        .steps(Steps.send("text", ChannelChoice.of(Channel.SMS), "welcome")
                                .with("name", Binding.attribute("first_name")).build())
                        .build())
                .program(Program.named("cart").on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                        .reentry(Reentry.RESTART)
                        .steps(Steps.wait("wait", Duration.ofHours(4)),
                                Steps.send("remind", ChannelChoice.of(Channel.EMAIL), "cart")
                                        .with("name", Binding.attribute("first_name")).withLines().build())
                        .build())
                .policies(Policies.DEFAULT.withIntimateChannels(Set.of()))
                .build();
        SimpleTemplates templates = SimpleTemplates.builder().template("welcome", "", "Hi {{name}}")
                .template("cart", "Your cart, {{name}}", "{{#lines}}{{sku}} {{/lines}}").build();
        engine = Relevans.builder().clock(clock).store(stores.customers()).timers(stores.timers())
                .outbox(stores.outbox()).channel(email).channel(sms).templates(templates).definitions(definitions)
                .build();
    }

    private void ingest(Identity who, EventType type, java.util.function.Consumer<Event.Builder> details) {
        Event.Builder b = Event.builder(type, who, clock.instant());
        details.accept(b);
        engine.ingest(b.build());
        clock.advance(Duration.ofMinutes(1));
    }

    private void customer(Identity who, String firstName) {
        ingest(who, EventType.ATTRIBUTE_CONFIRMED, b -> b.property("attribute", "first_name").property("value", firstName));
        for (String channel : List.of("email", "sms")) {
            ingest(who, EventType.CONSENT_CHANGE, b -> b.property("channel", channel).property("purpose", "marketing")
                    .property("granted", true));
        }
    }

    @Test
    @DisplayName("erasing a customer removes profile, identities, timers and messages, also those of a profile merged in; others keep theirs")
    void erase_removesTheCustomerFromEveryStore() {
        // a profile known by a cookie only, with a first name, a waiting cart journey and a decided message
        customer(ANNA_COOKIE, "Cookiebelle");
        ingest(ANNA_COOKIE, EventType.SIGNUP, b -> { });
        ingest(ANNA_COOKIE, EventType.CART_CHANGE, b -> b.line("cookie-sku", "tv", 100, 1));
        // Anna by email: name, consents, a phone, a welcome text that keeps failing
        customer(ANNA, "Annabelle");
        ingest(ANNA, EventType.SIGNUP, b -> b.link(ANNA_PHONE));
        engine.tick();
        // Anna links the cookie: the profiles merge
        ingest(ANNA, EventType.CART_CHANGE, b -> b.link(ANNA_COOKIE).line("anna-sku", "tv", 200, 1));
        clock.advance(Duration.ofHours(5));
        engine.tick(); // the cart reminder is sent, the text is retried
        ingest(ANNA, EventType.CART_CHANGE, b -> b.line("anna-sku-2", "tv", 300, 1)); // a journey waits again
        // Bob, who is not erased
        customer(BOB, "Robert");
        ingest(BOB, EventType.SIGNUP, b -> b.link(Identity.phone("+47 400 99 002")));
        ingest(BOB, EventType.CART_CHANGE, b -> b.line("bob-sku", "tv", 400, 1));
        engine.tick();

        CustomerId anna = engine.customer(ANNA).orElseThrow().customer().id();
        CustomerId bob = engine.customer(BOB).orElseThrow().customer().id();
        CustomerId merged = CustomerId.derivedFrom(ANNA).equals(anna) ? CustomerId.derivedFrom(ANNA_COOKIE)
                : CustomerId.derivedFrom(ANNA);
        assertNotEquals(anna, merged);
        assertEquals(anna, engine.customer(ANNA_COOKIE).orElseThrow().customer().id(), "the profiles merged");
        assertFalse(stores.timers().of(anna).isEmpty(), "Anna waits in the cart program");
        assertTrue(stores.outbox().of(anna).stream().anyMatch(m -> m.status() == Message.Status.RETRYING));
        assertTrue(stores.outbox().of(anna).stream().anyMatch(m -> m.status() == Message.Status.SENT));
        String before = everythingStored();
        for (String data : ANNAS_DATA) {
            assertTrue(before.contains(data), () -> "before the erasure the stores hold " + data);
        }
        int emailsBefore = email.delivered().size();
        int textAttemptsBefore = sms.attempts();

        assertTrue(engine.erase(anna));

        assertTrue(stores.customers().load(anna).isEmpty());
        assertTrue(stores.customers().load(merged).isEmpty());
        for (Identity i : List.of(ANNA, ANNA_PHONE, ANNA_COOKIE)) {
            assertTrue(stores.customers().lookup(i).isEmpty(), () -> i + " is still indexed");
            assertTrue(engine.customer(i).isEmpty());
        }
        assertEquals(1, stores.customers().count());
        for (CustomerId id : List.of(anna, merged)) {
            assertEquals(List.of(), stores.timers().of(id));
            assertEquals(List.of(), stores.outbox().of(id));
        }
        List<CustomerId> owners = new ArrayList<>();
        stores.outbox().forEach(m -> owners.add(m.customer()));
        stores.timers().due(Instant.MAX, Integer.MAX_VALUE).forEach(t -> owners.add(t.customer()));
        assertEquals(Set.of(bob), Set.copyOf(owners), "only Bob's timers and messages are left");
        String after = everythingStored();
        for (String data : ANNAS_DATA) {
            assertFalse(after.contains(data), () -> "after the erasure the stores still hold " + data + ":\n" + after);
        }
        for (String id : List.of(anna.value(), merged.value())) {
            assertFalse(after.contains(id), () -> "after the erasure the stores still hold the id " + id);
        }
        assertTrue(after.contains("bob.keeps@example.com") && after.contains("Robert") && after.contains(bob.value()));

        clock.advance(Duration.ofDays(1));
        engine.tick();
        assertEquals(emailsBefore + 1, email.delivered().size(), "only Bob's reminder is sent");
        assertTrue(email.delivered().stream().skip(emailsBefore).allMatch(m -> m.recipient().equals(BOB)));
        assertEquals(textAttemptsBefore + 1, sms.attempts(), "only Bob's text is retried");
        assertFalse(engine.erase(anna), "erased already");
        assertFalse(engine.erase(merged));

        ingest(ANNA, EventType.SIGNUP, b -> { });
        var fresh = engine.customer(ANNA).orElseThrow();
        assertEquals(Set.of(ANNA), fresh.customer().identities(), "a new profile, knowing nothing of the old one");
        assertTrue(fresh.customer().attributes().isEmpty());
        assertEquals(Set.of(), fresh.segments());
    }
}
