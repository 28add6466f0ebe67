package io.relevans.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.relevans.Relevans;
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
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.spi.Message;
import io.relevans.spi.SimpleTemplates;
import io.relevans.testing.Hostile;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile texts arriving as customer data and event data go all the way through the engine, the
 * renderer and the real channels as data: in the email's HTML part every one is escaped (no markup
 * from data survives), the plain-text part shows it literally (decoded once, not twice), the subject
 * stays one header line (no injected Bcc), and the SMS gateway receives it unchanged in valid JSON.
 * Read back from GreenMail and from the webhook server.
 */
class InjectionThroughChannelsTest {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant MONDAY_10 = Instant.parse("2026-03-02T10:00:00Z");
    private static final String BODY = "<p>Hei {{first_name}},</p><p>{{note}}</p><ul>{{#lines}}<li>{{sku}} {{price}}</li>{{/lines}}</ul>";

    private final VirtualClock clock = VirtualClock.at(MONDAY_10);
    private WebhookServer gateway;
    private Relevans engine;

    @BeforeEach
    void setUp() {
        gateway = WebhookServer.answering(200);
        SmtpChannel email = new SmtpChannel(SmtpSettings.of("localhost", MAIL.getSmtp().getPort(), "news@shop.test",
                "The Shop").withSecurity(SmtpSettings.Security.NONE));
        WebhookChannel sms = new WebhookChannel(WebhookSettings.sms(gateway.uri()));
        SimpleTemplates templates = SimpleTemplates.builder()
                .template("mail", "Hei {{first_name}}: {{note}}", BODY)
                .template("text", "", "Hei {{first_name}}! {{note}} {{#lines}}{{sku}}{{/lines}}")
                .build();
        Definitions definitions = Definitions.builder()
                .program(program("by_email", Channel.EMAIL, "mail"))
                .program(program("by_sms", Channel.SMS, "text"))
                .policies(Policies.DEFAULT.withIntimateChannels(Set.of()))
                .build();
        engine = Relevans.builder().clock(clock).channel(email).channel(sms).templates(templates)
                .definitions(definitions).build();
    }

    private static Program program(String name, Channel channel, String template) {
        return Program.named(name).on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                .steps(Steps.send("send", ChannelChoice.of(channel), template)
                        .with("first_name", Binding.attribute("first_name"))
                        .with("note", Binding.trigger("note")).withLines().build())
                .build();
    }

    @AfterEach
    void tearDown() {
        gateway.close();
    }

    /** The sku a hostile text gives: at most 128 characters. */
    private static String sku(String text) {
        return text.length() <= 128 ? text : text.substring(0, 128);
    }

    @Test
    @DisplayName("every hostile text arrives escaped in HTML, literal in plain text and in the SMS, with no header injected")
    void hostileData_staysData_allTheWay() throws Exception {
        List<String> texts = Hostile.TEXTS;
        Map<String, Integer> byAddress = new HashMap<>();
        List<CustomerId> customers = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            Identity who = Identity.email("hostile" + i + "@example.com");
            byAddress.put(who.value(), i);
            Event.Builder first = Event.builder(EventType.ATTRIBUTE_CONFIRMED, who, clock.instant())
                    .property("attribute", "first_name").property("value", Value.of(text))
                    .link(Identity.phone("+47 400 10 " + String.format("%03d", i)));
            engine.ingest(first.build());
            for (String channel : List.of("email", "sms")) {
                engine.ingest(Event.builder(EventType.CONSENT_CHANGE, who, clock.instant()).property("channel", channel)
                        .property("purpose", "marketing").property("granted", true).build());
            }
            engine.ingest(Event.builder(EventType.CART_CHANGE, who, clock.instant()).property("note", text)
                    .line(sku(text), "tv", 1_990, 1).build());
            customers.add(engine.customer(who).orElseThrow().customer().id());
        }
        engine.tick();

        for (CustomerId id : customers) {
            List<Message> sent = engine.messages(id);
            assertEquals(2, sent.size(), sent.toString());
            for (Message m : sent) {
                assertEquals(Message.Status.SENT, m.status(), m.toString());
            }
        }
        assertTrue(MAIL.waitForIncomingEmail(10_000, texts.size()));
        MimeMessage[] mails = MAIL.getReceivedMessages();
        assertEquals(texts.size(), mails.length, "one email per customer, no extra recipients");
        for (MimeMessage mail : mails) {
            InternetAddress[] to = (InternetAddress[]) mail.getRecipients(RecipientType.TO);
            assertEquals(1, to.length);
            assertNull(mail.getRecipients(RecipientType.CC));
            assertNull(mail.getRecipients(RecipientType.BCC));
            assertNull(mail.getHeader("X-Injected"));
            int i = byAddress.get(to[0].getAddress());
            String text = texts.get(i);
            // one header line; the end of a header's text loses trailing blanks in transport
            assertEquals(sent(oneLine("Hei " + text + ": " + text)).stripTrailing(), mail.getSubject(),
                    "subject of text " + i);

            MimeMultipart parts = (MimeMultipart) mail.getContent();
            // text parts travel with CRLF line ends
            String html = ((String) parts.getBodyPart(1).getContent()).replace("\r\n", "\n");
            String expectedHtml = "<p>Hei " + html(text) + ",</p><p>" + html(text) + "</p><ul><li>" + html(sku(text))
                    + " 1990</li></ul>";
            assertEquals(sent(expectedHtml).replace("\r\n", "\n"), html, "HTML of text " + i);
            String markup = html.replaceAll("</?(p|ul|li)>", "");
            assertFalse(markup.contains("<") || markup.contains(">"), () -> "markup from data in " + html);

            String plain = ((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n");
            assertEquals(HtmlText.of(sent(expectedHtml)).replace("\r\n", "\n"), plain, "plain text of text " + i);
        }
        assertPlainShowsLiterally(mails, "<script>alert('x')</script>");
        assertPlainShowsLiterally(mails, "&amp; &lt;b&gt; &#60;i&#62; &nbsp;"); // decoded once, not twice

        List<WebhookServer.Received> posts = gateway.received();
        assertEquals(texts.size(), posts.size());
        for (WebhookServer.Received post : posts) {
            JsonNode json = JSON.readTree(new String(post.body(), StandardCharsets.UTF_8));
            int i = Integer.parseInt(json.get("to").asText().substring(json.get("to").asText().length() - 3));
            String text = texts.get(i);
            // JSON escapes what UTF-8 cannot carry (a lone surrogate as \\ud800): the gateway reads the very text
            assertEquals("Hei " + text + "! " + text + " " + sku(text), json.get("body").asText(), "SMS of text " + i);
        }
    }

    private static void assertPlainShowsLiterally(MimeMessage[] mails, String text) throws Exception {
        for (MimeMessage mail : mails) {
            String plain = (String) ((MimeMultipart) mail.getContent()).getBodyPart(0).getContent();
            if (plain.contains(text)) {
                return;
            }
        }
        throw new AssertionError("no plain-text part shows " + text + " literally");
    }

    /** A text as UTF-8 carries it: a lone surrogate cannot be encoded and becomes '?'. */
    private static String sent(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static String oneLine(String text) {
        StringBuilder sb = new StringBuilder();
        text.chars().forEach(c -> sb.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : (char) c));
        return sb.toString();
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
