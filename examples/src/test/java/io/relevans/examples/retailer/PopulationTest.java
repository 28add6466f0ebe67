package io.relevans.examples.retailer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Customer;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The synthetic customer base: deterministic, varied and free of real personal data. */
class PopulationTest {

    @Property(tries = 20)
    void sameSeedSameCustomers(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int size) {
        assertEquals(Population.generate(seed, size, 91), Population.generate(seed, size, 91));
    }

    @Test
    void differentSeedsDifferentCustomers() {
        assertNotEquals(Population.generate(1, 100, 91), Population.generate(2, 100, 91));
    }

    @Test
    void theBaseIsVaried() {
        List<Shopper> base = Population.generate(2026, 10_000, 91);
        assertEquals(10_000, new HashSet<>(base.stream().map(Shopper::email).toList()).size(), "emails are unique");
        long joining = base.stream().filter(s -> s.joinDay() >= 0).count();
        assertTrue(joining > 100 && joining < 400, "about 2% sign up during the period: " + joining);
        long app = base.stream().filter(Shopper::appUser).count();
        assertTrue(app > 3_000 && app < 4_000, "about 35% use the app: " + app);
        long staleChildren = base.stream().filter(s -> s.hasChildren().isPresent() && s.basicDataAge().toDays() > 3 * 365)
                .count();
        assertTrue(staleChildren > 1_000, "some basic data is old (S20): " + staleChildren);
        assertTrue(base.stream().allMatch(s -> s.email().endsWith("@example.com")));
        double dropout = base.stream().mapToDouble(Shopper::dropout).average().orElseThrow();
        assertEquals(1 / (1 + Population.DROPOUT_B), dropout, 0.01, "the mean chance of lapsing after a repeat purchase");
        long rarely = base.stream().filter(s -> s.dropout() < 0.05).count();
        long often = base.stream().filter(s -> s.dropout() > 0.5).count();
        assertTrue(rarely > 1_000 && often > 1_000, "some almost never lapse, some soon: " + rarely + ", " + often);
    }

    @Test
    void theGoLiveProfileCarriesIdentitiesConsentsAndDatedAttributes() {
        Instant now = Instant.parse("2026-09-01T00:00:00Z");
        Shopper s = Population.generate(2026, 50, 91).stream().filter(x -> x.phone().isPresent()).findFirst().orElseThrow();
        Customer c = s.profile(now);
        assertEquals(s.id(), c.id());
        assertTrue(c.identities().contains(s.emailIdentity()));
        assertEquals(s.basicDataAge(), c.attribute("first_name").orElseThrow().age(now));
        assertEquals(s.consents().size(), c.consents().size());
        assertFalse(s.toString().contains(s.email()), "no personal data in toString");
    }

    @Test
    void badSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Population.generate(1, 0, 91));
    }
}
