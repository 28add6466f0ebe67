package io.relevans.examples.retailer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.relevans.customer.Channel;
import io.relevans.spi.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The same retailer code against a real SMTP server: every email the engine sent arrives, once. */
class RetailerOverSmtpTest {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void everyEmailSentArrivesOnce(@TempDir Path dir) throws Exception {
        RetailerChannels channels = new RetailerChannels(
                Optional.of(URI.create("smtp://127.0.0.1:" + MAIL.getSmtp().getPort())), Optional.empty(), Optional.empty());
        Retailer.Options o = new Retailer.Options(400, 21, 11, Instant.parse("2026-09-01T00:00:00Z"), dir,
                Optional.empty(), channels, "memory");
        RetailerReport report = Retailer.run(o, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        long emails = Arrays.stream(report.figures().weeklyByChannel().getOrDefault(Channel.EMAIL.name(), new long[0])).sum();
        assertTrue(emails > 10, "emails sent: " + emails);
        MimeMessage[] received = MAIL.getReceivedMessages();
        assertEquals(emails, received.length);
        assertEquals(received.length, Arrays.stream(received).map(m -> header(m)).distinct().count(),
                "each message id arrives once");
        assertTrue(Arrays.stream(received).allMatch(m -> address(m).endsWith("@example.com")));
        assertEquals(0, report.status(Message.Status.DEAD));
    }

    private static String header(MimeMessage m) {
        try {
            return m.getHeader("X-Relevans-Message-Id", null);
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String address(MimeMessage m) {
        try {
            return m.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
