package io.relevans.kafka;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.relevans.kafka.spi.QueryTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Queries between instances over plain HTTP, on the JDK alone: the JDK's HTTP server
 * ({@code com.sun.net.httpserver}) answers {@code POST /relevans/queries} on the port of this instance's
 * {@code application.server}, on every interface; {@link java.net.http.HttpClient} asks the others. No
 * dependency, nothing to configure but a timeout.
 *
 * <p>Plain HTTP without authentication: the answers hold customers' state, identities included, so the
 * port must be reachable by the application's instances alone (a private network, a firewall rule, a
 * Kubernetes network policy). Where that is not enough, implement {@link QueryTransport} on the
 * application's own RPC stack with TLS.
 */
public final class HttpQueryTransport implements QueryTransport {

    private static final Logger LOG = LoggerFactory.getLogger(HttpQueryTransport.class);
    /** The path questions are posted to. */
    public static final String PATH = "/relevans/queries";
    /** Questions are small; a larger body is refused. */
    private static final int MAX_QUESTION = 64 * 1024;
    private static final int THREADS = 4;

    private final Duration timeout;
    private final HttpClient client;
    private @Nullable HttpServer server;
    private @Nullable ExecutorService executor;

    private HttpQueryTransport(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** A transport whose questions wait 5 seconds at most for an answer. */
    public static HttpQueryTransport create() {
        return create(Duration.ofSeconds(5));
    }

    /**
     * A transport whose questions wait at most the timeout for a connection and again for an answer.
     *
     * @param timeout 10 ms to 1 minute
     */
    public static HttpQueryTransport create(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.compareTo(Duration.ofMillis(10)) < 0 || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("timeout must be 10 ms to 1 minute, got " + timeout);
        }
        return new HttpQueryTransport(timeout);
    }

    /**
     * Listens on the endpoint's port, on every interface.
     *
     * @throws UncheckedIOException  when the port cannot be bound (names it)
     * @throws IllegalStateException when it already serves
     */
    @Override
    public synchronized void serve(HostInfo self, Answers answers) {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(answers, "answers");
        HttpServer serving = server;
        if (serving != null) {
            throw new IllegalStateException("the transport already serves on port " + serving.getAddress().getPort());
        }
        HttpServer s;
        try {
            s = HttpServer.create(new InetSocketAddress(self.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for queries on port " + self.port() + " (application.server "
                    + self.host() + ":" + self.port() + "): " + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "relevans-queries-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        s.setExecutor(executor);
        s.createContext(PATH, exchange -> handle(exchange, answers));
        s.start();
        server = s;
        LOG.info("answering queries of other instances on port {}", self.port());
    }

    private static void handle(HttpExchange exchange, Answers answers) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "POST");
                reply(exchange, 405, "{\"refused\": \"POST a question\"}");
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_QUESTION + 1);
            }
            if (body.length > MAX_QUESTION) {
                reply(exchange, 413, "{\"refused\": \"a question is at most " + MAX_QUESTION + " bytes\"}");
                return;
            }
            reply(exchange, 200, answers.answer(new String(body, StandardCharsets.UTF_8)));
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public String ask(HostInfo instance, String question) {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(question, "question");
        String host = instance.host().contains(":") ? "[" + instance.host() + "]" : instance.host();
        String name = instance.host() + ":" + instance.port();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + instance.port() + PATH))
                .timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(question, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("instance " + name + " cannot be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted asking instance " + name));
        }
        if (response.statusCode() != 200) {
            String body = response.body();
            throw new UncheckedIOException(new IOException("instance " + name + " answered HTTP "
                    + response.statusCode() + ": " + (body.length() > 200 ? body.substring(0, 200) + "..." : body)));
        }
        return response.body();
    }

    /** Stops listening at once; questions being answered are cut off. */
    @Override
    public synchronized void close() {
        HttpServer running = server;
        ExecutorService threads = executor;
        if (running != null) {
            running.stop(0);
            if (threads != null) {
                threads.shutdownNow();
            }
            server = null;
            executor = null;
        }
    }
}
