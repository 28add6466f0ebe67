package io.relevans.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.relevans.ChannelStatus;
import io.relevans.Relevans;
import io.relevans.channels.SmtpChannel;
import io.relevans.channels.SmtpSettings;
import io.relevans.channels.WebhookChannel;
import io.relevans.channels.WebhookSettings;
import io.relevans.customer.Channel;
import io.relevans.customer.IdentityType;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The SMTP and webhook channels built from relevans.channels.* and given to the engine. */
class ChannelPropertiesTest {

    private final ApplicationContextRunner runner = TestEvents.runner();

    @Test
    @DisplayName("SMTP, SMS and push from their properties: adapters with those settings, each channel known to the engine")
    void channels_fromProperties() {
        runner.withPropertyValues("relevans.channels.smtp.host=smtp.shop.example", "relevans.channels.smtp.port=465",
                        "relevans.channels.smtp.from=news@shop.example", "relevans.channels.smtp.from-name=The Shop",
                        "relevans.channels.smtp.security=ssl", "relevans.channels.smtp.username=news",
                        "relevans.channels.smtp.password=secret", "relevans.channels.smtp.read-timeout=5s",
                        "relevans.channels.smtp.pool-connections=2",
                        "relevans.channels.sms.url=https://gateway.shop.example/sms",
                        "relevans.channels.sms.signing-secret=s3cret", "relevans.channels.sms.request-timeout=3s",
                        "relevans.channels.push.url=https://gateway.shop.example/push")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    SmtpSettings smtp = context.getBean(SmtpChannel.class).settings();
                    assertThat(smtp.host()).isEqualTo("smtp.shop.example");
                    assertThat(smtp.port()).isEqualTo(465);
                    assertThat(smtp.fromAddress()).isEqualTo("news@shop.example");
                    assertThat(smtp.fromName()).isEqualTo("The Shop");
                    assertThat(smtp.security()).isEqualTo(SmtpSettings.Security.SSL);
                    assertThat(smtp.login()).hasValueSatisfying(l -> assertThat(l.username()).isEqualTo("news"));
                    assertThat(smtp.readTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(smtp.pool().connections()).isEqualTo(2);

                    WebhookSettings sms = context.getBean("relevansSmsChannel", WebhookChannel.class).settings();
                    assertThat(sms.channel()).isEqualTo(Channel.SMS);
                    assertThat(sms.addressType()).isEqualTo(IdentityType.PHONE);
                    assertThat(sms.endpoint()).isEqualTo(URI.create("https://gateway.shop.example/sms"));
                    assertThat(sms.signingSecret()).isEqualTo(Optional.of("s3cret"));
                    assertThat(sms.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
                    WebhookSettings push = context.getBean("relevansPushChannel", WebhookChannel.class).settings();
                    assertThat(push.addressType()).isEqualTo(IdentityType.LOGIN);
                    assertThat(push.signingSecret()).isEmpty();

                    assertThat(context.getBean(Relevans.class).channels()).extracting(ChannelStatus::channel)
                            .containsExactly(Channel.EMAIL, Channel.PUSH, Channel.SMS);
                });
    }

    @Test
    @DisplayName("no channel properties: no adapters, the engine has no channels")
    void noProperties_noChannels() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(SmtpChannel.class).doesNotHaveBean(WebhookChannel.class);
            assertThat(context.getBean(Relevans.class).channels()).isEmpty();
        });
    }

    @Test
    @DisplayName("an application bean named relevansSmsChannel replaces the one of the properties")
    void ownSmsChannel_replacesIt() {
        WebhookChannel own = new WebhookChannel(WebhookSettings.sms(URI.create("https://own.example/sms")));
        runner.withBean("relevansSmsChannel", WebhookChannel.class, () -> own)
                .withPropertyValues("relevans.channels.sms.url=https://gateway.shop.example/sms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(WebhookChannel.class)).isSameAs(own);
                    assertThat(context.getBean(Relevans.class).channels()).extracting(ChannelStatus::channel)
                            .containsExactly(Channel.SMS);
                });
    }
}
