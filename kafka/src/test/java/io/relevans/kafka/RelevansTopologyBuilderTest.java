package io.relevans.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder's limits are named in its errors; a setting is given once. */
class RelevansTopologyBuilderTest {

    @Test
    void recentCustomers_outsideItsLimits_refusedWithThem() {
        assertEquals("recent customers must be 1 to 1,000,000, got 0", assertThrows(IllegalArgumentException.class,
                () -> RelevansTopology.builder().recentCustomers(0)).getMessage());
        assertEquals("recent customers must be 1 to 1,000,000, got 1000001", assertThrows(
                IllegalArgumentException.class, () -> RelevansTopology.builder().recentCustomers(1_000_001)).getMessage());
    }

    @Test
    void resegmentEvery_outsideItsLimits_refusedWithThem() {
        assertEquals("re-segmentation interval must be 1 minute to 7 days, got PT59S", assertThrows(
                IllegalArgumentException.class, () -> RelevansTopology.builder().resegmentEvery(Duration.ofSeconds(59)))
                .getMessage());
        assertEquals("re-segmentation interval must be 1 minute to 7 days, got PT192H", assertThrows(
                IllegalArgumentException.class, () -> RelevansTopology.builder().resegmentEvery(Duration.ofDays(8)))
                .getMessage());
    }

    @Test
    void recentCustomers_givenTwice_refused() {
        RelevansTopology.Builder b = RelevansTopology.builder().recentCustomers(1);
        assertEquals("recent customers was already set to 1", assertThrows(IllegalStateException.class,
                () -> b.recentCustomers(2)).getMessage());
    }
}
