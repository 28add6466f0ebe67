package io.relevans.spring.boot;

import io.relevans.Relevans;

/**
 * Adjusts the builder of the auto-configured engine after the starter set what the properties and beans
 * say, such as {@code b -> b.maxEventAhead(Duration.ofHours(1)).lease(Duration.ofMinutes(2))}. Every
 * builder setter may be called once: a customizer cannot replace what the starter set (storage, clock,
 * templates, definitions, the channels of beans); define a bean of that type instead. Customizers run in
 * their {@code @Order}.
 */
@FunctionalInterface
public interface RelevansBuilderCustomizer {

    /**
     * Adjusts the builder.
     *
     * @param builder the engine's builder, with the starter's settings
     */
    void customize(Relevans.Builder builder);
}
