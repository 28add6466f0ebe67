package io.relevans.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.BatchOutcome;
import io.relevans.IngestResult;
import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.jdbc.SharedWorkload.Snapshot;
import io.relevans.jdbc.SharedWorkload.Step;
import io.relevans.spi.CustomerStore;
import io.relevans.spi.ForwardingCustomerStore;
import io.relevans.spi.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link Relevans#ingestAll(List)} on the JDBC storage, whose decisions for different customers are
 * stored together: the same events, batched between ticks, leave exactly what {@code ingest} one event
 * after the other leaves (same clock at each event), and an event that fails is refused alone.
 */
abstract class BatchIngestBehaviour {

    /** A new, empty database with the Relevans schema. */
    protected abstract DataSource emptyDatabase();

    /** Plays the workload; the events between two ticks go in one batch, or one by one. */
    private static Snapshot play(SharedWorkload w, Storage storage, boolean batched, List<IngestResult> results) {
        VirtualClock clock = VirtualClock.at(SharedWorkload.START);
        Relevans engine = SharedWorkload.engine(storage, clock, SharedWorkload.recording(m -> { }));
        List<Event> batch = new ArrayList<>();
        for (Step s : w.steps) {
            if (!s.isTick()) {
                batch.add(s.event());
                continue;
            }
            clock.advanceTo(s.at()); // the batch is applied at the tick's moment, in both ways
            if (batched) {
                for (BatchOutcome o : engine.ingestAll(batch)) {
                    results.add(o.result().orElseThrow(() -> new AssertionError("refused: " + o.refusal())));
                }
            } else {
                batch.forEach(e -> results.add(engine.ingest(e)));
            }
            batch.clear();
            engine.tick();
        }
        return Snapshot.of(storage);
    }

    @Test
    @DisplayName("events given in batches leave what the same events given one by one leave")
    void batches_storeWhatOneByOneStores() {
        SharedWorkload w = SharedWorkload.of(3, 40, 1_500).hourly();
        List<IngestResult> single = new ArrayList<>();
        Snapshot expected = play(w, JdbcStorage.open(emptyDatabase()), false, single);
        List<IngestResult> batched = new ArrayList<>();

        Snapshot actual = play(w, JdbcStorage.open(emptyDatabase()), true, batched);

        assertEquals(expected.records(), actual.records(), "customers");
        assertEquals(expected.timers(), actual.timers(), "waiting programs");
        assertEquals(expected.messages(), actual.messages(), "decided messages");
        assertEquals(single, batched, "every event's result");
        assertTrue(actual.messages().size() > 50, "the workload decides messages: " + actual.messages().size());
    }

    @Test
    @DisplayName("an event of a batch that fails is refused alone, with the reason; the others apply")
    void aFailingEvent_isRefusedAlone() {
        JdbcStorage jdbc = JdbcStorage.open(emptyDatabase());
        Identity broken = Identity.email("broken@example.com");
        CustomerStore failing = new ForwardingCustomerStore() {
            @Override
            protected CustomerStore delegate() {
                return jdbc.customers();
            }

            @Override
            public Optional<CustomerId> lookup(Identity identity) {
                if (identity.equals(broken)) {
                    throw new StorageException("could not look up a customer (SQL state 08006: no connection)", null);
                }
                return super.lookup(identity);
            }
        };
        Relevans engine = Relevans.builder().clock(VirtualClock.at(SharedWorkload.START)).store(failing)
                .timers(jdbc.timers()).outbox(jdbc.outbox()).definitions(SharedWorkload.definitions())
                .templates(SharedWorkload.templates()).build();
        List<Event> events = List.of(signup(SharedWorkload.email(1)), signup(broken), signup(SharedWorkload.email(2)));

        List<BatchOutcome> outcomes = engine.ingestAll(events);

        assertTrue(outcomes.get(0).applied() && outcomes.get(2).applied(), "the others apply");
        assertTrue(outcomes.get(1).refusal().orElseThrow() instanceof StorageException, "refused with the reason");
        assertEquals(2, jdbc.customers().count());
        assertEquals(Optional.empty(), jdbc.customers().lookup(broken));
    }

    private static Event signup(Identity who) {
        return Event.builder(io.relevans.event.EventType.SIGNUP, who, SharedWorkload.START).build();
    }
}
