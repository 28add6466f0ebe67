package io.relevans.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Customer;
import io.relevans.testing.Profiles;
import io.relevans.testing.Soak;
import java.time.Duration;
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
        return Profiles.customers();
    }
}
