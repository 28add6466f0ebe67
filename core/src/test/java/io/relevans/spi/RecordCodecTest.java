package io.relevans.spi;

import static io.relevans.spi.RecordCodecProperties.assertCorrupt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Attribute;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.Source;
import io.relevans.customer.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Examples of the compact form of customer records: its size, shared names and the errors of corrupt bytes. */
class RecordCodecTest {

    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    private static final CustomerId ID = CustomerId.of("c-1");

    private final RecordCodec codec = new RecordCodec(new NameTable());

    private static CustomerRecord anna(List<String> recent) {
        Customer c = Customer.newCustomer(ID, Identity.email("anna@example.com"))
                .withAttribute(new Attribute("city", Value.of("Oslo"), Source.DECLARED, T))
                .withAttribute(new Attribute("household_size", Value.of(3), Source.DECLARED, T));
        return new CustomerRecord(c, new TreeSet<>(List.of("vip", "omnichannel")), FeatureState.of(new byte[] {1}),
                new TreeMap<>(), recent);
    }

    @Test
    @DisplayName("a small profile takes a few dozen bytes, the engine's event ids 14 bytes each")
    void sizes() {
        byte[] bytes = codec.encode(anna(List.of()));
        assertTrue(bytes.length < 60, bytes.length + " bytes");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < CustomerRecord.RECENT_EVENTS; i++) {
            ids.add("e-" + String.format("%024x", 0x5eed_0000L + 977L * i * i));
        }
        byte[] withIds = codec.encode(anna(ids));
        assertTrue(withIds.length - bytes.length <= 14 * ids.size(), (withIds.length - bytes.length) + " bytes");
        assertEquals(anna(ids), codec.decode(ID, withIds, FeatureState.of(new byte[] {1})));
    }

    @Test
    @DisplayName("decoded records share one instance of each name")
    void namesShared() {
        byte[] bytes = codec.encode(anna(List.of()));
        CustomerRecord one = codec.decode(ID, bytes, FeatureState.EMPTY);
        CustomerRecord two = codec.decode(ID, bytes, FeatureState.EMPTY);
        assertSame(one.segments().first(), two.segments().first());
        assertSame(one.customer().attributes().firstKey(), two.customer().attributes().firstKey());
    }

    @Test
    @DisplayName("a record saved unchanged reuses the bytes of its profile and segments; bytes just written decode to"
            + " their record")
    void knownRecords() {
        CustomerRecord first = anna(List.of("e-1"));
        byte[] bytes = codec.encode(first);
        assertSame(first, codec.decode(ID, bytes, first.features()));
        CustomerRecord decoded = codec.decode(ID, bytes.clone(), first.features()); // another array: decoded afresh
        assertNotSame(first.customer(), decoded.customer());
        CustomerRecord next = decoded.withEvents(List.of("e-2"));
        assertEquals(first.withEvents(List.of("e-2")), codec.decode(ID, codec.encode(next).clone(), first.features()));
    }

    @Test
    @DisplayName("bytes of another version are refused naming the version")
    void otherVersion() {
        byte[] bytes = codec.encode(anna(List.of())).clone();
        bytes[0] = 9;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> codec.decode(ID, bytes, FeatureState.EMPTY));
        assertCorrupt(e);
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());
    }

    @Test
    @DisplayName("a name another store's table wrote is refused naming its index")
    void nameOfAnotherTable() {
        byte[] bytes = codec.encode(anna(List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RecordCodec(new NameTable()).decode(ID, bytes, FeatureState.EMPTY));
        assertCorrupt(e);
        assertTrue(e.getMessage().contains("attribute name at offset") && e.getMessage().contains("no name at index 0"),
                e.getMessage());
    }

    @Test
    @DisplayName("bytes after the record are refused, saying how many")
    void trailingBytes() {
        byte[] bytes = codec.encode(anna(List.of()));
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> codec.decode(ID, longer, FeatureState.EMPTY));
        assertEquals("corrupt customer record: end of record at offset " + bytes.length + ": 2 bytes more",
                e.getMessage());
    }
}
