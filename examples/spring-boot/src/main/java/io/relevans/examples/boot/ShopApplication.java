package io.relevans.examples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The shop's application: an engine from the Relevans starter (definitions in {@code classpath:shop}, H2
 * storage, a tick every 10 seconds), a REST intake for events ({@link EventController}) and, without an
 * SMTP server named, an email channel that logs what it would send ({@link LogEmailChannel}). Start it
 * with {@code mvn -q -B -pl examples/spring-boot -am package -DskipTests spring-boot:run}.
 */
@SpringBootApplication
public class ShopApplication {

    /** Spring creates it. */
    public ShopApplication() {
    }

    /**
     * Starts the application.
     *
     * @param args Spring Boot's arguments, such as {@code --server.port=8081}
     */
    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}
