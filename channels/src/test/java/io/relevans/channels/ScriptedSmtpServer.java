package io.relevans.channels;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A tiny SMTP responder for failure tests: answers each command with the reply the test scripted
 * (everything else with 250), and can stay silent after accepting a connection, or hang up after
 * each message. Records the commands it received, and counts connections (the most open at once too).
 * Each connection on a thread of its own, on an ephemeral port of the loopback interface.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Thread thread;
    private final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());
    private final String greeting;
    private final String mailReply;
    private final String rcptReply;
    private final String dataReply;
    private volatile boolean hangUpAfterMessage;
    private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger openNow = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger mostOpen = new java.util.concurrent.atomic.AtomicInteger();

    private ScriptedSmtpServer(String greeting, String mailReply, String rcptReply, String dataReply) {
        this(0, greeting, mailReply, rcptReply, dataReply);
    }

    private ScriptedSmtpServer(int port, String greeting, String mailReply, String rcptReply, String dataReply) {
        this.greeting = greeting;
        this.mailReply = mailReply;
        this.rcptReply = rcptReply;
        this.dataReply = dataReply;
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true); // a test may start another server on the port after this one
            socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::serve, "scripted-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    /** A server that accepts everything. */
    static ScriptedSmtpServer accepting() {
        return new ScriptedSmtpServer("220 scripted ESMTP", "250 ok", "250 ok", "250 queued");
    }

    /**
     * A server that refuses the recipient with the reply, such as {@code 550 5.1.1 unknown}; {@code {to}}
     * in it stands for the address the client gave, as servers quote it.
     */
    static ScriptedSmtpServer refusingRecipient(String reply) {
        return new ScriptedSmtpServer("220 scripted ESMTP", "250 ok", reply, "250 queued");
    }

    /** A server that accepts every message and then closes the connection without a word. */
    static ScriptedSmtpServer hangingUpAfterEachMessage() {
        ScriptedSmtpServer server = accepting();
        server.hangUpAfterMessage = true;
        return server;
    }

    /** How many connections were accepted so far. */
    int connections() {
        return connections.get();
    }

    /** The most connections that were open at once. */
    int mostOpenAtOnce() {
        return mostOpen.get();
    }

    /** A server that refuses the sender with the reply. */
    static ScriptedSmtpServer refusingSender(String reply) {
        return new ScriptedSmtpServer("220 scripted ESMTP", reply, "250 ok", "250 queued");
    }

    /** A server that takes the message and then refuses it with the reply. */
    static ScriptedSmtpServer refusingMessage(String reply) {
        return new ScriptedSmtpServer("220 scripted ESMTP", "250 ok", "250 ok", reply);
    }

    /** A server that greets with the reply, such as {@code 421 too busy}. */
    static ScriptedSmtpServer greeting(String reply) {
        return new ScriptedSmtpServer(reply, "250 ok", "250 ok", "250 queued");
    }

    /** A server that accepts connections and never says a word. */
    static ScriptedSmtpServer silent() {
        return silent(0);
    }

    /** A server on the given loopback port (0: any free one) that accepts connections and never says a word. */
    static ScriptedSmtpServer silent(int port) {
        return new ScriptedSmtpServer(port, null, "250 ok", "250 ok", "250 queued");
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The commands received so far, verbs upper-cased with their arguments. */
    List<String> commands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    private void serve() {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                continue; // closed by the test: the loop ends
            }
            open.add(client);
            connections.incrementAndGet();
            mostOpen.accumulateAndGet(openNow.incrementAndGet(), Math::max);
            Thread t = new Thread(() -> {
                try (client) {
                    converse(client);
                } catch (IOException e) {
                    // the client went away
                } finally {
                    openNow.decrementAndGet();
                }
            }, "scripted-smtp-connection");
            t.setDaemon(true);
            t.start();
        }
    }

    private void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = client.getOutputStream();
        if (greeting == null) {
            while (in.read() >= 0) {
                // say nothing until the client gives up
            }
            return;
        }
        reply(out, greeting);
        if (!greeting.startsWith("2")) {
            return;
        }
        String line;
        while ((line = in.readLine()) != null) {
            commands.add(line);
            String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
            switch (verb) {
                case "EHLO" -> reply(out, "250-scripted\r\n250 8BITMIME");
                case "MAIL" -> reply(out, mailReply);
                case "RCPT" -> reply(out, rcptReply.replace("{to}", line.substring(line.indexOf(':') + 1).strip()));
                case "DATA" -> {
                    reply(out, "354 go ahead");
                    String data;
                    while ((data = in.readLine()) != null && !data.equals(".")) {
                        // the message is not kept
                    }
                    reply(out, dataReply);
                    if (hangUpAfterMessage) {
                        return;
                    }
                }
                case "QUIT" -> {
                    reply(out, "221 bye");
                    return;
                }
                default -> reply(out, "250 ok");
            }
        }
    }

    private static void reply(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        synchronized (open) {
            for (Socket s : open) {
                s.close();
            }
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
