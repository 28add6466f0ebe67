package io.relevans.channels;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how {@link SmtpChannel} sends email: the SMTP server, the sender shown to customers, an
 * optional login, the transport security, the timeouts and the connection pool. Start from {@link
 * #of(String, int, String, String)} (STARTTLS required, 10 s to connect, 30 s per reply, {@link
 * Pool#DEFAULT}) and adjust with the {@code with} methods.
 *
 * <pre>{@code
 * SmtpSettings settings = SmtpSettings.of("smtp.example.com", 587, "news@shop.example", "The Shop")
 *         .withLogin("news@shop.example", password);
 * }</pre>
 *
 * @param host           the SMTP server's host name, not blank
 * @param port           the SMTP server's port, 1..65535 (587 for STARTTLS, 465 for SSL, 25 between servers)
 * @param fromAddress    the sender's address, a valid email address
 * @param fromName       the sender's display name, may be empty
 * @param login          user name and password when the server wants a login
 * @param security       how the connection is protected
 * @param connectTimeout the longest wait for the connection, positive
 * @param readTimeout    the longest wait for each reply of the server (and for each write), positive
 * @param pool           how many connections are kept open and reused
 */
public record SmtpSettings(String host, int port, String fromAddress, String fromName, Optional<Login> login,
                           Security security, Duration connectTimeout, Duration readTimeout, Pool pool) {

    /** The connection timeout of {@link #of}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The read timeout of {@link #of}. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    /** @throws IllegalArgumentException naming the part that is out of range */
    public SmtpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(fromAddress, "from address");
        Objects.requireNonNull(fromName, "from name");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(connectTimeout, "connect timeout");
        Objects.requireNonNull(readTimeout, "read timeout");
        Objects.requireNonNull(pool, "pool");
        if (host.isBlank()) {
            throw new IllegalArgumentException("SMTP host must not be blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("SMTP port must be 1..65535, got " + port);
        }
        try {
            new InternetAddress(fromAddress, true).validate();
        } catch (AddressException e) {
            throw new IllegalArgumentException("from address '" + fromAddress + "' is not a valid email address: "
                    + e.getMessage(), e);
        }
        checkTimeout("connect timeout", connectTimeout);
        checkTimeout("read timeout", readTimeout);
    }

    /**
     * Settings with the {@link Pool#DEFAULT default pool}.
     *
     * @throws IllegalArgumentException naming the part that is out of range
     */
    public SmtpSettings(String host, int port, String fromAddress, String fromName, Optional<Login> login,
                        Security security, Duration connectTimeout, Duration readTimeout) {
        this(host, port, fromAddress, fromName, login, security, connectTimeout, readTimeout, Pool.DEFAULT);
    }

    /**
     * Settings with STARTTLS required, no login, the default timeouts and the default pool.
     *
     * @param host        the SMTP server's host name
     * @param port        the SMTP server's port
     * @param fromAddress the sender's address
     * @param fromName    the sender's display name, may be empty
     */
    public static SmtpSettings of(String host, int port, String fromAddress, String fromName) {
        return new SmtpSettings(host, port, fromAddress, fromName, Optional.empty(), Security.STARTTLS,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, Pool.DEFAULT);
    }

    /** These settings with a login. */
    public SmtpSettings withLogin(String username, String password) {
        return new SmtpSettings(host, port, fromAddress, fromName, Optional.of(new Login(username, password)), security,
                connectTimeout, readTimeout, pool);
    }

    /** These settings without a login. */
    public SmtpSettings withoutLogin() {
        return new SmtpSettings(host, port, fromAddress, fromName, Optional.empty(), security, connectTimeout,
                readTimeout, pool);
    }

    /** These settings with another transport security. */
    public SmtpSettings withSecurity(Security newSecurity) {
        return new SmtpSettings(host, port, fromAddress, fromName, login, newSecurity, connectTimeout, readTimeout,
                pool);
    }

    /** These settings with other timeouts. */
    public SmtpSettings withTimeouts(Duration newConnectTimeout, Duration newReadTimeout) {
        return new SmtpSettings(host, port, fromAddress, fromName, login, security, newConnectTimeout,
                newReadTimeout, pool);
    }

    /** These settings with another connection pool. */
    public SmtpSettings withPool(Pool newPool) {
        return new SmtpSettings(host, port, fromAddress, fromName, login, security, connectTimeout, readTimeout,
                newPool);
    }

    /** A description without the password. */
    @Override
    public String toString() {
        return "SmtpSettings[" + host + ":" + port + ", from " + fromAddress + ", " + security
                + login.map(l -> ", login " + l.username()).orElse("") + ", timeouts " + connectTimeout + "/"
                + readTimeout + ", " + pool + "]";
    }

    private static void checkTimeout(String what, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " must be positive and at most " + Integer.MAX_VALUE
                    + " ms, got " + timeout);
        }
    }

    /**
     * A login on the SMTP server.
     *
     * @param username the user name, not blank
     * @param password the password
     */
    public record Login(String username, String password) {
        /** @throws IllegalArgumentException when the user name is blank */
        public Login {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            if (username.isBlank()) {
                throw new IllegalArgumentException("SMTP username must not be blank");
            }
        }

        /** The user name only; never the password. */
        @Override
        public String toString() {
            return "Login[" + username + "]";
        }
    }

    /**
     * How {@link SmtpChannel} reuses its connections to the server: at most {@code connections} open at
     * once (deliveries beyond wait for one), each sending at most {@code messagesPerConnection} messages
     * before it is closed (servers limit a session), and closed instead of reused once idle longer than
     * {@code idleTimeout} (servers drop idle sessions after a few minutes). A reused connection that turns
     * out to be broken is closed and the message is sent once on a new one.
     *
     * @param connections           the most connections open at once, 1 to {@value #MOST_CONNECTIONS}
     * @param messagesPerConnection the most messages one connection sends, 1 (a connection per message)
     *                              to {@value #MOST_MESSAGES}
     * @param idleTimeout           the longest an open connection waits for its next message, from 1
     *                              second to 10 minutes
     */
    public record Pool(int connections, int messagesPerConnection, Duration idleTimeout) {

        /** The upper limit of {@link #connections()}. */
        public static final int MOST_CONNECTIONS = 64;
        /** The upper limit of {@link #messagesPerConnection()}. */
        public static final int MOST_MESSAGES = 10_000;
        private static final Duration LONGEST_IDLE = Duration.ofMinutes(10);

        /** Up to 4 connections, 100 messages each, closed after 30 seconds idle. */
        public static final Pool DEFAULT = new Pool(4, 100, Duration.ofSeconds(30));

        /** @throws IllegalArgumentException naming the part out of range and its limits */
        public Pool {
            Objects.requireNonNull(idleTimeout, "idle timeout");
            if (connections < 1 || connections > MOST_CONNECTIONS) {
                throw new IllegalArgumentException("SMTP pool connections must be 1.." + MOST_CONNECTIONS + ", got "
                        + connections);
            }
            if (messagesPerConnection < 1 || messagesPerConnection > MOST_MESSAGES) {
                throw new IllegalArgumentException("SMTP messages per connection must be 1.." + MOST_MESSAGES
                        + ", got " + messagesPerConnection);
            }
            if (idleTimeout.compareTo(Duration.ofSeconds(1)) < 0 || idleTimeout.compareTo(LONGEST_IDLE) > 0) {
                throw new IllegalArgumentException("SMTP pool idle timeout must be from 1 s to " + LONGEST_IDLE
                        + ", got " + idleTimeout);
            }
        }

        /** One connection per message, opened and closed for it: no reuse. */
        public static Pool connectionPerMessage() {
            return new Pool(MOST_CONNECTIONS, 1, Duration.ofSeconds(1));
        }
    }

    /** How the connection to the SMTP server is protected. */
    public enum Security {
        /** Plain text, no TLS: only for a relay on the same host or network, and for tests. */
        NONE,
        /** Starts plain and upgrades with STARTTLS; a server that does not offer it is not used. */
        STARTTLS,
        /** TLS from the first byte ("SMTPS", usually port 465). */
        SSL
    }
}
