package io.relevans.examples.retailer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import io.relevans.customer.Identity;
import io.relevans.testing.LogCapture;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A realistic run leaves no personal data in the logs: the Nordhus simulation (synthetic emails and
 * phone numbers) on the H2 database, email by SMTP and texts and pushes by webhooks that fail now and
 * then, temporarily and for good, with everything every logger writes at INFO and above captured.
 * No customer's email address or phone number may appear in it.
 */
class PersonalDataStaysOutOfLogsTest {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final int CUSTOMERS = 200;
    private static final int DAYS = 14;
    private static final long SEED = 23;
    private static final Pattern ANY_EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@example\\.com", Pattern.CASE_INSENSITIVE);

    @Test
    void aRunWithFailingChannels_logsNoEmailOrPhoneNumber(@TempDir Path dir) throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                int n = requests.getAndIncrement();
                int status = n % 5 == 0 ? 400 : n % 2 == 1 ? 503 : 200; // some fail for good, more for now
                byte[] echo = "{\"echo\":\"the request, addresses included\"}".getBytes();
                exchange.sendResponseHeaders(status, echo.length);
                exchange.getResponseBody().write(echo);
            }
        });
        gateway.start();
        String base = "http://127.0.0.1:" + gateway.getAddress().getPort();
        RetailerChannels channels = new RetailerChannels(
                Optional.of(URI.create("smtp://127.0.0.1:" + MAIL.getSmtp().getPort())),
                Optional.of(URI.create(base + "/sms")), Optional.of(URI.create(base + "/push")));
        Retailer.Options options = new Retailer.Options(CUSTOMERS, DAYS, SEED, Instant.parse("2026-09-01T00:00:00Z"),
                dir, Optional.empty(), channels, "h2");
        String logs;
        try (LogCapture capture = LogCapture.start()) {
            Retailer.run(options, new PrintStream(OutputStream.nullOutputStream()));
            logs = capture.text();
        } finally {
            gateway.stop(0);
        }

        for (String logger : List.of("io.relevans.Relevans", "org.flywaydb", "com.zaxxer.hikari", "org.drools")) {
            assertTrue(logs.contains("INFO " + logger), () -> "the capture sees the INFO logs of " + logger);
        }
        assertTrue(MAIL.getReceivedMessages().length > 10, "emails went out: " + MAIL.getReceivedMessages().length);

        List<String> leaks = new ArrayList<>();
        String lower = logs.toLowerCase(Locale.ROOT);
        List<Shopper> shoppers = Population.generate(SEED, CUSTOMERS, DAYS);
        for (Shopper s : shoppers) {
            if (lower.contains(s.email().toLowerCase(Locale.ROOT))) {
                leaks.add(s.email());
            }
            s.phone().map(p -> Identity.phone(p).value()).filter(p -> logs.contains(p) || logs.contains(p.substring(1)))
                    .ifPresent(leaks::add);
        }
        Matcher anyEmail = ANY_EMAIL.matcher(logs);
        while (anyEmail.find()) {
            leaks.add(anyEmail.group());
        }
        assertTrue(shoppers.stream().filter(s -> s.phone().isPresent()).count() > CUSTOMERS / 2);
        assertTrue(leaks.isEmpty(), () -> "personal data in the logs: " + leaks);
    }
}
