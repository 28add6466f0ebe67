package io.relevans.testing;

import io.relevans.customer.Attribute;
import io.relevans.customer.Category;
import io.relevans.customer.CategoryPreference;
import io.relevans.customer.Channel;
import io.relevans.customer.ChannelPreference;
import io.relevans.customer.Consent;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.customer.Interest;
import io.relevans.customer.Purpose;
import io.relevans.customer.Source;
import io.relevans.customer.Value;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.FeatureState;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.jspecify.annotations.Nullable;

/** jqwik arbitraries of customer profiles and their parts, for properties of what reads and writes them. */
public final class Profiles {

    private static final Instant T = Instant.parse("2026-03-01T09:00:00Z");

    private Profiles() {
    }

    /** Profiles with every part: identities of every type, attributes of every kind of value, consents, a channel order, category preferences; hostile text. */
    public static Arbitrary<Customer> customers() {
        Arbitrary<CustomerId> ids = Arbitraries.oneOf(Arbitraries.of("c-1", "c-" + "9".repeat(126)),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(20).filter(s -> !s.isBlank()))
                .map(CustomerId::of);
        Arbitrary<List<Identity>> identities = identities().list().ofMinSize(1).ofMaxSize(5);
        Arbitrary<List<Attribute>> attributes = attributes().list().ofMaxSize(5);
        Arbitrary<List<Consent>> consents = Combinators.combine(channels(), purposes(), Arbitraries.of(true, false),
                instants(), Arbitraries.of(Source.class)).as(Consent::new).list().ofMaxSize(4);
        Arbitrary<ChannelPreference> order = Arbitraries.oneOf(Arbitraries.just(ChannelPreference.NONE),
                Combinators.combine(channels().list().uniqueElements().ofMaxSize(4), instants())
                        .as(ChannelPreference::new));
        Arbitrary<List<CategoryPreference>> preferences = Combinators.combine(names().map(Category::of),
                Arbitraries.of(Interest.class), instants(), Arbitraries.of(Source.class)).as(CategoryPreference::new)
                .list().ofMaxSize(3);
        return Combinators.combine(ids, identities, attributes, consents, order, preferences)
                .as((id, is, as, cs, o, ps) -> {
                    Customer c = Customer.newCustomer(id, is.get(0));
                    for (Identity i : is) {
                        c = c.withIdentity(i);
                    }
                    for (Attribute a : as) {
                        c = c.withAttribute(a);
                    }
                    for (Consent k : cs) {
                        c = c.withConsent(k);
                    }
                    for (CategoryPreference p : ps) {
                        c = c.withPreference(p);
                    }
                    return c.withChannels(o);
                });
    }

    private static Arbitrary<Identity> identities() {
        Arbitrary<String> raw = Arbitraries.oneOf(Arbitraries.of("anna@example.com", "+47 (22) 33-44-55", "7001"),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(30), Arbitraries.of(Hostile.TEXTS)
                        .map(s -> s.length() > 300 ? s.substring(0, 300) : s));
        return Combinators.combine(Arbitraries.of(IdentityType.class), raw).as(Profiles::identity)
                .filter(Objects::nonNull);
    }

    private static @Nullable Identity identity(IdentityType type, String value) {
        try {
            return new Identity(type, value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Arbitrary<Attribute> attributes() {
        Arbitrary<String> attributeNames = Combinators.combine(Arbitraries.chars().range('a', 'z'),
                Arbitraries.strings().alpha().numeric().withChars("_.-").ofMaxLength(63)).as((c, s) -> c + s);
        Arbitrary<Value> values = Arbitraries.oneOf(Arbitraries.of(Hostile.TEXTS).map(Value::of),
                Arbitraries.strings().all().ofMaxLength(30).map(Value::of),
                Arbitraries.doubles().map(Value::of), Arbitraries.of(true, false).map(Value::of),
                Arbitraries.of(LocalDate.MIN, LocalDate.MAX, LocalDate.of(1990, 5, 1)).map(Value::of));
        return Combinators.combine(attributeNames, values, Arbitraries.of(Source.class), instants())
                .as(Attribute::new);
    }

    /** Names of categories, channels, purposes: a lower-case letter, then up to 63 of a-z, 0-9, '_' and '-'. */
    public static Arbitrary<String> names() {
        return Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').ofLength(1),
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789_-").ofMaxLength(63))
                .as((a, b) -> a + b);
    }

    private static Arbitrary<Channel> channels() {
        return Arbitraries.oneOf(Arbitraries.of(Channel.EMAIL, Channel.SMS), names().map(Channel::of));
    }

    private static Arbitrary<Purpose> purposes() {
        return Arbitraries.oneOf(Arbitraries.of(Purpose.MARKETING), names().map(Purpose::of));
    }

    /** Instants from the smallest to the largest, nanoseconds and whole seconds. */
    public static Arbitrary<Instant> instants() {
        return Arbitraries.oneOf(Arbitraries.of(T, Instant.EPOCH, Instant.MIN, Instant.MAX),
                Arbitraries.longs().between(0, 4_102_444_800L).map(Instant::ofEpochSecond),
                Combinators.combine(Arbitraries.longs().between(-100_000_000_000L, 100_000_000_000L),
                        Arbitraries.longs().between(0, 999_999_999)).as(Instant::ofEpochSecond));
    }

    /**
     * Records with every part: a profile of {@link #customers()}, segments, feature bytes, program starts and up to
     * {@link CustomerRecord#RECENT_EVENTS} and more recent event ids, the engine's own ({@code e-} and hex digits)
     * and any text.
     */
    public static Arbitrary<CustomerRecord> records() {
        Arbitrary<String> anyName = Arbitraries.oneOf(names(), Arbitraries.strings().all().ofMaxLength(20),
                Arbitraries.of(Hostile.TEXTS));
        Arbitrary<FeatureState> features = Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(FeatureState::of);
        Arbitrary<Map<String, Instant>> starts = Arbitraries.maps(anyName, instants()).ofMaxSize(4);
        Arbitrary<String> eventIds = Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(24).map(h -> "e-" + h),
                Arbitraries.strings().withChars("0123456789abcdefABC").ofMaxLength(9).map(h -> "till-" + h),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(30), Arbitraries.of(Hostile.TEXTS));
        return Combinators.combine(customers(), anyName.set().ofMaxSize(12), features, starts,
                eventIds.list().ofMaxSize(CustomerRecord.RECENT_EVENTS + 4))
                .as((c, segments, f, s, recent) -> new CustomerRecord(c, new TreeSet<>(segments), f, new TreeMap<>(s),
                        recent));
    }
}
