package io.relevans.benchmarks.durable;

import com.zaxxer.hikari.HikariConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Where durable ingestion writes: the README example's embedded H2 file, or a PostgreSQL server named by
 * the environment variable {@value #POSTGRES_URL} (the JDBC tests' variable; {@code .ci/postgres start}
 * prints it). Each {@link #create(String)} makes an empty database of its own.
 */
public enum Medium {

    /** An H2 database in files of a new temporary folder, embedded in the benchmark's process. */
    H2_FILE {
        @Override
        public Database create(String name) {
            try {
                Path folder = Files.createTempDirectory("relevans-bench-" + name);
                return new Database("jdbc:h2:file:" + folder.resolve("relevans"), null, () -> delete(folder));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a folder for the H2 database", e);
            }
        }
    },

    /** A schema of its own, dropped at the end, on the PostgreSQL server of {@value #POSTGRES_URL}. */
    POSTGRES {
        @Override
        public Database create(String name) {
            String url = System.getenv(POSTGRES_URL);
            if (url == null || url.isBlank()) {
                throw new IllegalStateException("the POSTGRES medium needs the JDBC URL of a database in " + POSTGRES_URL
                        + " (eval \"$(.ci/postgres start)\" starts a throwaway server and prints it)");
            }
            String schema = "relevans_bench_" + name.toLowerCase(Locale.ROOT);
            admin(url, "DROP SCHEMA IF EXISTS " + schema + " CASCADE", "CREATE SCHEMA " + schema);
            return new Database(url, schema, () -> admin(url, "DROP SCHEMA IF EXISTS " + schema + " CASCADE"));
        }
    };

    /** The environment variable with the PostgreSQL JDBC URL. */
    public static final String POSTGRES_URL = "RELEVANS_POSTGRES_URL";

    /** A new, empty database named {@code name} (letters and underscores). */
    public abstract Database create(String name);

    /** A Hikari configuration for the medium's URL, used by {@link Database}. */
    static HikariConfig config(String url, String schema) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (schema != null) {
            config.setSchema(schema);
        }
        return config;
    }

    private static void admin(String url, String... statements) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the benchmark's schema on " + POSTGRES_URL, e);
        }
    }

    private static void delete(Path folder) {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }
}
