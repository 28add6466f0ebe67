package io.relevans.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link CustomerStore} must have. An implementation's test extends this class and
 * returns a new, empty store from {@link #newStore()}; every test gets its own store.
 *
 * <pre>{@code
 * class JdbcCustomerStoreTest extends CustomerStoreContract {
 *     @Override
 *     protected CustomerStore newStore() {
 *         return new JdbcCustomerStore(freshDataSource());
 *     }
 * }
 * }</pre>
 */
public abstract class CustomerStoreContract {

    protected static final Instant T = Instant.parse("2026-03-01T12:00:00Z");

    protected CustomerStore store;

    /** A new, empty store. */
    protected abstract CustomerStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    /** A record under the id, known by the identities, with some profile data, segments and feature bytes. */
    protected static CustomerRecord record(String id, Set<String> segments, byte[] features, Identity... identities) {
        Customer c = Customer.newCustomer(CustomerId.of(id), identities[0]);
        for (Identity i : identities) {
            c = c.withIdentity(i);
        }
        c = c.withAttribute(new Attribute("city", Value.of("Oslo"), Source.DECLARED, T))
                .withConsent(new Consent(Channel.EMAIL, Purpose.MARKETING, true, T, Source.DECLARED));
        return new CustomerRecord(c, new TreeSet<>(segments), FeatureState.of(features));
    }

    protected static CustomerRecord record(String id, Identity... identities) {
        return record(id, Set.of("vip"), new byte[] {1, 2, 3}, identities);
    }

    @Test
    @DisplayName("a saved record keeps the ids of the events last applied, in order, and forgets them on replace")
    void recentEvents_roundTrip() {
        CustomerRecord r = record("c-1", Identity.email("a@example.com")).withEvents(List.of("e-1", "e-2", "e-3"));
        store.save(r);
        assertEquals(List.of("e-1", "e-2", "e-3"), store.load(CustomerId.of("c-1")).orElseThrow().recentEvents());
        List<String> many = new ArrayList<>();
        for (int i = 0; i < CustomerRecord.RECENT_EVENTS + 5; i++) {
            many.add("e-" + i);
        }
        store.save(r.withEvents(many));
        CustomerRecord back = store.load(CustomerId.of("c-1")).orElseThrow();
        assertEquals(many.subList(5, many.size()), back.recentEvents(), "the last ones, oldest first");
        assertTrue(back.applied(many.get(many.size() - 1)));
        assertFalse(back.applied("e-4"), "dropped out");
        store.save(record("c-1", Identity.email("a@example.com")));
        assertEquals(List.of(), store.load(CustomerId.of("c-1")).orElseThrow().recentEvents());
    }

    @Test
    @DisplayName("an empty store has no records and resolves no identity")
    void emptyStore_hasNothing() {
        assertEquals(0, store.count());
        assertEquals(Optional.empty(), store.load(CustomerId.of("c-1")));
        assertEquals(Optional.empty(), store.lookup(Identity.email("a@example.com")));
        List<CustomerRecord> seen = new ArrayList<>();
        store.forEach(seen::add);
        assertEquals(List.of(), seen);
    }

    @Test
    @DisplayName("a saved record loads back equal: profile, segments and feature bytes")
    void save_thenLoad_returnsEqualRecord() {
        CustomerRecord r = record("c-1", Set.of("a", "b"), new byte[] {1, 0, -1, 127, -128},
                Identity.email("a@example.com"), Identity.loyalty("L-1"));

        store.save(r);

        CustomerRecord loaded = store.load(CustomerId.of("c-1")).orElseThrow();
        assertEquals(r, loaded);
        assertEquals(r.customer(), loaded.customer());
        assertEquals(r.segments(), loaded.segments());
        assertEquals(r.features(), loaded.features());
    }

    @Test
    @DisplayName("a record with no segments and empty feature state round-trips")
    void save_emptySegmentsAndFeatures_roundTrips() {
        CustomerRecord r = record("c-1", Set.of(), new byte[0], Identity.email("a@example.com"));

        store.save(r);

        assertEquals(Optional.of(r), store.load(CustomerId.of("c-1")));
        assertEquals(FeatureState.EMPTY, store.load(CustomerId.of("c-1")).orElseThrow().features());
    }

    @Test
    @DisplayName("every identity of a saved record resolves to its id")
    void save_indexesEveryIdentity() {
        List<Identity> ids = List.of(Identity.email("a@example.com"), Identity.loyalty("L-1"),
                Identity.phone("+47 400 00 000"), Identity.pos("P-9"), Identity.cookie("k-1"));
        store.save(record("c-1", ids.toArray(Identity[]::new)));

        for (Identity i : ids) {
            assertEquals(Optional.of(CustomerId.of("c-1")), store.lookup(i), i.type().jsonName());
        }
        assertEquals(Optional.of(CustomerId.of("c-1")), store.lookup(Identity.email(" A@Example.COM ")));
        assertEquals(Optional.empty(), store.lookup(Identity.email("b@example.com")));
    }

    @Test
    @DisplayName("saving under a known id replaces the record and its identities")
    void save_sameId_replacesRecordAndIdentities() {
        Identity a = Identity.email("a@example.com");
        Identity b = Identity.loyalty("L-1");
        Identity c = Identity.phone("+4799999999");
        store.save(record("c-1", a, b));
        CustomerRecord replacement = record("c-1", Set.of("other"), new byte[] {9}, a, c);

        store.save(replacement);

        assertEquals(1, store.count());
        assertEquals(Optional.of(replacement), store.load(CustomerId.of("c-1")));
        assertEquals(Optional.of(CustomerId.of("c-1")), store.lookup(a));
        assertEquals(Optional.of(CustomerId.of("c-1")), store.lookup(c));
        assertEquals(Optional.empty(), store.lookup(b), "an identity the new record lacks no longer resolves");
    }

    @Test
    @DisplayName("erase removes the record and its identities, and answers false the second time")
    void erase_removesRecordAndIdentities_onceOnly() {
        Identity a = Identity.email("a@example.com");
        Identity b = Identity.loyalty("L-1");
        store.save(record("c-1", a, b));
        store.save(record("c-2", Identity.email("other@example.com")));

        assertTrue(store.erase(CustomerId.of("c-1")));

        assertEquals(Optional.empty(), store.load(CustomerId.of("c-1")));
        assertEquals(Optional.empty(), store.lookup(a));
        assertEquals(Optional.empty(), store.lookup(b));
        assertEquals(1, store.count());
        assertEquals(Optional.of(CustomerId.of("c-2")), store.lookup(Identity.email("other@example.com")));
        assertFalse(store.erase(CustomerId.of("c-1")));
        assertEquals(1, store.count());
    }

    @Test
    @DisplayName("erasing an unknown id answers false and changes nothing")
    void erase_unknownId_returnsFalse() {
        store.save(record("c-1", Identity.email("a@example.com")));

        assertFalse(store.erase(CustomerId.of("c-404")));

        assertEquals(1, store.count());
        assertTrue(store.load(CustomerId.of("c-1")).isPresent());
    }

    @Test
    @DisplayName("an erased customer can be saved again")
    void erase_thenSaveAgain_isStoredAgain() {
        Identity a = Identity.email("a@example.com");
        store.save(record("c-1", a));
        store.erase(CustomerId.of("c-1"));
        CustomerRecord again = record("c-1", Set.of(), new byte[] {4}, a);

        store.save(again);

        assertEquals(Optional.of(again), store.load(CustomerId.of("c-1")));
        assertEquals(Optional.of(CustomerId.of("c-1")), store.lookup(a));
        assertEquals(1, store.count());
    }

    @Test
    @DisplayName("forEach visits every stored record exactly once, and count agrees")
    void forEach_seesEveryRecord_andCountAgrees() {
        Set<CustomerRecord> saved = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            CustomerRecord r = record("c-" + i, Set.of("s" + (i % 3)), new byte[] {(byte) i},
                    Identity.email("u" + i + "@example.com"));
            saved.add(r);
            store.save(r);
        }
        store.save(record("c-3", Set.of("replaced"), new byte[] {3}, Identity.email("u3@example.com")));
        saved.removeIf(r -> r.id().equals(CustomerId.of("c-3")));
        saved.add(record("c-3", Set.of("replaced"), new byte[] {3}, Identity.email("u3@example.com")));
        store.erase(CustomerId.of("c-7"));
        saved.removeIf(r -> r.id().equals(CustomerId.of("c-7")));

        List<CustomerRecord> seen = new ArrayList<>();
        store.forEach(seen::add);

        assertEquals(saved.size(), seen.size(), "each record once");
        assertEquals(saved, new HashSet<>(seen));
        assertEquals(24, store.count());
    }

    @Test
    @DisplayName("saving a record with an identity of another record moves the identity to the new record")
    void save_identityOfAnotherRecord_movesIdentity() {
        Identity own = Identity.email("a@example.com");
        Identity shared = Identity.loyalty("L-1");
        Identity other = Identity.email("b@example.com");
        store.save(record("c-1", own, shared));

        store.save(record("c-2", other, shared));

        assertEquals(Optional.of(CustomerId.of("c-2")), store.lookup(shared));
        assertEquals(Optional.of(CustomerId.of("c-1")), store.lookup(own));
        assertEquals(Optional.of(CustomerId.of("c-2")), store.lookup(other));
        assertEquals(2, store.count());
    }

    @Test
    @DisplayName("erasing the record an identity moved away from leaves the identity with its new record")
    void erase_previousOwnerOfMovedIdentity_keepsIdentityWithNewOwner() {
        Identity own = Identity.email("a@example.com");
        Identity shared = Identity.loyalty("L-1");
        store.save(record("c-1", own, shared));
        store.save(record("c-2", Identity.email("b@example.com"), shared));

        assertTrue(store.erase(CustomerId.of("c-1")));

        assertEquals(Optional.of(CustomerId.of("c-2")), store.lookup(shared));
        assertEquals(Optional.empty(), store.lookup(own));
        assertEquals(1, store.count());
    }

    @Test
    @DisplayName("re-saving the previous owner without the moved identity leaves it with its new record")
    void resave_previousOwnerWithoutMovedIdentity_keepsIdentityWithNewOwner() {
        Identity own = Identity.email("a@example.com");
        Identity shared = Identity.loyalty("L-1");
        store.save(record("c-1", own, shared));
        store.save(record("c-2", Identity.email("b@example.com"), shared));

        store.save(record("c-1", own));

        assertEquals(Optional.of(CustomerId.of("c-2")), store.lookup(shared));
        assertEquals(Optional.of(CustomerId.of("c-1")), store.lookup(own));
    }
}
