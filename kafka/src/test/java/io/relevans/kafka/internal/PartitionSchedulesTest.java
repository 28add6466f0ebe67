package io.relevans.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.Value;
import io.relevans.definition.Definitions;
import io.relevans.definition.Program;
import io.relevans.definition.Step;
import io.relevans.definition.Trigger;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.internal.runtime.StoreRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A partition's scheduled starts: each program with a moment since the last look starts once for every customer,
 * in slices that go on at the next look and after a restart; nothing before the first look.
 */
class PartitionSchedulesTest {

    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");

    private final PartitionRuntime partition = new PartitionRuntime(weekly("news", "survey"));
    private final PartitionClock clock = partition.clock;
    private final PartitionCustomers customers = partition.customers;
    private final StoreRuntime runtime = partition.runtime;

    /** Programs on the same weekly schedule, from a day after T, each marking the customers it starts for. */
    private static Definitions weekly(String... names) {
        Definitions.Builder b = Definitions.builder();
        for (String name : names) {
            b.program(Program.named(name).on(new Trigger.OnSchedule(T.plus(Duration.ofDays(1)), Duration.ofDays(7)))
                    .steps(new Step.SetAttribute("mark", name + "_seen", Value.of(true))).build());
        }
        return b.build();
    }

    private PartitionSchedules schedules() {
        return new PartitionSchedules(partition.pass(2, id -> false, o -> { }));
    }

    private List<CustomerId> five() {
        clock.set(T.toEpochMilli());
        List<CustomerId> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(runtime.ingest(Event.builder(EventType.STORE_VISIT, Identity.email("s" + i + "@example.com"), T)
                    .property("store", "oslo").build()).customer());
        }
        return ids;
    }

    private boolean at(PartitionSchedules s, Instant now) {
        clock.set(now.toEpochMilli());
        return s.reached(now, Duration.ZERO);
    }

    private Optional<Value> seen(CustomerId id, String program) {
        return customers.load(id).orElseThrow().customer().attribute(program + "_seen").map(a -> a.value());
    }

    @Test
    void eachProgram_startsOnceForEveryCustomer_inSlices() {
        List<CustomerId> ids = five();
        PartitionSchedules s = schedules();
        assertFalse(at(s, T), "the first look only starts the count");
        Instant later = T.plus(Duration.ofDays(2));
        int calls = 1;
        while (at(s, later)) {
            calls++;
        }
        assertEquals(6, calls, "two programs, five customers, two a slice: three slices each");
        for (CustomerId id : ids) {
            assertEquals(Optional.of(Value.of(true)), seen(id, "news"), id + " news");
            assertEquals(Optional.of(Value.of(true)), seen(id, "survey"), id + " survey");
        }
        assertFalse(at(s, later.plus(Duration.ofDays(1))), "no moment of the schedule since: nothing queued");
    }

    @Test
    void startsUnderWay_goOnAfterARestart() {
        List<CustomerId> ids = five();
        at(schedules(), T);
        Instant later = T.plus(Duration.ofDays(2));
        assertTrue(at(schedules(), later), "one slice done");
        PartitionSchedules again = schedules(); // a new processor on the same stores
        while (at(again, later)) {
            // goes on
        }
        ids.forEach(id -> assertEquals(Optional.of(Value.of(true)), seen(id, "survey"), id + " survey"));
    }

    @Test
    void momentsBeforeTheFirstLook_areNotStarted() {
        List<CustomerId> ids = five();
        assertFalse(at(schedules(), T.plus(Duration.ofDays(2))));
        ids.forEach(id -> assertEquals(Optional.empty(), seen(id, "news")));
    }
}
