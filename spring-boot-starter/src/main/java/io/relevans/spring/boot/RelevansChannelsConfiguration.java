package io.relevans.spring.boot;

import io.relevans.channels.SmtpChannel;
import io.relevans.channels.SmtpSettings;
import io.relevans.channels.WebhookChannel;
import io.relevans.channels.WebhookSettings;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
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
        require(prefix + "from", p.getFrom(), "the sender's address, required with " + prefix + "host");
        if ((p.getUsername() == null) != (p.getPassword() == null)) {
            throw new InvalidConfigurationPropertyValueException(prefix + (p.getUsername() == null ? "username"
                    : "password"), null, "a login needs both " + prefix + "username and " + prefix + "password");
        }
        Map<String, String> values = orderedMap("host", p.getHost(), "port", String.valueOf(p.getPort()),
                "from", p.getFrom(), "pool-connections", String.valueOf(p.getPoolConnections()),
                "pool-messages-per-connection", String.valueOf(p.getPoolMessagesPerConnection()),
                "pool-idle-timeout", String.valueOf(p.getPoolIdleTimeout()), "username", p.getUsername(),
                "password", p.getPassword() == null ? null : "******",
                "connect-timeout", String.valueOf(p.getConnectTimeout()),
                "read-timeout", String.valueOf(p.getReadTimeout()));
        SmtpSettings settings = settings(prefix, values, () -> {
            SmtpSettings s = SmtpSettings.of(p.getHost(), p.getPort(), p.getFrom(), p.getFromName())
                    .withSecurity(SmtpSettings.Security.valueOf(p.getSecurity().name()))
                    .withTimeouts(p.getConnectTimeout(), p.getReadTimeout())
                    .withPool(new SmtpSettings.Pool(p.getPoolConnections(), p.getPoolMessagesPerConnection(),
                            p.getPoolIdleTimeout()));
            return p.getUsername() == null ? s : s.withLogin(p.getUsername(), p.getPassword());
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
        URI uri;
        try {
            uri = URI.create(p.getUrl().strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(prefix + "url", p.getUrl(), e.getMessage());
        }
        Map<String, String> values = orderedMap("url", p.getUrl(),
                "signing-secret", p.getSigningSecret() == null ? null : "******",
                "connect-timeout", String.valueOf(p.getConnectTimeout()),
                "request-timeout", String.valueOf(p.getRequestTimeout()));
        WebhookSettings settings = settings(prefix, values, () -> {
            WebhookSettings s = of.apply(uri).withTimeouts(p.getConnectTimeout(), p.getRequestTimeout());
            return p.getSigningSecret() == null ? s : s.withSigningSecret(p.getSigningSecret());
        });
        return new WebhookChannel(settings);
    }

    /**
     * The settings the channels module builds, its refusal turned into one naming the property: the module's
     * messages start with the part they refuse ("SMTP port must be 1..65535, got 70000").
     */
    private static <T> T settings(String prefix, Map<String, String> properties, Supplier<T> build) {
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

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static void require(String property, Object value, String what) {
        if (value == null || value.toString().isBlank()) {
            throw new InvalidConfigurationPropertyValueException(property, value, "missing: " + what);
        }
    }
}
