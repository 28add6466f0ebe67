package io.relevans.spi;

import io.relevans.customer.Attribute;
import io.relevans.customer.CategoryPreference;
import io.relevans.customer.Channel;
import io.relevans.customer.ChannelPreference;
import io.relevans.customer.Consent;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.customer.Interest;
import io.relevans.customer.Source;
import io.relevans.customer.Value;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A customer record as compact bytes, all but its id and feature state (which a store keeps beside them: the id
 * as its key, the feature state as the bytes it already is). What the in-memory store keeps per customer: about a
 * third of the bytes of the record's objects (docs/engine.md, "A compact stored record").
 *
 * <p>The form, version {@value #VERSION}: a version byte, then the identities (type ordinal, value), attributes
 * (name, a byte of value kind and source, the value, time), consents (channel, purpose, a byte of answer and
 * source, time), the channel order and its time, the category preferences (category, a byte of interest and
 * source, time), the segments, the program starts (program, time) and the recent event ids, each part a count and
 * its items in the record's order. Counts and numbers are varints; instants zig-zagged seconds with a bit saying
 * whether nanoseconds follow; dates epoch days; whole numbers up to 2^53 varints, other numbers 8 bytes; text
 * CESU-8; names (attributes, segments, programs, categories, channels, purposes) indices into the store's
 * {@link NameTable}; event ids each the length of the prefix shared with the one before and the rest, as bytes
 * when it is lower-case hexadecimal (the engine's own ids are {@code e-} and 24 hex digits).
 *
 * <p>The identities come first and encode the same set always the same way: two encodings have the same
 * identities exactly when their bytes up to {@link #identitiesEnd(byte[])} are equal. Thread-safe.
 */
final class RecordCodec {

    /** The version of the form, its first byte. */
    static final int VERSION = 1;

    private static final IdentityType[] TYPES = IdentityType.values();
    private static final Source[] SOURCES = Source.values();
    private static final Interest[] INTERESTS = Interest.values();
    private static final int TEXT = 0;
    private static final int WHOLE = 1;
    private static final int NUMBER = 2;
    private static final int FALSE = 3;
    private static final int TRUE = 4;
    private static final int DATE = 5;
    private static final double WHOLE_LIMIT = 0x1p53;
    private static final int MAX_TEXT_BYTES = 3 * 10_000;
    private static final int MAX_IDENTITY_BYTES = 3 * 320;
    private static final int MAX_ID_BYTES = ByteReader.MAX_NAME_BYTES;
    private static final int MAX_COUNT = 1 << 20;

    static {
        if (SOURCES.length > 16 || INTERESTS.length > 2) {
            throw new ExceptionInInitializerError("the record form packs a source in 4 bits and an interest in 1");
        }
    }

    /** How many records a thread's {@link #recent} remembers. */
    private static final int KNOWN = 4;

    private final NameTable names;
    /**
     * The records this thread last decoded or encoded, with their bytes, most of the cost of a step's load and save
     * spared: a record whose profile or segments are those of a known one (the same instance, as the engine keeps
     * them when an event changes neither) copies their bytes instead of writing them again, and bytes just written
     * decode to the record they were written from. Immutable records: sharing them is safe.
     */
    private final ThreadLocal<Known[]> recent = ThreadLocal.withInitial(() -> new Known[KNOWN]);

    /** A codec writing names into the table (shared by every record of one store). */
    RecordCodec(NameTable names) {
        this.names = names;
    }

    /** A record with its bytes, and where the profile and the segments end in them. */
    private record Known(CustomerRecord record, byte[] bytes, int profileEnd, int segmentsEnd) {
    }

    /** The newest first: the oldest drops out. */
    private static void remember(Known[] known, Known k) {
        System.arraycopy(known, 0, known, 1, known.length - 1);
        known[0] = k;
    }

    /** The record's bytes, without its id and feature state. */
    byte[] encode(CustomerRecord record) {
        Known[] known = recent.get();
        Known sameProfile = null;
        Known sameSegments = null;
        for (Known k : known) {
            if (k != null) {
                if (k.record.customer() == record.customer()) {
                    sameProfile = k;
                }
                if (k.record.segments() == record.segments()) {
                    sameSegments = k;
                }
            }
        }
        ByteWriter w = new ByteWriter();
        if (sameProfile != null) {
            w.writeBytes(sameProfile.bytes, 0, sameProfile.profileEnd);
        } else {
            writeProfile(w, record.customer());
        }
        int profileEnd = w.position();
        if (sameSegments != null) {
            w.writeBytes(sameSegments.bytes, sameSegments.profileEnd, sameSegments.segmentsEnd - sameSegments.profileEnd);
        } else {
            w.writeVarint(record.segments().size());
            for (String s : record.segments()) {
                w.writeName(names, s);
            }
        }
        int segmentsEnd = w.position();
        w.writeVarint(record.starts().size());
        for (Map.Entry<String, Instant> s : record.starts().entrySet()) {
            w.writeName(names, s.getKey());
            w.writeInstant(s.getValue());
        }
        w.writeVarint(record.recentEvents().size());
        String before = "";
        for (String id : record.recentEvents()) {
            writeEventId(w, before, id);
            before = id;
        }
        byte[] bytes = w.toArray();
        remember(known, new Known(record, bytes, profileEnd, segmentsEnd));
        return bytes;
    }

    private void writeProfile(ByteWriter w, Customer c) {
        w.writeByte(VERSION);
        w.writeVarint(c.identities().size());
        for (Identity i : c.identities()) {
            w.writeByte(i.type().ordinal());
            w.writeString(i.value());
        }
        w.writeVarint(c.attributes().size());
        for (Attribute a : c.attributes().values()) {
            w.writeName(names, a.name());
            writeValue(w, a.value(), a.source());
            w.writeInstant(a.time());
        }
        w.writeVarint(c.consents().size());
        for (Consent k : c.consents().values()) {
            w.writeName(names, k.channel().name());
            w.writeName(names, k.purpose().name());
            w.writeByte((k.granted() ? 1 : 0) | k.source().ordinal() << 1);
            w.writeInstant(k.time());
        }
        w.writeVarint(c.channels().order().size());
        for (Channel ch : c.channels().order()) {
            w.writeName(names, ch.name());
        }
        w.writeInstant(c.channels().time());
        w.writeVarint(c.preferences().size());
        for (CategoryPreference p : c.preferences().values()) {
            w.writeName(names, p.category().name());
            w.writeByte(p.interest().ordinal() | p.source().ordinal() << 1);
            w.writeInstant(p.time());
        }
    }

    private static void writeValue(ByteWriter w, Value value, Source source) {
        int s = source.ordinal();
        if (value instanceof Value.Text t) {
            w.writeByte(TEXT << 4 | s);
            w.writeString(t.value());
        } else if (value instanceof Value.Number n) {
            double v = n.value();
            if (v == Math.rint(v) && Math.abs(v) < WHOLE_LIMIT) {
                w.writeByte(WHOLE << 4 | s);
                w.writeSigned((long) v);
            } else {
                w.writeByte(NUMBER << 4 | s);
                w.writeLong(Double.doubleToRawLongBits(v));
            }
        } else if (value instanceof Value.Flag f) {
            w.writeByte((f.value() ? TRUE : FALSE) << 4 | s);
        } else {
            w.writeByte(DATE << 4 | s);
            w.writeSigned(((Value.Date) value).value().toEpochDay());
        }
    }

    /** The length of the prefix shared with the id before (not splitting a surrogate pair), then the rest. */
    private static void writeEventId(ByteWriter w, String before, String id) {
        int max = Math.min(before.length(), id.length());
        int p = 0;
        while (p < max && before.charAt(p) == id.charAt(p)) {
            p++;
        }
        if (p > 0 && Character.isHighSurrogate(id.charAt(p - 1))) {
            p--;
        }
        boolean hex = isHex(id, p);
        w.writeVarint((long) p << 1 | (hex ? 1 : 0));
        if (!hex) {
            w.writeString(id.substring(p));
            return;
        }
        int n = (id.length() - p) / 2;
        w.writeVarint(n);
        for (int i = p; i < id.length(); i += 2) {
            w.writeByte(Character.digit(id.charAt(i), 16) << 4 | Character.digit(id.charAt(i + 1), 16));
        }
    }

    /** Whether the id from {@code from} on is an even number (two or more) of lower-case hexadecimal digits. */
    private static boolean isHex(String id, int from) {
        int n = id.length() - from;
        if (n < 2 || n % 2 != 0) {
            return false;
        }
        for (int i = from; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The record the bytes were encoded from, with the id and feature state given. The bytes must not change after
     * {@link #encode} gave them or they were decoded: a thread's last records are recognised by their array.
     *
     * @throws IllegalArgumentException when the bytes are not a record of this form written with this codec's
     *                                  table, naming the part and offset
     */
    CustomerRecord decode(CustomerId id, byte[] bytes, FeatureState features) {
        Known[] known = recent.get();
        for (Known k : known) {
            if (k != null && k.bytes == bytes && k.record.features() == features && k.record.id().equals(id)) {
                return k.record;
            }
        }
        ByteReader r = new ByteReader(bytes);
        Identity[] identities = readIdentities(r);
        int at = r.position();
        int n = r.readCount("attribute count", MAX_COUNT);
        String[] attributeNames = new String[n];
        Attribute[] attributes = new Attribute[n];
        for (int i = 0; i < n; i++) {
            at = r.position();
            String name = r.readName("attribute name", names).name;
            int kindAndSource = r.readByte("attribute value kind");
            Source source = source(r, kindAndSource & 0x0F, "attribute source", at);
            Value value = readValue(r, kindAndSource >>> 4, at);
            Instant time = r.readInstant("attribute time");
            if (i > 0 && attributeNames[i - 1].compareTo(name) >= 0) {
                throw r.corrupt("attribute", at, "names not in order");
            }
            attributeNames[i] = name;
            try {
                attributes[i] = new Attribute(name, value, source, time);
            } catch (RuntimeException e) {
                throw r.corrupt("attribute", at, e);
            }
        }
        n = r.readCount("consent count", MAX_COUNT);
        Consent.Key[] consentKeys = new Consent.Key[n];
        Consent[] consents = new Consent[n];
        for (int i = 0; i < n; i++) {
            at = r.position();
            Channel channel = channel(r, at);
            NameTable.Entry purpose = r.readName("consent purpose", names);
            int answer = r.readByte("consent answer");
            Source source = source(r, answer >>> 1, "consent source", at);
            Instant time = r.readInstant("consent time");
            try {
                consents[i] = new Consent(channel, purpose.purpose(), (answer & 1) != 0, time, source);
            } catch (RuntimeException e) {
                throw r.corrupt("consent", at, e);
            }
            consentKeys[i] = consents[i].key();
            if (i > 0 && consentKeys[i - 1].compareTo(consentKeys[i]) >= 0) {
                throw r.corrupt("consent", at, "channels and purposes not in order");
            }
        }
        at = r.position();
        n = r.readCount("channel order count", MAX_COUNT);
        Channel[] order = new Channel[n];
        for (int i = 0; i < n; i++) {
            order[i] = channel(r, r.position());
        }
        Instant orderTime = r.readInstant("channel order time");
        ChannelPreference channels;
        try {
            channels = n == 0 && orderTime.equals(Instant.EPOCH) ? ChannelPreference.NONE
                    : new ChannelPreference(List.of(order), orderTime);
        } catch (RuntimeException e) {
            throw r.corrupt("channel order", at, e);
        }
        n = r.readCount("category preference count", MAX_COUNT);
        io.relevans.customer.Category[] categories = new io.relevans.customer.Category[n];
        CategoryPreference[] preferences = new CategoryPreference[n];
        for (int i = 0; i < n; i++) {
            at = r.position();
            NameTable.Entry category = r.readName("category", names);
            int interestAndSource = r.readByte("category interest");
            Source source = source(r, interestAndSource >>> 1, "category preference source", at);
            Instant time = r.readInstant("category preference time");
            try {
                categories[i] = category.category();
                preferences[i] = new CategoryPreference(categories[i], INTERESTS[interestAndSource & 1], time, source);
            } catch (RuntimeException e) {
                throw r.corrupt("category preference", at, e);
            }
            if (i > 0 && categories[i - 1].compareTo(categories[i]) >= 0) {
                throw r.corrupt("category preference", at, "categories not in order");
            }
        }
        Customer customer;
        try {
            customer = new Customer(id, new SortedArrays.Set<>(identities), new SortedArrays.Map<>(attributeNames,
                    attributes), new SortedArrays.Map<>(consentKeys, consents), channels,
                    new SortedArrays.Map<>(categories, preferences));
        } catch (RuntimeException e) {
            throw r.corrupt("profile", 0, e);
        }
        int profileEnd = r.position();
        String[] segments = readNames(r, "segment");
        int segmentsEnd = r.position();
        at = r.position();
        n = r.readCount("program start count", MAX_COUNT);
        String[] programs = new String[n];
        Instant[] starts = new Instant[n];
        for (int i = 0; i < n; i++) {
            at = r.position();
            programs[i] = r.readName("program", names).name;
            starts[i] = r.readInstant("program start");
            if (i > 0 && programs[i - 1].compareTo(programs[i]) >= 0) {
                throw r.corrupt("program start", at, "programs not in order");
            }
        }
        List<String> ids = readEventIds(r);
        if (!r.atEnd()) {
            throw r.corrupt("end of record", r.position(), (bytes.length - r.position()) + " bytes more");
        }
        CustomerRecord record = new CustomerRecord(customer, new SortedArrays.Set<>(segments), features,
                new SortedArrays.Map<>(programs, starts), ids);
        remember(known, new Known(record, bytes, profileEnd, segmentsEnd));
        return record;
    }

    private Channel channel(ByteReader r, int at) {
        NameTable.Entry e = r.readName("channel", names);
        try {
            return e.channel();
        } catch (RuntimeException x) {
            throw r.corrupt("channel", at, x);
        }
    }

    private static Source source(ByteReader r, int ordinal, String what, int at) {
        if (ordinal >= SOURCES.length) {
            throw r.corrupt(what, at, "no source " + ordinal + " (there are " + SOURCES.length + ")");
        }
        return SOURCES[ordinal];
    }

    private static Value readValue(ByteReader r, int kind, int at) {
        try {
            return switch (kind) {
                case TEXT -> Value.of(r.readString("attribute text", MAX_TEXT_BYTES));
                case WHOLE -> Value.of((double) r.readSigned("attribute number"));
                case NUMBER -> Value.of(Double.longBitsToDouble(r.readLong("attribute number")));
                case FALSE -> Value.of(false);
                case TRUE -> Value.of(true);
                case DATE -> Value.of(LocalDate.ofEpochDay(r.readSigned("attribute date")));
                default -> throw r.corrupt("attribute value kind", at, "no kind " + kind);
            };
        } catch (ByteReader.Corrupt e) {
            throw e;
        } catch (RuntimeException e) { // a text too long, a date out of range
            throw r.corrupt("attribute value", at, e);
        }
    }

    /** Names of the table, strictly in order. */
    private String[] readNames(ByteReader r, String what) {
        int n = r.readCount(what + " count", MAX_COUNT);
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            int at = r.position();
            out[i] = r.readName(what, names).name;
            if (i > 0 && out[i - 1].compareTo(out[i]) >= 0) {
                throw r.corrupt(what, at, "names not in order");
            }
        }
        return out;
    }

    private static List<String> readEventIds(ByteReader r) {
        int n = r.readCount("recent event count", CustomerRecord.RECENT_EVENTS);
        if (n == 0) {
            return List.of();
        }
        String[] ids = new String[n];
        String before = "";
        StringBuilder b = new StringBuilder(64);
        for (int i = 0; i < n; i++) {
            int at = r.position();
            long head = r.readVarint("recent event id");
            long p = head >>> 1;
            if (p > before.length()) {
                throw r.corrupt("recent event id", at, "a prefix of " + p + " characters of an id of "
                        + before.length());
            }
            b.setLength(0);
            b.append(before, 0, (int) p);
            if ((head & 1) == 0) {
                b.append(r.readString("recent event id", MAX_ID_BYTES));
            } else {
                int bytes = r.readCount("recent event id", MAX_ID_BYTES);
                for (int k = 0; k < bytes; k++) {
                    int x = r.readByte("recent event id");
                    b.append(Character.forDigit(x >>> 4, 16)).append(Character.forDigit(x & 0xF, 16));
                }
            }
            ids[i] = before = b.toString();
        }
        return Arrays.asList(ids);
    }

    private static Identity[] readIdentities(ByteReader r) {
        int version = r.readByte("version");
        if (version != VERSION) {
            throw r.corrupt("version", 0, "version " + version + " is not the version " + VERSION + " this codec reads");
        }
        int n = r.readCount("identity count", Customer.MAX_IDENTITIES);
        Identity[] out = new Identity[n];
        for (int i = 0; i < n; i++) {
            int at = r.position();
            IdentityType type = r.readEnum("identity type", TYPES);
            String value = r.readString("identity value", MAX_IDENTITY_BYTES);
            try {
                out[i] = new Identity(type, value);
            } catch (RuntimeException e) {
                throw r.corrupt("identity", at, e);
            }
            if (i > 0 && out[i - 1].compareTo(out[i]) >= 0) {
                throw r.corrupt("identity", at, "identities not in order");
            }
        }
        return out;
    }

    /**
     * The identities of an encoded record, in order.
     *
     * @throws IllegalArgumentException when the bytes are corrupt
     */
    static List<Identity> identities(byte[] bytes) {
        return List.of(readIdentities(new ByteReader(bytes)));
    }

    /** Where the identities of an encoded record end, and so the part two records with the same identities share. */
    static int identitiesEnd(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        r.readByte("version");
        int n = r.readCount("identity count", Customer.MAX_IDENTITIES);
        for (int i = 0; i < n; i++) {
            r.readByte("identity type");
            r.skip("identity value", r.readCount("identity value", MAX_IDENTITY_BYTES));
        }
        return r.position();
    }
}
