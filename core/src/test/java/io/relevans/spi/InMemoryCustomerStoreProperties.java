package io.relevans.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.testing.Profiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The in-memory store keeps records compactly and gives back what was saved: equal records, identities indexed,
 * those a record no longer has dropped.
 */
class InMemoryCustomerStoreProperties {

    @Property(tries = 300)
    void savedRecords_loadEqual(@ForAll("records") CustomerRecord first, @ForAll("records") CustomerRecord second) {
        InMemoryCustomerStore store = new InMemoryCustomerStore();
        CustomerId id = first.id();
        store.save(first);
        assertEquals(Optional.of(first), store.load(id));
        Customer c = second.customer();
        CustomerRecord replacing = new CustomerRecord(new Customer(id, c.identities(), c.attributes(), c.consents(),
                c.channels(), c.preferences()), second.segments(), second.features(), second.starts(),
                second.recentEvents());
        store.save(replacing);
        assertEquals(Optional.of(replacing), store.load(id));
        for (Identity i : first.customer().identities()) {
            Optional<CustomerId> expected = c.identities().contains(i) ? Optional.of(id) : Optional.empty();
            assertEquals(expected, store.lookup(i), i.type().jsonName());
        }
        for (Identity i : c.identities()) {
            assertEquals(Optional.of(id), store.lookup(i));
        }
        List<CustomerRecord> all = new ArrayList<>();
        store.forEach(all::add);
        assertEquals(List.of(replacing), all);
    }

    @Provide
    Arbitrary<CustomerRecord> records() {
        return Profiles.records();
    }
}
