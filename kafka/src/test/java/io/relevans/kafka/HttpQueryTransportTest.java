package io.relevans.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/** Questions and answers over the JDK's HTTP server and client, between two transports in this JVM. */
class HttpQueryTransportTest {

    /** A port free now, never the one other work on this machine keeps. */
    static int freePort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0)) {
                if (s.getLocalPort() != 54329) {
                    return s.getLocalPort();
                }
            }
        }
    }

    @Test
    void questionAnsweredByTheOtherInstance() throws IOException {
        HostInfo b = new HostInfo("localhost", freePort());
        try (HttpQueryTransport serving = HttpQueryTransport.create();
             HttpQueryTransport asking = HttpQueryTransport.create()) {
            serving.serve(b, q -> "{\"echo\": " + q + ", \"name\": \"Åse\"}");

            assertEquals("{\"echo\": {\"v\": 1}, \"name\": \"Åse\"}", asking.ask(b, "{\"v\": 1}"));
        }
    }

    @Test
    void nobodyListening_uncheckedIoNamingTheInstance() throws IOException {
        HostInfo nobody = new HostInfo("localhost", freePort());
        try (HttpQueryTransport asking = HttpQueryTransport.create(Duration.ofSeconds(2))) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> asking.ask(nobody, "{}"));
            assertTrue(e.getMessage().startsWith("instance localhost:" + nobody.port() + " cannot be reached"), e.getMessage());
        }
    }

    @Test
    void otherMethodsAndLargeBodies_refused() throws Exception {
        HostInfo b = new HostInfo("localhost", freePort());
        try (HttpQueryTransport serving = HttpQueryTransport.create()) {
            serving.serve(b, q -> "{}");
            HttpClient client = HttpClient.newHttpClient();
            URI uri = URI.create("http://localhost:" + b.port() + HttpQueryTransport.PATH);
            HttpResponse<String> get = client.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(405, get.statusCode());
            HttpResponse<String> big = client.send(HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(70_000))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(413, big.statusCode());

            try (HttpQueryTransport asking = HttpQueryTransport.create()) {
                UncheckedIOException e = assertThrows(UncheckedIOException.class,
                        () -> asking.ask(b, "x".repeat(70_000)));
                assertTrue(e.getMessage().contains("answered HTTP 413"), e.getMessage());
            }
        }
    }

    @Test
    void portTaken_errorNamesIt() throws IOException {
        try (ServerSocket taken = new ServerSocket(0); HttpQueryTransport t = HttpQueryTransport.create()) {
            HostInfo self = new HostInfo("localhost", taken.getLocalPort());
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> t.serve(self, q -> q));
            assertTrue(e.getMessage().startsWith("cannot listen for queries on port " + taken.getLocalPort()),
                    e.getMessage());
        }
    }

    @Test
    void badTimeout_refused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HttpQueryTransport.create(Duration.ofMinutes(5)));
        assertEquals("timeout must be 10 ms to 1 minute, got PT5M", e.getMessage());
    }
}
