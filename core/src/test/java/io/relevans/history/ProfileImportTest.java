package io.relevans.history;

import static io.relevans.history.HistoryImportProperties.NOW;
import static io.relevans.history.HistoryImportProperties.email;
import static io.relevans.history.HistoryImportProperties.phone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.CustomerView;
import io.relevans.Relevans;
import io.relevans.customer.Attribute;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.Source;
import io.relevans.customer.Value;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.json.CustomerJson;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.InMemoryOutbox;
import io.relevans.spi.InMemoryTimerStore;
import io.relevans.spi.Message;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Profiles from another system (a CRM export) imported next to the event history. */
class ProfileImportTest {

    private final InMemoryCustomerStore store = new InMemoryCustomerStore();
    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private final Relevans engine = HistoryImportProperties.engine(HistoryImportProperties.definitions(), store,
            new InMemoryTimerStore(), outbox);

    private static Customer profile(String tier, Identity... identities) {
        Customer c = Customer.newCustomer(CustomerId.of("crm-" + identities[0].value()), identities[0]);
        for (Identity i : identities) {
            c = c.withIdentity(i);
        }
        return c.withAttribute(new Attribute("tier", Value.of(tier), Source.DECLARED, NOW.minus(Duration.ofDays(30))));
    }

    @Test
    @DisplayName("a profile makes a customer with its identities and attributes; events of any of its identities are that customer's; segments hold; nothing is sent")
    void profilesThenEvents() {
        ImportReport profiles = engine.historyImport().profiles(List.of(profile("gold", email(1), phone(1))).iterator());
        assertEquals(1, profiles.imported(), profiles.summary());
        engine.historyImport().events(List.of(Event.builder(EventType.PURCHASE, phone(1), NOW.minus(Duration.ofDays(2)))
                .property("amount", 10).line("s", "tv", 10, 1).build()).iterator());

        CustomerView anna = engine.customer(email(1)).orElseThrow();
        assertEquals(anna.customer().id(), engine.customer(phone(1)).orElseThrow().customer().id(), "one customer");
        assertTrue(anna.segments().containsAll(List.of("gold", "recent")), anna.segments().toString());
        assertEquals(1, store.count());
        List<Message> sent = new ArrayList<>();
        outbox.forEach(sent::add);
        assertEquals(List.of(), sent);
    }

    @Test
    @DisplayName("a profile naming identities of two customers merges them, the smaller id surviving; the newest attribute wins")
    void profileMerges() {
        engine.historyImport().events(List.of(
                Event.builder(EventType.STORE_VISIT, email(2), NOW.minus(Duration.ofDays(5))).property("store", "oslo-1").build(),
                Event.builder(EventType.STORE_VISIT, phone(2), NOW.minus(Duration.ofDays(4))).property("store", "oslo-1").build())
                .iterator());
        CustomerId a = engine.customer(email(2)).orElseThrow().customer().id();
        CustomerId b = engine.customer(phone(2)).orElseThrow().customer().id();
        assertTrue(!a.equals(b));

        engine.historyImport().profiles(List.of(profile("silver", email(2), phone(2))).iterator());

        CustomerView merged = engine.customer(email(2)).orElseThrow();
        assertEquals(a.value().compareTo(b.value()) < 0 ? a : b, merged.customer().id(), "the smaller id survives");
        assertEquals(merged.customer().id(), engine.customer(phone(2)).orElseThrow().customer().id());
        assertEquals(1, store.count());
        assertEquals(Value.of("silver"), merged.customer().attributes().get("tier").value());
    }

    @Test
    @DisplayName("profiles from JSON lines: a bad line is refused with its number, the rest imported")
    void profileLines() {
        String text = CustomerJson.write(profile("gold", email(3))) + "\n" + "{\"id\": \"x\"}\n"
                + CustomerJson.write(profile("gold", email(4))) + "\n";
        ImportReport report = engine.historyImport().profiles(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, report.imported(), report.summary());
        assertEquals(1, report.refused());
        assertEquals(2, report.refusals().get(0).line());
        assertTrue(report.refusals().get(0).reason().contains("line 2") && report.refusals().get(0).reason().contains("identities"),
                report.refusals().get(0).reason());
        assertTrue(engine.customer(email(4)).orElseThrow().segments().contains("gold"));
    }
}
