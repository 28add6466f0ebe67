package io.relevans.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.relevans.DispatchReport;
import io.relevans.Relevans;
import io.relevans.RetryPolicy;
import io.relevans.VirtualClock;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.Value;
import io.relevans.definition.Binding;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Policies;
import io.relevans.definition.Program;
import io.relevans.definition.Reentry;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import io.relevans.spi.Message;
import io.relevans.spi.SimpleTemplates;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The adapters behind a real engine on virtual time: an abandoned-cart reminder by email through
 * {@link SmtpChannel} to GreenMail, and a cart text by SMS through {@link WebhookChannel} to a gateway
 * that fails every first attempt, so every text needs the engine's retry.
 */
class ChannelsThroughEngineTest {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant MONDAY_10_OSLO = Instant.parse("2026-03-02T09:00:00Z");
    private static final Identity ASE = Identity.email("ase.berg@example.com");

    /** After 4 quiet hours since the last cart change, the cart's lines by email, unless bought. */
    private static final Program ABANDONED_CART = Program.named("abandoned_cart")
            .on(Trigger.event(EventMatch.of(EventType.CART_CHANGE))).exitOn(EventMatch.of(EventType.PURCHASE))
            .reentry(Reentry.RESTART)
            .steps(Steps.wait("wait", Duration.ofHours(4)),
                    Steps.send("remind", ChannelChoice.of(Channel.EMAIL), "cart_reminder")
                            .with("first_name", Binding.attribute("first_name")).withLines().build())
            .build();

    /** A text on every cart change, at most 2 a week. */
    private static final Program CART_TEXT = Program.named("cart_text")
            .on(Trigger.event(EventMatch.of(EventType.CART_CHANGE))).reentry(Reentry.WHEN_DONE)
            .cap(2, Duration.ofDays(7))
            .steps(Steps.send("text", ChannelChoice.of(Channel.SMS), "cart_text")
                    .with("first_name", Binding.attribute("first_name")).withLines().build())
            .build();

    private final VirtualClock clock = VirtualClock.at(MONDAY_10_OSLO);
    private WebhookServer gateway;
    private Relevans engine;

    @BeforeEach
    void setUp() {
        gateway = new WebhookServer(n -> n % 2 == 0 ? 503 : 200); // every first attempt fails
        SmtpChannel email = new SmtpChannel(SmtpSettings.of("localhost", MAIL.getSmtp().getPort(), "news@shop.test",
                "The Shop").withSecurity(SmtpSettings.Security.NONE));
        WebhookChannel sms = new WebhookChannel(WebhookSettings.sms(gateway.uri()).withSigningSecret("gateway-secret"));
        SimpleTemplates templates = SimpleTemplates.builder()
                .template("cart_reminder", "Glemte du noe, {{first_name}}?",
                        "<p>Hei {{first_name}},</p><ul>{{#lines}}<li>{{sku}}: {{price}} kr</li>{{/lines}}</ul>")
                .template("cart_text", "", "Hei {{first_name}}! {{#lines}}{{sku}} {{/lines}}venter i handlekurven.")
                .build();
        Definitions definitions = Definitions.builder().program(ABANDONED_CART).program(CART_TEXT)
                .policies(Policies.DEFAULT.withIntimateChannels(Set.of())).build();
        engine = Relevans.builder().clock(clock).channel(email).channel(sms).templates(templates)
                .retry(RetryPolicy.DEFAULT).definitions(definitions).build();
    }

    @AfterEach
    void tearDown() {
        gateway.close();
    }

    private void at(EventType type, Consumer<Event.Builder> details) {
        Event.Builder b = Event.builder(type, ASE, clock.instant()).origin(Origin.WEB);
        details.accept(b);
        engine.ingest(b.build());
    }

    private DispatchReport after(Duration d) {
        clock.advance(d);
        return engine.tick().dispatch();
    }

    private List<Message> of(CustomerId id, String program) {
        return engine.messages(id).stream().filter(m -> m.program().equals(program)).toList();
    }

    @Test
    @DisplayName("the cart reminder arrives once with the customer's data; texts get through after a retry and use one cap slot each")
    void abandonedCart_throughRealChannels() throws Exception {
        at(EventType.SIGNUP, b -> b.link(Identity.phone("+47 400 12 345")));
        for (String channel : List.of("email", "sms")) {
            at(EventType.CONSENT_CHANGE, b -> b.property("channel", channel).property("purpose", "marketing")
                    .property("granted", true));
        }
        at(EventType.ATTRIBUTE_CONFIRMED, b -> b.property("attribute", "first_name").property("value", Value.of("Åse")));
        CustomerId ase = engine.customer(ASE).orElseThrow().customer().id();

        // first cart: the text fails once, then gets through
        clock.advance(Duration.ofMinutes(1));
        at(EventType.CART_CHANGE, b -> b.line("b&o-h95", "audio", 4990, 1));
        assertEquals(new DispatchReport(0, 1, 0), after(Duration.ZERO));
        assertEquals(new DispatchReport(0, 0, 0), after(RetryPolicy.DEFAULT.firstDelay()),
                "the gateway's Retry-After: 120 outweighs the 1-minute backoff");
        assertEquals(new DispatchReport(1, 0, 0), after(Duration.ofMinutes(1)));

        // second cart: the same; the first text holds one cap slot, not one per attempt
        clock.advance(Duration.ofMinutes(10));
        at(EventType.CART_CHANGE, b -> b.line("b&o-h95", "audio", 4990, 1).line("tv-55<oled>", "tv", 12990, 1));
        assertEquals(new DispatchReport(0, 1, 0), after(Duration.ZERO));
        assertEquals(new DispatchReport(1, 0, 0), after(Duration.ofSeconds(120)));

        // third cart: capped at 2 texts a week
        clock.advance(Duration.ofMinutes(10));
        at(EventType.CART_CHANGE, b -> b.line("b&o-h95", "audio", 4990, 1).line("tv-55<oled>", "tv", 12990, 1)
                .line("hdmi-2m", "cables", 199, 2));
        List<Message> texts = of(ase, "cart_text");
        assertEquals(List.of(Message.Status.SENT, Message.Status.SENT, Message.Status.SUPPRESSED),
                texts.stream().map(Message::status).toList());
        assertEquals(List.of(2, 2, 0), texts.stream().map(Message::attempts).toList());
        assertEquals("capped: at most 2 per 7d in program cart_text", texts.get(2).reason());

        List<WebhookServer.Received> posts = gateway.received();
        assertEquals(4, posts.size());
        assertEquals(List.of(texts.get(0).id(), texts.get(0).id(), texts.get(1).id(), texts.get(1).id()),
                posts.stream().map(p -> p.header(WebhookChannel.IDEMPOTENCY_KEY)).toList(), "retries carry the same key");
        JsonNode second = JSON.readTree(posts.get(3).body());
        assertEquals("+4740012345", second.get("to").asText());
        assertEquals("Hei Åse! b&o-h95 tv-55<oled> venter i handlekurven.", second.get("body").asText(),
                "no HTML escaping outside email");
        assertEquals(WebhookChannel.sign("gateway-secret", posts.get(3).body()), posts.get(3).header(WebhookChannel.SIGNATURE));

        // four quiet hours after the last cart change, one reminder with that cart, and nothing more
        for (int i = 0; i < 16; i++) {
            after(Duration.ofMinutes(30));
        }
        assertTrue(MAIL.waitForIncomingEmail(5_000, 1));
        MimeMessage[] received = MAIL.getReceivedMessages();
        assertEquals(1, received.length, "the restarted journeys send one reminder");
        MimeMessage mail = received[0];
        List<Message> reminders = of(ase, "abandoned_cart");
        assertEquals(1, reminders.size(), reminders.toString());
        assertEquals(Message.Status.SENT, reminders.get(0).status());
        assertEquals(1, reminders.get(0).attempts());
        assertEquals(reminders.get(0).id(), mail.getHeader(SmtpChannel.MESSAGE_ID_HEADER, null));
        assertEquals(List.of(new InternetAddress("ase.berg@example.com")), List.of(mail.getRecipients(RecipientType.TO)));
        assertEquals("Glemte du noe, Åse?", mail.getSubject());
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        assertEquals("<p>Hei Åse,</p><ul><li>b&amp;o-h95: 4990 kr</li><li>tv-55&lt;oled&gt;: 12990 kr</li>"
                + "<li>hdmi-2m: 199 kr</li></ul>", parts.getBodyPart(1).getContent());
        assertEquals("Hei Åse,\n\n- b&o-h95: 4990 kr\n- tv-55<oled>: 12990 kr\n- hdmi-2m: 199 kr",
                ((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n"));
        assertEquals(4, gateway.received().size(), "no text after the cap");
    }
}
