package io.relevans.spring.boot;

import io.relevans.Relevans;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine's health indicators ({@code relevans}, {@code relevansChannels}) when Spring Boot's health
 * support is on the class path, and the {@code relevans} actuator endpoint when the actuator is. Each
 * backs off when the application defines a bean of its name, and follows Boot's switches:
 * {@code management.health.relevans.enabled}, {@code management.health.relevans-channels.enabled},
 * {@code management.endpoint.relevans.access} and the endpoint exposure.
 */
@AutoConfiguration(after = RelevansAutoConfiguration.class)
@ConditionalOnBean(Relevans.class)
public class RelevansActuatorAutoConfiguration {

    /** Created by Spring Boot's auto-configuration. */
    public RelevansActuatorAutoConfiguration() {
    }

    /** The health indicators. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    public static class HealthConfiguration {

        /** Created by Spring. */
        public HealthConfiguration() {
        }

        /** The engine's health: storage reachable, definitions, last tick. */
        @Bean
        @ConditionalOnMissingBean(name = "relevansHealthIndicator")
        @ConditionalOnEnabledHealthIndicator("relevans")
        public RelevansHealthIndicator relevansHealthIndicator(Relevans engine,
                                                               ObjectProvider<RelevansDefinitions> definitions,
                                                               ObjectProvider<RelevansTicker> ticker) {
            return new RelevansHealthIndicator(engine, definitions.getIfUnique(), ticker.getIfUnique());
        }

        /** The channels' health: their circuit breakers. */
        @Bean
        @ConditionalOnMissingBean(name = "relevansChannelsHealthIndicator")
        @ConditionalOnEnabledHealthIndicator("relevans-channels")
        public RelevansChannelsHealthIndicator relevansChannelsHealthIndicator(Relevans engine) {
            return new RelevansChannelsHealthIndicator(engine);
        }
    }

    /** The actuator endpoint. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    @ConditionalOnBean(RelevansDefinitions.class)
    public static class EndpointConfiguration {

        /** Created by Spring. */
        public EndpointConfiguration() {
        }

        /** The {@code relevans} endpoint: definitions, diagnostics, channels, last tick; reload. */
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnAvailableEndpoint
        public RelevansEndpoint relevansEndpoint(Relevans engine, RelevansDefinitions definitions,
                                                 ObjectProvider<RelevansTicker> ticker) {
            return new RelevansEndpoint(engine, definitions, ticker.getIfUnique());
        }
    }
}
