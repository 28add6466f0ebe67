package io.relevans.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Attribute;
import io.relevans.customer.Channel;
import io.relevans.customer.Consent;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.Purpose;
import io.relevans.customer.Source;
import io.relevans.customer.Value;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.FeatureState;
import io.relevans.spi.Timer;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The stored documents (records, timers) read back as they were written (parse(print(x)) == x), also when their
 * texts hold what could confuse reading the profile or the trigger event as kept text ({@link StoredJson#split}):
 * braces, quotes, escapes and characters outside ASCII in values and identities.
 */
class StoredJsonProperties {

    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");

    /** Texts with what a reader that keeps an object's text must step over correctly. */
    private static Arbitrary<String> tricky() {
        return Arbitraries.strings().withChars("ab{}[]\"\\:,/ øå€\n\t").ofMinLength(1).ofMaxLength(16);
    }

    /** As above, without white space and control characters (an identity refuses them). */
    private static Arbitrary<String> trickyName() {
        return Arbitraries.strings().withChars("ab{}[]\"\\:,/øå€").ofMinLength(1).ofMaxLength(16);
    }

    private static Arbitrary<Instant> moments() {
        return Arbitraries.longs().between(0, 4_000_000_000_000L).map(Instant::ofEpochMilli);
    }

    private static Arbitrary<Event> events() {
        return Combinators.combine(trickyName(), tricky(), moments()).as((who, note, at) ->
                Event.builder(EventType.PRODUCT_VIEW, Identity.cookie(who), at).property("sku", note)
                        .property("category", "tv").property("note", note).build());
    }

    @Provide
    Arbitrary<CustomerRecord> records() {
        return Combinators.combine(trickyName(), tricky(), tricky().set().ofMaxSize(4), moments(),
                tricky().list().ofMaxSize(5), Arbitraries.bytes().array(byte[].class).ofMaxSize(40))
                .as((who, city, segments, at, recent, features) -> {
                    Customer c = Customer.newCustomer(CustomerId.derivedFrom(Identity.cookie(who)), Identity.cookie(who))
                            .withAttribute(new Attribute("city", Value.of(city), Source.DECLARED, at))
                            .withConsent(new Consent(Channel.EMAIL, Purpose.MARKETING, true, at, Source.DECLARED));
                    TreeMap<String, Instant> starts = new TreeMap<>();
                    segments.forEach(s -> starts.put(s, at));
                    return new CustomerRecord(c, new TreeSet<>(segments), FeatureState.of(features), starts,
                            recent.stream().distinct().toList());
                });
    }

    @Provide
    Arbitrary<Timer> timers() {
        return Combinators.combine(tricky(), tricky(), moments(), events(), Arbitraries.integers().between(0, 9)
                .set().ofMaxSize(3)).as((program, step, due, trigger, since) -> new Timer(
                CustomerId.derivedFrom(trigger.customer()), program, Timer.Kind.RESUME, due, step, T, "B", false,
                trigger, new TreeSet<>(since)));
    }

    @Property(tries = 300)
    void aRecord_readsBackEqual(@ForAll("records") CustomerRecord r) {
        String written = StoredJson.writeRecord(r);
        CustomerRecord read = StoredJson.readRecord(written);
        assertEquals(r, read, written);
        assertEquals(written, StoredJson.writeRecord(read), "written again the same");
        assertEquals(r, StoredJson.record(StoredJson.read(written)), "also read from its tree");
    }

    @Property(tries = 300)
    void aTimer_readsBackEqual(@ForAll("timers") Timer t) {
        String written = StoredJson.writeTimer(t);
        assertEquals(t, StoredJson.readTimer(written), written);
        assertEquals(t, StoredJson.timer(StoredJson.read(written)), "also read from its tree");
        assertEquals(t, StoredJson.timer(t.customer(), t.program(), t.kind(), t.due(), StoredJson.timerDetails(t)),
                "from its columns and details, as the JDBC store keeps it");
    }

    @Test
    void split_keepsTheObjectsText_andReadsTheRest() {
        StoredJson.Split s = StoredJson.split("{\"a\": [1, {\"b\": 2}], \"kept\": {\"x\": \"}{\\\"\", \"y\": {}} ,"
                + " \"c\": \"kept\"}", "kept");
        assertEquals("{\"x\": \"}{\\\"\", \"y\": {}}", s.kept());
        assertEquals(List.of("a", "c"), List.copyOf(s.rest().properties().stream().map(e -> e.getKey()).toList()));
    }

    @Test
    void split_refusesWhatIsNotOneObject_andNamesAMissingField() {
        assertThrows(IllegalArgumentException.class, () -> StoredJson.split("[1]", "kept"));
        assertThrows(IllegalArgumentException.class, () -> StoredJson.split("{\"a\": 1} {}", "kept"));
        assertThrows(IllegalArgumentException.class, () -> StoredJson.split("{\"a\": ", "kept"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StoredJson.split("{\"kept\": null}", "kept").kept("kept"));
        assertTrue(e.getMessage().contains("'kept'"), e.getMessage());
    }
}
