package io.relevans.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.relevans.testing.Hostile;
import io.relevans.testing.Soak;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the JSON form of customer profiles: every profile reads back equal from its JSON;
 * and any input, above all real profiles mutated in structure and text, gives a profile or a
 * {@link ProfileFormatException} naming the field, within a bounded time.
 */
class CustomerJsonProperties {

    private static final Duration PER_TRY = Duration.ofSeconds(10);
    private static final Instant T = Instant.parse("2026-03-01T09:00:00Z");

    @Property(tries = 300)
    void writtenProfile_readsBackEqual(@ForAll("customers") Customer customer) {
        String json = CustomerJson.write(customer);
        assertEquals(customer, CustomerJson.read(json), json);
        assertEquals(customer, CustomerJson.read(CustomerJson.writePretty(customer)));
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void mutatedProfiles_giveAProfileOrAProfileFormatException(@ForAll("mutatedProfiles") String input) {
        check(input);
    }

    @Property(tries = 50_000, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(Soak.Only.class)
    void soak_mutatedProfiles(@ForAll("mutatedProfiles") String input) {
        check(input);
    }

    private static void check(String input) {
        Object outcome = assertTimeoutPreemptively(PER_TRY, () -> {
            try {
                return CustomerJson.read(input);
            } catch (ProfileFormatException e) {
                return e;
            }
        });
        if (outcome instanceof ProfileFormatException e) {
            Statistics.label("outcome").collect("rejected");
            assertNotNull(e.field());
            assertTrue(e.getMessage().startsWith("invalid profile"), e.getMessage());
            assertTrue(e.getMessage().length() < 1_000, () -> "a message of " + e.getMessage().length() + " characters: "
                    + e.getMessage().substring(0, 300));
            return;
        }
        Customer c = (Customer) outcome;
        Statistics.label("outcome").collect("accepted");
        assertEquals(c, CustomerJson.read(CustomerJson.write(c)), "what is accepted reads back equal");
    }

    // ------------------------------------------------------------------ inputs

    @Provide
    Arbitrary<String> mutatedProfiles() {
        Arbitrary<String> real = Arbitraries.oneOf(customers(), Arbitraries.just(CustomerJsonTest.anna()))
                .map(CustomerJson::write);
        Arbitrary<String> textEdits = Combinators.combine(real, Arbitraries.integers().between(0, 10_000),
                Arbitraries.of("", "{", "}", "[", "]", "\"", ",", ":", "null", "\\", "\u0000", "[".repeat(40),
                        "{\"a\":".repeat(40), "1e999999"), Arbitraries.integers().between(0, 5))
                .as((json, at, piece, cut) -> {
                    int p = at % (json.length() + 1);
                    return json.substring(0, p) + piece + json.substring(Math.min(json.length(), p + cut));
                });
        return Arbitraries.frequencyOf(Tuple.of(6, JsonMutations.of(real)), Tuple.of(3, textEdits),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(60)));
    }

    @Provide
    Arbitrary<Customer> customers() {
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

    private Arbitrary<Identity> identities() {
        Arbitrary<String> raw = Arbitraries.oneOf(Arbitraries.of("anna@example.com", "+47 (22) 33-44-55", "7001"),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(30), Arbitraries.of(Hostile.TEXTS)
                        .map(s -> s.length() > 300 ? s.substring(0, 300) : s));
        return Combinators.combine(Arbitraries.of(IdentityType.class), raw).as(CustomerJsonProperties::identity)
                .filter(Objects::nonNull);
    }

    private static Identity identity(IdentityType type, String value) {
        try {
            return new Identity(type, value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Arbitrary<Attribute> attributes() {
        Arbitrary<String> attributeNames = Combinators.combine(Arbitraries.chars().range('a', 'z'),
                Arbitraries.strings().alpha().numeric().withChars("_.-").ofMaxLength(63)).as((c, s) -> c + s);
        Arbitrary<Value> values = Arbitraries.oneOf(Arbitraries.of(Hostile.TEXTS).map(Value::of),
                Arbitraries.strings().all().ofMaxLength(30).map(Value::of),
                Arbitraries.doubles().map(Value::of), Arbitraries.of(true, false).map(Value::of),
                Arbitraries.of(LocalDate.MIN, LocalDate.MAX, LocalDate.of(1990, 5, 1)).map(Value::of));
        return Combinators.combine(attributeNames, values, Arbitraries.of(Source.class), instants())
                .as(Attribute::new);
    }

    private Arbitrary<String> names() {
        return Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').ofLength(1),
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789_-").ofMaxLength(63))
                .as((a, b) -> a + b);
    }

    private Arbitrary<Channel> channels() {
        return Arbitraries.oneOf(Arbitraries.of(Channel.EMAIL, Channel.SMS), names().map(Channel::of));
    }

    private Arbitrary<Purpose> purposes() {
        return Arbitraries.oneOf(Arbitraries.of(Purpose.MARKETING), names().map(Purpose::of));
    }

    private Arbitrary<Instant> instants() {
        return Arbitraries.oneOf(Arbitraries.of(T, Instant.EPOCH, Instant.MIN, Instant.MAX),
                Arbitraries.longs().between(0, 4_102_444_800L).map(Instant::ofEpochSecond));
    }
}
