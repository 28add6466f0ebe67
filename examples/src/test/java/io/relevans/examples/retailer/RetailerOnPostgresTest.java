package io.relevans.examples.retailer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.relevans.spi.Message;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same retailer code on a real PostgreSQL server (named by {@code RELEVANS_POSTGRES_URL}, as for the
 * JDBC module's tests; skipped without it unless {@code RELEVANS_REQUIRE_POSTGRES=true}): a run, and a
 * backtest that reproduces it.
 */
class RetailerOnPostgresTest {

    @Test
    void aRunOnPostgresDecidesWhatTheBacktestDecides(@TempDir Path dir) throws Exception {
        String url = System.getenv("RELEVANS_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("RELEVANS_REQUIRE_POSTGRES"))) {
                throw new IllegalStateException("RELEVANS_POSTGRES_URL is not set but RELEVANS_REQUIRE_POSTGRES=true");
            }
            assumeTrue(false, "PostgreSQL test skipped: RELEVANS_POSTGRES_URL is not set");
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS relevans_example CASCADE");
            s.execute("CREATE SCHEMA relevans_example");
        }
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=relevans_example";
        Retailer.Options o = new Retailer.Options(600, 21, 3, Instant.parse("2026-09-01T00:00:00Z"), dir,
                Optional.empty(), RetailerChannels.simulated(), schemaUrl);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        RetailerReport run = Retailer.run(o, quiet);
        assertTrue(run.storage().startsWith("PostgreSQL"), run.storage());
        assertTrue(run.status(Message.Status.SENT) > 20, run.byStatus().toString());
        RetailerReport backtest = Retailer.backtest(o, quiet);
        assertEquals(run.byStatus(), backtest.byStatus());
        assertTrue(backtest.comparison().orElseThrow().comparison().isEmpty(),
                "the run's messages in PostgreSQL, message by message: " + backtest.comparison().orElseThrow().comparison());
    }
}
