package io.relevans.internal.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.relevans.customer.Identity;
import io.relevans.definition.Feature;
import io.relevans.definition.Features;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.spi.FeatureState;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Stored feature states of every version, written here byte by byte as the format says (not by the
 * encoder under test), read by the current code: versions 1 (no stamp), 2 (a stamp without {@code until})
 * and 3 (a stamp with {@code until}). Decoding and encoding such a state again gives its bytes back.
 */
class FeatureStateVersionsTest {

    private static final Identity WHO = Identity.email("kari@example.no");
    private static final long DAY = 86_400_000L;
    private static final long T0 = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    private static final Feature BOUGHT_30D = Features.count(EventType.PURCHASE).within(Window.days(30));
    private static final Feature SPENT_7D = Features.sum(EventType.PURCHASE, "line.amount").within(Window.days(7));
    private static final long DEFINITIONS = 0x0102030405060708L;

    /** Two purchases (10 and 5 days before T0, the second of two events) and 250.5 spent 2 days before. */
    private static byte[] features() {
        Bytes b = new Bytes();
        long[] keys = {CompiledFeature.keyOf(BOUGHT_30D), CompiledFeature.keyOf(SPENT_7D)};
        long day = T0 / DAY;
        b.varLong(2);
        for (long key : keys[0] < keys[1] ? keys : new long[] {keys[1], keys[0]}) { // ascending, as written
            b.fixedLong(key);
            if (key == keys[0]) {
                b.u8(Kind.COUNT.ordinal()).varLong(2).zigZag(day - 10).varLong(1).varLong(5).varLong(2);
            } else {
                b.u8(Kind.SUM.ordinal()).varLong(1).zigZag(day - 2).fixedLong(Double.doubleToLongBits(250.5));
            }
        }
        return b.bytes();
    }

    private static FeaturePlan plan() {
        return FeaturePlan.compile(List.of(BOUGHT_30D, SPENT_7D), Map.of());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    @DisplayName("version 1: no stamp")
    void version1() {
        FeatureState state = FeatureState.of(concat(new Bytes().u8(1).bytes(), features()));
        assertNull(plan().stampOf(state));
        assertArrayEquals(new double[] {3, 250.5}, plan().values(state, T0));
        assertArrayEquals(new double[] {2, 0}, plan().values(state, T0 + 21 * DAY));
        FeatureTable table = FeatureTable.decode(state);
        assertNull(table.evaluation);
        assertEquals(state, table.encode());
    }

    @Test
    @DisplayName("version 2: a stamp without until, which expires at once")
    void version2() {
        byte[] head = new Bytes().u8(2).zigZag(T0 - DAY).fixedLong(DEFINITIONS).bytes();
        FeatureState state = FeatureState.of(concat(head, features()));
        assertEquals(new Evaluation(T0 - DAY, DEFINITIONS), plan().stampOf(state));
        assertEquals(T0 - DAY, plan().stampOf(state).until());
        assertArrayEquals(new double[] {3, 250.5}, plan().values(state, T0));
        // a baseline at the stamp: the values a day before T0
        FeaturePlan.AtStamp at = plan().atStamp(state, DEFINITIONS);
        assertArrayEquals(new double[] {3, 250.5}, at.values());
        // written again, it is version 3
        FeatureState next = plan().refresh(state, T0, DEFINITIONS).state();
        assertEquals(3, next.toBytes()[0]);
        assertArrayEquals(plan().values(state, T0), plan().values(next, T0));
    }

    @Test
    @DisplayName("version 3: a stamp with until (a distance, 0 for never)")
    void version3() {
        for (long distance : new long[] {0, 1, 7 * DAY}) {
            byte[] head = new Bytes().u8(3).zigZag(T0).fixedLong(DEFINITIONS).varLong(distance).bytes();
            FeatureState state = FeatureState.of(concat(head, features()));
            Evaluation stamp = plan().stampOf(state);
            assertEquals(new Evaluation(T0, DEFINITIONS, distance == 0 ? Long.MAX_VALUE : T0 + distance), stamp);
            assertArrayEquals(new double[] {3, 250.5}, plan().values(state, T0));
            FeatureTable table = FeatureTable.decode(state);
            assertEquals(stamp, table.evaluation);
            assertEquals(state, table.encode(table.evaluation), "the same bytes again");
            // an event folded in: the other feature's cells are written as they were read
            Event bought = Event.builder(EventType.PURCHASE, WHO, Instant.ofEpochMilli(T0 + DAY)).line("sku-1", "tv", 100, 1)
                    .build();
            FeaturePlan.Update u = plan().update(state, bought, T0 + DAY, DEFINITIONS);
            assertArrayEquals(new double[] {3, 250.5}, u.before());
            assertArrayEquals(new double[] {4, 350.5}, u.after());
        }
    }

    @Test
    @DisplayName("a state of a feature no longer planned: left out, the rest read")
    void unplannedFeature() {
        FeatureState state = FeatureState.of(concat(new Bytes().u8(1).bytes(), features()));
        FeaturePlan only = FeaturePlan.compile(List.of(SPENT_7D), Map.of());
        assertArrayEquals(new double[] {250.5}, only.values(state, T0));
        FeatureState pruned = only.prune(state, T0);
        assertEquals(FeatureState.of(concat(new Bytes().u8(1).varLong(1).fixedLong(CompiledFeature.keyOf(SPENT_7D))
                .u8(Kind.SUM.ordinal()).varLong(1).zigZag(T0 / DAY - 2).fixedLong(Double.doubleToLongBits(250.5))
                .bytes(), new byte[0])), pruned);
    }

    @Test
    @DisplayName("unknown versions and truncated states are refused as corrupt")
    void corrupt() {
        FeatureState v9 = FeatureState.of(concat(new Bytes().u8(9).bytes(), features()));
        assertThrows(IllegalStateException.class, () -> plan().values(v9, T0));
        assertThrows(IllegalStateException.class, () -> plan().stampOf(v9));
        byte[] whole = concat(new Bytes().u8(1).bytes(), features());
        for (int n = 1; n < whole.length; n++) {
            FeatureState cut = FeatureState.of(Arrays.copyOf(whole, n));
            assertThrows(IllegalStateException.class, () -> plan().values(cut, T0), "cut after " + cut.size());
        }
    }

    /** The encoding's primitives, written out here. */
    private static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes u8(int v) {
            out.write(v);
            return this;
        }

        Bytes fixedLong(long v) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (v >>> shift) & 0xFF);
            }
            return this;
        }

        Bytes varLong(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
            return this;
        }

        Bytes zigZag(long v) {
            return varLong((v << 1) ^ (v >> 63));
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
