/**
 * Spring Boot auto-configuration of a Relevans engine from {@code relevans.*} properties. Exports
 * {@code io.relevans.spring.boot} and opens it to Spring, which reads the configuration classes and binds the
 * properties reflectively. The JDBC storage, the channels, the metrics and the actuator parts are optional: each
 * applies when its module is present.
 */
module io.relevans.spring.boot {
    exports io.relevans.spring.boot;
    opens io.relevans.spring.boot to spring.core, spring.beans, spring.context, spring.boot;

    requires transitive io.relevans.core;
    requires transitive io.relevans.dsl;
    requires static transitive org.jspecify;
    requires org.slf4j;
    requires spring.core;
    requires spring.beans;
    requires spring.context;
    requires spring.boot;
    requires spring.boot.autoconfigure;
    requires java.sql; // DataSource, for the JDBC storage on the application's pool

    // optional parts, each applied when its module is present (@ConditionalOnClass)
    requires static io.relevans.jdbc;
    requires static io.relevans.channels;
    requires static io.relevans.micrometer;
    requires static micrometer.core;
    requires static micrometer.observation;
    requires static spring.boot.jdbc;
    requires static spring.boot.health;
    requires static spring.boot.actuator;
    requires static spring.boot.actuator.autoconfigure;
    requires static spring.boot.micrometer.metrics;
    requires static spring.boot.micrometer.observation;
}
