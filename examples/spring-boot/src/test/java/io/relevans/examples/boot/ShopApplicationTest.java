package io.relevans.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relevans.Relevans;
import io.relevans.customer.CustomerId;
import io.relevans.spi.Message;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The shop application on a random port, called over real HTTP: single events, batches as a JSON array and
 * as JSON lines, a bad event answered 400 with the field, the welcome program's message decided and sent by
 * the scheduled tick, the actuator's health, endpoint and metrics. H2 in memory; the engine's clock stands
 * at midday (outside the default quiet hours, so messages go at once).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:shop-test;DB_CLOSE_DELAY=-1",
        "relevans.tick.interval=100ms"})
class ShopApplicationTest {

    private static final Instant NOON = Instant.parse("2026-03-02T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Autowired
    private Relevans engine;

    /** The engine's clock. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Noon {
        @Bean
        Clock clock() {
            return Clock.fixed(NOON, ZoneOffset.UTC);
        }
    }

    private static String event(String type, String email, String more) {
        return "{\"type\": \"" + type + "\", \"customer\": {\"email\": \"" + email + "\"}, \"time\": \""
                + NOON.minusSeconds(60) + "\"" + more + "}";
    }

    private static String consent(String email) {
        return event("consent_change", email,
                ", \"properties\": {\"channel\": \"email\", \"purpose\": \"marketing\", \"granted\": true}");
    }

    private static String purchase(String email, String price) {
        return event("purchase", email, ", \"lines\": [{\"sku\": \"tv-55\", \"category\": \"tv\", \"price\": " + price
                + ", \"quantity\": 1}]");
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws IOException,
            InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("POST /events: one event applied, the answer says what changed for its customer")
    void ingest_single() throws Exception {
        HttpResponse<String> r = post("/events", "application/json", purchase("ada@example.com", "8990"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("customer").asText()).startsWith("c-");
        assertThat(body.get("entered")).extracting(JsonNode::asText).containsExactly("buyers");
        assertThat(body.get("segments")).extracting(JsonNode::asText).containsExactly("buyers");
        assertThat(engine.customer(CustomerId.of(body.get("customer").asText()))).isPresent();
    }

    @Test
    @DisplayName("POST /events/batch with a JSON array: each event's outcome in order")
    void ingest_batchArray() throws Exception {
        HttpResponse<String> r = post("/events/batch", "application/json",
                "[" + event("signup", "bo@example.com", "") + ", " + purchase("cy@example.com", "129.5") + "]");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("applied").asInt()).isEqualTo(2);
        assertThat(body.get("refused").asInt()).isZero();
        assertThat(body.get("events").get(1).get("result").get("entered")).extracting(JsonNode::asText)
                .containsExactly("buyers");
    }

    @Test
    @DisplayName("POST /events/batch with JSON lines: each line an event")
    void ingest_batchLines() throws Exception {
        HttpResponse<String> r = post("/events/batch", "application/x-ndjson",
                event("signup", "di@example.com", "") + "\n\n" + event("cart_change", "di@example.com",
                        ", \"lines\": [{\"sku\": \"tv-55\", \"category\": \"tv\", \"price\": 8990, \"quantity\": 1}]")
                        + "\n");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("applied").asInt()).isEqualTo(2);
        String customer = body.get("events").get(1).get("result").get("customer").asText();
        JsonNode waiting = JSON.readTree(get("/customers/" + customer + "/waiting").body());
        assertThat(waiting).as("the cart reminder waits an hour").singleElement().satisfies(t -> {
            assertThat(t.get("program").asText()).isEqualTo("abandoned_cart");
            assertThat(t.get("step").asText()).as("the step it goes on with").isEqualTo("remind");
            assertThat(Instant.parse(t.get("due").asText())).isBetween(NOON.plusSeconds(3540), NOON.plusSeconds(3600));
        });
    }

    @Test
    @DisplayName("a bad event is answered 400 with core's error naming the field; in a batch the element or line; nothing applied")
    void badEvent_400NamingTheField() throws Exception {
        HttpResponse<String> single = post("/events", "application/json", purchase("ed@example.com", "\"cheap\""));
        assertThat(single.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(single.body());
        assertThat(problem.get("field").asText()).isEqualTo("lines[0].price");
        assertThat(problem.get("error").asText())
                .isEqualTo("invalid event field 'lines[0].price': expected a number, got a string");

        HttpResponse<String> array = post("/events/batch", "application/json",
                "[" + purchase("fi@example.com", "100") + ", " + event("signup", "fi@example.com", "")
                        .replace("\"time\": \"" + NOON.minusSeconds(60) + "\"", "\"time\": \"yesterday\"") + "]");
        assertThat(array.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(array.body()).get("field").asText()).isEqualTo("[1].time");
        assertThat(engine.customer(io.relevans.customer.Identity.email("fi@example.com")))
                .as("nothing of the batch applied").isEmpty();

        HttpResponse<String> lines = post("/events/batch", "application/x-ndjson",
                event("signup", "gu@example.com", "") + "\n{\"type\": \"signup\"\n");
        assertThat(lines.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(lines.body()).get("error").asText()).contains("line 2");

        HttpResponse<String> notJson = post("/events", "application/json", "{\"type\": ");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).get("error").asText()).startsWith("invalid event: malformed JSON");
    }

    @Test
    @DisplayName("a customer who says yes to email gets the welcome: decided at ingest, sent by the scheduled tick, listed by GET")
    void decidedMessage_sentByTheTick() throws Exception {
        HttpResponse<String> r = post("/events", "application/json", consent("hu@example.com"));
        assertThat(r.statusCode()).isEqualTo(200);
        String customer = JSON.readTree(r.body()).get("customer").asText();
        assertThat(engine.messages(CustomerId.of(customer))).singleElement()
                .satisfies(m -> assertThat(m.program()).isEqualTo("welcome"));

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> engine.messages(CustomerId.of(customer))
                .get(0).status() == Message.Status.SENT);
        HttpResponse<String> listed = get("/customers/" + customer + "/messages");
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode message = JSON.readTree(listed.body()).get(0);
        assertThat(message.get("program").asText()).isEqualTo("welcome");
        assertThat(message.get("template").asText()).isEqualTo("welcome");
        assertThat(message.get("channel").asText()).isEqualTo("email");
        assertThat(message.get("status").asText()).isEqualTo("SENT");
    }

    @Test
    @DisplayName("the actuator shows the relevans health, the definitions through the relevans endpoint, and the engine's meters")
    void actuator_healthEndpointMetrics() throws Exception {
        post("/events", "application/json", purchase("jo@example.com", "100"));

        JsonNode health = JSON.readTree(get("/actuator/health").body());
        assertThat(health.get("status").asText()).isEqualTo("UP");
        JsonNode relevans = health.get("components").get("relevans");
        assertThat(relevans.get("status").asText()).isEqualTo("UP");
        assertThat(relevans.get("details").get("storage").asText()).isEqualTo("reachable");
        assertThat(relevans.get("details").get("definitions").get("programs").asInt()).isEqualTo(2);
        assertThat(health.get("components").get("relevansChannels").get("details").get("email").get("state").asText())
                .isEqualTo("WORKING");

        JsonNode summary = JSON.readTree(get("/actuator/relevans").body());
        assertThat(summary.get("definitions").get("source").asText()).isEqualTo("class path folder shop");
        assertThat(summary.get("definitions").get("programs")).extracting(JsonNode::asText)
                .containsExactly("welcome", "abandoned_cart");
        assertThat(summary.get("load").get("loaded").asBoolean()).isTrue();

        HttpResponse<String> reload = post("/actuator/relevans", "application/json", "");
        assertThat(reload.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(reload.body()).get("loaded").asBoolean()).isTrue();

        HttpResponse<String> ingested = get("/actuator/metrics/relevans.events.ingested");
        assertThat(ingested.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ingested.body()).get("measurements").get(0).get("value").asDouble())
                .isGreaterThanOrEqualTo(1.0);
    }
}
