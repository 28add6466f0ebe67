package io.relevans.spring.boot;

import io.relevans.channels.SmtpChannel;
import io.relevans.channels.SmtpSettings;
import io.relevans.channels.WebhookChannel;
import io.relevans.channels.WebhookSettings;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The channel adapters of relevans-channels built from {@code relevans.channels.*}: email over SMTP when
 * {@code relevans.channels.smtp.host} is set, text messages and push notifications through HTTP gateways
 * when {@code relevans.channels.sms.url} or {@code relevans.channels.push.url} is. Each backs off when
 * the application defines a bean of the same name ({@code relevansSmtpChannel}, {@code relevansSmsChannel},
 * {@code relevansPushChannel}); any other {@code ChannelAdapter} bean is added to the engine beside them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = RelevansChannelsConfiguration.SMTP_CLASS)
public class RelevansChannelsConfiguration {

    /** The SMTP adapter's class, present with relevans-channels. */
    static final String SMTP_CLASS = "io.relevans.channels.SmtpChannel";
    private static final String CHANNELS = RelevansProperties.PREFIX + ".channels.";

    /** The start of the channels module's refusals, in order, and the property each is about. */
    private static final Map<String, String> PARTS = orderedMap(
            "smtp host", "host", "smtp port", "port", "from address", "from", "smtp pool connections",
            "pool-connections", "smtp messages per connection", "pool-messages-per-connection",
            "smtp pool idle timeout", "pool-idle-timeout", "smtp username", "username",
            "webhook endpoint", "url", "the signing secret", "signing-secret", "connect timeout", "connect-timeout",
            "read timeout", "read-timeout", "request timeout", "request-timeout");

    /** Created by Spring through {@link RelevansAutoConfiguration}. */
    public RelevansChannelsConfiguration() {
    }

    /**
     * Email over SMTP.
     *
     * @throws InvalidConfigurationPropertyValueException naming the property that is missing or wrong
     */
    @Bean
    @ConditionalOnMissingBean(name = "relevansSmtpChannel")
    @ConditionalOnProperty(prefix = RelevansProperties.PREFIX + ".channels.smtp", name = "host")
    public SmtpChannel relevansSmtpChannel(RelevansProperties properties) {
        RelevansProperties.Smtp p = properties.getChannels().getSmtp();
        String prefix = CHANNELS + "smtp.";
        String host = Objects.requireNonNull(p.getHost(), "the email channel is on only with a host");
        String from = required(prefix + "from", p.getFrom(), "the sender's address, required with " + prefix + "host");
        String username = p.getUsername();
        String password = p.getPassword();
        if ((username == null) != (password == null)) {
            throw new InvalidConfigurationPropertyValueException(prefix + (username == null ? "username"
                    : "password"), null, "a login needs both " + prefix + "username and " + prefix + "password");
        }
        Map<String, @Nullable String> values = orderedMap("host", host, "port", String.valueOf(p.getPort()),
                "from", from, "pool-connections", String.valueOf(p.getPoolConnections()),
                "pool-messages-per-connection", String.valueOf(p.getPoolMessagesPerConnection()),
                "pool-idle-timeout", String.valueOf(p.getPoolIdleTimeout()), "username", username,
                "password", password == null ? null : "******",
                "connect-timeout", String.valueOf(p.getConnectTimeout()),
                "read-timeout", String.valueOf(p.getReadTimeout()));
        SmtpSettings settings = settings(prefix, values, () -> {
            SmtpSettings s = SmtpSettings.of(host, p.getPort(), from, p.getFromName())
                    .withSecurity(SmtpSettings.Security.valueOf(p.getSecurity().name()))
                    .withTimeouts(p.getConnectTimeout(), p.getReadTimeout())
                    .withPool(new SmtpSettings.Pool(p.getPoolConnections(), p.getPoolMessagesPerConnection(),
                            p.getPoolIdleTimeout()));
            return username == null || password == null ? s : s.withLogin(username, password);
        });
        return new SmtpChannel(settings);
    }

    /** Text messages through the HTTP gateway at {@code relevans.channels.sms.url}, to the customer's phone. */
    @Bean
    @ConditionalOnMissingBean(name = "relevansSmsChannel")
    @ConditionalOnProperty(prefix = RelevansProperties.PREFIX + ".channels.sms", name = "url")
    public WebhookChannel relevansSmsChannel(RelevansProperties properties) {
        return webhook("sms", properties.getChannels().getSms(), WebhookSettings::sms);
    }

    /** Push notifications through the HTTP gateway at {@code relevans.channels.push.url}, to the customer's login. */
    @Bean
    @ConditionalOnMissingBean(name = "relevansPushChannel")
    @ConditionalOnProperty(prefix = RelevansProperties.PREFIX + ".channels.push", name = "url")
    public WebhookChannel relevansPushChannel(RelevansProperties properties) {
        return webhook("push", properties.getChannels().getPush(), WebhookSettings::push);
    }

    private static WebhookChannel webhook(String name, RelevansProperties.Webhook p,
                                          Function<URI, WebhookSettings> of) {
        String prefix = CHANNELS + name + ".";
        String url = Objects.requireNonNull(p.getUrl(), "the " + name + " channel is on only with a url");
        String secret = p.getSigningSecret();
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(prefix + "url", url, e.getMessage());
        }
        Map<String, @Nullable String> values = orderedMap("url", url,
                "signing-secret", secret == null ? null : "******",
                "connect-timeout", String.valueOf(p.getConnectTimeout()),
                "request-timeout", String.valueOf(p.getRequestTimeout()));
        WebhookSettings settings = settings(prefix, values, () -> {
            WebhookSettings s = of.apply(uri).withTimeouts(p.getConnectTimeout(), p.getRequestTimeout());
            return secret == null ? s : s.withSigningSecret(secret);
        });
        return new WebhookChannel(settings);
    }

    /**
     * The settings the channels module builds, its refusal turned into one naming the property: the module's
     * messages start with the part they refuse ("SMTP port must be 1..65535, got 70000").
     */
    private static <T> T settings(String prefix, Map<String, @Nullable String> properties, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            String lower = message.toLowerCase(Locale.ROOT);
            for (Map.Entry<String, String> part : PARTS.entrySet()) {
                if (lower.startsWith(part.getKey()) || lower.contains(" " + part.getKey() + " ")) {
                    String property = part.getValue();
                    throw new InvalidConfigurationPropertyValueException(prefix + property, properties.get(property),
                            message);
                }
            }
            throw new InvalidConfigurationPropertyValueException(prefix.substring(0, prefix.length() - 1),
                    properties, message);
        }
    }

    private static Map<String, @Nullable String> orderedMap(@Nullable String... pairs) {
        Map<String, @Nullable String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /** The value of a property that must be set and not blank. */
    private static String required(String property, @Nullable String value, String what) {
        if (value == null || value.isBlank()) {
            throw new InvalidConfigurationPropertyValueException(property, value, "missing: " + what);
        }
        return value;
    }
}
