package io.relevans.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console demo as its README command runs it, smaller (S12, S22): a short Nordhus run on H2, then the
 * console answers its sign-in page and its API with the run's programs and customers.
 */
class ConsoleDemoTest {

    @TempDir
    Path out;

    @Test
    void theDemo_servesTheConsoleOverTheRun() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        ConsoleDemo.Options o = ConsoleDemo.Options.parse("--customers", "400", "--days", "7", "--port", "0",
                "--out", out.toString());
        try (ConsoleDemo.Running demo = ConsoleDemo.start(o, new PrintStream(progress, true, StandardCharsets.UTF_8))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(demo.server().uri().resolve("login")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode());
            assertTrue(login.body().contains("Nordhus console"));
            HttpResponse<String> programs = http.send(HttpRequest.newBuilder(demo.server().uri().resolve("api/programs"))
                    .header("Authorization", basic("marketer")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, programs.statusCode(), programs.body());
            assertTrue(programs.body().contains("\"abandoned_cart\"") && programs.body().contains("\"service_survey\""));
            String example = demo.example().orElseThrow();
            HttpResponse<String> customer = http.send(HttpRequest.newBuilder(demo.server().uri()
                    .resolve("api/customers/lookup")).header("Authorization", basic("staff"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"identity\": {\"loyalty_number\": \"" + example + "\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, customer.statusCode(), customer.body());
            assertTrue(progress.toString(StandardCharsets.UTF_8).contains("Nordhus console at " + demo.server().uri()));
        }
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + ConsoleDemo.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
    }
}
