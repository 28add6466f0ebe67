package io.relevans.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.Channel;
import io.relevans.customer.Identity;
import io.relevans.definition.Binding;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Policies;
import io.relevans.definition.Program;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.spi.Message;
import io.relevans.spi.SimpleTemplates;
import io.relevans.testing.LogCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The failure paths are where addresses leak: an SMTP server that quotes the refused recipient, a
 * gateway that fails. A workload of customers with synthetic emails and phone numbers goes through the
 * engine and the real adapters, with every logger's output at INFO and above captured (in this module
 * every logger logs at INFO); no address or number may appear in it, nor in a dead message's reason.
 */
class PersonalDataStaysOutOfChannelLogsTest {

    @Test
    void refusedRecipientsAndFailingGateways_leaveNoAddressInLogs() throws Exception {
        try (ScriptedSmtpServer smtp = ScriptedSmtpServer.refusingRecipient("550 5.1.1 {to}: no mailbox here");
             WebhookServer gateway = new WebhookServer(n -> n % 3 == 0 ? 400 : 503)) {
            VirtualClock clock = VirtualClock.at(Instant.parse("2026-03-02T10:00:00Z"));
            SmtpChannel email = new SmtpChannel(SmtpSettings.of("127.0.0.1", smtp.port(), "news@shop.test", "The Shop")
                    .withSecurity(SmtpSettings.Security.NONE));
            WebhookChannel sms = new WebhookChannel(WebhookSettings.sms(gateway.uri()));
            Definitions definitions = Definitions.builder()
                    .program(program("mail", Channel.EMAIL)).program(program("text", Channel.SMS))
                    .policies(Policies.DEFAULT.withIntimateChannels(Set.of())).build();
            List<String> personal = new ArrayList<>();
            String logs;
            try (LogCapture capture = LogCapture.start()) {
                Relevans engine = Relevans.builder().clock(clock).channel(email).channel(sms)
                        .templates(SimpleTemplates.builder().template("t", "Hei {{name}}", "<p>{{name}}</p>").build())
                        .definitions(definitions).build();
                for (int i = 0; i < 30; i++) {
                    Identity address = Identity.email("kari.nordmann." + i + "@example.com");
                    Identity phone = Identity.phone("+47 915 " + String.format("%05d", i));
                    personal.add(address.value());
                    personal.add(phone.value());
                    engine.ingest(Event.builder(EventType.SIGNUP, address, clock.instant()).link(phone).build());
                    for (String channel : List.of("email", "sms")) {
                        engine.ingest(Event.builder(EventType.CONSENT_CHANGE, phone, clock.instant())
                                .property("channel", channel).property("purpose", "marketing").property("granted", true)
                                .build());
                    }
                    engine.ingest(Event.builder(EventType.CART_CHANGE, address, clock.instant())
                            .line("sku-" + i, "tv", 990, 1).build());
                }
                for (int round = 0; round < 8; round++) {
                    clock.advance(Duration.ofHours(6));
                    engine.tick();
                }
                List<Message> all = new ArrayList<>();
                engine.results(); // reads the whole outbox, as a report would
                for (String p : personal) {
                    if (p.contains("@")) {
                        all.addAll(engine.messages(engine.customer(Identity.email(p)).orElseThrow().customer().id()));
                    }
                }
                assertEquals(60, all.size());
                assertTrue(all.stream().filter(m -> m.program().equals("mail"))
                        .allMatch(m -> m.status() == Message.Status.DEAD), "every email dead");
                assertTrue(all.stream().filter(m -> m.program().equals("text")).allMatch(m -> m.status()
                        == Message.Status.DEAD || m.status() == Message.Status.RETRYING), "every text dead or waiting for "
                        + "the paused gateway");
                for (Message m : all) {
                    for (String p : personal) {
                        assertTrue(!m.reason().contains(p), () -> "dead message reason names " + p + ": " + m.reason());
                    }
                }
                logs = capture.text();
            }
            assertTrue(logs.contains("INFO io.relevans.Relevans - loaded"), "the capture sees the library's INFO logs");
            assertTrue(logs.contains("is dead: recipient refused: 550 5.1.1"), "refusals were logged");
            assertTrue(logs.contains("channel sms paused until "), "the failing gateway's pause was logged");
            assertTrue(smtp.commands().stream().anyMatch(c -> c.contains("kari.nordmann.0@example.com")),
                    "the server was given the address, and quoted it back");
            List<String> leaks = personal.stream().filter(p -> logs.contains(p) || logs.contains(p.replace("+", "")))
                    .toList();
            assertEquals(List.of(), leaks, "personal data in the logs");
            assertTrue(!logs.contains("@example.com"), "an address in the logs");
        }
    }

    private static Program program(String name, Channel channel) {
        return Program.named(name).on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                .steps(Steps.send("send", ChannelChoice.of(channel), "t").with("name", Binding.attribute("first_name"))
                        .build())
                .build();
    }
}
