package io.relevans.channels;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

/**
 * A gateway for webhook tests: a JDK HTTP server on an ephemeral loopback port that records every
 * request and answers the status a function of the request's number (0, 1, ...) gives; status 0
 * means "never answer" (until the server is closed).
 */
final class WebhookServer implements AutoCloseable {

    /** A request as the gateway received it; header names lower-cased. */
    record Received(String method, String path, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile IntUnaryOperator status;
    private volatile String retryAfter = "120";

    WebhookServer(IntUnaryOperator status) {
        this.status = status;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A gateway answering every request with the status. */
    static WebhookServer answering(int status) {
        return new WebhookServer(n -> status);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    void answer(IntUnaryOperator newStatus) {
        status = newStatus;
    }

    /** The Retry-After header of 503 and 429 answers from now on ("120" at first); null for none. */
    void retryAfter(String value) {
        retryAfter = value;
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            int n;
            synchronized (received) {
                n = received.size();
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));
            }
            int answer = status.applyAsInt(n);
            if (answer == 0) {
                closing.await(30, TimeUnit.SECONDS);
                return;
            }
            String wait = retryAfter;
            if ((answer == 503 || answer == 429) && wait != null) {
                exchange.getResponseHeaders().add("Retry-After", wait);
            }
            byte[] reply = "{\"echo\":\"not for logs\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer, answer == 204 ? -1 : reply.length);
            if (answer != 204) {
                exchange.getResponseBody().write(reply);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
