package io.relevans.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Whether the PostgreSQL tests run: they need the JDBC URL of a database in {@value #URL} (start one
 * with {@code eval "$(.ci/postgres start)"}). Without it they are skipped, unless {@value #REQUIRE} is
 * {@code true} (as in CI): then they fail and say why. JUnit test classes call {@link #assume()} before
 * all tests; jqwik properties are skipped by this class as a lifecycle hook.
 */
public final class Postgres implements SkipExecutionHook {

    /** The environment variable with the JDBC URL of the test database. */
    static final String URL = "RELEVANS_POSTGRES_URL";
    /** The environment variable that turns a missing URL into a failure. */
    static final String REQUIRE = "RELEVANS_REQUIRE_POSTGRES";

    private static final String SKIPPED = "PostgreSQL tests skipped: " + URL + " is not set (start a server with "
            + "eval \"$(.ci/postgres start)\"; set " + REQUIRE + "=true to make this a failure)";

    /**
     * Skips the calling test class when there is no database and none is required.
     *
     * @throws IllegalStateException when a database is required but not configured
     */
    static void assume() {
        if (required()) {
            url();
        } else {
            assumeTrue(configured(), SKIPPED);
        }
    }

    /**
     * The JDBC URL of the test database.
     *
     * @throws IllegalStateException when it is not set
     */
    static String url() {
        String url = System.getenv(URL);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(URL + " is not set but " + REQUIRE + "=true: the PostgreSQL tests "
                    + "need a database, e.g. from eval \"$(.ci/postgres start)\"");
        }
        return url;
    }

    private static boolean configured() {
        String url = System.getenv(URL);
        return url != null && !url.isBlank();
    }

    private static boolean required() {
        return "true".equalsIgnoreCase(System.getenv(REQUIRE));
    }

    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        return configured() || required() ? SkipResult.doNotSkip() : SkipResult.skip(SKIPPED);
    }
}
