package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.definition.Definitions;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import io.relevans.internal.step.CustomerStep;
import io.relevans.internal.step.StepOutcome;
import io.relevans.json.CustomerJson;
import io.relevans.program.ProgramWorkload.Run;
import io.relevans.program.ProgramWorkload.Script;
import io.relevans.spi.Commit;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.Message;
import io.relevans.spi.SimpleTemplates;
import io.relevans.spi.StoredCustomer;
import io.relevans.spi.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The engine step is a pure function: customers' records, timers and message histories reached by
 * random scripts of the program workload, given one more input (an event, possibly linking another
 * customer's identity, or each due timer), give the same outcome byte for byte when the step is called
 * again, by the same compiled definitions or by a second compilation of them; the inputs are left as
 * they were; and the record to store is derived from the records given: the same customer (the
 * smallest id of a merge), the versions given, the other records named as merged away, the applied
 * event remembered after the record's own.
 */
class CustomerStepProperties {

    @Provide
    Arbitrary<Set<String>> programSets() {
        return Arbitraries.of(ProgramWorkload.SHAPES).set().ofMinSize(2).ofMaxSize(ProgramWorkload.SHAPES.size());
    }

    @Provide
    Arbitrary<Script> scripts() {
        return ProgramWorkload.scripts(10, 60);
    }

    /** A next event: who, what, a detail, and whose login it links (-1: none). */
    record Next(int who, int kind, int detail, int links) {
    }

    @Provide
    Arbitrary<Next> nexts() {
        return Combinators.combine(Arbitraries.integers().between(0, ProgramWorkload.CUSTOMERS - 1),
                Arbitraries.integers().between(0, 7), Arbitraries.integers().between(0, 11),
                Arbitraries.integers().between(-3, ProgramWorkload.CUSTOMERS - 1)).as(Next::new);
    }

    @Property(tries = 40, shrinking = ShrinkingMode.BOUNDED)
    void theStep_isDeterministic_andDerivesTheRecordFromTheOnesGiven(
            @ForAll("programSets") Set<String> shapes, @ForAll @IntRange(min = 0, max = 3) int caps,
            @ForAll("scripts") Script script, @ForAll("nexts") Next next,
            @ForAll @LongRange(min = 1, max = 1_000_000) long version) {
        Definitions definitions = ProgramWorkload.definitions(shapes, caps);
        Run run = new Run(definitions);
        run.setUp(script.consents());
        run.play(script.actions());
        run.idle(Duration.ofHours(5));
        CustomerStep step = compile(definitions);
        CustomerStep again = compile(definitions);
        long now = run.clock.millis();

        // an event, possibly linking another customer's login (a merge)
        Event event = event(next, run.clock.instant());
        TreeSet<CustomerId> ids = new TreeSet<>();
        ids.add(ProgramWorkload.id(next.who()));
        if (next.links() >= 0) {
            ids.add(ProgramWorkload.id(next.links()));
        }
        List<StoredCustomer> records = new ArrayList<>();
        Map<CustomerId, Long> versions = new LinkedHashMap<>();
        long v = version;
        for (CustomerId id : ids) {
            records.add(new StoredCustomer(run.store.load(id).orElseThrow(), v));
            versions.put(id, v++);
        }
        CustomerId survivor = ids.first();
        List<Timer> timers = run.timers.of(survivor);
        List<Message> history = run.outbox.of(survivor);
        List<Message> mergedAway = new ArrayList<>();
        ids.tailSet(survivor, false).forEach(id -> mergedAway.addAll(run.outbox.of(id)));
        List<StoredCustomer> recordsBefore = List.copyOf(records);
        List<Timer> timersBefore = List.copyOf(timers);
        List<Message> historyBefore = List.copyOf(history);

        StepOutcome first = step.ingest(event, records, timers, history, mergedAway, List.of(), now);
        StepOutcome second = step.ingest(event, records, timers, history, mergedAway, List.of(), now);
        StepOutcome third = again.ingest(event, records, timers, history, mergedAway, List.of(), now);
        same(first, second);
        same(first, third);
        assertEquals(recordsBefore, records, "the records given are left as they were");
        assertEquals(timersBefore, timers);
        assertEquals(historyBefore, history);

        Commit commit = first.commit().orElseThrow();
        CustomerRecord given = records.get(0).record();
        assertEquals(survivor, commit.customer(), "the smallest id survives");
        assertEquals(versions.get(survivor), commit.version(), "the version of the record it was derived from");
        Map<CustomerId, Long> merged = new LinkedHashMap<>(versions);
        merged.remove(survivor);
        assertEquals(merged, commit.merged(), "the other records given are merged away, at the versions given");
        List<String> recent = commit.record().recentEvents();
        assertEquals(event.id(), recent.get(recent.size() - 1), "the event is remembered as applied");
        if (ids.size() == 1) {
            List<String> own = given.recentEvents();
            assertEquals(own.subList(Math.max(0, own.size() - (CustomerRecord.RECENT_EVENTS - 1)), own.size()),
                    recent.subList(0, recent.size() - 1), "after the record's own applied events");
        }
        assertTrue(commit.record().customer().identities().containsAll(given.customer().identities()),
                "no identity of the record given is lost");
        commit.added().forEach(m -> assertEquals(survivor, m.customer(), "messages for the customer"));
        commit.updated().forEach(m -> assertEquals(survivor, m.customer(), "updates for the customer"));
        commit.scheduled().forEach(t -> assertEquals(survivor, t.customer(), "timers for the customer"));

        // the same event again is recognised from the new record
        StoredCustomer stored = new StoredCustomer(commit.record(), versions.get(survivor) + 1);
        StepOutcome redelivered = step.ingest(event, List.of(stored), timers, history, List.of(), List.of(), now + 1);
        assertTrue(redelivered.redelivered() && redelivered.commit().isEmpty(), "an applied event changes nothing");

        // every timer of every customer, fired at its due time or now
        for (int who = 0; who < ProgramWorkload.CUSTOMERS; who++) {
            CustomerId id = ProgramWorkload.id(who);
            StoredCustomer rec = new StoredCustomer(run.store.load(id).orElseThrow(), version);
            for (Timer t : run.timers.of(id)) {
                long at = Math.max(now, t.due().toEpochMilli());
                StepOutcome a = step.fire(rec, run.timers.of(id), run.outbox.of(id), t, at);
                StepOutcome b = again.fire(rec, run.timers.of(id), run.outbox.of(id), t, at);
                same(a, b);
                Commit c = a.commit().orElseThrow();
                assertEquals(id, c.customer());
                assertEquals(version, c.version(), "the version of the record it was derived from");
                assertEquals(t.key(), c.fired().orElseThrow(), "the fired timer is named");
                assertEquals(rec.record().recentEvents(), c.record().recentEvents());
            }
        }
    }

    private static void same(StepOutcome a, StepOutcome b) {
        assertEquals(a.commit(), b.commit(), "same commit");
        a.commit().ifPresent(c -> {
            CustomerRecord r = b.commit().orElseThrow().record();
            assertEquals(CustomerJson.write(c.record().customer()), CustomerJson.write(r.customer()), "same profile");
            assertArrayEquals(c.record().features().toBytes(), r.features().toBytes(), "same feature state");
        });
        assertEquals(a.actions(), b.actions());
        assertEquals(a.segments(), b.segments());
        assertEquals(a.entered(), b.entered());
        assertEquals(a.exited(), b.exited());
        assertEquals(a.changes(), b.changes());
        assertArrayEquals(a.before(), b.before());
        assertArrayEquals(a.after(), b.after());
    }

    private static CustomerStep compile(Definitions definitions) {
        SimpleTemplates.Builder templates = SimpleTemplates.builder();
        ProgramWorkload.TEMPLATES.forEach(t -> templates.template(t, t + " {{category}}", t));
        return CustomerStep.compile(definitions, templates.build(), Map.of(Channel.EMAIL, IdentityType.EMAIL,
                Channel.SMS, IdentityType.PHONE, Channel.PUSH, IdentityType.LOGIN));
    }

    private static Event event(Next next, java.time.Instant at) {
        String category = ProgramWorkload.CATEGORIES.get(next.detail() % ProgramWorkload.CATEGORIES.size());
        Event.Builder b = switch (next.kind()) {
            case 0 -> Event.builder(EventType.PURCHASE, ProgramWorkload.email(next.who()), at)
                    .line(category + "-1", category, 500 + 700 * next.detail(), 1);
            case 1 -> Event.builder(EventType.CART_CHANGE, ProgramWorkload.email(next.who()), at)
                    .line(category + "-2", category, 900, 1);
            case 2 -> Event.builder(EventType.PRODUCT_VIEW, ProgramWorkload.email(next.who()), at)
                    .property("sku", category + "-3").property("category", category);
            case 3 -> Event.builder(EventType.CONSENT_CHANGE, ProgramWorkload.email(next.who()), at)
                    .property("channel", ProgramWorkload.CHANNELS.get(next.detail() % 3).name())
                    .property("purpose", ProgramWorkload.PURPOSES.get(next.detail() / 3 % 3).name())
                    .property("granted", next.detail() % 2 == 0);
            case 4 -> Event.builder(EventType.PREFERENCE_DECLARED, ProgramWorkload.email(next.who()), at)
                    .property("category", category).property("interest", "not_interested");
            case 5 -> Event.builder(EventType.SUPPORT_CONTACT, ProgramWorkload.email(next.who()), at)
                    .property("topic", "delivery");
            case 6 -> Event.builder(EventType.COMPLAINT, ProgramWorkload.email(next.who()), at)
                    .property("reason", "late");
            default -> Event.builder(EventType.ATTRIBUTE_CONFIRMED, ProgramWorkload.email(next.who()), at)
                    .property("attribute", "tier").property("value", next.detail() % 2 == 0 ? "gold" : "silver");
        };
        if (next.links() >= 0) {
            b.link(Identity.login("g" + next.links()));
        }
        return b.origin(Origin.WEB).build();
    }
}
