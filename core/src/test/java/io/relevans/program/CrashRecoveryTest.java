package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.program.CrashWorkload.Outcome;
import io.relevans.program.CrashWorkload.Stores;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.InMemoryOutbox;
import io.relevans.spi.InMemoryTimerStore;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash safety on the in-memory stores (standing in for a disk that survives the process): the
 * seeded {@link CrashWorkload}, crashed at one of its writes, restarted on the surviving stores with
 * the interrupted event delivered again, ends exactly where the uncrashed run ends. The default run
 * tries every sixth write (40 crash points); the soak variant ({@code -Drelevans.soak=true})
 * tries every write of longer workloads on several seeds.
 */
class CrashRecoveryTest {

    private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryTest.class);
    private static final Supplier<Stores> MEMORY = () -> new Stores(new InMemoryCustomerStore(),
            new InMemoryTimerStore(), new InMemoryOutbox());

    @Test
    @DisplayName("a crash at a write, then a restart on the same stores, loses and repeats nothing")
    void crashAtWrites_endsAsTheUncrashedRun() {
        CrashWorkload w = CrashWorkload.of(20260302L, 40);
        int tried = w.crashAtWrites(MEMORY, 6, "in memory");
        assertTrue(tried >= 35, "crash points tried: " + tried);
        LOG.info("in memory: {} events, {} crash points tried", w.events(), tried);
    }

    @Test
    @DisplayName("every event delivered twice (an at-least-once backend) ends as every event delivered once")
    void everyEventTwice_isAppliedOnce() {
        CrashWorkload w = CrashWorkload.of(7L, 60);
        Outcome once = w.play(MEMORY, 0, false);
        Outcome twice = w.play(MEMORY, 0, true);
        assertEquals(once.records(), twice.records(), "customers, features, segments");
        assertEquals(once.timers(), twice.timers(), "timers");
        assertEquals(once.messages(), twice.messages(), "outbox");
        assertEquals(once.delivered(), twice.delivered(), "deliveries");
    }

    @Test
    @EnabledIfSystemProperty(named = "relevans.soak", matches = "true")
    @DisplayName("soak: every crash point of longer workloads on several seeds")
    void soak() {
        int tried = 0;
        for (long seed = 1; seed <= 4; seed++) {
            tried += CrashWorkload.of(seed, 100).crashAtWrites(MEMORY, 1, "in memory, seed " + seed);
        }
        LOG.info("soak in memory: {} crash points tried", tried);
    }
}
