package io.relevans;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.relevans.customer.Attribute;
import io.relevans.customer.Category;
import io.relevans.customer.CategoryPreference;
import io.relevans.customer.Channel;
import io.relevans.customer.ChannelPreference;
import io.relevans.customer.Consent;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.Interest;
import io.relevans.customer.Purpose;
import io.relevans.customer.Source;
import io.relevans.customer.Value;
import io.relevans.definition.Definitions;
import io.relevans.definition.Features;
import io.relevans.definition.Segment;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.CustomerStore;
import io.relevans.spi.InMemoryCustomerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Merging profiles does not depend on the order in which the links that cause the merges arrive,
 * and {@link Customer#mergedWith} is commutative and associative, ties included.
 */
class IdentityMergeProperties {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    /** Few distinct times, so that equal-time ties are common. */
    private static final List<Instant> TIMES = List.of(NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofDays(2)),
            NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofDays(10)));
    private static final List<Identity> EXTRA_IDENTITIES = List.of(Identity.cookie("k-1"), Identity.cookie("k-2"));

    private static final SwitchableStore STORE = new SwitchableStore();
    /** Built once: the engine's definitions are compiled once and each run gets a fresh store. */
    private static final Relevans ENGINE = Relevans.builder()
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .store(STORE)
            .definitions(Definitions.builder()
                    .segment(Segment.named("buyers").when(
                            Features.count(EventType.PURCHASE).within(Window.days(30)).atLeast(2)))
                    .segment(Segment.named("omnichannel").when(
                            Features.channelsUsed(Window.days(30)).atLeast(2)))
                    .build())
            .build();

    // ---------------------------------------------------------------- engine: order of links

    @Property(tries = 60)
    void applyingLinkEventsInAnyOrder_endsWithSameStore(@ForAll("worlds") World world) {
        Snapshot first = null;
        for (List<Event> order : world.orders()) {
            Snapshot s = run(world, order);
            if (first == null) {
                first = s;
                checkAgainstUnionFind(world, s);
            } else {
                assertSameRecords(first.records(), s.records());
                assertEquals(first.views(), s.views(), "customer views differ between link orders");
                assertEquals(first.lookups(), s.lookups(), "identity lookups differ between link orders");
            }
        }
    }

    private static Snapshot run(World world, List<Event> links) {
        InMemoryCustomerStore store = new InMemoryCustomerStore();
        STORE.use(store);
        for (CustomerSpec c : world.customers()) {
            c.events().forEach(ENGINE::ingest);
        }
        links.forEach(ENGINE::ingest);
        TreeMap<CustomerId, CustomerRecord> records = new TreeMap<>();
        store.forEach(r -> records.put(r.id(), r));
        TreeMap<CustomerId, CustomerView> views = new TreeMap<>();
        for (CustomerId id : records.keySet()) {
            views.put(id, ENGINE.customer(id).orElseThrow());
            assertEquals(records.get(id).segments(), views.get(id).segments(),
                    "stored segments are those evaluated now");
        }
        TreeMap<Identity, Optional<CustomerId>> lookups = new TreeMap<>();
        for (CustomerSpec c : world.customers()) {
            lookups.put(c.identity(), store.lookup(c.identity()));
        }
        for (Identity extra : EXTRA_IDENTITIES) {
            lookups.put(extra, store.lookup(extra));
        }
        return new Snapshot(records, views, lookups);
    }

    /** Field by field first, so that a failure shows what differs (Customer.toString hides values). */
    private static void assertSameRecords(Map<CustomerId, CustomerRecord> expected, Map<CustomerId, CustomerRecord> actual) {
        assertEquals(expected.keySet(), actual.keySet(), "customer ids differ between link orders");
        for (CustomerId id : expected.keySet()) {
            assertSameCustomer(expected.get(id).customer(), actual.get(id).customer());
            assertEquals(expected.get(id).segments(), actual.get(id).segments(), "segments of " + id);
            assertEquals(expected.get(id).features(), actual.get(id).features(), "feature state of " + id);
        }
        // the ids of the events last applied are in the order of application, which differs
        assertEquals(withoutRecentEvents(expected), withoutRecentEvents(actual), "stored records differ between link orders");
    }

    private static Map<CustomerId, CustomerRecord> withoutRecentEvents(Map<CustomerId, CustomerRecord> records) {
        TreeMap<CustomerId, CustomerRecord> out = new TreeMap<>();
        records.forEach((id, r) -> out.put(id, new CustomerRecord(r.customer(), r.segments(), r.features(), r.starts())));
        return out;
    }

    private static void assertSameCustomer(Customer expected, Customer actual) {
        assertEquals(expected.id(), actual.id());
        assertEquals(expected.identities(), actual.identities(), "identities of " + expected.id());
        assertEquals(expected.attributes(), actual.attributes(), "attributes of " + expected.id());
        assertEquals(expected.consents(), actual.consents(), "consents of " + expected.id());
        assertEquals(expected.preferences(), actual.preferences(), "preferences of " + expected.id());
        assertEquals(expected.channels(), actual.channels(), "channel order of " + expected.id());
        assertEquals(expected, actual);
    }

    /** Each group of customers the links connect ends as one profile under the group's smallest id. */
    private static void checkAgainstUnionFind(World world, Snapshot s) {
        Map<Identity, Identity> parent = new HashMap<>();
        world.customers().forEach(c -> parent.put(c.identity(), c.identity()));
        EXTRA_IDENTITIES.forEach(i -> parent.put(i, i));
        for (Event link : world.orders().get(0)) {
            for (Identity other : link.links()) {
                parent.put(find(parent, link.customer()), find(parent, other));
            }
        }
        Map<Identity, CustomerId> smallest = new HashMap<>();
        for (CustomerSpec c : world.customers()) {
            smallest.merge(find(parent, c.identity()), CustomerId.derivedFrom(c.identity()),
                    (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
        assertEquals(new TreeSet<>(smallest.values()), s.records().keySet(), "one profile per connected group");
        for (CustomerSpec c : world.customers()) {
            assertEquals(Optional.of(smallest.get(find(parent, c.identity()))), s.lookups().get(c.identity()));
        }
    }

    private static Identity find(Map<Identity, Identity> parent, Identity i) {
        Identity p = parent.get(i);
        return p.equals(i) ? i : find(parent, p);
    }

    record CustomerSpec(Identity identity, List<Event> events) {
    }

    record World(List<CustomerSpec> customers, List<List<Event>> orders) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("World[");
            for (CustomerSpec c : customers) {
                sb.append("\n  ").append(c.identity().type()).append(':').append(c.identity().value()).append(" <- ");
                c.events().forEach(e -> sb.append(describe(e)).append("; "));
            }
            for (List<Event> order : orders) {
                sb.append("\n  links: ");
                order.forEach(e -> sb.append(e.customer().value()).append("->")
                        .append(e.links().stream().map(Identity::value).toList()).append(' '));
            }
            return sb.append(']').toString();
        }
    }

    private static String describe(Event e) {
        return e.type() + "@" + e.time() + "/" + e.origin() + e.properties();
    }

    record Snapshot(TreeMap<CustomerId, CustomerRecord> records, TreeMap<CustomerId, CustomerView> views,
                    TreeMap<Identity, Optional<CustomerId>> lookups) {
    }

    @Provide
    Arbitrary<World> worlds() {
        return Arbitraries.integers().between(2, 5).flatMap(n -> {
            List<Identity> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(switch (i % 3) {
                    case 0 -> Identity.email("c" + i + "@example.com");
                    case 1 -> Identity.loyalty("L-" + i);
                    default -> Identity.phone("+47 400 00 0" + i);
                });
            }
            List<Arbitrary<CustomerSpec>> specs = new ArrayList<>();
            for (Identity id : ids) {
                specs.add(profileEvent(id).list().ofMinSize(1).ofMaxSize(5).map(es -> new CustomerSpec(id, es)));
            }
            Arbitrary<List<CustomerSpec>> customers = Combinators.combine(specs).as(List::copyOf);
            Arbitrary<List<Event>> links = linkEvent(ids).list().ofMinSize(1).ofMaxSize(6);
            return Combinators.combine(customers, links).flatAs((cs, ls) ->
                    Arbitraries.shuffle(ls).list().ofSize(3).map(shuffled -> {
                        List<List<Event>> orders = new ArrayList<>();
                        orders.add(ls);
                        orders.addAll(shuffled);
                        orders.add(reversed(ls));
                        return new World(cs, orders);
                    }));
        });
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> r = new ArrayList<>(list);
        java.util.Collections.reverse(r);
        return r;
    }

    private static Arbitrary<Instant> times() {
        return Arbitraries.of(TIMES);
    }

    private static Arbitrary<Origin> origins() {
        return Arbitraries.of(Origin.WEB, Origin.APP, Origin.STORE);
    }

    private static Arbitrary<Event> profileEvent(Identity who) {
        Arbitrary<Event> attribute = Combinators.combine(times(), origins(), Arbitraries.of("gender", "city"),
                Arbitraries.of("a", "b", "c")).as((t, o, name, value) ->
                Event.builder(EventType.ATTRIBUTE_CONFIRMED, who, t).origin(o).property("attribute", name)
                        .property("value", value).build());
        Arbitrary<Event> consent = Combinators.combine(times(), origins(), Arbitraries.of("email", "sms"),
                Arbitraries.of(true, false)).as((t, o, channel, granted) ->
                Event.builder(EventType.CONSENT_CHANGE, who, t).origin(o).property("channel", channel)
                        .property("purpose", "marketing").property("granted", granted).build());
        Arbitrary<Event> preference = Combinators.combine(times(), origins(), Arbitraries.of("tv", "audio"),
                Arbitraries.of("interested", "not_interested")).as((t, o, category, interest) ->
                Event.builder(EventType.PREFERENCE_DECLARED, who, t).origin(o).property("category", category)
                        .property("interest", interest).build());
        Arbitrary<Event> channels = Combinators.combine(times(), Arbitraries.of("email,sms", "sms,email", "push"))
                .as((t, order) -> Event.builder(EventType.PREFERENCE_DECLARED, who, t).property("channels", order)
                        .build());
        Arbitrary<Event> purchase = Combinators.combine(times(), origins(), Arbitraries.integers().between(1, 3))
                .as((t, o, qty) -> Event.builder(EventType.PURCHASE, who, t).origin(o).line("tv-1", "tv", 4000, qty)
                        .build());
        return Arbitraries.oneOf(attribute, consent, preference, channels, purchase);
    }

    /** An event naming one identity and linking 1..2 others; at least one of them is a customer's. */
    private static Arbitrary<Event> linkEvent(List<Identity> customers) {
        List<Identity> all = new ArrayList<>(customers);
        all.addAll(EXTRA_IDENTITIES);
        return Combinators.combine(Arbitraries.of(customers), Arbitraries.of(all), Arbitraries.of(all).optional(),
                        Arbitraries.of(true, false), times(), origins())
                .as((known, other, third, knownFirst, t, o) -> {
                    if (other.equals(known)) {
                        return Optional.<Event>empty();
                    }
                    Identity subject = knownFirst ? known : other;
                    Event.Builder b = Event.builder(EventType.of("identity_linked"), subject, t).origin(o)
                            .link(knownFirst ? other : known);
                    third.filter(x -> !x.equals(subject)).ifPresent(b::link);
                    return Optional.of(b.build());
                })
                .filter(Optional::isPresent).map(Optional::get);
    }

    // ---------------------------------------------------------------- Customer.mergedWith

    @Property(tries = 500)
    void mergedWith_isCommutative(@ForAll("customers") Customer a, @ForAll("customers") Customer b) {
        CustomerId id = CustomerId.of("c-survivor");
        assertSameCustomer(a.mergedWith(b, id), b.mergedWith(a, id));
    }

    @Property(tries = 500)
    void mergedWith_isAssociative(@ForAll("customers") Customer a, @ForAll("customers") Customer b,
                                  @ForAll("customers") Customer c) {
        CustomerId id = CustomerId.of("c-survivor");
        assertSameCustomer(a.mergedWith(b, id).mergedWith(c, id), a.mergedWith(b.mergedWith(c, id), id));
    }

    @Property(tries = 200)
    void mergedWith_itselfChangesNothing(@ForAll("customers") Customer a) {
        assertSameCustomer(a, a.mergedWith(a, a.id()));
    }

    @Provide
    Arbitrary<Customer> customers() {
        Arbitrary<Identity> identity = Arbitraries.of(Identity.email("a@example.com"), Identity.email("b@example.com"),
                Identity.loyalty("L-1"), Identity.loyalty("L-2"), Identity.phone("+4799999999"));
        Arbitrary<Source> source = Arbitraries.of(Source.class);
        Arbitrary<Value> value = Arbitraries.of(Value.of("1"), Value.of(1), Value.of(1.5), Value.of(true),
                Value.of(false), Value.of(LocalDate.of(2001, 1, 1)), Value.of("x"));
        Arbitrary<Consumer<Customer[]>> attribute = Combinators.combine(Arbitraries.of("gender", "city", "size"), value,
                source, times()).as((n, v, s, t) -> c -> c[0] = c[0].withAttribute(new Attribute(n, v, s, t)));
        Arbitrary<Consumer<Customer[]>> consent = Combinators.combine(Arbitraries.of(Channel.EMAIL, Channel.SMS),
                Arbitraries.of(Purpose.MARKETING, Purpose.SURVEYS), Arbitraries.of(true, false), times(), source)
                .as((ch, p, g, t, s) -> c -> c[0] = c[0].withConsent(new Consent(ch, p, g, t, s)));
        Arbitrary<Consumer<Customer[]>> preference = Combinators.combine(Arbitraries.of("tv", "audio"),
                Arbitraries.of(Interest.class), times(), source)
                .as((cat, i, t, s) -> c -> c[0] = c[0].withPreference(new CategoryPreference(Category.of(cat), i, t, s)));
        Arbitrary<Consumer<Customer[]>> channels = Combinators.combine(
                Arbitraries.of(List.<Channel>of(), List.of(Channel.EMAIL, Channel.SMS), List.of(Channel.SMS, Channel.EMAIL),
                        List.of(Channel.PUSH)), times())
                .as((order, t) -> c -> c[0] = c[0].withChannels(new ChannelPreference(order, t)));
        Arbitrary<Consumer<Customer[]>> moreIdentity = identity.map(i -> c -> c[0] = c[0].withIdentity(i));
        Arbitrary<List<Consumer<Customer[]>>> changes =
                Arbitraries.oneOf(attribute, consent, preference, channels, moreIdentity).list().ofMaxSize(8);
        return Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(3), identity, changes)
                .as((id, first, cs) -> {
                    Customer[] c = {Customer.newCustomer(CustomerId.of("c-" + id), first)};
                    cs.forEach(change -> change.accept(c));
                    return c[0];
                });
    }

    // ---------------------------------------------------------------- a store the one engine can switch

    /** Delegates to a store that is replaced before each run, so one compiled engine serves every try. */
    static final class SwitchableStore extends io.relevans.spi.ForwardingCustomerStore {
        private volatile CustomerStore current = new InMemoryCustomerStore();

        void use(CustomerStore store) {
            current = store;
        }

        @Override
        protected CustomerStore delegate() {
            return current;
        }
    }
}
