package io.relevans.spring.boot;

import static io.relevans.spring.boot.TestEvents.emailConsent;
import static io.relevans.spring.boot.TestEvents.signup;
import static org.assertj.core.api.Assertions.assertThat;

import io.relevans.ChannelBreaker;
import io.relevans.Relevans;
import io.relevans.customer.Channel;
import io.relevans.customer.IdentityType;
import io.relevans.definition.Segment;
import io.relevans.spi.Delivery;
import io.relevans.spi.InMemoryChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health indicators, the relevans endpoint and the reloads of definitions. */
class RelevansActuatorTest {

    /** The endpoint is available once exposed, as an application exposes it. */
    private final ApplicationContextRunner runner = TestEvents.runner()
            .withPropertyValues("management.endpoints.web.exposure.include=health,relevans");

    private static final String SEGMENTS = """
            segment buyers:
              count purchase over 365d >= 1
            """;

    private static final String MORE_SEGMENTS = SEGMENTS + """
            segment loyal:
              count purchase over 365d >= 3
            """;

    @Test
    @DisplayName("the channels' health: UP while the email channel works, DOWN with its breaker's state while it is paused")
    void channelsHealth_followsTheBreaker() {
        InMemoryChannel email = new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL);
        runner.withUserConfiguration(TestEvents.FixedClock.class)
                .withBean(InMemoryChannel.class, () -> email)
                .withBean(ChannelBreaker.class, () -> new ChannelBreaker(1, Duration.ofMinutes(1), Duration.ofMinutes(15),
                        Duration.ofDays(3)))
                .withPropertyValues("relevans.definitions.location=classpath:rules/shop",
                        "relevans.templates.welcome.subject=Welcome", "relevans.templates.welcome.body=<p>Hi</p>",
                        "relevans.templates.cart_reminder.subject=Cart", "relevans.templates.cart_reminder.body=<p>Hi</p>")
                .run(context -> {
                    RelevansChannelsHealthIndicator indicator = context.getBean(RelevansChannelsHealthIndicator.class);
                    Health working = indicator.health();
                    assertThat(working.getStatus()).isEqualTo(Status.UP);
                    assertThat(details(working, "email")).containsEntry("state", "WORKING").containsEntry("failures", 0);

                    Relevans engine = context.getBean(Relevans.class);
                    engine.ingest(signup("ada@example.com"));
                    engine.ingest(emailConsent("ada@example.com"));
                    email.failAlways(Delivery.retryLater("421 try again later"));
                    RelevansTicker.LastTick tick = context.getBean(RelevansTicker.class).tickNow();
                    assertThat(tick.report().orElseThrow().dispatch().retrying()).isEqualTo(1);

                    Health paused = indicator.health();
                    assertThat(paused.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(details(paused, "email")).containsEntry("state", "PAUSED").containsEntry("failures", 1)
                            .containsEntry("pausedSince", TestEvents.NOON.toString())
                            .containsEntry("pausedUntil", TestEvents.NOON.plus(Duration.ofMinutes(1)).toString())
                            .containsEntry("lastFailure", "421 try again later");

                    Health engineHealth = context.getBean(RelevansHealthIndicator.class).health();
                    assertThat(engineHealth.getStatus()).as("the engine itself works on").isEqualTo(Status.UP);
                    assertThat(String.valueOf(engineHealth.getDetails().get("tick"))).contains("1 retrying");

                    RelevansEndpoint.Summary summary = context.getBean(RelevansEndpoint.class).summary();
                    assertThat(summary.channels()).singleElement().satisfies(c -> {
                        assertThat(c.state()).isEqualTo("PAUSED");
                        assertThat(c.lastFailure()).isEqualTo("421 try again later");
                    });
                    assertThat(summary.lastTick().retrying()).isEqualTo(1);
                });
    }

    @Test
    @DisplayName("the endpoint shows the definitions the engine runs, from where, with the diagnostics of their load")
    void endpoint_showsTheDefinitions() {
        runner.withPropertyValues("relevans.definitions.location=classpath:rules/shop",
                        "relevans.templates.welcome.subject=Welcome", "relevans.templates.welcome.body=<p>Hi</p>",
                        "relevans.templates.cart_reminder.subject=Cart", "relevans.templates.cart_reminder.body=<p>Hi</p>")
                .run(context -> {
                    RelevansEndpoint.Summary summary = context.getBean(RelevansEndpoint.class).summary();
                    assertThat(summary.definitions().source()).isEqualTo("class path folder rules/shop");
                    assertThat(summary.definitions().segments()).containsExactly("buyers");
                    assertThat(summary.definitions().programs()).containsExactly("welcome", "abandoned_cart");
                    assertThat(summary.definitions().templates()).containsExactly("cart_reminder", "welcome");
                    assertThat(summary.load().loaded()).isTrue();
                    assertThat(summary.load().diagnostics()).isEmpty();
                    assertThat(summary.lastAttempt()).isEqualTo(summary.load());
                    assertThat(summary.lastTick()).as("no tick yet").isNull();
                });
    }

    @Test
    @DisplayName("a reload through the endpoint loads changed files; one with errors keeps what runs and names file, line and column")
    void endpoint_reloads(@TempDir Path dir) throws IOException {
        Path rules = Files.writeString(dir.resolve("shop.rel"), SEGMENTS);
        runner.withPropertyValues("relevans.definitions.location=file:" + dir).run(context -> {
            Relevans engine = context.getBean(Relevans.class);
            RelevansEndpoint endpoint = context.getBean(RelevansEndpoint.class);
            assertThat(engine.definitions().segments()).extracting(Segment::name).containsExactly("buyers");

            Files.writeString(rules, MORE_SEGMENTS);
            RelevansEndpoint.Load loaded = endpoint.reload();
            assertThat(loaded.loaded()).isTrue();
            assertThat(loaded.source()).isEqualTo("directory " + dir);
            assertThat(engine.definitions().segments()).extracting(Segment::name).containsExactly("buyers", "loyal");

            Files.writeString(dir.resolve("broken.rel"), "segment x:\n  count purchase over 365d >= 1 adn\n");
            RelevansEndpoint.Load refused = endpoint.reload();
            assertThat(refused.loaded()).isFalse();
            assertThat(refused.diagnostics()).singleElement().asString().startsWith("broken.rel:2:");
            assertThat(engine.definitions().segments()).as("kept").extracting(Segment::name)
                    .containsExactly("buyers", "loyal");
            RelevansEndpoint.Summary summary = endpoint.summary();
            assertThat(summary.load()).isEqualTo(loaded);
            assertThat(summary.lastAttempt()).isEqualTo(refused);
            assertThat(String.valueOf(context.getBean(RelevansHealthIndicator.class).health().getDetails()
                    .get("definitions"))).contains("not loaded at").contains("broken.rel:2:");
        });
    }

    @Test
    @DisplayName("relevans.definitions.reload-interval: a changed file in the folder is loaded without a call")
    void watcher_reloadsChangedFiles(@TempDir Path dir) throws IOException {
        Path rules = Files.writeString(dir.resolve("shop.rel"), SEGMENTS);
        runner.withPropertyValues("relevans.definitions.location=" + dir, "relevans.definitions.reload-interval=100ms")
                .run(context -> {
                    assertThat(context.getBean(DefinitionsWatcher.class).isRunning()).isTrue();
                    Relevans engine = context.getBean(Relevans.class);
                    Files.writeString(rules, MORE_SEGMENTS);
                    Awaitility.await().atMost(Duration.ofSeconds(20))
                            .until(() -> engine.definitions().segments().size() == 2);
                    assertThat(context.getBean(RelevansDefinitions.class).lastAttempt().loaded()).isTrue();
                });
    }

    @Test
    @DisplayName("health indicators and the endpoint back off without Spring Boot's health and actuator classes")
    void withoutActuator_noIndicatorsNorEndpoint() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health",
                        "org.springframework.boot.actuate"))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Relevans.class)
                        .doesNotHaveBean(RelevansHealthIndicator.class).doesNotHaveBean(RelevansEndpoint.class));
    }

    @Test
    @DisplayName("the endpoint is there only when exposed, as Spring Boot's own endpoints")
    void endpoint_onlyWhenExposed() {
        TestEvents.runner().run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RelevansEndpoint.class)
                .hasSingleBean(RelevansHealthIndicator.class));
    }

    @Test
    @DisplayName("management.health.relevans.enabled=false turns the engine's indicator off, the channels' stays")
    void healthIndicator_canBeTurnedOff() {
        runner.withPropertyValues("management.health.relevans.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(RelevansHealthIndicator.class).hasSingleBean(RelevansChannelsHealthIndicator.class));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(Health health, String key) {
        return (Map<String, Object>) health.getDetails().get(key);
    }
}
