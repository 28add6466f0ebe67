package io.relevans.backtest;

import static io.relevans.backtest.RetailWeek.END;
import static io.relevans.backtest.RetailWeek.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.Customer;
import io.relevans.definition.Definitions;
import io.relevans.definition.Reentry;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.history.ImportReport;
import io.relevans.json.CustomerJson;
import io.relevans.spi.Message;
import io.relevans.spi.Suppression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state a backtest starts from: profiles at the start, and history imported before it. */
class StartingStateTest {

    @TempDir
    Path dir;

    private static final Event CART = Event.builder(EventType.CART_CHANGE, RetailWeek.email(1),
            START.plus(Duration.ofHours(10))).id("cart").line("tv-1", "tv", 10, 1).build();

    /** Customer 1 with email consent for marketing, as an export of the CRM at the start holds them. */
    private static Customer consenting() {
        Relevans crm = Relevans.builder().clock(VirtualClock.at(START)).build();
        crm.ingest(Event.builder(EventType.CONSENT_CHANGE, RetailWeek.email(1), START.minus(Duration.ofDays(400)))
                .property("channel", "email").property("purpose", "marketing").property("granted", true).build());
        return crm.customer(RetailWeek.email(1)).orElseThrow().customer();
    }

    @Test
    @DisplayName("profiles at the start are the customers' data: the consent in a profile lets the reminder out")
    void profiles_areTheStartingCustomers() throws IOException {
        Path profiles = dir.resolve("customers.jsonl");
        Files.writeString(profiles, CustomerJson.write(consenting()) + "\n\n");
        Definitions d = Definitions.builder().program(RetailWeek.cart(Duration.ofHours(4))).build();

        BacktestReport with = RetailWeek.backtest(List.of(CART)).profiles(profiles).build().run(d);
        BacktestReport without = RetailWeek.backtest(List.of(CART)).build().run(d);

        assertEquals(1, with.profiles());
        assertEquals(Message.Status.SENT, with.messages().get(0).status());
        assertEquals(Suppression.Guard.NO_USABLE_CHANNEL, without.messages().get(0).suppression().orElseThrow().guard());
        Comparison c = Comparison.of(without, with);
        assertEquals(1, c.changed().size());
    }

    @Test
    @DisplayName("a profile that cannot be read stops the backtest, naming the file and the line")
    void profiles_unreadable_namesFileAndLine() throws IOException {
        Path profiles = dir.resolve("customers.jsonl");
        Files.writeString(profiles, CustomerJson.write(consenting()) + "\n{\"id\": 3}\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RetailWeek.backtest(List.of(CART))
                .profiles(profiles).build().run(RetailWeek.definitions()));

        assertTrue(e.getMessage().startsWith(profiles + ":2: not a customer profile: "), e.getMessage());
    }

    @Test
    @DisplayName("history before the start is imported without running programs: a welcome once is not sent again, and history after the start is refused")
    void history_isImportedBeforeTheStart() {
        Definitions d = Definitions.builder().program(io.relevans.definition.Program.named("welcome")
                .on(io.relevans.definition.Trigger.event(io.relevans.definition.EventMatch.of(EventType.SIGNUP)))
                .reentry(Reentry.ONCE).steps(io.relevans.definition.Steps.send("hello",
                        io.relevans.definition.ChannelChoice.preferred(io.relevans.customer.Channel.EMAIL), "welcome")
                        .build()).build()).build();
        Event signedUpLastYear = Event.builder(EventType.SIGNUP, RetailWeek.email(1), START.minus(Duration.ofDays(300)))
                .id("old-signup").build();
        Event notHistory = Event.builder(EventType.SIGNUP, RetailWeek.email(2), START.plusSeconds(1)).id("new").build();
        List<Event> period = List.of(Event.builder(EventType.SIGNUP, RetailWeek.email(1), START.plus(Duration.ofDays(1)))
                .id("signup-again").build(), Event.builder(EventType.SIGNUP, RetailWeek.email(3),
                START.plus(Duration.ofDays(1))).id("signup-3").build());

        BacktestReport report = Backtest.builder().period(START, END).history(List.of(signedUpLastYear, notHistory))
                .events(period).build().run(d);

        ImportReport history = report.history().orElseThrow();
        assertEquals(1, history.imported());
        assertEquals(1, history.refused());
        assertTrue(history.refusals().get(0).reason().contains("is not before the period's start"),
                history.refusals().toString());
        assertEquals(1, report.messages().size(), "only the new customer is welcomed: " + report.messages());
        assertTrue(report.summary().contains("history: 1 events imported (1 refused)"), report.summary());
    }
}
