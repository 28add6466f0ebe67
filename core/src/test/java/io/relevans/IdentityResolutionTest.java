package io.relevans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Attribute;
import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.Consent;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.Interest;
import io.relevans.customer.Purpose;
import io.relevans.customer.Value;
import io.relevans.definition.Definitions;
import io.relevans.definition.Feature;
import io.relevans.definition.Features;
import io.relevans.definition.Segment;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.InMemoryCustomerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Identity resolution and profile merging through the engine (S13, S14). */
class IdentityResolutionTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Feature PURCHASES = Features.count(EventType.PURCHASE);
    private static final Feature CHANNELS = Features.channelsUsed(Window.days(90));
    private static final Definitions DEFINITIONS = Definitions.builder()
            .segment(Segment.named("buyers").when(PURCHASES.atLeast(2)))
            .segment(Segment.named("omnichannel").when(CHANNELS.atLeast(3)))
            .build();

    private InMemoryCustomerStore store;
    private Relevans engine;

    @BeforeEach
    void setUp() {
        store = new InMemoryCustomerStore();
        engine = Relevans.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).store(store).definitions(DEFINITIONS)
                .build();
    }

    private static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    private static Event view(Identity who, Instant at) {
        return Event.builder(EventType.PRODUCT_VIEW, who, at).property("sku", "tv-1").property("category", "tv")
                .build();
    }

    private static Event purchase(Identity who, Instant at, Origin origin) {
        return Event.builder(EventType.PURCHASE, who, at).origin(origin).line("tv-1", "tv", 5000, 1).build();
    }

    private static Event attribute(Identity who, Instant at, Origin origin, String name, String value) {
        return Event.builder(EventType.ATTRIBUTE_CONFIRMED, who, at).origin(origin).property("attribute", name)
                .property("value", value).build();
    }

    private static Event consent(Identity who, Instant at, Origin origin, Channel channel, boolean granted) {
        return Event.builder(EventType.CONSENT_CHANGE, who, at).origin(origin).property("channel", channel.name())
                .property("purpose", "marketing").property("granted", granted).build();
    }

    private static Event preference(Identity who, Instant at, Origin origin, String category, Interest interest) {
        return Event.builder(EventType.PREFERENCE_DECLARED, who, at).origin(origin).property("category", category)
                .property("interest", interest.name().toLowerCase()).build();
    }

    private static Event link(Identity who, Instant at, Origin origin, Identity... others) {
        Event.Builder b = Event.builder(EventType.STORE_VISIT, who, at).origin(origin).property("store", "oslo");
        for (Identity o : others) {
            b.link(o);
        }
        return b.build();
    }

    private Customer stored(CustomerId id) {
        return store.load(id).map(CustomerRecord::customer).orElseThrow();
    }

    @Nested
    class Resolution {

        @Test
        @DisplayName("an event by email creates a customer whose id is derived from the email")
        void firstEventByEmail_createsCustomerWithDerivedId() {
            Identity email = Identity.email("ann@example.com");

            IngestResult r = engine.ingest(view(email, daysAgo(1)));

            assertEquals(CustomerId.derivedFrom(email), r.customer());
            assertEquals(List.of(), r.merged());
            assertEquals(1, store.count());
            assertEquals(Optional.of(r.customer()), store.lookup(email));
            assertEquals(Set.of(email), stored(r.customer()).identities());
        }

        @Test
        @DisplayName("a later event by the same email in another case and with whitespace finds the same customer")
        void laterEventBySameEmailSpelledDifferently_findsSameCustomer() {
            IngestResult first = engine.ingest(view(Identity.email("Ann@Example.com"), daysAgo(2)));

            IngestResult second = engine.ingest(view(Identity.email("  ANN@example.COM\t"), daysAgo(1)));

            assertEquals(first.customer(), second.customer());
            assertEquals(List.of(), second.merged());
            assertEquals(1, store.count());
            assertEquals(Set.of(Identity.email("ann@example.com")), stored(first.customer()).identities());
        }

        @Test
        @DisplayName("an event by a new loyalty number linking a known email attaches the number to that customer")
        void eventByLoyaltyNumberLinkingEmail_attachesLoyaltyNumber() {
            Identity email = Identity.email("ann@example.com");
            Identity loyalty = Identity.loyalty(" 1234-5678 ");
            CustomerId ann = engine.ingest(view(email, daysAgo(2))).customer();

            IngestResult r = engine.ingest(link(loyalty, daysAgo(1), Origin.STORE, email));

            assertEquals(ann, r.customer());
            assertEquals(List.of(), r.merged());
            assertEquals(1, store.count());
            assertEquals(Set.of(email, Identity.loyalty("1234-5678")), stored(ann).identities());
            assertEquals(Optional.of(ann), store.lookup(Identity.loyalty("1234-5678")));
            assertEquals(ann, engine.customer(loyalty).orElseThrow().customer().id());
        }

        @Test
        @DisplayName("an event by an unknown identity that links another unknown identity creates one customer with both")
        void eventLinkingTwoUnknownIdentities_createsOneCustomerKnownByBoth() {
            Identity loyalty = Identity.loyalty("L-1");
            Identity email = Identity.email("bo@example.com");

            IngestResult r = engine.ingest(link(loyalty, daysAgo(1), Origin.STORE, email));

            assertEquals(CustomerId.derivedFrom(loyalty), r.customer());
            assertEquals(1, store.count());
            assertEquals(Optional.of(r.customer()), store.lookup(email));
            assertEquals(Set.of(loyalty, email), stored(r.customer()).identities());
        }
    }

    @Nested
    class Merge {
        private final Identity email = Identity.email("ann@example.com");
        private final Identity loyalty = Identity.loyalty("L-42");
        private CustomerId web;
        private CustomerId store2;
        private CustomerId survivor;
        private CustomerId loser;
        private IngestResult linked;

        @BeforeEach
        void twoProfilesThenLink() {
            // profile known by email: web only
            web = engine.ingest(purchase(email, daysAgo(20), Origin.WEB)).customer();
            engine.ingest(attribute(email, daysAgo(30), Origin.WEB, "gender", "female"));
            engine.ingest(attribute(email, daysAgo(30), Origin.WEB, "shoe_size", "38"));
            engine.ingest(consent(email, daysAgo(10), Origin.WEB, Channel.EMAIL, true));
            engine.ingest(consent(email, daysAgo(5), Origin.WEB, Channel.SMS, true));
            engine.ingest(preference(email, daysAgo(40), Origin.WEB, "tv", Interest.INTERESTED));
            engine.ingest(preference(email, daysAgo(3), Origin.WEB, "audio", Interest.INTERESTED));
            // profile known by loyalty number: store only (staff-recorded)
            store2 = engine.ingest(purchase(loyalty, daysAgo(15), Origin.STORE)).customer();
            engine.ingest(attribute(loyalty, daysAgo(4), Origin.STORE, "gender", "other"));
            engine.ingest(attribute(loyalty, daysAgo(4), Origin.STORE, "city", "Oslo"));
            engine.ingest(consent(loyalty, daysAgo(10), Origin.WEB, Channel.EMAIL, false)); // same time: withdrawal
            engine.ingest(consent(loyalty, daysAgo(8), Origin.STORE, Channel.SMS, false)); // older than the grant
            engine.ingest(preference(loyalty, daysAgo(6), Origin.STORE, "tv", Interest.NOT_INTERESTED));
            engine.ingest(preference(loyalty, daysAgo(9), Origin.STORE, "audio", Interest.NOT_INTERESTED));

            assertEquals(2, store.count());
            assertTrue(store.load(web).orElseThrow().segments().isEmpty());
            assertTrue(store.load(store2).orElseThrow().segments().isEmpty());
            survivor = web.compareTo(store2) < 0 ? web : store2;
            loser = web.compareTo(store2) < 0 ? store2 : web;

            // the link arrives from the app: a third origin
            linked = engine.ingest(link(loyalty, daysAgo(1), Origin.APP, email));
        }

        @Test
        @DisplayName("linking identities of two profiles keeps the profile with the smaller id and reports the other")
        void linkOfTwoProfiles_mergesIntoSmallerId() {
            assertEquals(survivor, linked.customer());
            assertEquals(List.of(loser), linked.merged());
        }

        @Test
        @DisplayName("the losing profile is erased and its identities resolve to the survivor")
        void linkOfTwoProfiles_erasesLoserAndMovesItsIdentities() {
            assertEquals(1, store.count());
            assertTrue(store.load(loser).isEmpty());
            assertTrue(engine.customer(loser).isEmpty());
            assertEquals(Optional.of(survivor), store.lookup(email));
            assertEquals(Optional.of(survivor), store.lookup(loyalty));
            assertEquals(survivor, engine.customer(email).orElseThrow().customer().id());
            assertEquals(survivor, engine.customer(loyalty).orElseThrow().customer().id());
            List<CustomerId> seen = new java.util.ArrayList<>();
            store.forEach(r -> seen.add(r.id()));
            assertEquals(List.of(survivor), seen);
        }

        @Test
        @DisplayName("the merged profile has both profiles' identities")
        void linkOfTwoProfiles_unitesIdentities() {
            Customer merged = stored(survivor);
            assertEquals(survivor, merged.id());
            assertEquals(new TreeSet<>(Set.of(email, loyalty)), merged.identities());
        }

        @Test
        @DisplayName("per attribute the newest value wins, attributes only one profile had are kept")
        void linkOfTwoProfiles_takesNewestAttributes() {
            Customer merged = stored(survivor);
            assertEquals(Value.of("other"), merged.attribute("gender").orElseThrow().value());
            assertEquals(daysAgo(4), merged.attribute("gender").orElseThrow().time());
            assertEquals(io.relevans.customer.Source.STAFF, merged.attribute("gender").orElseThrow().source());
            assertEquals(Value.of("38"), merged.attribute("shoe_size").map(Attribute::value).orElseThrow());
            assertEquals(Value.of("Oslo"), merged.attribute("city").map(Attribute::value).orElseThrow());
            assertEquals(Set.of("city", "gender", "shoe_size"), merged.attributes().keySet());
        }

        @Test
        @DisplayName("per channel and purpose the newest consent wins, and a withdrawal wins a tie")
        void linkOfTwoProfiles_takesNewestConsentsAndWithdrawalOnTie() {
            Customer merged = stored(survivor);
            Consent email = merged.consents().get(new Consent.Key(Channel.EMAIL, Purpose.MARKETING));
            assertFalse(email.granted(), "withdrawal and grant at the same time: withdrawal wins");
            assertEquals(daysAgo(10), email.time());
            assertFalse(merged.hasConsent(Channel.EMAIL, Purpose.MARKETING));
            assertTrue(merged.hasConsent(Channel.SMS, Purpose.MARKETING), "the newer grant wins over an older withdrawal");
            assertEquals(2, merged.consents().size());
        }

        @Test
        @DisplayName("per category the newest declared preference wins")
        void linkOfTwoProfiles_takesNewestCategoryPreferences() {
            Customer merged = stored(survivor);
            assertEquals(Optional.of(Interest.NOT_INTERESTED), merged.interestIn(Category.of("tv")));
            assertEquals(Optional.of(Interest.INTERESTED), merged.interestIn(Category.of("audio")));
        }

        @Test
        @DisplayName("features combine: purchase counts add up and both profiles' origins count as channels used")
        void linkOfTwoProfiles_combinesFeatures() {
            CustomerView v = engine.customer(survivor).orElseThrow();
            assertEquals(2.0, v.features().get(PURCHASES.describe()));
            // web (email profile) + store (loyalty profile) + app (the linking event)
            assertEquals(3.0, v.features().get(CHANNELS.describe()));
        }

        @Test
        @DisplayName("segments are re-evaluated on the merged profile and stored")
        void linkOfTwoProfiles_reevaluatesSegments() {
            Set<String> both = Set.of("buyers", "omnichannel");
            assertEquals(both, linked.entered());
            assertEquals(Set.of(), linked.exited());
            assertEquals(both, store.load(survivor).orElseThrow().segments());
            assertEquals(both, engine.customer(survivor).orElseThrow().segments());
            assertEquals(2, linked.emitted().size());
            assertTrue(linked.emitted().stream().allMatch(e -> e.type().equals(EventType.SEGMENT_ENTERED)));
            assertEquals(Set.of("buyers", "omnichannel"), new TreeSet<>(linked.emitted().stream()
                    .map(e -> e.text("segment").orElseThrow()).toList()));
            assertEquals(0, engine.resegment().changed());
        }

        @Test
        @DisplayName("a later event by the loser's identity lands on the survivor without creating a profile")
        void eventByLosersIdentityAfterMerge_landsOnSurvivor() {
            Identity losersIdentity = loser.equals(web) ? email : loyalty;

            IngestResult r = engine.ingest(purchase(losersIdentity, daysAgo(0), Origin.WEB));

            assertEquals(survivor, r.customer());
            assertEquals(List.of(), r.merged());
            assertEquals(1, store.count());
            assertEquals(3.0, engine.customer(survivor).orElseThrow().features().get(PURCHASES.describe()));
        }
    }

    @Test
    @DisplayName("one event linking three profiles merges all into the smallest id and lists the losers in id order")
    void eventLinkingThreeProfiles_mergesAllIntoSmallestId() {
        Identity a = Identity.email("a@example.com");
        Identity b = Identity.loyalty("L-7");
        Identity c = Identity.phone("+47 900 00 000");
        TreeSet<CustomerId> ids = new TreeSet<>();
        ids.add(engine.ingest(purchase(a, daysAgo(3), Origin.WEB)).customer());
        ids.add(engine.ingest(purchase(b, daysAgo(2), Origin.STORE)).customer());
        ids.add(engine.ingest(view(c, daysAgo(2))).customer());
        assertEquals(3, store.count());

        IngestResult r = engine.ingest(link(a, daysAgo(1), Origin.APP, b, Identity.phone("+4790000000")));

        assertEquals(ids.first(), r.customer());
        assertEquals(List.copyOf(ids.tailSet(ids.first(), false)), r.merged());
        assertEquals(1, store.count());
        for (Identity i : List.of(a, b, c)) {
            assertEquals(Optional.of(ids.first()), store.lookup(i));
        }
        assertEquals(Set.of(a, b, c), stored(ids.first()).identities());
        assertEquals(Set.of("buyers", "omnichannel"), r.entered());
    }

    @Test
    @DisplayName("an event that links an identity already on the same profile merges nothing")
    void linkWithinOneProfile_mergesNothing() {
        Identity email = Identity.email("ann@example.com");
        Identity loyalty = Identity.loyalty("L-1");
        CustomerId ann = engine.ingest(link(email, daysAgo(2), Origin.STORE, loyalty)).customer();

        IngestResult r = engine.ingest(link(loyalty, daysAgo(1), Origin.STORE, email));

        assertEquals(ann, r.customer());
        assertEquals(List.of(), r.merged());
        assertEquals(1, store.count());
    }
}
