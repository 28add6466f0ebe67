package io.relevans.spring.boot;

import io.relevans.event.Event;
import io.relevans.json.EventJson;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Events of the tests' customers, a minute before {@link #NOON} (outside the default quiet hours, so messages
 * go at once on the {@link FixedClock}), and the runner with the starter's auto-configurations.
 */
final class TestEvents {

    /** The moment of the tests that run programs: midday in the default quiet hours' zone. */
    static final Instant NOON = Instant.parse("2026-03-02T12:00:00Z");

    private TestEvents() {
    }

    /** The engine's clock stands at {@link #NOON}. */
    @Configuration(proxyBeanMethods = false)
    static class FixedClock {
        @Bean
        Clock clock() {
            return Clock.fixed(NOON, ZoneOffset.UTC);
        }
    }

    /** The three auto-configurations of the starter, as Spring Boot loads them from AutoConfiguration.imports. */
    static ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RelevansAutoConfiguration.class,
                RelevansMetricsAutoConfiguration.class, RelevansActuatorAutoConfiguration.class));
    }

    private static String at() {
        return NOON.minus(1, ChronoUnit.MINUTES).toString();
    }

    static Event purchase(String email, double price) {
        return purchase(email, price, NOON.minus(1, ChronoUnit.MINUTES));
    }

    static Event purchase(String email, double price, Instant at) {
        return EventJson.read("{\"type\": \"purchase\", \"customer\": {\"email\": \"" + email + "\"}, \"time\": \"" + at
                + "\", \"lines\": [{\"sku\": \"tv-55\", \"category\": \"tv\", \"price\": " + price + ", \"quantity\": 1}]}");
    }

    static Event signup(String email) {
        return EventJson.read("{\"type\": \"signup\", \"customer\": {\"email\": \"" + email + "\"}, \"time\": \"" + at()
                + "\"}");
    }

    /** The customer says yes to marketing by email: the shop's welcome program starts. */
    static Event emailConsent(String email) {
        return EventJson.read("{\"type\": \"consent_change\", \"customer\": {\"email\": \"" + email + "\"}, \"time\": \""
                + at() + "\", \"properties\": {\"channel\": \"email\", \"purpose\": \"marketing\", \"granted\": true}}");
    }

    /** Every message of a throwable and its causes, one per line: what a person reads of a failed start. */
    static String messages(Throwable t) {
        return Stream.iterate(t, e -> e != null, Throwable::getCause).map(String::valueOf)
                .collect(Collectors.joining("\n"));
    }
}
