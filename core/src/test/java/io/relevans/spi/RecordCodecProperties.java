package io.relevans.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Attribute;
import io.relevans.customer.Identity;
import io.relevans.customer.Source;
import io.relevans.customer.Value;
import io.relevans.testing.Profiles;
import java.time.Instant;
import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the compact form of customer records: every record reads back equal, with names in the table or,
 * once it is full, as text; the identities' bytes are equal exactly when the identities are; and bytes cut short or
 * changed give a record or an {@link IllegalArgumentException} that names the part and offset, nothing else.
 */
class RecordCodecProperties {

    private final RecordCodec codec = new RecordCodec(new NameTable());

    @Property(tries = 500)
    void encodedRecord_decodesEqual(@ForAll("records") CustomerRecord record) {
        byte[] bytes = codec.encode(record);
        CustomerRecord back = codec.decode(record.id(), bytes, record.features());
        assertEquals(record, back);
        assertArrayEquals(bytes, codec.encode(back), "the form of a record is one");
        assertEquals(record.customer().identities().stream().toList(), RecordCodec.identities(bytes));
    }

    @Property(tries = 200)
    void fullNameTable_writesNamesAsText(@ForAll("records") CustomerRecord record) {
        RecordCodec small = new RecordCodec(new NameTable(3));
        assertEquals(record, small.decode(record.id(), small.encode(record), record.features()));
    }

    @Property(tries = 200)
    void identitiesBytes_equalExactlyWhenIdentitiesAre(@ForAll("records") CustomerRecord record) {
        byte[] bytes = codec.encode(record);
        CustomerRecord changed = new CustomerRecord(record.customer().withAttribute(new Attribute("changed",
                Value.of(1), Source.STAFF, Instant.MAX)), record.segments(), record.features());
        byte[] same = codec.encode(changed);
        assertTrue(Arrays.equals(bytes, 0, RecordCodec.identitiesEnd(bytes), same, 0, RecordCodec.identitiesEnd(same)));
        Identity extra = Identity.loyalty("L-" + record.customer().identities().size() + "-extra");
        byte[] more = codec.encode(new CustomerRecord(record.customer().withIdentity(extra), record.segments(),
                record.features()));
        assertFalse(Arrays.equals(bytes, 0, RecordCodec.identitiesEnd(bytes), more, 0, RecordCodec.identitiesEnd(more)));
    }

    @Property(tries = 300)
    void truncatedBytes_failNamingPartAndOffset(@ForAll("records") CustomerRecord record,
                                               @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        byte[] bytes = codec.encode(record);
        byte[] shorter = Arrays.copyOf(bytes, cut % bytes.length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> codec.decode(record.id(), shorter, record.features()));
        assertCorrupt(e);
    }

    @Property(tries = 1_000)
    void changedBytes_giveARecordOrFailNamingPartAndOffset(@ForAll("records") CustomerRecord record,
                                                          @ForAll @IntRange(min = 0, max = 10_000) int at,
                                                          @ForAll byte value) {
        byte[] bytes = codec.encode(record).clone(); // the codec knows the array it wrote: this one it decodes
        bytes[at % bytes.length] = value;
        try {
            CustomerRecord other = codec.decode(record.id(), bytes, record.features());
            Statistics.label("outcome").collect("a record");
            assertEquals(other, codec.decode(record.id(), codec.encode(other), record.features()));
        } catch (IllegalArgumentException e) {
            Statistics.label("outcome").collect("refused");
            assertCorrupt(e);
        }
    }

    static void assertCorrupt(IllegalArgumentException e) {
        assertTrue(e.getMessage().startsWith("corrupt customer record: ") && e.getMessage().contains(" at offset "),
                e.getMessage());
    }

    @Provide
    Arbitrary<CustomerRecord> records() {
        return Profiles.records();
    }
}
