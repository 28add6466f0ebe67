package io.relevans.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relevans.console.internal.ConsoleServlet;
import io.relevans.console.internal.http.Route;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document the console serves describes exactly its API: every route, no route it lacks. */
class ConsoleOpenApiTest {

    private static ConsoleFixture shop;

    @BeforeAll
    static void start() {
        shop = ConsoleFixture.start();
    }

    @AfterAll
    static void stop() {
        shop.close();
    }

    @Test
    void everyApiRoute_isInTheDocument_andEveryOperationOfTheDocumentIsARoute() throws Exception {
        HttpResponse<String> r = shop.send(HttpRequest.newBuilder(shop.uri("/api/openapi.json")).GET().build());
        assertEquals(200, r.statusCode(), "the document is open to everyone: it holds no data");
        JsonNode doc = new ObjectMapper().readTree(r.body());
        assertEquals("3.0.3", doc.get("openapi").asText());

        Set<String> documented = new TreeSet<>();
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
        Set<String> served = new TreeSet<>();
        Set<String> pages = new TreeSet<>();
        for (Route route : ((ConsoleServlet) shop.console.servlet()).routes()) {
            (route.api() ? served : pages).add(route.method() + " " + route.template());
        }
        assertEquals(served, documented);
        assertTrue(pages.stream().noneMatch(p -> p.contains(" /api")), "pages live outside /api: " + pages);

        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(op -> {
            assertTrue(op.getValue().has("responses") && op.getValue().has("x-roles"), p.getKey());
            if (p.getKey().contains("{id}")) {
                assertEquals("id", op.getValue().get("parameters").get(0).get("name").asText(), p.getKey());
            }
        }));
    }
}
