package io.relevans.testing;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * The long variants of the reliability tests (more fuzz tries, bigger workloads) run only when the
 * build is started with {@code -Drelevans.soak=true}; the default build runs the short variants.
 * Annotate a jqwik property with {@code @AddLifecycleHook(Soak.Only.class)} to run it only then; JUnit
 * tests use {@code @EnabledIfSystemProperty(named = "relevans.soak", matches = "true")}.
 */
public final class Soak {

    /** The system property that turns the soak variants on. */
    public static final String PROPERTY = "relevans.soak";

    private Soak() {
    }

    /** Whether this run includes the soak variants. */
    public static boolean on() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** Skips a jqwik property unless the soak variants are on. */
    public static final class Only implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return on() ? SkipResult.doNotSkip() : SkipResult.skip("a soak variant: run with -D" + PROPERTY + "=true");
        }
    }
}
