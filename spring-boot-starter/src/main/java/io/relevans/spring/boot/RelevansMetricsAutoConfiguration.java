package io.relevans.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.relevans.micrometer.MicrometerObserver;
import io.relevans.spi.EngineObserver;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * Binds the engine's meters and observations (relevans-micrometer's {@link MicrometerObserver}) to the
 * application's {@link MeterRegistry} and, when there is one and {@code relevans.metrics.observations}
 * is on, its {@link ObservationRegistry}: with relevans-micrometer on the class path and a registry
 * (Spring Boot's actuator makes one), the meters of micrometer/README.md appear without setup. Backs
 * off when the application defines an {@link EngineObserver} bean, and with
 * {@code relevans.metrics.enabled=false}.
 */
@AutoConfiguration(before = RelevansAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnClass({MicrometerObserver.class, MeterRegistry.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(prefix = RelevansProperties.PREFIX + ".metrics", name = "enabled", havingValue = "true",
        matchIfMissing = true)
@EnableConfigurationProperties(RelevansProperties.class)
public class RelevansMetricsAutoConfiguration {

    /** Created by Spring Boot's auto-configuration. */
    public RelevansMetricsAutoConfiguration() {
    }

    /**
     * The observer on the application's registries, with the percentiles, histogram and custom event
     * types of {@code relevans.metrics.*}.
     *
     * @throws InvalidConfigurationPropertyValueException naming the property that relevans-micrometer
     *                                                    refuses (a percentile outside [0, 1], an invalid
     *                                                    event type name)
     */
    @Bean
    @ConditionalOnMissingBean(EngineObserver.class)
    public MicrometerObserver relevansMicrometerObserver(ObjectProvider<MeterRegistry> meters,
                                                         ObjectProvider<ObservationRegistry> observations,
                                                         RelevansProperties properties) {
        RelevansProperties.Metrics p = properties.getMetrics();
        MicrometerObserver.Builder builder = MicrometerObserver.builder(meters.getObject());
        if (p.isObservations()) {
            observations.ifUnique(builder::observations);
        }
        List<Double> percentiles = p.getIngestPercentiles();
        if (!percentiles.isEmpty()) {
            try {
                builder.ingestPercentiles(percentiles.stream().mapToDouble(Double::doubleValue).toArray());
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationPropertyValueException(RelevansProperties.PREFIX
                        + ".metrics.ingest-percentiles", percentiles, e.getMessage());
            }
        }
        builder.ingestHistogram(p.isIngestHistogram());
        if (!p.getCustomEventTypes().isEmpty()) {
            try {
                builder.customEventTypes(p.getCustomEventTypes().toArray(String[]::new));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationPropertyValueException(RelevansProperties.PREFIX
                        + ".metrics.custom-event-types", p.getCustomEventTypes(), e.getMessage());
            }
        }
        return builder.build();
    }
}
