package io.relevans.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Wrong properties stop the application at start with a message naming the property and what is wrong. */
class BadPropertiesTest {

    private final ApplicationContextRunner runner = TestEvents.runner();

    /** The application does not start; the messages of the failure and its causes, as a person reads them. */
    private String failure(ApplicationContextRunner r) {
        String[] text = new String[1];
        r.run(context -> {
            assertThat(context).hasFailed();
            text[0] = TestEvents.messages(context.getStartupFailure());
        });
        return text[0];
    }

    @Test
    @DisplayName("an unknown storage type names relevans.storage.type and the value")
    void unknownStorageType() {
        assertThat(failure(runner.withPropertyValues("relevans.storage.type=cassandra")))
                .contains("relevans.storage.type").contains("cassandra");
    }

    @Test
    @DisplayName("a negative tick interval names relevans.tick.interval and the limits")
    void negativeTickInterval() {
        assertThat(failure(runner.withPropertyValues("relevans.tick.interval=-5s")))
                .contains("relevans.tick.interval must be from 10 milliseconds to 1 day, got PT-5S");
    }

    @Test
    @DisplayName("a definitions folder that does not exist names relevans.definitions.location and the folder")
    void missingDefinitionsFolder(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-rules");
        assertThat(failure(runner.withPropertyValues("relevans.definitions.location=file:" + missing)))
                .contains("relevans.definitions.location")
                .contains("the folder " + missing.toAbsolutePath() + " does not exist");
    }

    @Test
    @DisplayName("a class path folder that is not there names relevans.definitions.location")
    void missingClasspathFolder() {
        assertThat(failure(runner.withPropertyValues("relevans.definitions.location=classpath:rules/nothing-here")))
                .contains("relevans.definitions.location").contains("no folder 'rules/nothing-here' on the class path");
    }

    @Test
    @DisplayName("a location that is not a class path folder, file: folder or path names the forms it takes")
    void locationWithAnotherScheme() {
        assertThat(failure(runner.withPropertyValues("relevans.definitions.location=https://rules.example/shop")))
                .contains("relevans.definitions.location")
                .contains("expected classpath:FOLDER, file:FOLDER or a folder path");
    }

    @Test
    @DisplayName("errors in the definitions name the property and every diagnostic with file, line and column")
    void definitionsWithErrors() {
        assertThat(failure(runner.withPropertyValues("relevans.definitions.location=classpath:rules/broken")))
                .contains("relevans.definitions.location with value 'classpath:rules/broken'")
                .contains("the definitions in the class path folder rules/broken have 1 error(s)")
                .containsPattern("broken\\.rel:2:\\d+: error: .*'adn'.*did you mean 'and'");
    }

    @Test
    @DisplayName("a program's template missing from relevans.templates: the engine's refusal names the location and the template")
    void templateMissing() {
        assertThat(failure(runner.withPropertyValues("relevans.definitions.location=classpath:rules/shop",
                "relevans.templates.welcome.subject=Welcome", "relevans.templates.welcome.body=<p>Hi</p>")))
                .contains("relevans.definitions.location with value 'classpath:rules/shop'")
                .contains("the engine refused the definitions")
                .contains("cart_reminder");
    }

    @Test
    @DisplayName("a template without a body names relevans.templates.<id>")
    void templateWithoutBody() {
        assertThat(failure(runner.withPropertyValues("relevans.templates.welcome.subject=Welcome")))
                .contains("relevans.templates.welcome").contains("a template needs a subject and a body");
    }

    @Test
    @DisplayName("JDBC storage without a DataSource names relevans.storage.type and what to add")
    void jdbcWithoutDataSource() {
        assertThat(failure(runner.withPropertyValues("relevans.storage.type=jdbc")))
                .contains("relevans.storage.type").contains("the JDBC storage needs one DataSource bean");
    }

    @Test
    @DisplayName("JDBC storage without relevans-jdbc names relevans.storage.type and the module")
    void jdbcWithoutModule() {
        assertThat(failure(runner.withClassLoader(new FilteredClassLoader("io.relevans.jdbc"))
                .withPropertyValues("relevans.storage.type=jdbc")))
                .contains("relevans.storage.type").contains("io.relevans:relevans-jdbc");
    }

    @Test
    @DisplayName("an SMTP host without a sender names relevans.channels.smtp.from")
    void smtpWithoutSender() {
        assertThat(failure(runner.withPropertyValues("relevans.channels.smtp.host=localhost")))
                .contains("relevans.channels.smtp.from").contains("the sender's address");
    }

    @Test
    @DisplayName("an SMTP port out of range names relevans.channels.smtp.port and the range")
    void smtpPortOutOfRange() {
        assertThat(failure(runner.withPropertyValues("relevans.channels.smtp.host=localhost",
                "relevans.channels.smtp.from=news@shop.example", "relevans.channels.smtp.port=70000")))
                .contains("relevans.channels.smtp.port").contains("70000").contains("SMTP port must be 1..65535, got 70000");
    }

    @Test
    @DisplayName("a webhook address that is not http names relevans.channels.sms.url")
    void webhookNotHttp() {
        assertThat(failure(runner.withPropertyValues("relevans.channels.sms.url=ftp://gateway.example/sms")))
                .contains("relevans.channels.sms.url").contains("must be an absolute http or https address");
    }

    @Test
    @DisplayName("channel properties without relevans-channels name the property and the module")
    void channelsWithoutModule() {
        assertThat(failure(runner.withClassLoader(new FilteredClassLoader("io.relevans.channels"))
                .withPropertyValues("relevans.channels.sms.url=https://gateway.example/sms")))
                .contains("relevans.channels.sms.url").contains("io.relevans:relevans-channels");
    }

    @Test
    @DisplayName("an application's email adapter beside relevans.channels.smtp.host: the start stops naming the channel")
    void twoAdaptersForOneChannel() {
        assertThat(failure(runner.withBean(io.relevans.spi.InMemoryChannel.class,
                        () -> new io.relevans.spi.InMemoryChannel(io.relevans.customer.Channel.EMAIL,
                                io.relevans.customer.IdentityType.EMAIL))
                .withPropertyValues("relevans.channels.smtp.host=localhost",
                        "relevans.channels.smtp.from=news@shop.example")))
                .contains("the adapter of channel email was already set");
    }

    @Test
    @DisplayName("a reload interval for a class path location names relevans.definitions.reload-interval")
    void reloadIntervalOnTheClassPath() {
        assertThat(failure(runner.withPropertyValues("relevans.definitions.location=classpath:rules/segments",
                "relevans.definitions.reload-interval=1s")))
                .contains("relevans.definitions.reload-interval").contains("only a folder location is watched");
    }

    @Test
    @DisplayName("a percentile outside [0, 1] names relevans.metrics.ingest-percentiles")
    void percentileOutOfRange() {
        assertThat(failure(runner.withBean(io.micrometer.core.instrument.simple.SimpleMeterRegistry.class)
                .withPropertyValues("relevans.metrics.ingest-percentiles=0.5,1.5")))
                .contains("relevans.metrics.ingest-percentiles");
    }
}
