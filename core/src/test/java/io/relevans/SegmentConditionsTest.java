package io.relevans;

import static io.relevans.definition.Conditions.allOf;
import static io.relevans.definition.Conditions.anyOf;
import static io.relevans.definition.Conditions.attribute;
import static io.relevans.definition.Conditions.hasConsent;
import static io.relevans.definition.Conditions.inSegment;
import static io.relevans.definition.Conditions.interestedIn;
import static io.relevans.definition.Conditions.not;
import static io.relevans.definition.Conditions.notInterestedIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.Identity;
import io.relevans.customer.Purpose;
import io.relevans.customer.Value;
import io.relevans.definition.Definitions;
import io.relevans.definition.Features;
import io.relevans.definition.Operator;
import io.relevans.definition.Segment;
import io.relevans.definition.Tier;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each kind of segment condition, evaluated through the public engine on a test clock. */
class SegmentConditionsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private final VirtualClock clock = VirtualClock.at(NOW);
    private final AtomicInteger eventIds = new AtomicInteger();
    private Relevans engine;

    // ---------------------------------------------------------------- helpers

    private void define(Segment... segments) {
        define(Definitions.builder().segments(List.of(segments)).build());
    }

    private void define(Definitions definitions) {
        engine = Relevans.builder().clock(clock).definitions(definitions).build();
    }

    private static Identity person(String name) {
        return Identity.email(name + "@example.com");
    }

    private Event.Builder event(EventType type, Identity who, Instant at) {
        return Event.builder(type, who, at).id("ev-" + eventIds.incrementAndGet());
    }

    private IngestResult ingest(Event.Builder event) {
        return engine.ingest(event.build());
    }

    /** Makes the customer known without telling anything about them. */
    private IngestResult signup(Identity who) {
        return ingest(event(EventType.SIGNUP, who, clock.instant()));
    }

    private IngestResult confirm(Identity who, String attribute, Value value, Instant at) {
        return ingest(event(EventType.ATTRIBUTE_CONFIRMED, who, at).property("attribute", attribute)
                .property("value", value).property("source", "declared"));
    }

    private IngestResult confirm(Identity who, String attribute, Value value) {
        return confirm(who, attribute, value, clock.instant());
    }

    private IngestResult purchase(Identity who, Instant at, Origin origin, String category, double price) {
        return ingest(event(EventType.PURCHASE, who, at).origin(origin).line("sku-" + category, category, price, 1));
    }

    private Set<String> segmentsOf(Identity who) {
        return engine.customer(who).orElseThrow().segments();
    }

    private boolean isIn(Identity who, String segment) {
        CustomerView view = engine.customer(who).orElseThrow();
        boolean member = view.segments().contains(segment);
        // the explanation, evaluated directly in Java, must agree with the rules
        assertEquals(member, engine.explain(view.customer().id(), segment).member(), "explain of " + segment);
        assertEquals(member, engine.explain(view.customer().id(), segment).root().held(), "explain root of " + segment);
        return member;
    }

    // ---------------------------------------------------------------- attributes

    @Nested
    @DisplayName("attribute comparisons")
    class Attributes {

        @Test
        @DisplayName("attribute == text holds for that text only, not for another text or a missing attribute")
        void textEquality() {
            define(Segment.named("women").when(attribute("gender").is("female")));
            Identity ann = person("ann");
            Identity bob = person("bob");
            Identity cat = person("cat");

            assertEquals(Set.of("women"), confirm(ann, "gender", Value.of("female")).entered());
            confirm(bob, "gender", Value.of("male"));
            signup(cat);

            assertTrue(isIn(ann, "women"));
            assertFalse(isIn(bob, "women"));
            assertFalse(isIn(cat, "women"));
        }

        @Test
        @DisplayName("text equality is exact: case, spaces and kind of value matter")
        void textEqualityIsExact() {
            define(Segment.named("women").when(attribute("gender").is("female")),
                    Segment.named("five").when(attribute("size").is("5")));
            Identity a = person("a");
            Identity b = person("b");
            Identity c = person("c");
            confirm(a, "gender", Value.of("Female"));
            confirm(b, "gender", Value.of("female "));
            confirm(c, "size", Value.of(5));

            assertFalse(isIn(a, "women"));
            assertFalse(isIn(b, "women"));
            assertFalse(isIn(c, "five"), "the number 5 is not the text \"5\"");
        }

        @Test
        @DisplayName("attribute != text holds for another value; a missing attribute is false, its not(==) is true")
        void textInequality() {
            define(Segment.named("not_female").when(attribute("gender").isNot("female")),
                    Segment.named("not_is_female").when(not(attribute("gender").is("female"))));
            Identity ann = person("ann");
            Identity bob = person("bob");
            Identity cat = person("cat");
            confirm(ann, "gender", Value.of("female"));
            confirm(bob, "gender", Value.of("male"));
            signup(cat);

            assertEquals(Set.of(), segmentsOf(ann));
            assertEquals(Set.of("not_female", "not_is_female"), segmentsOf(bob));
            assertFalse(isIn(cat, "not_female"), "!= on a missing attribute is false");
            assertTrue(isIn(cat, "not_is_female"), "not(==) on a missing attribute is true");
        }

        @Test
        @DisplayName("numbers order: household size >= 3, and text or missing values never order")
        void numericOrdering() {
            define(Segment.named("big_household").when(attribute("household_size").is(Operator.GE, 3)),
                    Segment.named("small_household").when(attribute("household_size").is(Operator.LT, 3)));
            Identity three = person("three");
            Identity two = person("two");
            Identity textual = person("textual");
            Identity unknown = person("unknown");
            confirm(three, "household_size", Value.of(3));
            confirm(two, "household_size", Value.of(2.5));
            confirm(textual, "household_size", Value.of("4"));
            signup(unknown);

            assertEquals(Set.of("big_household"), segmentsOf(three));
            assertEquals(Set.of("small_household"), segmentsOf(two));
            assertEquals(Set.of(), segmentsOf(textual));
            assertEquals(Set.of(), segmentsOf(unknown));
        }

        @Test
        @DisplayName("a number attribute changes membership when it is corrected")
        void numericCorrection() {
            define(Segment.named("big_household").when(attribute("household_size").is(Operator.GT, 4)));
            Identity who = person("who");
            assertEquals(Set.of("big_household"), confirm(who, "household_size", Value.of(5)).entered());
            clock.advance(Duration.ofHours(1));
            IngestResult r = ingest(event(EventType.ATTRIBUTE_CORRECTED, who, clock.instant())
                    .origin(Origin.STORE).property("attribute", "household_size").property("value", 4));
            assertEquals(Set.of("big_household"), r.exited());
            assertFalse(isIn(who, "big_household"));
        }

        @Test
        @DisplayName("dates order: born before 2000-01-01")
        void dateOrdering() {
            define(Segment.named("born_before_2000")
                            .when(attribute("birthday").is(Operator.LT, LocalDate.of(2000, 1, 1))),
                    Segment.named("born_2000_or_later")
                            .when(attribute("birthday").is(Operator.GE, LocalDate.of(2000, 1, 1))));
            Identity old = person("old");
            Identity edge = person("edge");
            Identity young = person("young");
            Identity numeric = person("numeric");
            confirm(old, "birthday", Value.of(LocalDate.of(1999, 12, 31)));
            confirm(edge, "birthday", Value.of(LocalDate.of(2000, 1, 1)));
            confirm(young, "birthday", Value.of(LocalDate.of(2004, 6, 15)));
            // a number that equals an epoch day is not a date
            confirm(numeric, "birthday", Value.of(LocalDate.of(1990, 1, 1).toEpochDay()));

            assertEquals(Set.of("born_before_2000"), segmentsOf(old));
            assertEquals(Set.of("born_2000_or_later"), segmentsOf(edge));
            assertEquals(Set.of("born_2000_or_later"), segmentsOf(young));
            assertEquals(Set.of(), segmentsOf(numeric));
        }

        @Test
        @DisplayName("flag equality: has_balcony is true; false and the text \"true\" are not")
        void flagEquality() {
            define(Segment.named("balcony").when(attribute("has_balcony").is(true)),
                    Segment.named("no_balcony").when(attribute("has_balcony").is(false)));
            Identity yes = person("yes");
            Identity no = person("no");
            Identity text = person("text");
            confirm(yes, "has_balcony", Value.of(true));
            confirm(no, "has_balcony", Value.of(false));
            confirm(text, "has_balcony", Value.of("true"));

            assertEquals(Set.of("balcony"), segmentsOf(yes));
            assertEquals(Set.of("no_balcony"), segmentsOf(no));
            assertEquals(Set.of(), segmentsOf(text));
        }

        @Test
        @DisplayName("present holds for any value of the attribute and not without it")
        void present() {
            define(Segment.named("knows_birthday").when(attribute("birthday").present()),
                    Segment.named("ask_birthday").when(not(attribute("birthday").present())));
            Identity date = person("date");
            Identity text = person("text");
            Identity none = person("none");
            confirm(date, "birthday", Value.of(LocalDate.of(1980, 2, 29)));
            confirm(text, "birthday", Value.of("unknown"));
            confirm(none, "gender", Value.of("male"));

            assertEquals(Set.of("knows_birthday"), segmentsOf(date));
            assertEquals(Set.of("knows_birthday"), segmentsOf(text));
            assertEquals(Set.of("ask_birthday"), segmentsOf(none));
        }

        @Test
        @DisplayName("S20 an attribute declared 3 years ago is stale; confirming it makes it fresh")
        void olderThan() {
            define(Segment.named("stale_household")
                    .when(attribute("household_size").olderThan(Duration.ofDays(2 * 365))));
            Identity who = person("who");
            Identity fresh = person("fresh");
            Identity never = person("never");
            Instant threeYearsAgo = NOW.minus(Duration.ofDays(3 * 365));
            confirm(who, "household_size", Value.of(4), threeYearsAgo);
            confirm(fresh, "household_size", Value.of(2), NOW.minus(Duration.ofDays(365)));
            signup(never);

            assertTrue(isIn(who, "stale_household"));
            assertFalse(isIn(fresh, "stale_household"));
            assertFalse(isIn(never, "stale_household"), "an unknown attribute is not stale, it is missing");

            IngestResult r = confirm(who, "household_size", Value.of(4));
            assertEquals(Set.of("stale_household"), r.exited());
            assertFalse(isIn(who, "stale_household"));
        }

        @Test
        @DisplayName("S20 an attribute becomes stale as time passes, seen by resegment without new events")
        void olderThanAsTimePasses() {
            define(Segment.named("stale_household")
                    .when(attribute("household_size").olderThan(Duration.ofDays(365))));
            Identity who = person("who");
            confirm(who, "household_size", Value.of(4), NOW.minus(Duration.ofDays(364)));
            assertFalse(isIn(who, "stale_household"));

            clock.advance(Duration.ofDays(1));
            assertFalse(isIn(who, "stale_household"), "exactly the age is not older than the age");
            clock.advance(Duration.ofMillis(1));
            assertTrue(isIn(who, "stale_household"));
            ResegmentationReport report = engine.resegment();
            assertEquals(1L, report.entered().get("stale_household"));
        }

        @Test
        @DisplayName("S20 an older confirmation does not overwrite a newer one")
        void olderConfirmationIgnored() {
            define(Segment.named("stale_household")
                    .when(attribute("household_size").olderThan(Duration.ofDays(2 * 365))));
            Identity who = person("who");
            confirm(who, "household_size", Value.of(4), NOW.minus(Duration.ofDays(10)));
            confirm(who, "household_size", Value.of(3), NOW.minus(Duration.ofDays(3 * 365)));
            assertFalse(isIn(who, "stale_household"));
        }
    }

    // ---------------------------------------------------------------- features

    @Nested
    @DisplayName("feature comparisons")
    class FeatureComparisons {

        @Test
        @DisplayName("count: two purchases in 30 days; the older one leaves the window")
        void count() {
            define(Segment.named("repeat_buyers")
                    .when(Features.count(EventType.PURCHASE).within(Window.days(30)).atLeast(2)));
            Identity who = person("who");
            purchase(who, NOW.minus(Duration.ofDays(20)), Origin.WEB, "tv", 500);
            assertFalse(isIn(who, "repeat_buyers"));
            IngestResult r = purchase(who, NOW, Origin.WEB, "tv", 300);
            assertEquals(Set.of("repeat_buyers"), r.entered());

            clock.advance(Duration.ofDays(10));
            assertFalse(isIn(who, "repeat_buyers"), "the first purchase is 30 days old");
            assertEquals(1L, engine.resegment().exited().get("repeat_buyers"));
        }

        @Test
        @DisplayName("count: a late event of an earlier day still counts")
        void countLateEvent() {
            define(Segment.named("repeat_buyers")
                    .when(Features.count(EventType.PURCHASE).within(Window.days(30)).atLeast(2)));
            Identity who = person("who");
            purchase(who, NOW.minus(Duration.ofDays(1)), Origin.WEB, "tv", 500);
            IngestResult r = purchase(who, NOW.minus(Duration.ofDays(5)), Origin.STORE, "tv", 300);
            assertEquals(Set.of("repeat_buyers"), r.entered());
            assertEquals(2.0, engine.customer(who).orElseThrow().features().get("count(purchase) over 30d"));
        }

        @Test
        @DisplayName("sum of line amounts in a category")
        void sum() {
            define(Segment.named("big_tv_spenders").when(Features.sum(EventType.PURCHASE, "line.amount")
                    .where("line.category", "tv").within(Window.days(365)).atLeast(1000)));
            Identity who = person("who");
            ingest(event(EventType.PURCHASE, who, NOW).line("tv-1", "tv", 400, 2).line("wm-1", "washing_machines", 900, 1));
            assertFalse(isIn(who, "big_tv_spenders"), "800 on TVs; the washing machine does not count");
            ingest(event(EventType.PURCHASE, who, NOW).line("tv-2", "tv", 200, 1));
            assertTrue(isIn(who, "big_tv_spenders"));
        }

        @Test
        @DisplayName("a zero price sent as -0.0 is zero: it is not below 0 and equals 0")
        void negativeZeroFeatureValue() {
            define(Segment.named("below_zero").when(Features.min(EventType.PURCHASE, "line.price").lessThan(0)),
                    Segment.named("free_item").when(Features.min(EventType.PURCHASE, "line.price").equalTo(0)));
            Identity who = person("who");
            IngestResult r = ingest(event(EventType.PURCHASE, who, NOW).line("gift", "tv", -0.0, 1));
            assertEquals(Set.of("free_item"), r.entered());
            assertTrue(isIn(who, "free_item"));
            assertFalse(isIn(who, "below_zero"));
        }

        @Test
        @DisplayName("daysSince: lapsed buyers bought more than 60 days ago; none bought is no value")
        void daysSince() {
            define(Segment.named("lapsed").when(Features.daysSince(EventType.PURCHASE).greaterThan(60)),
                    Segment.named("not_recent").when(not(Features.daysSince(EventType.PURCHASE).atMost(60))));
            Identity buyer = person("buyer");
            Identity never = person("never");
            purchase(buyer, NOW.minus(Duration.ofDays(30)), Origin.STORE, "tv", 100);
            signup(never);
            assertEquals(Set.of(), segmentsOf(buyer));
            assertEquals(Set.of("not_recent"), segmentsOf(never), "no purchase: daysSince has no value");

            clock.advance(Duration.ofDays(31));
            assertEquals(Set.of("lapsed", "not_recent"), segmentsOf(buyer));
            purchase(buyer, clock.instant(), Origin.WEB, "tv", 100);
            assertEquals(Set.of(), segmentsOf(buyer));
        }

        @Test
        @DisplayName("S17 omnichannel customers used two or more channels in 90 days")
        void channelsUsed() {
            define(Segment.named("omnichannel").when(Features.channelsUsed(Window.days(90)).atLeast(2)));
            Identity who = person("who");
            Identity webOnly = person("web-only");
            purchase(who, NOW.minus(Duration.ofDays(5)), Origin.WEB, "tv", 100);
            purchase(who, NOW.minus(Duration.ofDays(3)), Origin.WEB, "tv", 100);
            assertFalse(isIn(who, "omnichannel"), "two events from one channel");
            IngestResult r = ingest(event(EventType.STORE_VISIT, who, NOW).origin(Origin.STORE).property("store", "oslo"));
            assertEquals(Set.of("omnichannel"), r.entered());
            purchase(webOnly, NOW, Origin.WEB, "tv", 100);
            ingest(event(EventType.PRODUCT_VIEW, webOnly, NOW).property("sku", "x").property("category", "tv"));
            assertFalse(isIn(webOnly, "omnichannel"));

            clock.advance(Duration.ofDays(86));
            assertTrue(isIn(who, "omnichannel"));
            clock.advance(Duration.ofDays(1));
            assertFalse(isIn(who, "omnichannel"), "the web purchases left the 90-day window");
        }

        @Test
        @DisplayName("S19 price tier is per category: a premium TV buyer is BUDGET for washing machines")
        void priceTierPerCategory() {
            define(Definitions.builder()
                    .priceRange("tv", 100, 10_000)
                    .priceRange("washing_machines", 200, 2_000)
                    .segment(Segment.named("premium_tv").when(Features.priceTier(Category.of("tv")).is(Tier.PREMIUM)))
                    .segment(Segment.named("mid_tv").when(Features.priceTier(Category.of("tv")).is(Tier.MID)))
                    .segment(Segment.named("budget_tv").when(Features.priceTier(Category.of("tv")).is(Tier.BUDGET)))
                    .segment(Segment.named("premium_wm")
                            .when(Features.priceTier(Category.of("washing_machines")).is(Tier.PREMIUM)))
                    .segment(Segment.named("budget_wm")
                            .when(Features.priceTier(Category.of("washing_machines")).is(Tier.BUDGET)))
                    .build());
            Identity who = person("who");
            Identity tvOnly = person("tv-only");
            ingest(event(EventType.PURCHASE, who, NOW).line("tv-oled", "tv", 9_000, 1)
                    .line("wm-basic", "washing_machines", 250, 1));
            purchase(tvOnly, NOW, Origin.WEB, "tv", 5_000);

            assertEquals(Set.of("premium_tv", "budget_wm"), segmentsOf(who));
            assertEquals(Set.of("mid_tv"), segmentsOf(tvOnly), "no washing machine bought: no tier there");
        }

        @Test
        @DisplayName("S19 price tier boundaries: a third of the range is MID, two thirds PREMIUM, the max PREMIUM")
        void priceTierBoundaries() {
            define(Definitions.builder()
                    .priceRange("tv", 0, 3_000)
                    .segment(Segment.named("premium").when(Features.priceTier(Category.of("tv")).is(Tier.PREMIUM)))
                    .segment(Segment.named("mid").when(Features.priceTier(Category.of("tv")).is(Tier.MID)))
                    .segment(Segment.named("budget").when(Features.priceTier(Category.of("tv")).is(Tier.BUDGET)))
                    .build());
            Identity cheap = person("cheap");
            Identity third = person("third");
            Identity twoThirds = person("two-thirds");
            Identity top = person("top");
            purchase(cheap, NOW, Origin.WEB, "tv", 999);
            purchase(third, NOW, Origin.WEB, "tv", 1_000);
            purchase(twoThirds, NOW, Origin.WEB, "tv", 2_000);
            purchase(top, NOW, Origin.WEB, "tv", 5_000);
            assertEquals(Set.of("budget"), segmentsOf(cheap));
            assertEquals(Set.of("mid"), segmentsOf(third));
            assertEquals(Set.of("premium"), segmentsOf(twoThirds));
            assertEquals(Set.of("premium"), segmentsOf(top));
        }
    }

    // ---------------------------------------------------------------- segments

    @Test
    @DisplayName("inSegment and not inSegment chain over 3 levels, both ways")
    void segmentChains() {
        define(Segment.named("members").when(attribute("club").is(true)),
                Segment.named("active_members").when(allOf(inSegment("members"),
                        Features.count(EventType.PURCHASE).within(Window.days(90)).atLeast(1))),
                Segment.named("sleeping_members").when(allOf(inSegment("members"), not(inSegment("active_members")))),
                Segment.named("wake_up").when(allOf(inSegment("sleeping_members"), not(inSegment("outsiders")))),
                Segment.named("outsiders").when(not(inSegment("members"))));
        Identity who = person("who");

        assertEquals(Set.of("outsiders"), signup(who).entered());
        IngestResult joined = confirm(who, "club", Value.of(true));
        assertEquals(Set.of("members", "sleeping_members", "wake_up"), joined.entered());
        assertEquals(Set.of("outsiders"), joined.exited());

        IngestResult bought = purchase(who, NOW, Origin.WEB, "tv", 100);
        assertEquals(Set.of("active_members"), bought.entered());
        assertEquals(Set.of("sleeping_members", "wake_up"), bought.exited());
        assertTrue(isIn(who, "active_members"));
        assertFalse(isIn(who, "wake_up"));

        clock.advance(Duration.ofDays(90));
        assertEquals(Set.of("members", "sleeping_members", "wake_up"), segmentsOf(who));
        clock.advance(Duration.ofDays(1));
        IngestResult left = ingest(event(EventType.ATTRIBUTE_CORRECTED, who, clock.instant()).origin(Origin.STORE)
                .property("attribute", "club").property("value", false));
        assertEquals(Set.of("outsiders"), left.entered());
        // changes are relative to the stored membership, last stored when the purchase was ingested
        assertEquals(Set.of("members", "active_members"), left.exited());
        assertEquals(Set.of("outsiders"), segmentsOf(who));
    }

    // ---------------------------------------------------------------- consent

    @Nested
    @DisplayName("consent")
    class Consents {

        private Event.Builder consent(Identity who, Instant at, String channel, String purpose, boolean granted) {
            return event(EventType.CONSENT_CHANGE, who, at).property("channel", channel).property("purpose", purpose)
                    .property("granted", granted);
        }

        @Test
        @DisplayName("S24 consent granted, then withdrawn by message_unsubscribed")
        void unsubscribeWithdraws() {
            define(Segment.named("email_marketing").when(hasConsent(Channel.EMAIL, Purpose.MARKETING)),
                    Segment.named("sms_marketing").when(hasConsent(Channel.SMS, Purpose.MARKETING)));
            Identity who = person("who");
            signup(who);
            assertEquals(Set.of(), segmentsOf(who), "no answer is no consent");

            IngestResult granted = ingest(consent(who, NOW, "email", "marketing", true));
            assertEquals(Set.of("email_marketing"), granted.entered());
            ingest(consent(who, NOW, "sms", "marketing", true));

            clock.advance(Duration.ofMinutes(5));
            IngestResult unsubscribed = ingest(event(EventType.MESSAGE_UNSUBSCRIBED, who, clock.instant())
                    .origin(Origin.SYSTEM).property("message_id", "m-1").property("channel", "email"));
            assertEquals(Set.of("email_marketing"), unsubscribed.exited());
            assertEquals(Set.of("sms_marketing"), segmentsOf(who));
        }

        @Test
        @DisplayName("S24 consent granted, then withdrawn by consent_change; per channel and purpose")
        void consentChangeWithdraws() {
            define(Segment.named("email_marketing").when(hasConsent(Channel.EMAIL, Purpose.MARKETING)),
                    Segment.named("email_service").when(hasConsent(Channel.EMAIL, Purpose.SERVICE)));
            Identity who = person("who");
            ingest(consent(who, NOW, "email", "marketing", true));
            ingest(consent(who, NOW, "email", "service", true));
            assertEquals(Set.of("email_marketing", "email_service"), segmentsOf(who));

            IngestResult withdrawn = ingest(consent(who, NOW.plusSeconds(1), "email", "marketing", false));
            assertEquals(Set.of("email_marketing"), withdrawn.exited());
            assertEquals(Set.of("email_service"), segmentsOf(who));

            // an older "yes" arriving late does not undo the withdrawal
            ingest(consent(who, NOW.minusSeconds(60), "email", "marketing", true));
            assertEquals(Set.of("email_service"), segmentsOf(who));
        }

        @Test
        @DisplayName("S24 a withdrawal at the same moment as a grant wins")
        void withdrawalWinsTies() {
            define(Segment.named("email_marketing").when(hasConsent(Channel.EMAIL, Purpose.MARKETING)));
            Identity who = person("who");
            ingest(consent(who, NOW, "email", "marketing", false));
            ingest(consent(who, NOW, "email", "marketing", true));
            assertFalse(isIn(who, "email_marketing"));
        }
    }

    // ---------------------------------------------------------------- preferences

    @Test
    @DisplayName("S21 declared interest and disinterest via preference_declared; the newest declaration counts")
    void declaredInterest() {
        define(Segment.named("garden_fans").when(interestedIn("garden")),
                Segment.named("no_garden").when(notInterestedIn("garden")),
                Segment.named("garden_ok").when(not(notInterestedIn("garden"))));
        Identity who = person("who");
        signup(who);
        assertEquals(Set.of("garden_ok"), segmentsOf(who), "nothing declared");

        IngestResult interested = ingest(event(EventType.PREFERENCE_DECLARED, who, NOW)
                .property("category", "garden").property("interest", "interested"));
        assertEquals(Set.of("garden_fans"), interested.entered());
        assertEquals(Set.of("garden_fans", "garden_ok"), segmentsOf(who));

        IngestResult notForMe = ingest(event(EventType.PREFERENCE_DECLARED, who, NOW.plusSeconds(1))
                .property("category", "garden").property("interest", "not_interested"));
        assertEquals(Set.of("no_garden"), notForMe.entered());
        assertEquals(Set.of("garden_fans", "garden_ok"), notForMe.exited());

        ingest(event(EventType.PREFERENCE_DECLARED, who, NOW).property("category", "tv").property("interest", "interested"));
        assertEquals(Set.of("no_garden"), segmentsOf(who), "another category changes nothing here");
    }

    // ---------------------------------------------------------------- nesting

    @Test
    @DisplayName("not(anyOf(...)) holds only when no part holds")
    void notAnyOf() {
        define(Segment.named("quiet").when(not(anyOf(attribute("gender").is("female"),
                attribute("household_size").is(Operator.GE, 4), hasConsent(Channel.EMAIL, Purpose.MARKETING)))));
        Identity none = person("none");
        Identity female = person("female");
        Identity big = person("big");
        Identity male = person("male");
        signup(none);
        confirm(female, "gender", Value.of("female"));
        confirm(big, "household_size", Value.of(5));
        confirm(male, "gender", Value.of("male"));
        confirm(male, "household_size", Value.of(2));

        assertTrue(isIn(none, "quiet"));
        assertFalse(isIn(female, "quiet"));
        assertFalse(isIn(big, "quiet"));
        assertTrue(isIn(male, "quiet"));
        IngestResult r = ingest(event(EventType.CONSENT_CHANGE, male, NOW).property("channel", "email")
                .property("purpose", "marketing").property("granted", true));
        assertEquals(Set.of("quiet"), r.exited());
    }

    @Test
    @DisplayName("anyOf inside allOf: every part of the and, any part of each or")
    void anyOfInsideAllOf() {
        define(Segment.named("target").when(allOf(
                anyOf(attribute("gender").is("female"), attribute("gender").is("other")),
                anyOf(interestedIn("garden"), attribute("has_balcony").is(true)),
                not(notInterestedIn("tv")))));
        Identity a = person("a");
        Identity b = person("b");
        Identity c = person("c");
        Identity d = person("d");
        confirm(a, "gender", Value.of("female"));
        confirm(a, "has_balcony", Value.of(true));
        confirm(b, "gender", Value.of("other"));
        ingest(event(EventType.PREFERENCE_DECLARED, b, NOW).property("category", "garden").property("interest", "interested"));
        confirm(c, "gender", Value.of("male"));
        confirm(c, "has_balcony", Value.of(true));
        confirm(d, "gender", Value.of("female"));

        assertTrue(isIn(a, "target"));
        assertTrue(isIn(b, "target"));
        assertFalse(isIn(c, "target"), "first or fails");
        assertFalse(isIn(d, "target"), "second or fails");

        IngestResult r = ingest(event(EventType.PREFERENCE_DECLARED, a, NOW).property("category", "tv")
                .property("interest", "not_interested"));
        assertEquals(Set.of("target"), r.exited());
    }

    @Test
    @DisplayName("not over allOf over anyOf over not: De Morgan through three levels")
    void deepNesting() {
        // not( (gender == female or not present household_size) and not(balcony == true) )
        define(Segment.named("deep").when(not(allOf(
                anyOf(attribute("gender").is("female"), not(attribute("household_size").present())),
                not(attribute("has_balcony").is(true))))));
        Identity femaleNoBalcony = person("f-nb");
        Identity femaleBalcony = person("f-b");
        Identity maleSized = person("m-s");
        Identity nothing = person("nothing");
        confirm(femaleNoBalcony, "gender", Value.of("female"));
        confirm(femaleBalcony, "gender", Value.of("female"));
        confirm(femaleBalcony, "has_balcony", Value.of(true));
        confirm(maleSized, "gender", Value.of("male"));
        confirm(maleSized, "household_size", Value.of(3));
        signup(nothing);

        assertFalse(isIn(femaleNoBalcony, "deep"));
        assertTrue(isIn(femaleBalcony, "deep"));
        assertTrue(isIn(maleSized, "deep"));
        assertFalse(isIn(nothing, "deep"), "no household size and no balcony: the and holds");
    }

    @Test
    @DisplayName("the same segment condition on both sides of a not referring to the same or")
    void sharedOrUnderNot() {
        define(Segment.named("fans").when(anyOf(interestedIn("garden"), interestedIn("tv"))),
                Segment.named("fans_with_consent").when(allOf(inSegment("fans"),
                        anyOf(hasConsent(Channel.EMAIL, Purpose.MARKETING), hasConsent(Channel.SMS, Purpose.MARKETING)))),
                Segment.named("fans_without_consent").when(allOf(inSegment("fans"), not(inSegment("fans_with_consent")))));
        Identity who = person("who");
        ingest(event(EventType.PREFERENCE_DECLARED, who, NOW).property("category", "tv").property("interest", "interested"));
        assertEquals(Set.of("fans", "fans_without_consent"), segmentsOf(who));
        ingest(event(EventType.CONSENT_CHANGE, who, NOW).property("channel", "sms").property("purpose", "marketing")
                .property("granted", true));
        assertEquals(Set.of("fans", "fans_with_consent"), segmentsOf(who));
    }
}
