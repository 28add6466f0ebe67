package io.relevans.examples.retailer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.relevans.jdbc.JdbcStorage;
import io.relevans.spi.CustomerStore;
import io.relevans.spi.Outbox;
import io.relevans.spi.TimerStore;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the example's engine keeps its state: the customer store, the waiting journeys and the message
 * log, with a description for the report. In memory, or in a database through {@code relevans-jdbc}:
 * an H2 file by default, or any PostgreSQL or H2 JDBC URL.
 */
public record Storage(io.relevans.spi.Storage engine, String description, AutoCloseable resources)
        implements AutoCloseable {

    /** Checks the fields. */
    public Storage {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(resources, "resources");
    }

    /** The engine's in-memory defaults: gone when the process ends. */
    public static Storage inMemory() {
        return new Storage(io.relevans.spi.Storage.inMemory(), "in memory", () -> { });
    }

    /** The embedded default: an H2 database in files under the folder, made if missing. */
    public static Storage h2File(Path folder) {
        return jdbc("jdbc:h2:file:" + folder.toAbsolutePath().resolve("relevans"));
    }

    /**
     * A database by JDBC URL (PostgreSQL or H2), behind a small connection pool; the schema is migrated
     * first. User and password may be in the URL.
     */
    public static Storage jdbc(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        config.setPoolName("relevans");
        HikariDataSource pool = new HikariDataSource(config);
        try {
            JdbcStorage storage = JdbcStorage.open(pool);
            String product = url.startsWith("jdbc:h2:file:") ? "H2 file database"
                    : url.startsWith("jdbc:postgresql:") ? "PostgreSQL" : "JDBC";
            // every decision one transaction, on the customer row's version: more instances could share it
            return new Storage(storage, product + " via relevans-jdbc", pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** The customer records. */
    public CustomerStore customers() {
        return engine.customers();
    }

    /** The waiting journeys. */
    public TimerStore timers() {
        return engine.timers();
    }

    /** The message log. */
    public Outbox outbox() {
        return engine.outbox();
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
