package io.relevans.benchmarks.durable;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A database made by a {@link Medium} for one benchmark trial: connection pools on it, and the cleanup
 * (files deleted, schema dropped) when it is closed.
 */
public final class Database implements AutoCloseable {

    private final String url;
    private final String schema;
    private final Runnable cleanup;
    private final List<HikariDataSource> pools = new ArrayList<>();

    Database(String url, String schema, Runnable cleanup) {
        this.url = url;
        this.schema = schema;
        this.cleanup = cleanup;
    }

    /** A new pool of at most {@code size} connections, as one application instance would have. */
    public synchronized DataSource pool(int size) {
        HikariConfig config = Medium.config(url, schema);
        config.setMaximumPoolSize(size);
        config.setPoolName("bench-" + pools.size());
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    /** Closes the pools, then deletes the database. */
    @Override
    public synchronized void close() {
        pools.forEach(HikariDataSource::close);
        pools.clear();
        cleanup.run();
    }
}
