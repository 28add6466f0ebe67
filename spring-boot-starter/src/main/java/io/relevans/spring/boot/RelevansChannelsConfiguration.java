package io.relevans.spring.boot;

import io.relevans.channels.SmtpChannel;
import io.relevans.channels.SmtpSettings;
import io.relevans.channels.WebhookChannel;
import io.relevans.channels.WebhookSettings;
import java.net.URI;
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
        SmtpSettings settings = settings(prefix, () -> {
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
        WebhookSettings settings = settings(prefix, () -> {
            WebhookSettings s = of.apply(uri).withTimeouts(p.getConnectTimeout(), p.getRequestTimeout());
            return p.getSigningSecret() == null ? s : s.withSigningSecret(p.getSigningSecret());
        });
        return new WebhookChannel(settings);
    }

    /**
     * The settings the channels module builds, its refusal (which names the part) turned into one naming
     * the properties.
     */
    private static <T> T settings(String prefix, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidConfigurationPropertyValueException(prefix + "*", null, e.getMessage());
        }
    }

    private static void require(String property, Object value, String what) {
        if (value == null || value.toString().isBlank()) {
            throw new InvalidConfigurationPropertyValueException(property, value, "missing: " + what);
        }
    }
}
