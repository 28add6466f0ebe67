package io.relevans.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Program;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.Message;
import io.relevans.spi.SimpleTemplates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The engine on the JDBC stores survives a restart: a journey waiting in the database continues in a
 * new engine on the same database, and its message is sent exactly once. Each database runs it in a
 * subclass; every test gets a new, empty database.
 */
abstract class EngineRestartBehaviour {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final Identity ANNA = Identity.email("anna@example.com");

    private final VirtualClock clock = VirtualClock.at(START);
    private TestDatabase db;

    /** A new database without the Relevans schema. */
    abstract TestDatabase newDatabase();

    @BeforeEach
    void createDatabase() {
        db = newDatabase();
    }

    private static Definitions cartReminder() {
        Program cart = Program.named("abandoned_cart")
                .on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                .steps(Steps.wait("wait", Duration.ofHours(4)),
                        Steps.send("remind", ChannelChoice.of(Channel.EMAIL), "cart_reminder").withLines().build())
                .build();
        return Definitions.builder().program(cart).build();
    }

    /** An engine as an application would start it: storage opened (and migrated) on a data source. */
    private Relevans start(DataSource dataSource, InMemoryChannel email) {
        JdbcStorage storage = JdbcStorage.open(dataSource);
        return Relevans.builder().clock(clock)
                .store(storage.customers()).timers(storage.timers()).outbox(storage.outbox())
                .channel(email)
                .templates(SimpleTemplates.builder()
                        .template("cart_reminder", "Still thinking?", "{{#lines}}{{sku}} {{/lines}}").build())
                .definitions(cartReminder())
                .build();
    }

    private static InMemoryChannel newEmail() {
        return new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL);
    }

    private void leaveCart(Relevans engine) {
        engine.ingest(Event.builder(EventType.CONSENT_CHANGE, ANNA, clock.instant()).property("channel", "email")
                .property("purpose", "marketing").property("granted", true).build());
        engine.ingest(Event.builder(EventType.CART_CHANGE, ANNA, clock.instant()).line("tv-55", "tv", 8999, 1)
                .build());
    }

    @Test
    @DisplayName("a waiting journey continues in a new engine on the same database and sends once")
    void restart_continuesJourney_sendsExactlyOnce() {
        assertEquals(6, JdbcStorage.migrate(db.dataSource()), "a new database gets the schema (V1 to V6)");
        DataSource again = db.reconnect();
        assertEquals(0, JdbcStorage.migrate(again), "migrating again is a no-op");
        TestDatabase.disconnect(again);
        TestDatabase.disconnect(db.dataSource());

        DataSource firstProcess = db.reconnect();
        InMemoryChannel email1 = newEmail();
        Relevans first = start(firstProcess, email1);
        leaveCart(first);
        CustomerId anna = first.customer(ANNA).orElseThrow().customer().id();
        clock.advance(Duration.ofHours(1));
        first.tick();
        assertEquals(List.of(), email1.delivered(), "the wait is not over");
        assertEquals(1, first.waiting(anna).size());
        TestDatabase.disconnect(firstProcess); // the first engine stops

        DataSource secondProcess = db.reconnect();
        InMemoryChannel email2 = newEmail();
        Relevans second = start(secondProcess, email2);
        assertEquals(Optional.of(anna), second.customer(ANNA).map(v -> v.customer().id()));
        assertEquals(1, second.waiting(anna).size(), "the journey waits in the database");
        clock.advance(Duration.ofHours(3));
        second.tick();
        second.tick();
        clock.advance(Duration.ofDays(1));
        second.tick();

        assertEquals(1, email2.delivered().size(), "sent once, by the new engine");
        assertEquals("tv-55 ", email2.delivered().get(0).body());
        assertEquals(List.of(), email1.delivered());
        assertEquals(List.of(), second.waiting(anna), "the journey is over");
        TestDatabase.disconnect(secondProcess);

        DataSource thirdProcess = db.reconnect();
        InMemoryChannel email3 = newEmail();
        Relevans third = start(thirdProcess, email3);
        third.tick();
        clock.advance(Duration.ofDays(7));
        third.tick();
        assertEquals(List.of(), email3.delivered(), "a restart after sending sends nothing again");
        List<Message> messages = third.messages(anna);
        assertEquals(1, messages.size());
        assertEquals(Message.Status.SENT, messages.get(0).status());
        assertEquals("abandoned_cart", messages.get(0).program());
        TestDatabase.disconnect(thirdProcess);
    }

    @Test
    @DisplayName("erasing a customer through the engine removes profile, identities, timers and messages")
    void erase_removesEverythingOfTheCustomer() {
        Relevans engine = start(db.dataSource(), newEmail());
        leaveCart(engine);
        CustomerId anna = engine.customer(ANNA).orElseThrow().customer().id();
        clock.advance(Duration.ofHours(4));
        engine.tick();
        engine.ingest(Event.builder(EventType.CART_CHANGE, ANNA, clock.instant()).line("tv-56", "tv", 9999, 1).build());
        assertEquals(1, engine.messages(anna).size());
        assertEquals(1, engine.waiting(anna).size());

        assertTrue(engine.erase(anna));
        TestDatabase.disconnect(db.dataSource());

        JdbcStorage storage = JdbcStorage.open(db.reconnect());
        assertEquals(Optional.empty(), storage.customers().load(anna));
        assertEquals(Optional.empty(), storage.customers().lookup(ANNA));
        assertEquals(0, storage.customers().count());
        assertEquals(List.of(), storage.timers().of(anna));
        assertEquals(List.of(), storage.outbox().of(anna));
    }
}
