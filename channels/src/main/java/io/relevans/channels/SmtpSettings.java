package io.relevans.channels;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how {@link SmtpChannel} sends email: the SMTP server, the sender shown to customers, an
 * optional login, the transport security and the timeouts. Start from {@link #of(String, int, String,
 * String)} (STARTTLS required, 10 s to connect, 30 s per reply) and adjust with the {@code with}
 * methods.
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
 */
public record SmtpSettings(String host, int port, String fromAddress, String fromName, Optional<Login> login,
                           Security security, Duration connectTimeout, Duration readTimeout) {

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
     * Settings with STARTTLS required, no login and the default timeouts.
     *
     * @param host        the SMTP server's host name
     * @param port        the SMTP server's port
     * @param fromAddress the sender's address
     * @param fromName    the sender's display name, may be empty
     */
    public static SmtpSettings of(String host, int port, String fromAddress, String fromName) {
        return new SmtpSettings(host, port, fromAddress, fromName, Optional.empty(), Security.STARTTLS,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    /** These settings with a login. */
    public SmtpSettings withLogin(String username, String password) {
        return new SmtpSettings(host, port, fromAddress, fromName, Optional.of(new Login(username, password)), security,
                connectTimeout, readTimeout);
    }

    /** These settings without a login. */
    public SmtpSettings withoutLogin() {
        return new SmtpSettings(host, port, fromAddress, fromName, Optional.empty(), security, connectTimeout,
                readTimeout);
    }

    /** These settings with another transport security. */
    public SmtpSettings withSecurity(Security newSecurity) {
        return new SmtpSettings(host, port, fromAddress, fromName, login, newSecurity, connectTimeout, readTimeout);
    }

    /** These settings with other timeouts. */
    public SmtpSettings withTimeouts(Duration newConnectTimeout, Duration newReadTimeout) {
        return new SmtpSettings(host, port, fromAddress, fromName, login, security, newConnectTimeout,
                newReadTimeout);
    }

    /** A description without the password. */
    @Override
    public String toString() {
        return "SmtpSettings[" + host + ":" + port + ", from " + fromAddress + ", " + security
                + login.map(l -> ", login " + l.username()).orElse("") + ", timeouts " + connectTimeout + "/"
                + readTimeout + "]";
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
