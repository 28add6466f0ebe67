package io.relevans.channels;

import io.relevans.customer.Channel;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.spi.ChannelAdapter;
import io.relevans.spi.Delivery;
import io.relevans.spi.RenderedMessage;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Date;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends email messages over SMTP with Jakarta Mail (Angus Mail), reusing its connections.
 *
 * <p><b>Connections are pooled</b> ({@link SmtpSettings.Pool}): a delivery takes an open connection
 * (the one used last, {@code Transport} reuse) or opens one, sends the message on it and puts it back,
 * so a backlog goes out without a connection, greeting, TLS handshake and login per message. At most
 * {@code connections} are open at once (deliveries beyond wait for one); a connection is closed after
 * {@code messagesPerConnection} messages, when it was idle longer than {@code idleTimeout}, and after any
 * failure. A reused connection that turns out to be broken (the server closed it meanwhile) is closed
 * and the message is sent once more on a new connection, within the same delivery. {@link #close()}
 * closes the idle connections.
 *
 * <p><b>The body is HTML.</b> The engine's renderer writes email bodies as HTML with every data value
 * escaped ({@link io.relevans.spi.SimpleTemplates}), so each message goes out as {@code
 * multipart/alternative}: a {@code text/plain} part derived from the HTML (paragraphs and list items
 * on their own lines, links as "text (address)", markup dropped) and the HTML body as it is, both
 * UTF-8. The subject is plain text.
 *
 * <p><b>Retries are recognisable.</b> Every attempt of one message carries the same {@code
 * Message-ID}, {@code <}message id{@code @}sender's domain{@code >}, and the header {@value
 * #MESSAGE_ID_HEADER} with the message id itself, so a receiving system or a log search can tell a
 * retry from a new message.
 *
 * <p><b>Failures.</b> Temporary ({@link Delivery#retryLater(String)}): the server cannot be reached
 * or does not answer in time, a 4xx reply at any stage, a 552 reply to the recipient (to be read as
 * 452, RFC 5321), the sender refused or the login failed (both settings problems, not the message's),
 * anything else unexpected; all of them failures of the channel, which count towards pausing it,
 * except a 4xx or 552 reply to the recipient, a failure of that message alone ({@link
 * Delivery#retryMessageLater(String)}). Permanent ({@link Delivery#failed(String)}): a 5xx reply to the
 * recipient (unknown mailbox, refused address, relaying denied), a 5xx reply to the message itself
 * (rejected as spam, too large), a recipient that is not a valid email address. Details carry the SMTP reply with
 * every address in it masked.
 *
 * <p>Logs message ids and outcomes at debug level; never an address or message text. Thread-safe:
 * concurrent deliveries use separate connections.
 */
public final class SmtpChannel implements ChannelAdapter, AutoCloseable {

    /** The header that carries the message id on every attempt. */
    public static final String MESSAGE_ID_HEADER = "X-Relevans-Message-Id";

    private static final Logger LOG = LoggerFactory.getLogger(SmtpChannel.class);
    /** The characters allowed in the left part of a Message-ID without quoting (RFC 5322 dot-atom text). */
    private static final Pattern ATOM = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

    private final SmtpSettings settings;
    private final Session session;
    private final InternetAddress from;
    private final String idDomain;
    /** One permit per connection that may be open. */
    private final Semaphore connections;
    /** Open connections waiting for a message, the one used last first; guarded by itself. */
    private final Deque<Pooled> idle = new ArrayDeque<>();

    /** An open connection and what it did. */
    private record Pooled(Transport transport, int sent, long idleSince) {
    }

    /**
     * An SMTP channel with the given settings. Nothing is connected until the first delivery.
     *
     * @param settings server, sender, login, security and timeouts
     */
    public SmtpChannel(SmtpSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.session = Session.getInstance(properties(settings));
        try {
            this.from = settings.fromName().isEmpty()
                    ? new InternetAddress(settings.fromAddress(), true)
                    : new InternetAddress(settings.fromAddress(), settings.fromName(), StandardCharsets.UTF_8.name());
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new IllegalArgumentException("from address of " + settings + " is not usable: " + e.getMessage(), e);
        }
        String address = settings.fromAddress();
        this.idDomain = address.substring(address.lastIndexOf('@') + 1);
        this.connections = new Semaphore(settings.pool().connections());
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public IdentityType addressType() {
        return IdentityType.EMAIL;
    }

    /** The settings this channel sends with. */
    public SmtpSettings settings() {
        return settings;
    }

    /**
     * Sends the message once, on a pooled connection or a new one. Never throws for a failed delivery;
     * the outcome says whether to try again. An interrupt while waiting for a connection is a temporary
     * failure and leaves the thread's interrupt flag set.
     */
    @Override
    public Delivery deliver(RenderedMessage message) {
        Objects.requireNonNull(message, "message");
        if (!Channel.EMAIL.equals(message.channel()) || message.recipient().type() != IdentityType.EMAIL) {
            return Delivery.failed("the SMTP channel delivers email to email addresses, not " + message.channel()
                    + " to " + message.recipient().type().jsonName());
        }
        InternetAddress to;
        try {
            to = new InternetAddress(message.recipient().value(), true);
            to.validate();
        } catch (AddressException e) {
            return log(message, Delivery.failed("the recipient is not a valid email address"));
        }
        Delivery outcome;
        try {
            MimeMessage mime = compose(message, to);
            send(mime);
            outcome = Delivery.accepted();
        } catch (MessagingException e) {
            outcome = classify(e, message.recipient());
        }
        return log(message, outcome);
    }

    private MimeMessage compose(RenderedMessage message, InternetAddress to) throws MessagingException {
        MimeMessage mime = new IdentifiedMessage(session, messageId(message.id()));
        mime.setFrom(from);
        mime.setRecipient(Message.RecipientType.TO, to);
        mime.setSubject(message.subject(), StandardCharsets.UTF_8.name());
        mime.setSentDate(new Date());
        mime.setHeader(MESSAGE_ID_HEADER, message.id());

        MimeBodyPart text = new MimeBodyPart();
        text.setText(HtmlText.of(message.body()), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(message.body(), StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text); // least preferred first (RFC 2046)
        alternative.addBodyPart(html);
        mime.setContent(alternative);
        mime.saveChanges();
        return mime;
    }

    private void send(MimeMessage mime) throws MessagingException {
        try {
            connections.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("interrupted while waiting for one of the "
                    + settings.pool().connections() + " SMTP connections");
        }
        try {
            Pooled reused = takeIdle();
            if (reused != null) {
                try {
                    sendOn(reused.transport(), reused.sent(), mime);
                    return;
                } catch (MessagingException | IllegalStateException e) {
                    if (e instanceof MessagingException m && answered(m)) {
                        throw m; // the server answered: the message's or the session's failure, not a broken line
                    }
                    LOG.debug("a pooled SMTP connection to {}:{} was broken ({}): sending on a new one",
                            settings.host(), settings.port(), e.getClass().getSimpleName());
                }
            }
            sendOn(connect(), 0, mime);
        } finally {
            connections.release();
        }
    }

    /**
     * Sends the message on a connection that sent {@code sent} messages before and puts it back; closes
     * it when sending fails.
     */
    private void sendOn(Transport transport, int sent, MimeMessage mime) throws MessagingException {
        try {
            transport.sendMessage(mime, mime.getAllRecipients());
        } catch (MessagingException | RuntimeException e) {
            close(transport);
            throw e;
        }
        giveBack(transport, sent + 1);
    }

    private Transport connect() throws MessagingException {
        Transport transport = session.getTransport("smtp");
        try {
            if (settings.login().isPresent()) {
                transport.connect(settings.host(), settings.port(), settings.login().get().username(),
                        settings.login().get().password());
            } else {
                transport.connect(settings.host(), settings.port(), null, null);
            }
            return transport;
        } catch (MessagingException | RuntimeException e) {
            close(transport);
            throw e;
        }
    }

    /** The idle connection used last, closing those idle too long; null when none is left. */
    private @Nullable Pooled takeIdle() {
        long now = System.nanoTime();
        long limit = settings.pool().idleTimeout().toNanos();
        while (true) {
            Pooled p = pollIdle();
            if (p == null) {
                return null;
            }
            if (now - p.idleSince() <= limit) {
                return p; // not checked with a NOOP (Transport.isConnected): a broken one is replaced when used
            }
            close(p.transport());
        }
    }

    /** The idle connection used last, taken from the pool; null when none is idle. */
    private Pooled pollIdle() {
        synchronized (idle) {
            return idle.pollFirst();
        }
    }

    /** Puts a connection back for the next message, or closes it when it sent its share. */
    private void giveBack(Transport transport, int sent) {
        if (sent >= settings.pool().messagesPerConnection()) {
            close(transport);
            return;
        }
        synchronized (idle) {
            idle.addFirst(new Pooled(transport, sent, System.nanoTime()));
        }
    }

    /** Whether the failure is a reply of the server (it was listening), not a broken connection. */
    private static boolean answered(MessagingException e) {
        int code = replyCode(refusal(e));
        return code >= 400 && code != 421; // 421: the server closes the session
    }

    /**
     * The server's reply refusing the recipient, else the one refusing the sender, else the one refusing
     * the message, along the chain of causes and next exceptions; null when the server refused none.
     */
    private static @Nullable MessagingException refusal(MessagingException e) {
        MessagingException refused = find(e, SMTPAddressFailedException.class);
        if (refused == null) {
            refused = find(e, SMTPSenderFailedException.class);
        }
        if (refused == null) {
            refused = find(e, SMTPSendFailedException.class);
        }
        return refused;
    }

    /** The SMTP reply code of a {@link #refusal}; -1 for none. */
    static int replyCode(@Nullable MessagingException refusal) {
        if (refusal instanceof SMTPAddressFailedException recipient) {
            return recipient.getReturnCode();
        }
        if (refusal instanceof SMTPSenderFailedException sender) {
            return sender.getReturnCode();
        }
        return refusal instanceof SMTPSendFailedException message ? message.getReturnCode() : -1;
    }

    private void close(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("closing the SMTP connection to {}:{} failed: {}", settings.host(), settings.port(),
                    e.getMessage());
        }
    }

    /** Closes the idle connections; deliveries after it open new ones. */
    @Override
    public void close() {
        for (Pooled p = pollIdle(); p != null; p = pollIdle()) {
            close(p.transport());
        }
    }

    /** {@code <id@domain>}, the id hex-encoded when it has characters a Message-ID cannot hold. */
    private String messageId(String id) {
        String left = ATOM.matcher(id).matches() ? id
                : "x-" + HexFormat.of().formatHex(id.getBytes(StandardCharsets.UTF_8));
        return "<" + left + "@" + idDomain + ">";
    }

    private Delivery classify(MessagingException e, Identity recipient) {
        MessagingException refused = refusal(e);
        if (refused instanceof SMTPAddressFailedException) {
            int code = replyCode(refused);
            String detail = "recipient refused: " + reply(refused, recipient);
            return code / 100 == 5 && code != 552 ? Delivery.failed(detail) : Delivery.retryMessageLater(detail);
        }
        if (refused instanceof SMTPSenderFailedException) {
            return Delivery.retryLater("sender refused: " + reply(refused, recipient));
        }
        if (refused != null) {
            String detail = "message refused: " + reply(refused, recipient);
            return replyCode(refused) / 100 == 5 ? Delivery.failed(detail) : Delivery.retryLater(detail);
        }
        AuthenticationFailedException login = find(e, AuthenticationFailedException.class);
        if (login != null) {
            return Delivery.retryLater("login to " + settings.host() + ":" + settings.port() + " failed: "
                    + Redaction.scrub(login.getMessage(), recipient));
        }
        IOException io = find(e, IOException.class);
        if (io != null) {
            return Delivery.retryLater("connection to " + settings.host() + ":" + settings.port() + " failed: "
                    + io.getClass().getSimpleName() + (io.getMessage() == null ? ""
                    : " " + Redaction.scrub(io.getMessage(), recipient)));
        }
        return Delivery.retryLater(e.getClass().getSimpleName() + ": " + Redaction.scrub(e.getMessage(), recipient));
    }

    /** The server's reply of an SMTP exception, addresses masked. */
    private static String reply(MessagingException e, Identity recipient) {
        return Redaction.scrub(e.getMessage(), recipient);
    }

    /** The first exception of the type along the chain of causes and next exceptions. */
    private static <T extends Exception> @Nullable T find(Exception top, Class<T> type) {
        Exception e = top;
        for (int depth = 0; e != null && depth < 20; depth++) {
            if (type.isInstance(e)) {
                return type.cast(e);
            }
            Throwable next = e instanceof MessagingException m && m.getNextException() != null
                    ? m.getNextException() : e.getCause();
            e = next instanceof Exception x ? x : null;
        }
        return null;
    }

    private static Delivery log(RenderedMessage message, Delivery outcome) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("email message {}: {}{}", message.id(), outcome.outcome(),
                    outcome.detail().isEmpty() ? "" : " (" + outcome.detail() + ")");
        }
        return outcome;
    }

    private static Properties properties(SmtpSettings s) {
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", s.host());
        p.setProperty("mail.smtp.port", Integer.toString(s.port()));
        p.setProperty("mail.smtp.connectiontimeout", Long.toString(s.connectTimeout().toMillis()));
        p.setProperty("mail.smtp.timeout", Long.toString(s.readTimeout().toMillis()));
        p.setProperty("mail.smtp.writetimeout", Long.toString(s.readTimeout().toMillis()));
        p.setProperty("mail.smtp.auth", Boolean.toString(s.login().isPresent()));
        switch (s.security()) {
            case NONE -> {
            }
            case STARTTLS -> {
                p.setProperty("mail.smtp.starttls.enable", "true");
                p.setProperty("mail.smtp.starttls.required", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            case SSL -> {
                p.setProperty("mail.smtp.ssl.enable", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
        }
        p.setProperty("mail.mime.charset", StandardCharsets.UTF_8.name());
        return p;
    }

    /** A MIME message whose Message-ID is chosen by the channel, the same on every attempt. */
    private static final class IdentifiedMessage extends MimeMessage {
        private final String messageId;

        IdentifiedMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
