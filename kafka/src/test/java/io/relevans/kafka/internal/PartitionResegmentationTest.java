package io.relevans.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.definition.Definitions;
import io.relevans.definition.Features;
import io.relevans.definition.Segment;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.internal.runtime.StoreRuntime;
import io.relevans.internal.step.StepOutcome;
import io.relevans.spi.CustomerRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A partition's re-segmentation: once per interval, through every customer in slices that go on from a cursor,
 * leaving alone those handed over or merging.
 */
class PartitionResegmentationTest {

    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");

    private final PartitionRuntime partition = new PartitionRuntime(Definitions.builder().segment(
            Segment.named("viewer").when(Features.count(EventType.PRODUCT_VIEW).within(Window.days(7)).atLeast(1)))
            .build());
    private final PartitionClock clock = partition.clock;
    private final PartitionCustomers customers = partition.customers;
    private final StoreRuntime runtime = partition.runtime;
    private final List<StepOutcome> changed = new ArrayList<>();
    private final Set<CustomerId> away = new TreeSet<>();

    private PartitionResegmentation daily(int slice) {
        return new PartitionResegmentation(Duration.ofDays(1), partition.pass(slice, away::contains, changed::add));
    }

    /** Seven viewers, each by a view at T. */
    private List<CustomerId> viewers() {
        clock.set(T.toEpochMilli());
        List<CustomerId> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(runtime.ingest(Event.builder(EventType.PRODUCT_VIEW, Identity.email("v" + i + "@example.com"), T)
                    .property("sku", "s").property("category", "tv").build()).customer());
        }
        return ids;
    }

    private boolean at(PartitionResegmentation r, Instant now, Duration budget) {
        clock.set(now.toEpochMilli());
        return r.reached(now, budget);
    }

    private Set<String> segmentsOf(CustomerId id) {
        return customers.load(id).map(CustomerRecord::segments).orElseThrow();
    }

    @Test
    void aPass_goesThroughEveryCustomerInSlices_oncePerInterval() {
        List<CustomerId> ids = viewers();
        PartitionResegmentation r = daily(2);
        assertFalse(at(r, T, Duration.ZERO), "the first interval seen only starts the count");
        assertEquals(Set.of("viewer"), segmentsOf(ids.get(0)));
        Instant later = T.plus(Duration.ofDays(8)); // every window emptied
        int calls = 1;
        while (at(r, later, Duration.ZERO)) { // a slice of two per call
            calls++;
        }
        assertEquals(4, calls, "seven customers, two a slice: four calls");
        for (CustomerId id : ids) {
            assertEquals(Set.of(), segmentsOf(id), id + " left the segment");
        }
        assertEquals(7, changed.size(), "each change handed on once");
        assertFalse(at(r, later.plus(Duration.ofHours(1)), Duration.ZERO), "the same interval: no second pass");
        assertEquals(7, changed.size());
    }

    @Test
    void customersAway_areLeftAlone() {
        List<CustomerId> ids = viewers();
        away.add(ids.get(3));
        PartitionResegmentation r = daily(256);
        at(r, T, Duration.ZERO);
        assertFalse(at(r, T.plus(Duration.ofDays(8)), Duration.ofSeconds(10)), "one slice holds them all");
        assertEquals(Set.of("viewer"), segmentsOf(ids.get(3)), "left for its survivor");
        assertEquals(6, changed.size());
    }

    @Test
    void aPassUnderWay_goesOnAfterARestart_fromItsCursor() {
        List<CustomerId> ids = viewers();
        at(daily(3), T, Duration.ZERO);
        Instant later = T.plus(Duration.ofDays(8));
        assertTrue(at(daily(3), later, Duration.ZERO), "under way after one slice");
        assertEquals(3, changed.size());
        PartitionResegmentation again = daily(3); // a new processor on the same stores
        while (at(again, later, Duration.ZERO)) {
            // goes on
        }
        assertEquals(7, changed.size(), "the rest, none twice");
        ids.forEach(id -> assertEquals(Set.of(), segmentsOf(id)));
    }
}
