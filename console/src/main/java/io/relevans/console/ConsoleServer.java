package io.relevans.console;

import jakarta.servlet.SessionCookieConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console on its own, on an embedded Jetty server: for a quick start, a demo, or an application without
 * a web server. Needs {@code org.eclipse.jetty.ee10:jetty-ee10-servlet} on the class path (an optional
 * dependency of this module). Sessions live in memory; their cookie is HttpOnly and SameSite=Strict.
 *
 * <pre>{@code
 * try (ConsoleServer server = ConsoleServer.start(console, new InetSocketAddress("127.0.0.1", 8080))) {
 *     System.out.println("console at " + server.uri());
 *     server.join();
 * }
 * }</pre>
 */
public final class ConsoleServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

    private final Server server;
    private final URI uri;

    private ConsoleServer(Server server, URI uri) {
        this.server = server;
        this.uri = uri;
    }

    /**
     * Starts serving the console at the root of the address; port 0 picks a free port ({@link #uri()} tells
     * which).
     *
     * @throws IllegalStateException when the server cannot start, such as when the port is taken
     */
    public static ConsoleServer start(Console console, InetSocketAddress address) {
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(address, "address");
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        context.setMaxFormContentSize(2 * 1024 * 1024); // the definitions' text is posted as a form
        SessionCookieConfig cookie = context.getSessionHandler().getSessionCookieConfig();
        cookie.setHttpOnly(true);
        cookie.setName("RELEVANS_SESSION");
        cookie.setAttribute("SameSite", "Strict");
        context.getSessionHandler().setMaxInactiveInterval(8 * 3600);
        context.addServlet(new ServletHolder("relevans-console", console.servlet()), "/*");
        server.setHandler(context);
        server.setStopAtShutdown(true);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("the console could not start on " + address + ": " + e.getMessage(), e);
        }
        String host = address.getAddress() != null && address.getAddress().isAnyLocalAddress() ? "localhost"
                : address.getHostString();
        URI uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + connector.getLocalPort() + "/");
        LOG.info("console '{}' at {}", console.title(), uri);
        return new ConsoleServer(server, uri);
    }

    /** Where the console is: {@code http://host:port/}. */
    public URI uri() {
        return uri;
    }

    /**
     * Waits until the server stops (another thread closes it, or the JVM shuts down).
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops the server; requests under way are ended. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the console server did not stop cleanly", e);
        }
    }
}
