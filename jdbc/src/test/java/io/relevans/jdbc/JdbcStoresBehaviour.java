package io.relevans.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Attribute;
import io.relevans.customer.Channel;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.Purpose;
import io.relevans.customer.Source;
import io.relevans.customer.Value;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Line;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.FeatureState;
import io.relevans.spi.Message;
import io.relevans.spi.Timer;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the JDBC stores promise beyond the SPI contracts: atomic saves, failures that name the operation
 * without personal data, orders independent of the database's collation, instants to the nanosecond,
 * paging, large values, racing adds, and migrations. Each database runs it in a subclass.
 */
abstract class JdbcStoresBehaviour {

    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    private static final Event TRIGGER = Event.builder(EventType.CART_CHANGE, Identity.email("a@example.com"), T)
            .id("e-1").build();

    private TestDatabase db;
    private DataSource ds;

    /** The database the subclass runs on. */
    abstract TestDatabase.Vendor vendor();

    @BeforeEach
    void clearDatabase() {
        if (vendor() == TestDatabase.Vendor.POSTGRES) {
            Postgres.assume();
        }
        db = TestDatabase.of(vendor(), getClass());
        db.clear();
        ds = db.dataSource();
    }

    private static CustomerRecord record(String id, String city, Identity... identities) {
        Customer c = Customer.newCustomer(CustomerId.of(id), identities[0]);
        for (Identity i : identities) {
            c = c.withIdentity(i);
        }
        c = c.withAttribute(new Attribute("city", Value.of(city), Source.DECLARED, T));
        return new CustomerRecord(c, new TreeSet<>(Set.of("vip")), FeatureState.of(new byte[] {1, 2}),
                new TreeMap<>(Map.of("welcome", T)));
    }

    private static Timer timer(String customer, String program, Instant due) {
        return new Timer(CustomerId.of(customer), program, Timer.Kind.RESUME, due, "wait", T, "", false, TRIGGER,
                new TreeSet<>());
    }

    private static Message message(String id, String customer, Instant decided, Instant next) {
        return new Message(id, CustomerId.of(customer), "cart", "remind", "", Optional.of(Channel.EMAIL),
                "cart_reminder", Purpose.MARKETING, new TreeMap<>(), List.of(), decided, Message.Status.PENDING, "",
                0, next, new TreeMap<>());
    }

    @Test
    @DisplayName("a save that fails half-way changes nothing: the previous record and its identities stay")
    void save_failingHalfWay_leavesPreviousRecord() {
        Identity a = Identity.email("a@example.com");
        Identity b = Identity.loyalty("L-1");
        Identity c = Identity.phone("+4799999999");
        CustomerRecord before = record("c-1", "Oslo", a, b);
        new JdbcCustomerStore(ds).save(before);
        JdbcCustomerStore failing = new JdbcCustomerStore(FailingDataSource.failingOn(ds,
                "INSERT INTO relevans_identity"));

        StorageException e = assertThrows(StorageException.class, () -> failing.save(record("c-1", "Bergen", a, c)));

        assertTrue(e.getMessage().contains("save customer c-1"), e.getMessage());
        JdbcCustomerStore store = new JdbcCustomerStore(ds);
        assertEquals(Optional.of(before), store.load(CustomerId.of("c-1")), "the profile update was rolled back");
        assertEquals(Optional.of(CustomerId.of("c-1")), store.lookup(b), "the removed identity was put back");
        assertEquals(Optional.empty(), store.lookup(c));
    }

    @Test
    @DisplayName("a failure names the operation and the customer id, never an identity's value")
    void failures_nameOperationAndCustomer_withoutPersonalData() {
        DataSource down = FailingDataSource.unreachable("connection refused for a@example.com");
        JdbcCustomerStore customers = new JdbcCustomerStore(down);
        JdbcTimerStore timers = new JdbcTimerStore(down);
        JdbcOutbox outbox = new JdbcOutbox(down);

        List<StorageException> failures = List.of(
                assertThrows(StorageException.class, () -> customers.lookup(Identity.email("a@example.com"))),
                assertThrows(StorageException.class, () -> customers.save(record("c-1", "Oslo",
                        Identity.email("a@example.com")))),
                assertThrows(StorageException.class, () -> timers.schedule(timer("c-1", "cart", T))),
                assertThrows(StorageException.class, () -> outbox.add(message("m-1", "c-1", T, T))));

        assertEquals(List.of("could not look up a customer by email (SQL state 08001: no connection to the database)",
                "could not save customer c-1 (SQL state 08001: no connection to the database)",
                "could not schedule the RESUME timer of program cart for customer c-1 (SQL state 08001: no "
                        + "connection to the database)",
                "could not add message m-1 for customer c-1 (SQL state 08001: no connection to the database)"),
                failures.stream().map(Throwable::getMessage).toList());
        failures.forEach(f -> assertInstanceOf(SQLException.class, f.getCause()));
    }

    @Test
    @DisplayName("on a database without the schema, a failure says to run the migrations")
    void missingSchema_failureSaysToMigrate() {
        TestDatabase bare = TestDatabase.bare(vendor(), getClass().getSimpleName() + "_bare");

        StorageException e = assertThrows(StorageException.class,
                () -> new JdbcCustomerStore(bare.dataSource()).load(CustomerId.of("c-1")));

        assertTrue(e.getMessage().startsWith("could not load customer c-1 (SQL state 42"), e.getMessage());
        assertTrue(e.getMessage().contains("JdbcStorage.migrate"), e.getMessage());
    }

    @Test
    @DisplayName("ties are ordered by ids in code point order, whatever the database's collation")
    void orders_followCodePoints() {
        JdbcTimerStore timers = new JdbcTimerStore(ds);
        for (String customer : List.of("a-1", "_x", "B-1", "b-1", "A-1")) {
            timers.schedule(timer(customer, "cart", T));
        }
        JdbcOutbox outbox = new JdbcOutbox(ds);
        for (String id : List.of("m-1", "_m", "M-2", "n")) {
            outbox.add(message(id, "c-1", T, T));
        }
        JdbcCustomerStore customers = new JdbcCustomerStore(ds, 2);
        List<String> ids = List.of("b", "_c", "A", "Z-9", "a", "B", "z");
        for (String id : ids) {
            customers.save(record(id, "Oslo", Identity.loyalty("L-" + id)));
        }

        assertEquals(List.of("A-1", "B-1", "_x", "a-1", "b-1"),
                timers.due(T, 10).stream().map(t -> t.customer().value()).toList());
        assertEquals(List.of("M-2", "_m", "m-1", "n"), outbox.due(T, 10).stream().map(Message::id).toList());
        assertEquals(List.of("M-2", "_m", "m-1", "n"),
                outbox.of(CustomerId.of("c-1")).stream().map(Message::id).toList());
        List<String> seen = new ArrayList<>();
        customers.forEach(r -> seen.add(r.id().value()));
        assertEquals(List.of("A", "B", "Z-9", "_c", "a", "b", "z"), seen, "pages of 2, each customer once");
    }

    @Test
    @DisplayName("instants keep their nanoseconds, in values and in due orders")
    void instants_keepNanoseconds() {
        JdbcTimerStore timers = new JdbcTimerStore(ds);
        Timer later = timer("c-1", "a", T.plusNanos(1));
        Timer first = timer("c-2", "b", T);
        timers.schedule(later);
        timers.schedule(first);
        JdbcOutbox outbox = new JdbcOutbox(ds);
        Message m = message("m-1", "c-1", T.plusNanos(123_456_789), T.plusNanos(999_999_999))
                .withOutcome("opened", T.plusNanos(7));
        outbox.add(m);

        assertEquals(List.of(first), timers.due(T, 10));
        assertEquals(List.of(first, later), timers.due(T.plusNanos(1), 10));
        assertEquals(List.of(), outbox.due(T.plusNanos(999_999_998), 10));
        assertEquals(List.of(m), outbox.due(T.plusSeconds(1), 10));
        assertEquals(Optional.of(m), outbox.find("m-1"));
    }

    @Test
    @DisplayName("forEach of the outbox reads every message in pages, in the order they were added")
    void outboxForEach_pagesInOrderAdded() {
        JdbcOutbox outbox = new JdbcOutbox(ds, 3);
        List<String> added = List.of("m-5", "m-1", "m-9", "m-3", "m-7", "m-2", "m-8");
        for (String id : added) {
            outbox.add(message(id, "c-1", T, T));
        }
        outbox.update(message("m-1", "c-1", T, T).with(Message.Status.SENT, "", 1, T));

        List<Message> seen = new ArrayList<>();
        outbox.forEach(seen::add);

        assertEquals(added, seen.stream().map(Message::id).toList());
        assertEquals(Message.Status.SENT, seen.get(1).status());
    }

    @Test
    @DisplayName("large feature states, long texts, all kinds of values and lines round-trip")
    void largeAndVariedValues_roundTrip() {
        byte[] features = new byte[3_000_000];
        for (int i = 0; i < features.length; i++) {
            features[i] = (byte) (i * 31);
        }
        Identity longest = Identity.login("x".repeat(320));
        Customer c = Customer.newCustomer(CustomerId.of("c".repeat(128)), longest)
                .withAttribute(new Attribute("note", Value.of("é✓😀".repeat(2_500)), Source.STAFF, T))
                .withAttribute(new Attribute("born", Value.of(LocalDate.of(1990, 5, 1)), Source.DECLARED, T));
        CustomerRecord r = new CustomerRecord(c, new TreeSet<>(Set.of("a", "b")), FeatureState.of(features));
        JdbcCustomerStore customers = new JdbcCustomerStore(ds);
        Message m = new Message("m-1", c.id(), "cart", "remind", "B", Optional.empty(), "t", Purpose.SERVICE,
                new TreeMap<>(Map.of("n", Value.of(0.1 + 0.2), "f", Value.of(true),
                        "d", Value.of(LocalDate.of(2026, 1, 2)), "t", Value.of("\"quoted\"\n"))),
                List.of(Line.of("sku-1", "tv", 8999.5, 2), Line.of("sku-2", "tv", 0, 1)), T,
                Message.Status.SUPPRESSED, "control group", 0, T, new TreeMap<>());
        JdbcOutbox outbox = new JdbcOutbox(ds);

        customers.save(r);
        outbox.add(m);

        CustomerRecord loaded = customers.load(c.id()).orElseThrow();
        assertEquals(r, loaded);
        assertArrayEquals(features, loaded.features().toBytes());
        assertEquals(Optional.of(c.id()), customers.lookup(longest));
        assertEquals(Optional.of(m), outbox.find("m-1"));
    }

    @Test
    @DisplayName("adds of one message id racing from several threads store it once")
    void racingAdds_storeOnce() throws Exception {
        JdbcOutbox outbox = new JdbcOutbox(ds);

        List<Boolean> answers = race(6, n -> outbox.add(message("m-1", "c-1", T, T.plusSeconds(n))));

        assertEquals(1, answers.stream().filter(a -> a).count(), "exactly one add answers true");
        assertEquals(1, outbox.of(CustomerId.of("c-1")).size());
    }

    @Test
    @DisplayName("saves and schedules racing to create the same customer or timer all succeed, one row each")
    void racingCreates_allSucceed() throws Exception {
        JdbcCustomerStore customers = new JdbcCustomerStore(ds);
        JdbcTimerStore timers = new JdbcTimerStore(ds);
        Identity shared = Identity.loyalty("L-1");

        List<Boolean> done = race(6, n -> {
            customers.save(record("c-1", "city-" + n, shared, Identity.cookie("k-" + n)));
            timers.schedule(timer("c-1", "cart", T.plusSeconds(n)));
            return true;
        });

        assertEquals(6, done.size());
        assertEquals(1, customers.count());
        assertEquals(Optional.of(CustomerId.of("c-1")), customers.lookup(shared));
        CustomerRecord last = customers.load(CustomerId.of("c-1")).orElseThrow();
        String n = last.customer().attributes().get("city").value().asText().substring("city-".length());
        assertEquals(Optional.of(CustomerId.of("c-1")), customers.lookup(Identity.cookie("k-" + n)),
                "the identities of the last save");
        assertEquals(1, timers.of(CustomerId.of("c-1")).size());
    }

    /** Runs the work on that many threads at once, numbered from 0; the answers in thread order. */
    private static <T> List<T> race(int threads, IntFunction<T> work) throws Exception {
        CountDownLatch ready = new CountDownLatch(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                Callable<T> task = () -> {
                    ready.countDown();
                    ready.await();
                    return work.apply(n);
                };
                answers.add(pool.submit(task));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> a : answers) {
                results.add(a.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("a record saved before V2 (no recent events column value) reads back remembering no events")
    void recordFromBeforeV2_remembersNoEvents() {
        CustomerRecord r = record("c-1", "Oslo", Identity.email("a@example.com")).withEvents(List.of("e-1"));
        JdbcCustomerStore store = new JdbcCustomerStore(ds);
        store.save(r);
        db.execute("UPDATE relevans_customer SET recent_events = NULL");
        assertEquals(List.of(), store.load(CustomerId.of("c-1")).orElseThrow().recentEvents());
    }

    @Test
    @DisplayName("migrations apply once, also to a schema that holds the application's own tables")
    void migrations_applyOnce_nextToApplicationTables() {
        TestDatabase bare = TestDatabase.bare(vendor(), getClass().getSimpleName() + "_app");
        bare.execute("CREATE TABLE app_orders (id INTEGER PRIMARY KEY)", "INSERT INTO app_orders VALUES (1)");

        assertEquals(6, JdbcStorage.migrate(bare.dataSource()),
                "V1 (the tables), V2 (recent events), V3 (versions and claims), V4 (split decisions), V5 (event archive), V6 (prediction models)");
        assertEquals(0, JdbcStorage.migrate(bare.reconnect()), "the second run is a no-op");

        JdbcStorage storage = JdbcStorage.open(bare.dataSource());
        CustomerRecord r = record("c-1", "Oslo", Identity.email("a@example.com"));
        storage.customers().save(r);
        assertEquals(Optional.of(r), storage.customers().load(CustomerId.of("c-1")));
        assertFalse(storage.outbox().find("m-1").isPresent());
        assertEquals(List.of(), storage.timers().due(T, 10));
    }
}
