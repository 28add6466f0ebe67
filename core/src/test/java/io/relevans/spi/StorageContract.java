package io.relevans.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.relevans.customer.Channel;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.Purpose;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Storage} must have: commits store a customer's record with its messages and
 * timers, and merged customers go. A storage shared by several processes ({@link #versioned()}) also
 * refuses, storing nothing, a commit derived from a version of a row that changed since, a new customer
 * whose row exists, and an identity another customer has. An implementation's test extends this class
 * and returns a new, empty storage from {@link #newStorage()}.
 */
public abstract class StorageContract {

    protected static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    private static final Identity ANNA = Identity.email("anna@example.com");
    private static final Identity ANNA_CARD = Identity.loyalty("L-1");
    private static final Identity BO = Identity.email("bo@example.com");

    protected Storage storage;

    /** A new, empty storage. */
    protected abstract Storage newStorage();

    /** Another storage on the same data, as another process would open it; this one when there is no other. */
    protected Storage another() {
        return storage;
    }

    /** Whether the storage keeps versions (and so refuses commits that lost a race); false for one process. */
    protected boolean versioned() {
        return false;
    }

    @BeforeEach
    void createStorage() {
        storage = newStorage();
    }

    private static CustomerRecord record(Identity identity, String segment) {
        Customer c = Customer.newCustomer(CustomerId.derivedFrom(identity), identity);
        return new CustomerRecord(c, new TreeSet<>(List.of(segment)), FeatureState.EMPTY);
    }

    private static Message message(String id, CustomerId customer) {
        return new Message(id, customer, "cart", "remind", "", Optional.of(Channel.EMAIL), "cart_reminder",
                Purpose.MARKETING, new TreeMap<>(), List.of(), T, Message.Status.PENDING, "", 0, T, new TreeMap<>());
    }

    private static Timer timer(CustomerId customer, String program) {
        Event trigger = Event.builder(EventType.CART_CHANGE, ANNA, T).id("e-1").build();
        return new Timer(customer, program, Timer.Kind.RESUME, T.plus(Duration.ofHours(4)), "remind", T, "", false,
                trigger, new TreeSet<>());
    }

    private static Commit commit(CustomerRecord r, long version, List<Message> added, List<Timer> timers) {
        return new Commit(r, version, new TreeMap<>(), claimedBy(r, version), added, List.of(), List.of(), timers,
                List.of(), Optional.empty());
    }

    /** A commit of the record alone, derived from the version. */
    private static Commit bare(CustomerRecord r, long version) {
        return commit(r, version, List.of(), List.of());
    }

    /** Anna's email profile and her card's profile, stored apart: which survives a merge, which goes. */
    private record Profiles(CustomerId survivor, CustomerId loser, Identity loserIdentity) {
    }

    private Profiles twoProfiles() {
        CustomerRecord anna = record(ANNA, "a");
        CustomerRecord card = record(ANNA_CARD, "b");
        storage.commit(bare(anna, Commit.NEW));
        storage.commit(bare(card, Commit.NEW));
        boolean annaSurvives = anna.id().compareTo(card.id()) < 0;
        return annaSurvives ? new Profiles(anna.id(), card.id(), ANNA_CARD) : new Profiles(card.id(), anna.id(), ANNA);
    }

    /** The merge of the two profiles into the survivor as stored in the storage, from the versions given. */
    private static Commit merging(Storage in, Profiles p, long survivorVersion, long loserVersion) {
        CustomerRecord kept = in.load(p.survivor()).orElseThrow().record();
        CustomerRecord merged = new CustomerRecord(kept.customer().withIdentity(ANNA).withIdentity(ANNA_CARD),
                kept.segments(), FeatureState.EMPTY);
        return new Commit(merged, survivorVersion, new TreeMap<>(Map.of(p.loser(), loserVersion)),
                List.of(p.loserIdentity()), List.of(), List.of(), List.of(), List.of(), List.of(), Optional.empty());
    }

    /** The identities a commit of the record claims: all of a new customer's, none of a stored one's. */
    private static List<Identity> claimedBy(CustomerRecord r, long version) {
        return version == Commit.NEW ? List.copyOf(r.customer().identities()) : List.of();
    }

    private long version(CustomerId id) {
        return storage.load(id).orElseThrow().version();
    }

    @Test
    @DisplayName("a commit stores the record, its messages and its timers; the record loads with a version")
    void commit_storesRecordMessagesAndTimers() {
        CustomerRecord anna = record(ANNA, "new");
        Message m = message("m-1", anna.id());
        Timer t = timer(anna.id(), "cart");

        assertTrue(storage.commit(commit(anna, Commit.NEW, List.of(m), List.of(t))));

        StoredCustomer stored = storage.load(anna.id()).orElseThrow();
        assertEquals(anna, stored.record());
        assertTrue(stored.version() >= 1);
        assertEquals(Optional.of(anna.id()), storage.customers().lookup(ANNA));
        assertEquals(List.of(m), storage.outbox().of(anna.id()));
        assertEquals(List.of(t), storage.timers().of(anna.id()));
    }

    @Test
    @DisplayName("a commit updates messages and cancels timers")
    void commit_updatesMessagesAndCancelsTimers() {
        CustomerRecord anna = record(ANNA, "new");
        Message m = message("m-1", anna.id());
        Timer t = timer(anna.id(), "cart");
        storage.commit(commit(anna, Commit.NEW, List.of(m), List.of(t)));

        Message sent = m.with(Message.Status.SUPPRESSED, "withdrawn", 0, T);
        assertTrue(storage.commit(new Commit(record(ANNA, "old"), version(anna.id()), new TreeMap<>(), List.of(), List.of(),
                List.of(sent), List.of(m), List.of(), List.of(t.key()), Optional.empty())));

        assertEquals(List.of(sent), storage.outbox().of(anna.id()));
        assertEquals(List.of(), storage.timers().of(anna.id()));
        assertEquals(new TreeSet<>(List.of("old")), storage.load(anna.id()).orElseThrow().record().segments());
    }

    @Test
    @DisplayName("a merge moves identities and messages to the survivor and removes the merged customer")
    void commit_mergesAway() {
        CustomerRecord anna = record(ANNA, "a");
        CustomerRecord card = record(ANNA_CARD, "b");
        storage.commit(commit(anna, Commit.NEW, List.of(message("m-anna", anna.id())), List.of(timer(anna.id(), "y"))));
        storage.commit(commit(card, Commit.NEW, List.of(message("m-card", card.id())), List.of(timer(card.id(), "x"))));
        CustomerId survivor = anna.id().compareTo(card.id()) < 0 ? anna.id() : card.id();
        CustomerId loser = survivor.equals(anna.id()) ? card.id() : anna.id();
        CustomerRecord kept = survivor.equals(anna.id()) ? anna : card;
        CustomerRecord merged = new CustomerRecord(kept.customer().withIdentity(ANNA).withIdentity(ANNA_CARD),
                kept.segments(), FeatureState.EMPTY);
        List<Message> read = storage.outbox().of(loser);
        List<Message> moved = read.stream().map(m -> m.forCustomer(survivor)).toList();

        assertTrue(storage.commit(new Commit(merged, version(survivor), new TreeMap<>(Map.of(loser, version(loser))),
                List.of(survivor.equals(anna.id()) ? ANNA_CARD : ANNA), List.of(), moved, read, List.of(), List.of(), Optional.empty())));

        assertEquals(Optional.empty(), storage.load(loser));
        assertEquals(List.of(), storage.timers().of(loser));
        assertEquals(Optional.of(survivor), storage.customers().lookup(ANNA));
        assertEquals(Optional.of(survivor), storage.customers().lookup(ANNA_CARD));
        assertEquals(List.of("m-anna", "m-card"), storage.outbox().of(survivor).stream().map(Message::id).toList(),
                "the merged customer's messages are the survivor's");
        assertEquals(1, storage.timers().of(survivor).size(), "the survivor keeps its own timers");
        assertEquals(moved.get(0), storage.outbox().find(moved.get(0).id()).orElseThrow());
    }

    @Test
    @DisplayName("a commit derived from a version the row no longer has is refused and stores nothing")
    void commit_fromAnOldVersion_isRefused() {
        assumeTrue(versioned(), "the storage serves one process");
        CustomerRecord anna = record(ANNA, "a");
        storage.commit(bare(anna, Commit.NEW));
        long read = version(anna.id());
        assertTrue(storage.commit(bare(record(ANNA, "b"), read)), "the first writer wins");

        boolean second = storage.commit(commit(record(ANNA, "c"), read, List.of(message("m-1", anna.id())),
                List.of(timer(anna.id(), "cart"))));

        assertFalse(second, "the second writer read the same version");
        assertEquals(new TreeSet<>(List.of("b")), storage.load(anna.id()).orElseThrow().record().segments());
        assertEquals(List.of(), storage.outbox().of(anna.id()), "no message of the refused commit");
        assertEquals(List.of(), storage.timers().of(anna.id()), "no timer of the refused commit");
        assertTrue(version(anna.id()) > read);
    }

    @Test
    @DisplayName("a new customer whose row exists meanwhile is refused")
    void commit_ofANewCustomerThatExists_isRefused() {
        assumeTrue(versioned(), "the storage serves one process");
        storage.commit(bare(record(ANNA, "a"), Commit.NEW));

        assertFalse(storage.commit(bare(record(ANNA, "b"), Commit.NEW)));
        assertEquals(new TreeSet<>(List.of("a")),
                storage.load(CustomerId.derivedFrom(ANNA)).orElseThrow().record().segments());
    }

    @Test
    @DisplayName("an identity another customer has is never taken: the commit is refused")
    void commit_takingAnotherCustomersIdentity_isRefused() {
        assumeTrue(versioned(), "the storage serves one process");
        CustomerRecord bo = record(BO, "b");
        storage.commit(bare(bo, Commit.NEW));
        CustomerRecord anna = record(ANNA, "a");
        CustomerRecord greedy = new CustomerRecord(anna.customer().withIdentity(BO), anna.segments(), FeatureState.EMPTY);

        assertFalse(storage.commit(bare(greedy, Commit.NEW)));
        assertEquals(Optional.of(bo.id()), storage.customers().lookup(BO));
        assertEquals(Optional.empty(), storage.load(anna.id()), "nothing of the refused commit");
    }

    @Test
    @DisplayName("a merge derived from an old version of the merged customer is refused; both stay")
    void merge_ofAChangedCustomer_isRefused() {
        assumeTrue(versioned(), "the storage serves one process");
        Profiles p = twoProfiles();
        long stale = version(p.loser());
        assertTrue(storage.commit(bare(storage.load(p.loser()).orElseThrow().record(), stale)),
                "the merged customer changes");

        assertFalse(storage.commit(merging(storage, p, version(p.survivor()), stale)));

        assertTrue(storage.load(p.loser()).isPresent());
        assertEquals(Optional.of(p.loser()), storage.customers().lookup(p.loserIdentity()));
    }

    @Test
    @DisplayName("an update of a message whose delivery was attempted since it was read is refused")
    void commit_updatingAMessageDeliveredMeanwhile_isRefused() {
        assumeTrue(versioned(), "the storage serves one process");
        CustomerRecord anna = record(ANNA, "a");
        Message m = message("m-1", anna.id());
        storage.commit(commit(anna, Commit.NEW, List.of(m), List.of()));
        Message sent = m.with(Message.Status.SENT, "", 1, T);
        storage.outbox().recordAttempt(sent); // a dispatcher delivered it after the step read it

        Message held = m.with(Message.Status.SUPPRESSED, "withdrawn", 0, T);
        assertFalse(storage.commit(new Commit(record(ANNA, "b"), version(anna.id()), new TreeMap<>(), List.of(), List.of(),
                List.of(held), List.of(m), List.of(), List.of(), Optional.empty())));

        assertEquals(List.of(sent), storage.outbox().of(anna.id()), "the delivery stays recorded");
        assertEquals(new TreeSet<>(List.of("a")), storage.load(anna.id()).orElseThrow().record().segments());
    }

    @Test
    @DisplayName("a delivery attempt keeps what changed since the message was claimed: its customer, outcomes")
    void recordAttempt_keepsAMoveAndOutcomes() {
        CustomerRecord anna = record(ANNA, "a");
        Message m = message("m-1", anna.id());
        storage.commit(commit(anna, Commit.NEW, List.of(m), List.of()));
        CustomerId other = CustomerId.of("c-other");
        storage.outbox().update(m.forCustomer(other).withOutcome("converted", T)); // moved by a merge meanwhile

        storage.outbox().recordAttempt(m.with(Message.Status.SENT, "", 1, T));

        Message stored = storage.outbox().find("m-1").orElseThrow();
        assertEquals(other, stored.customer());
        assertEquals(Message.Status.SENT, stored.status());
        assertEquals(1, stored.attempts());
        assertTrue(stored.outcomes().containsKey("converted"));
    }

    @Test
    @DisplayName("what a commit stored is read back: record, version, timers and messages")
    void read_givesWhatTheCommitStored() {
        CustomerRecord anna = record(ANNA, "a");
        Message m = message("m-1", anna.id());
        Timer t = timer(anna.id(), "cart");
        storage.commit(commit(anna, Commit.NEW, List.of(m), List.of(t)));
        CustomerState first = storage.read(anna.id()).orElseThrow();
        Message later = message("m-2", anna.id());

        assertTrue(storage.commit(new Commit(record(ANNA, "b"), first.stored().version(), new TreeMap<>(), List.of(),
                List.of(later), List.of(), List.of(), List.of(), List.of(t.key()), Optional.empty())));

        CustomerState read = storage.read(anna.id()).orElseThrow();
        assertEquals(record(ANNA, "b"), read.stored().record());
        assertEquals(storage.load(anna.id()).orElseThrow().version(), read.stored().version());
        assertEquals(List.of(), read.timers());
        assertEquals(List.of("m-1", "m-2"), read.messages().stream().map(Message::id).toList());
        assertEquals(Optional.of(anna.id()), storage.lookup(ANNA));
        assertEquals(Optional.empty(), storage.read(CustomerId.of("c-none")));
    }

    @Test
    @DisplayName("a commit derived from a read that another process's commit outdated is refused; the next read is current")
    void commit_afterAnotherProcessesCommit_isRefused_andTheNextReadIsCurrent() {
        assumeTrue(versioned(), "the storage serves one process");
        CustomerRecord anna = record(ANNA, "a");
        storage.commit(bare(anna, Commit.NEW));
        CustomerState mine = storage.read(anna.id()).orElseThrow();
        Storage other = another();
        long theirs = other.read(anna.id()).orElseThrow().stored().version();
        assertTrue(other.commit(commit(record(ANNA, "theirs"), theirs, List.of(message("m-theirs", anna.id())),
                List.of())));

        assertFalse(storage.commit(bare(record(ANNA, "mine"), mine.stored().version())));

        CustomerState now = storage.read(anna.id()).orElseThrow();
        assertEquals(new TreeSet<>(List.of("theirs")), now.stored().record().segments());
        assertEquals(List.of("m-theirs"), now.messages().stream().map(Message::id).toList());
    }

    @Test
    @DisplayName("an identity another process merged away leads, after the refused commit, to the survivor")
    void lookup_afterAnotherProcessesMerge_leadsToTheSurvivor() {
        assumeTrue(versioned(), "the storage serves one process");
        Profiles p = twoProfiles();
        CustomerState stale = storage.read(p.loser()).orElseThrow();
        assertEquals(Optional.of(p.loser()), storage.lookup(p.loserIdentity()));
        Storage other = another();
        assertTrue(other.commit(merging(other, p, other.read(p.survivor()).orElseThrow().stored().version(),
                other.read(p.loser()).orElseThrow().stored().version())));

        assertFalse(storage.commit(bare(stale.stored().record(), stale.stored().version())));

        assertEquals(Optional.of(p.survivor()), storage.lookup(p.loserIdentity()));
        assertEquals(Optional.empty(), storage.read(p.loser()));
    }

    @Test
    @DisplayName("a customer erased and made again by another process refuses a commit derived from the erased one")
    void commit_fromAReadBeforeAnErasureAndAReturn_isRefused() {
        assumeTrue(versioned(), "the storage serves one process");
        CustomerRecord anna = record(ANNA, "before");
        storage.commit(bare(anna, Commit.NEW));
        CustomerState stale = storage.read(anna.id()).orElseThrow();
        Storage other = another();
        other.customers().erase(anna.id()); // GDPR erasure, then Anna signs up again
        assertTrue(other.commit(bare(record(ANNA, "again"), Commit.NEW)));

        assertFalse(storage.commit(bare(record(ANNA, "resurrected"), stale.stored().version())));
        assertEquals(new TreeSet<>(List.of("again")), storage.read(anna.id()).orElseThrow().stored().record().segments());
    }

    @Test
    @DisplayName("commits of several customers stored together are all stored, in order")
    void commitAll_storesEveryCommit() {
        CustomerRecord anna = record(ANNA, "a");
        CustomerRecord bo = record(BO, "b");

        assertEquals(2, storage.commitAll(List.of(commit(anna, Commit.NEW, List.of(message("m-a", anna.id())),
                List.of()), bare(bo, Commit.NEW))));

        assertEquals(anna, storage.read(anna.id()).orElseThrow().stored().record());
        assertEquals(List.of("m-a"), storage.read(anna.id()).orElseThrow().messages().stream().map(Message::id).toList());
        assertEquals(bo, storage.read(bo.id()).orElseThrow().stored().record());
    }

    @Test
    @DisplayName("commits stored together with one refused: none of them is stored")
    void commitAll_withARefusedOne_storesNone() {
        assumeTrue(versioned(), "the storage serves one process");
        CustomerRecord anna = record(ANNA, "a");
        storage.commit(bare(anna, Commit.NEW));
        long stale = version(anna.id());
        storage.commit(bare(record(ANNA, "moved on"), stale));
        CustomerRecord bo = record(BO, "b");

        int stored = storage.commitAll(List.of(bare(bo, Commit.NEW), bare(record(ANNA, "stale"), stale)));

        assertEquals(0, stored, "all or none");
        assertEquals(Optional.empty(), storage.load(bo.id()), "the first commit of the group is not stored either");
        assertEquals(new TreeSet<>(List.of("moved on")), storage.load(anna.id()).orElseThrow().record().segments());
    }

    private static SplitDecision decision(String split, String winner, Instant at) {
        return new SplitDecision("cart", split, winner, at, 0.975, List.of(new SplitDecision.Figures("short", 612, 97),
                new SplitDecision.Figures("long", 598, 61)));
    }

    @Test
    @DisplayName("the first split decision stored wins; a later one is answered with it, also on another storage")
    void splitDecision_firstStoredWins() {
        SplitDecision first = decision("ab", "short", T.plusNanos(123_456_789));
        SplitDecision later = decision("ab", "long", T.plusSeconds(3_600));
        SplitDecision tone = decision("tone", "long", T);
        assertEquals(List.of(), storage.splitDecisions().all());

        assertEquals(first, storage.splitDecisions().decide(first));
        assertEquals(first, another().splitDecisions().decide(later), "the first decision is kept");
        assertEquals(tone, storage.splitDecisions().decide(tone), "another split decides on its own");
        assertEquals(List.of(first, tone), another().splitDecisions().all());
        assertEquals(List.of(first, tone), storage.splitDecisions().all());
    }

    @Test
    @DisplayName("of split decisions stored at once by several writers, one is kept and every writer is answered with it")
    void splitDecision_concurrentDeciders_agree() throws Exception {
        int writers = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<SplitDecision>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < writers; i++) {
                Storage mine = i % 2 == 0 ? storage : another();
                SplitDecision proposal = decision("ab", i % 2 == 0 ? "short" : "long", T.plusSeconds(i));
                answers.add(pool.submit(() -> {
                    start.await();
                    return mine.splitDecisions().decide(proposal);
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<SplitDecision> a : answers) {
                a.get(); // every writer is answered
            }
            List<SplitDecision> kept = storage.splitDecisions().all();
            assertEquals(1, kept.size());
            for (java.util.concurrent.Future<SplitDecision> a : answers) {
                assertEquals(kept.get(0), a.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
