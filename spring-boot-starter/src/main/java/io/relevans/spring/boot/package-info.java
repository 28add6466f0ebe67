/**
 * Spring Boot auto-configuration of a Relevans engine from {@code relevans.*} properties
 * ({@link io.relevans.spring.boot.RelevansProperties}): definitions read from the class path or a folder
 * and reloaded, in-memory or JDBC storage, the SMTP and webhook channels, the tick schedule, health
 * indicators, the {@code relevans} actuator endpoint and the engine's Micrometer meters. Every bean backs
 * off when the application defines its own. Never null unless a method says otherwise.
 */
@NullMarked
package io.relevans.spring.boot;

import org.jspecify.annotations.NullMarked;
