package io.relevans.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code relevans.*} properties the auto-configuration builds an engine from: where the definitions
 * are read, the storage, the tick schedule, the channels, the templates and the metrics. Setters check
 * what they can at once and name the property in their message, so a wrong value stops the application
 * at start with Spring Boot's report of that property.
 */
@ConfigurationProperties(prefix = RelevansProperties.PREFIX)
public class RelevansProperties {

    /** The prefix of every property here. */
    public static final String PREFIX = "relevans";

    private final Definitions definitions = new Definitions();
    private final Storage storage = new Storage();
    private final Tick tick = new Tick();
    private final Channels channels = new Channels();
    private final Metrics metrics = new Metrics();

    /**
     * Message templates by id, rendered by the engine's default SimpleTemplates ({{name}} placeholders,
     * {{#lines}}...{{/lines}} for purchase and cart lines). Every template a program sends must be here,
     * or the definitions are refused; a TemplateRenderer bean replaces them all.
     */
    private Map<String, Template> templates = new LinkedHashMap<>();

    /** Made by Spring Boot, which binds the {@code relevans.*} properties to it. */
    public RelevansProperties() {
    }

    /** Where the definitions are read from and when they are reloaded. */
    public Definitions getDefinitions() {
        return definitions;
    }

    /** Where customers, waiting programs and messages are kept. */
    public Storage getStorage() {
        return storage;
    }

    /** The schedule of {@code Relevans.tick()}. */
    public Tick getTick() {
        return tick;
    }

    /** The channel adapters built from properties. */
    public Channels getChannels() {
        return channels;
    }

    /** The engine's Micrometer meters, when relevans-micrometer and a MeterRegistry are there. */
    public Metrics getMetrics() {
        return metrics;
    }

    /** The templates by id; never null. */
    public Map<String, Template> getTemplates() {
        return templates;
    }

    /** Replaces the templates; null means none. */
    public void setTemplates(@Nullable Map<String, Template> templates) {
        this.templates = templates == null ? new LinkedHashMap<>() : templates;
    }

    /** {@code relevans.definitions.*}. */
    public static class Definitions {

        /**
         * Where the .rel files are read: classpath:FOLDER (in directories and jars), file:FOLDER, or a
         * folder path; every .rel file below it, subfolders included. Without it, the class path folder
         * relevans is read when there is one, and the engine starts without definitions when there is
         * not. A location that is set must exist.
         */
        private @Nullable String location;

        /**
         * How often a folder location is checked for changed .rel files, which are then reloaded (a
         * reload with errors keeps the running definitions). Not set: only the actuator endpoint
         * reloads. Only for a folder: a class path location does not change while the application runs.
         */
        private @Nullable Duration reloadInterval;

        /** The defaults, until Spring Boot binds the properties that are set. */
        public Definitions() {
        }

        /** The location as set; null when not set. */
        public @Nullable String getLocation() {
            return location;
        }

        /** Sets the location; null or blank means not set. */
        public void setLocation(@Nullable String location) {
            this.location = location == null || location.isBlank() ? null : location.strip();
        }

        /** The reload interval; null when folders are not watched. */
        public @Nullable Duration getReloadInterval() {
            return reloadInterval;
        }

        /**
         * Sets the reload interval.
         *
         * @throws IllegalArgumentException unless from 100 milliseconds to 1 day
         */
        public void setReloadInterval(@Nullable Duration reloadInterval) {
            if (reloadInterval != null && (reloadInterval.compareTo(Duration.ofMillis(100)) < 0
                    || reloadInterval.compareTo(Duration.ofDays(1)) > 0)) {
                throw new IllegalArgumentException(PREFIX + ".definitions.reload-interval must be from "
                        + "100 milliseconds to 1 day, got " + reloadInterval);
            }
            this.reloadInterval = reloadInterval;
        }
    }

    /** {@code relevans.storage.*}. */
    public static class Storage {

        /**
         * Where the engine keeps customers, waiting programs and messages: memory (lost at restart, one
         * process) or jdbc (the application's DataSource, PostgreSQL or H2, with the Relevans tables
         * migrated at start; several instances may share it). A Storage bean replaces both.
         */
        private StorageType type = StorageType.MEMORY;

        private final Jdbc jdbc = new Jdbc();

        /** The defaults, until Spring Boot binds the properties that are set. */
        public Storage() {
        }

        /** The storage type; never null. */
        public StorageType getType() {
            return type;
        }

        /** Sets the storage type; null means memory. */
        public void setType(StorageType type) {
            this.type = type == null ? StorageType.MEMORY : type;
        }

        /** The settings of the JDBC storage. */
        public Jdbc getJdbc() {
            return jdbc;
        }
    }

    /** {@code relevans.storage.jdbc.*}. */
    public static class Jdbc {

        /**
         * How many customers the JDBC storage keeps what it read or committed of, so that their next event
         * needs no reads (checked against the row version, so other instances' writes are never missed);
         * 0 reads every time.
         */
        private int cachedCustomers = 10_000;

        /** The defaults, until Spring Boot binds the properties that are set. */
        public Jdbc() {
        }

        /** The number of customers kept. */
        public int getCachedCustomers() {
            return cachedCustomers;
        }

        /**
         * Sets the number of customers kept.
         *
         * @throws IllegalArgumentException unless from 0 to 10,000,000
         */
        public void setCachedCustomers(int cachedCustomers) {
            if (cachedCustomers < 0 || cachedCustomers > 10_000_000) {
                throw new IllegalArgumentException(PREFIX + ".storage.jdbc.cached-customers must be from 0 to "
                        + "10000000, got " + cachedCustomers);
            }
            this.cachedCustomers = cachedCustomers;
        }
    }

    /** {@code relevans.tick.*}. */
    public static class Tick {

        /**
         * Whether the starter calls Relevans.tick() on a schedule (fires due waits and time-based
         * triggers, then hands due messages to the channels). Turn it off when something else ticks, such
         * as a job scheduler of its own.
         */
        private boolean enabled = true;

        /** The time between the end of one tick and the start of the next, also the wait before the first. */
        private Duration interval = Duration.ofMinutes(1);

        /** The defaults, until Spring Boot binds the properties that are set. */
        public Tick() {
        }

        /** Whether ticks are scheduled. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets whether ticks are scheduled. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** The interval; never null. */
        public Duration getInterval() {
            return interval;
        }

        /**
         * Sets the interval.
         *
         * @throws IllegalArgumentException unless from 10 milliseconds to 1 day
         */
        public void setInterval(Duration interval) {
            Objects.requireNonNull(interval, PREFIX + ".tick.interval");
            if (interval.compareTo(Duration.ofMillis(10)) < 0 || interval.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException(PREFIX + ".tick.interval must be from 10 milliseconds to 1 day, got "
                        + interval);
            }
            this.interval = interval;
        }
    }

    /** {@code relevans.channels.*}. */
    public static class Channels {

        private final Smtp smtp = new Smtp();
        private final Webhook sms = new Webhook();
        private final Webhook push = new Webhook();

        /** The defaults, until Spring Boot binds the properties that are set. */
        public Channels() {
        }

        /** Email over SMTP, on when {@code relevans.channels.smtp.host} is set. */
        public Smtp getSmtp() {
            return smtp;
        }

        /** Text messages through an HTTP gateway, on when {@code relevans.channels.sms.url} is set. */
        public Webhook getSms() {
            return sms;
        }

        /** App push notifications through an HTTP gateway, on when {@code relevans.channels.push.url} is set. */
        public Webhook getPush() {
            return push;
        }
    }

    /** {@code relevans.channels.smtp.*}: the SmtpChannel's settings. */
    public static class Smtp {

        /** The SMTP server's host name; setting it turns the email channel on. */
        private @Nullable String host;

        /** The SMTP server's port: 587 for STARTTLS, 465 for SSL, 25 between servers. */
        private int port = 587;

        /** The sender's email address, required with a host. */
        private @Nullable String from;

        /** The sender's display name. */
        private String fromName = "";

        /** The login user name, when the server wants a login. */
        private @Nullable String username;

        /** The login password, with the user name. */
        private @Nullable String password;

        /** How the connection is protected: starttls (required), ssl (from the first byte) or none. */
        private SmtpSecurity security = SmtpSecurity.STARTTLS;

        /** The longest wait for the connection. */
        private Duration connectTimeout = Duration.ofSeconds(10);

        /** The longest wait for each reply of the server. */
        private Duration readTimeout = Duration.ofSeconds(30);

        /** The most connections open at once. */
        private int poolConnections = 4;

        /** The most messages one connection sends before it is closed. */
        private int poolMessagesPerConnection = 100;

        /** How long an open connection waits for its next message. */
        private Duration poolIdleTimeout = Duration.ofSeconds(30);

        /** The defaults, until Spring Boot binds the properties that are set. */
        public Smtp() {
        }

        /** The host; null when the channel is off. */
        public @Nullable String getHost() {
            return host;
        }

        /** Sets the host. */
        public void setHost(@Nullable String host) {
            this.host = host;
        }

        /** The port. */
        public int getPort() {
            return port;
        }

        /** Sets the port. */
        public void setPort(int port) {
            this.port = port;
        }

        /** The sender's address. */
        public @Nullable String getFrom() {
            return from;
        }

        /** Sets the sender's address. */
        public void setFrom(@Nullable String from) {
            this.from = from;
        }

        /** The sender's display name; never null. */
        public String getFromName() {
            return fromName;
        }

        /** Sets the sender's display name; null means none. */
        public void setFromName(String fromName) {
            this.fromName = fromName == null ? "" : fromName;
        }

        /** The login user name; null for none. */
        public @Nullable String getUsername() {
            return username;
        }

        /** Sets the login user name. */
        public void setUsername(@Nullable String username) {
            this.username = username;
        }

        /** The login password; null for none. */
        public @Nullable String getPassword() {
            return password;
        }

        /** Sets the login password. */
        public void setPassword(@Nullable String password) {
            this.password = password;
        }

        /** The transport security. */
        public SmtpSecurity getSecurity() {
            return security;
        }

        /** Sets the transport security. */
        public void setSecurity(SmtpSecurity security) {
            this.security = security;
        }

        /** The connect timeout. */
        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        /** Sets the connect timeout. */
        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        /** The read timeout. */
        public Duration getReadTimeout() {
            return readTimeout;
        }

        /** Sets the read timeout. */
        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        /** The most connections open at once. */
        public int getPoolConnections() {
            return poolConnections;
        }

        /** Sets the most connections open at once. */
        public void setPoolConnections(int poolConnections) {
            this.poolConnections = poolConnections;
        }

        /** The most messages per connection. */
        public int getPoolMessagesPerConnection() {
            return poolMessagesPerConnection;
        }

        /** Sets the most messages per connection. */
        public void setPoolMessagesPerConnection(int poolMessagesPerConnection) {
            this.poolMessagesPerConnection = poolMessagesPerConnection;
        }

        /** The idle timeout of pooled connections. */
        public Duration getPoolIdleTimeout() {
            return poolIdleTimeout;
        }

        /** Sets the idle timeout of pooled connections. */
        public void setPoolIdleTimeout(Duration poolIdleTimeout) {
            this.poolIdleTimeout = poolIdleTimeout;
        }
    }

    /** How the SMTP connection is protected; the channels module's {@code SmtpSettings.Security}. */
    public enum SmtpSecurity {
        /** Plain text: a relay on the same host or network, and tests. */
        NONE,
        /** STARTTLS required. */
        STARTTLS,
        /** TLS from the first byte. */
        SSL
    }

    /** {@code relevans.channels.sms.*} and {@code relevans.channels.push.*}: a WebhookChannel's settings. */
    public static class Webhook {

        /** The http or https address each message is posted to; setting it turns the channel on. */
        private @Nullable String url;

        /** The shared secret each request is signed with (HMAC-SHA256 in X-Relevans-Signature). */
        private @Nullable String signingSecret;

        /** The longest wait for the connection. */
        private Duration connectTimeout = Duration.ofSeconds(5);

        /** The longest wait for the response once the request is sent. */
        private Duration requestTimeout = Duration.ofSeconds(10);

        /** The defaults, until Spring Boot binds the properties that are set. */
        public Webhook() {
        }

        /** The address; null when the channel is off. */
        public @Nullable String getUrl() {
            return url;
        }

        /** Sets the address. */
        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        /** The signing secret; null for unsigned requests. */
        public @Nullable String getSigningSecret() {
            return signingSecret;
        }

        /** Sets the signing secret. */
        public void setSigningSecret(@Nullable String signingSecret) {
            this.signingSecret = signingSecret;
        }

        /** The connect timeout. */
        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        /** Sets the connect timeout. */
        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        /** The request timeout. */
        public Duration getRequestTimeout() {
            return requestTimeout;
        }

        /** Sets the request timeout. */
        public void setRequestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
        }
    }

    /** {@code relevans.templates.ID.*}: one template. */
    public static class Template {

        /** The subject (or title): plain text with {{name}} placeholders. */
        private @Nullable String subject;

        /** The body with {{name}} placeholders; HTML for email, where data values are HTML-escaped. */
        private @Nullable String body;

        /** The defaults, until Spring Boot binds the properties that are set. */
        public Template() {
        }

        /** The subject; null when not set. */
        public @Nullable String getSubject() {
            return subject;
        }

        /** Sets the subject. */
        public void setSubject(@Nullable String subject) {
            this.subject = subject;
        }

        /** The body; null when not set. */
        public @Nullable String getBody() {
            return body;
        }

        /** Sets the body. */
        public void setBody(@Nullable String body) {
            this.body = body;
        }
    }

    /** {@code relevans.metrics.*}. */
    public static class Metrics {

        /** Whether the engine reports to the application's MeterRegistry (relevans-micrometer on the class path). */
        private boolean enabled = true;

        /** Whether ingests and deliveries are also observed as spans on the application's ObservationRegistry. */
        private boolean observations = true;

        /** Percentiles of relevans.ingest.latency computed in the application, such as 0.5, 0.95, 0.99. */
        private List<Double> ingestPercentiles = new ArrayList<>();

        /** Whether relevans.ingest.latency publishes a percentile histogram, for backends that aggregate it. */
        private boolean ingestHistogram;

        /** Custom event types tagged by name; other custom types are tagged custom, so tags stay bounded. */
        private List<String> customEventTypes = new ArrayList<>();

        /** The defaults, until Spring Boot binds the properties that are set. */
        public Metrics() {
        }

        /** Whether meters are bound. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets whether meters are bound. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** Whether spans are observed. */
        public boolean isObservations() {
            return observations;
        }

        /** Sets whether spans are observed. */
        public void setObservations(boolean observations) {
            this.observations = observations;
        }

        /** The percentiles; never null. */
        public List<Double> getIngestPercentiles() {
            return ingestPercentiles;
        }

        /** Sets the percentiles; null means none. */
        public void setIngestPercentiles(List<Double> ingestPercentiles) {
            this.ingestPercentiles = ingestPercentiles == null ? new ArrayList<>() : ingestPercentiles;
        }

        /** Whether a histogram is published. */
        public boolean isIngestHistogram() {
            return ingestHistogram;
        }

        /** Sets whether a histogram is published. */
        public void setIngestHistogram(boolean ingestHistogram) {
            this.ingestHistogram = ingestHistogram;
        }

        /** The custom event types tagged by name; never null. */
        public List<String> getCustomEventTypes() {
            return customEventTypes;
        }

        /** Sets the custom event types tagged by name; null means none. */
        public void setCustomEventTypes(List<String> customEventTypes) {
            this.customEventTypes = customEventTypes == null ? new ArrayList<>() : customEventTypes;
        }
    }
}
