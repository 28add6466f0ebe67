package io.relevans.spring.boot;

import static io.relevans.spring.boot.TestEvents.emailConsent;
import static io.relevans.spring.boot.TestEvents.purchase;
import static io.relevans.spring.boot.TestEvents.signup;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.relevans.Relevans;
import io.relevans.customer.Channel;
import io.relevans.customer.IdentityType;
import io.relevans.micrometer.MicrometerObserver;
import io.relevans.spi.EngineObserver;
import io.relevans.spi.InMemoryChannel;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The engine's meters on the application's MeterRegistry, bound by the starter. */
class RelevansMetricsTest {

    private final ApplicationContextRunner runner = TestEvents.runner()
            .withUserConfiguration(TestEvents.FixedClock.class)
            .withBean(InMemoryChannel.class, () -> new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL))
            .withPropertyValues("relevans.definitions.location=classpath:rules/shop",
                    "relevans.templates.welcome.subject=Welcome", "relevans.templates.welcome.body=<p>Hi</p>",
                    "relevans.templates.cart_reminder.subject=Cart", "relevans.templates.cart_reminder.body=<p>Hi</p>");

    @Test
    @DisplayName("with relevans-micrometer and a MeterRegistry, ingests, segments, decisions, deliveries and ticks appear as meters")
    void metrics_appearInTheRegistry() {
        runner.withBean(SimpleMeterRegistry.class).withPropertyValues("relevans.metrics.ingest-percentiles=0.5,0.99")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(MicrometerObserver.class);
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    Relevans engine = context.getBean(Relevans.class);
                    engine.ingest(purchase("ada@example.com", 4990));
                    engine.ingest(signup("bo@example.com"));
                    engine.ingest(emailConsent("bo@example.com"));
                    context.getBean(RelevansTicker.class).tickNow();

                    assertThat(meters.get(MicrometerObserver.EVENTS_INGESTED).tags("type", "purchase", "outcome", "applied")
                            .counter().count()).isEqualTo(1.0);
                    assertThat(meters.get(MicrometerObserver.EVENTS_INGESTED).tags("type", "consent_change", "outcome", "applied")
                            .counter().count()).isEqualTo(1.0);
                    assertThat(meters.get(MicrometerObserver.SEGMENTS_ENTERED).tag("segment", "buyers").counter().count())
                            .isEqualTo(1.0);
                    assertThat(meters.get(MicrometerObserver.DECISIONS).tags("program", "welcome", "outcome", "send")
                            .counter().count()).isEqualTo(1.0);
                    assertThat(meters.get(MicrometerObserver.DELIVERIES).tags("channel", "email", "outcome", "sent")
                            .timer().count()).isEqualTo(1);
                    assertThat(meters.get(MicrometerObserver.OUTBOX_DEPTH).gauge().value()).isZero();
                    assertThat(meters.get(MicrometerObserver.INGEST_LATENCY).tag("type", "purchase").timer()
                            .takeSnapshot().percentileValues()).hasSize(2);
                });
    }

    @Test
    @DisplayName("ingests are observed on the application's ObservationRegistry too")
    void observations_onTheApplicationsRegistry() {
        AtomicInteger observed = new AtomicInteger();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new io.micrometer.observation.ObservationHandler<>() {
            @Override
            public boolean supportsContext(io.micrometer.observation.Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(io.micrometer.observation.Observation.Context context) {
                if (context.getName().equals(MicrometerObserver.INGEST_OBSERVATION)) {
                    observed.incrementAndGet();
                }
            }
        });
        runner.withBean(SimpleMeterRegistry.class).withBean(ObservationRegistry.class, () -> observations)
                .run(context -> {
                    context.getBean(Relevans.class).ingest(purchase("ada@example.com", 4990));
                    assertThat(observed).hasValue(1);
                });
    }

    @Test
    @DisplayName("no MeterRegistry, relevans.metrics.enabled=false, or no relevans-micrometer: no observer, the engine runs without")
    void noRegistry_noObserver() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EngineObserver.class));
        runner.withBean(SimpleMeterRegistry.class).withPropertyValues("relevans.metrics.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EngineObserver.class));
        runner.withBean(SimpleMeterRegistry.class).withClassLoader(new FilteredClassLoader("io.relevans.micrometer"))
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(EngineObserver.class);
                    context.getBean(Relevans.class).ingest(purchase("ada@example.com", 4990));
                    assertThat(context.getBean(MeterRegistry.class).find(MicrometerObserver.EVENTS_INGESTED).meters())
                            .isEmpty();
                });
    }

    @Test
    @DisplayName("the application's own EngineObserver replaces the Micrometer one")
    void ownObserver_replacesIt() {
        AtomicInteger reloads = new AtomicInteger();
        EngineObserver own = new EngineObserver() {
            @Override
            public void reloaded(Reload reload) {
                reloads.incrementAndGet();
            }
        };
        runner.withBean(SimpleMeterRegistry.class).withBean(EngineObserver.class, () -> own).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(MicrometerObserver.class);
            context.getBean(RelevansDefinitions.class).reload();
            assertThat(reloads).hasValue(1);
        });
    }
}
