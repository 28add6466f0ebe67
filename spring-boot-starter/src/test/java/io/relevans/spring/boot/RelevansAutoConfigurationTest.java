package io.relevans.spring.boot;

import static io.relevans.spring.boot.TestEvents.emailConsent;
import static io.relevans.spring.boot.TestEvents.purchase;
import static io.relevans.spring.boot.TestEvents.signup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relevans.IngestResult;
import io.relevans.Relevans;
import io.relevans.customer.Channel;
import io.relevans.customer.IdentityType;
import io.relevans.definition.Definitions;
import io.relevans.event.EventFormatException;
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.InMemoryOutbox;
import io.relevans.spi.InMemoryTimerStore;
import io.relevans.spi.Message;
import io.relevans.spi.SimpleTemplates;
import io.relevans.spi.Storage;
import io.relevans.spi.TemplateRenderer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine the starter configures, and how an application replaces its parts. */
class RelevansAutoConfigurationTest {

    private final ApplicationContextRunner runner = TestEvents.runner();

    /** The templates of the shop's programs, as an application writes them in application.properties. */
    private static final String[] SHOP = {
            "relevans.definitions.location=classpath:rules/shop",
            "relevans.templates.welcome.subject=Welcome!",
            "relevans.templates.welcome.body=<p>Good to have you with us.</p>",
            "relevans.templates.cart_reminder.subject=Still thinking about it?",
            "relevans.templates.cart_reminder.body=<ul>{{#lines}}<li>{{sku}}</li>{{/lines}}</ul>"};

    @Test
    @DisplayName("a new application gets a working engine from the starter and three properties: definitions, storage, tick")
    void threeProperties_workingEngine() {
        runner.withPropertyValues("relevans.definitions.location=classpath:rules/segments",
                        "relevans.storage.type=memory", "relevans.tick.interval=50ms")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Relevans.class);
                    Relevans engine = context.getBean(Relevans.class);
                    assertThat(engine.definitions().segments()).extracting(s -> s.name())
                            .containsExactly("buyers", "email_reachable");

                    IngestResult r = engine.ingest(purchase("ada@example.com", 8999,
                            Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS)));
                    assertThat(r.entered()).containsExactly("buyers");
                    assertThat(engine.customer(r.customer())).isPresent();

                    RelevansTicker ticker = context.getBean(RelevansTicker.class);
                    assertThat(ticker.interval()).isEqualTo(Duration.ofMillis(50));
                    assertThat(ticker.isRunning()).isTrue();
                    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ticker.last().isPresent());
                    assertThat(ticker.last().orElseThrow().failure()).isEmpty();
                });
    }

    @Test
    @DisplayName("without properties: no definitions (no class path folder relevans), in-memory storage, a tick every minute")
    void noProperties_defaults() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            Relevans engine = context.getBean(Relevans.class);
            assertThat(engine.definitions()).isEqualTo(Definitions.EMPTY);
            assertThat(context.getBean(RelevansTicker.class).interval()).isEqualTo(Duration.ofMinutes(1));
            RelevansDefinitions definitions = context.getBean(RelevansDefinitions.class);
            assertThat(definitions.current()).isEmpty();
            assertThat(definitions.lastAttempt().refusals()).containsExactly(
                    "no such folder: the engine runs without definitions");
            assertThat(engine.ingest(signup("ada@example.com")).customer()).isNotNull();
        });
    }

    @Test
    @DisplayName("programs decide with the templates of relevans.templates and send through the application's ChannelAdapter beans at a tick")
    void programs_sendThroughTheApplicationsChannel() {
        runner.withUserConfiguration(EmailChannel.class, TestEvents.FixedClock.class).withPropertyValues(SHOP).run(context -> {
            assertThat(context).hasNotFailed();
            Relevans engine = context.getBean(Relevans.class);
            engine.ingest(signup("ada@example.com"));
            IngestResult r = engine.ingest(emailConsent("ada@example.com"));
            List<Message> decided = engine.messages(r.customer());
            assertThat(decided).singleElement().satisfies(m -> {
                assertThat(m.program()).isEqualTo("welcome");
                assertThat(m.status()).isEqualTo(Message.Status.PENDING);
            });

            RelevansTicker.LastTick tick = context.getBean(RelevansTicker.class).tickNow();
            assertThat(tick.report().orElseThrow().dispatch().sent()).isEqualTo(1);
            InMemoryChannel email = context.getBean(InMemoryChannel.class);
            assertThat(email.delivered()).singleElement().satisfies(m -> {
                assertThat(m.subject()).isEqualTo("Welcome!");
                assertThat(m.recipient().value()).isEqualTo("ada@example.com");
            });
            assertThat(engine.messages(r.customer())).extracting(Message::status).containsExactly(Message.Status.SENT);
        });
    }

    @Test
    @DisplayName("relevans.templates: every template by id, an id with a dot in brackets, rendered with the data escaped for email")
    void templates_fromProperties() {
        runner.withPropertyValues("relevans.templates.welcome.subject=Welcome, {{name}}",
                "relevans.templates.welcome.body=<p>Hi {{name}}</p>",
                "relevans.templates[cart.v2].subject=Your cart", "relevans.templates[cart.v2].body=<p>Left</p>")
                .run(context -> {
                    TemplateRenderer templates = context.getBean(TemplateRenderer.class);
                    assertThat(templates.knows("welcome")).isTrue();
                    assertThat(templates.knows("cart.v2")).isTrue();
                    assertThat(templates.render("welcome", Channel.EMAIL,
                            java.util.Map.of("name", io.relevans.customer.Value.of("<Ada>")), List.of()))
                            .isEqualTo(new TemplateRenderer.Rendered("Welcome, <Ada>", "<p>Hi &lt;Ada&gt;</p>"));
                });
    }

    @Test
    @DisplayName("the application's Storage and TemplateRenderer beans replace the starter's, and the engine uses them")
    void storageAndTemplates_replaceable() {
        runner.withUserConfiguration(OwnStorageAndTemplates.class, EmailChannel.class, TestEvents.FixedClock.class)
                .withPropertyValues("relevans.definitions.location=classpath:rules/shop", "relevans.storage.type=jdbc")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Storage.class).hasSingleBean(TemplateRenderer.class);
                    assertThat(context.getBean(Storage.class)).isSameAs(OwnStorageAndTemplates.STORAGE);
                    Relevans engine = context.getBean(Relevans.class);
                    engine.ingest(purchase("ada@example.com", 100));
                    assertThat(OwnStorageAndTemplates.STORAGE.customers().count()).isEqualTo(1);
                    engine.ingest(signup("bo@example.com"));
                    engine.ingest(emailConsent("bo@example.com"));
                    context.getBean(RelevansTicker.class).tickNow();
                    assertThat(context.getBean(InMemoryChannel.class).delivered()).singleElement()
                            .satisfies(m -> assertThat(m.subject()).isEqualTo("Hello from our own templates"));
                });
    }

    @Test
    @DisplayName("the application's own engine replaces the starter's, and the starter's ticker ticks it")
    void engine_replaceable() {
        runner.withUserConfiguration(OwnEngine.class).withPropertyValues("relevans.tick.interval=20ms").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Relevans.class);
            Relevans engine = context.getBean(Relevans.class);
            assertThat(engine).isSameAs(context.getBean(OwnEngine.class).engine);
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> context.getBean(RelevansTicker.class).last().isPresent());
        });
    }

    @Test
    @DisplayName("relevans.tick.enabled=false: no ticker, for applications that tick themselves")
    void tick_disabled() {
        runner.withPropertyValues("relevans.tick.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Relevans.class).doesNotHaveBean(RelevansTicker.class);
        });
    }

    @Test
    @DisplayName("RelevansBuilderCustomizer beans adjust the builder: an event an hour ahead is refused with no time ahead allowed")
    void customizer_adjustsTheBuilder() {
        runner.withUserConfiguration(TestEvents.FixedClock.class)
                .withBean(RelevansBuilderCustomizer.class, () -> b -> b.maxEventAhead(Duration.ZERO)).run(context -> {
            Relevans engine = context.getBean(Relevans.class);
            String ahead = TestEvents.NOON.plus(1, ChronoUnit.HOURS).toString();
            assertThatThrownBy(() -> engine.ingest(io.relevans.json.EventJson.read(
                    "{\"type\": \"signup\", \"customer\": {\"email\": \"ada@example.com\"}, \"time\": \"" + ahead + "\"}")))
                    .isInstanceOf(EventFormatException.class)
                    .satisfies(e -> assertThat(((EventFormatException) e).field()).isEqualTo("time"));
        });
    }

    /** An email channel that keeps what it is given. */
    @Configuration(proxyBeanMethods = false)
    static class EmailChannel {
        @Bean
        InMemoryChannel email() {
            return new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL);
        }
    }

    /** The application's own storage and templates. */
    @Configuration(proxyBeanMethods = false)
    static class OwnStorageAndTemplates {
        static final Storage STORAGE = Storage.of(new InMemoryCustomerStore(), new InMemoryTimerStore(),
                new InMemoryOutbox());

        @Bean
        Storage storage() {
            return STORAGE;
        }

        @Bean
        TemplateRenderer templates() {
            return SimpleTemplates.builder().template("welcome", "Hello from our own templates", "<p>Hi</p>")
                    .template("cart_reminder", "Your cart", "<p>Left</p>").build();
        }
    }

    /** The application's own engine. */
    @Configuration(proxyBeanMethods = false)
    static class OwnEngine {
        final Relevans engine = Relevans.builder().build();

        @Bean
        Relevans relevans() {
            return engine;
        }
    }
}
