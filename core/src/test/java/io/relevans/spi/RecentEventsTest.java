package io.relevans.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A record's recent event ids, looked up by hash first: the same answers as a list of them. */
class RecentEventsTest {

    private static final Customer KARI = Customer.newCustomer(CustomerId.of("c-1"), Identity.email("kari@example.no"));

    private static List<String> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "event-" + i).toList();
    }

    @Test
    @DisplayName("a record keeps the last 32 ids, equal to a plain list of them")
    void keepsTheLast() {
        CustomerRecord r = new CustomerRecord(KARI, new java.util.TreeSet<>(), FeatureState.EMPTY, new java.util.TreeMap<>(),
                ids(0, 40));
        assertEquals(ids(8, 40), r.recentEvents());
        assertEquals(ids(8, 40).hashCode(), r.recentEvents().hashCode());
        assertTrue(r.applied("event-8"));
        assertFalse(r.applied("event-7"));
        assertThrows(UnsupportedOperationException.class, () -> r.recentEvents().add("x"));
    }

    @Test
    @DisplayName("one more id after them: the oldest drops out beyond 32")
    void after() {
        List<String> expected = new ArrayList<>();
        List<String> recent = List.of();
        for (int i = 0; i < 40; i++) {
            recent = CustomerRecord.recentAfter(recent, "event-" + i);
            expected.add("event-" + i);
            List<String> last = expected.subList(Math.max(0, expected.size() - CustomerRecord.RECENT_EVENTS),
                    expected.size());
            assertEquals(last, recent);
            assertEquals(recent, new CustomerRecord(KARI, new java.util.TreeSet<>(), FeatureState.EMPTY,
                    new java.util.TreeMap<>(), recent).recentEvents());
        }
        assertEquals(ids(8, 40), CustomerRecord.recentAfter(ids(7, 39), "event-39"));
    }

    @Test
    @DisplayName("ids with the same hash are told apart by their text")
    void equalHashes() {
        assertEquals("Aa".hashCode(), "BB".hashCode());
        CustomerRecord r = new CustomerRecord(KARI, new java.util.TreeSet<>(), FeatureState.EMPTY, new java.util.TreeMap<>(),
                List.of("Aa", "x", "Aa"));
        assertFalse(r.applied("BB"));
        assertTrue(r.applied("Aa"));
        assertEquals(0, r.recentEvents().indexOf("Aa"));
        assertEquals(2, r.recentEvents().lastIndexOf("Aa"));
        assertEquals(-1, r.recentEvents().indexOf("BB"));
        assertFalse(r.recentEvents().contains(42));
    }
}
