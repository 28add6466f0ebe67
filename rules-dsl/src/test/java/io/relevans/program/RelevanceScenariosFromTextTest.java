package io.relevans.program;

import static io.relevans.definition.Conditions.allOf;
import static io.relevans.definition.Conditions.anyOf;
import static io.relevans.definition.Conditions.not;
import static io.relevans.program.ScenarioKit.email;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.relevans.Offer;
import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Source;
import io.relevans.customer.Value;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Condition;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Features;
import io.relevans.definition.Program;
import io.relevans.definition.Steps;
import io.relevans.definition.Tier;
import io.relevans.definition.Trigger;
import io.relevans.definition.Window;
import io.relevans.dsl.ParseResult;
import io.relevans.event.EventType;
import io.relevans.spi.Message;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link RelevanceScenariosTest} with its programs and policies read from text: no better offer (S10),
 * intimate channels and exclusions (S16, S18), price tiers (S19), disinterest (S21), next best offer (S22).
 */
class RelevanceScenariosFromTextTest {

    private static final EventType CAMPAIGN = EventType.of("spring_campaign");
    private static final String EXCLUSIONS = "exclusions.rel";

    // the Java-built programs that core's test builds inline --------------------------------------

    static Program tvOfferAfterViews() {
        return Program.named("tv_offer").describedAs("a price offer on tvs")
                .on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW).where("category", "tv")))
                .promotes("tv").offer()
                .steps(Steps.send("offer", ChannelChoice.preferred(Channel.EMAIL), "tv_offer").build())
                .build();
    }

    static Program smsWhenRelevant() {
        return Program.named("sms_offer").describedAs("tv offer, by SMS to the keenest")
                .on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW).where("category", "tv")))
                .promotes("tv")
                .highRelevance(Features.count(EventType.PRODUCT_VIEW).where("category", "tv").within(Window.days(7))
                        .atLeast(3))
                .steps(Steps.send("offer", ChannelChoice.preferred(Channel.SMS, Channel.EMAIL), "sms_offer").build())
                .build();
    }

    static Program smsNoFallback() {
        return Program.named("sms_offer").on(Trigger.event(EventMatch.of(CAMPAIGN))).promotes("tv")
                .highRelevance(Features.count(EventType.PURCHASE).atLeast(5))
                .steps(Steps.send("offer", ChannelChoice.preferred(Channel.SMS, Channel.EMAIL), "sms_offer").build())
                .build();
    }

    static Definitions priceTiers() {
        Category washers = Category.of("washing_machines");
        Category tv = Category.of("tv");
        Condition noWasherYet = not(Features.count(EventType.PURCHASE).where("line.category", "washing_machines")
                .atLeast(1));
        Program budget = Program.named("washer_budget").describedAs("washers for the price-conscious")
                .on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW).where("category", "washing_machines")))
                .promotes("washing_machines").priority(1)
                .audience(anyOf(Features.priceTier(washers).is(Tier.BUDGET),
                        allOf(noWasherYet, Features.priceTier(tv).is(Tier.BUDGET))))
                .steps(Steps.send("offer", ChannelChoice.preferred(Channel.EMAIL), "washer_offer").build())
                .build();
        Program premium = Program.named("washer_premium").describedAs("the best washers")
                .on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW).where("category", "washing_machines")))
                .promotes("washing_machines").priority(2)
                .audience(anyOf(Features.priceTier(washers).is(Tier.PREMIUM),
                        allOf(noWasherYet, Features.priceTier(tv).is(Tier.PREMIUM))))
                .steps(Steps.send("offer", ChannelChoice.preferred(Channel.EMAIL), "washer_offer").build())
                .build();
        return Definitions.builder().priceRange("tv", 2000, 30000)
                .priceRange("washing_machines", 3000, 15000).program(budget).program(premium).build();
    }

    static Definitions notInterested() {
        Program dressSms = Program.named("dress_sms").describedAs("dresses by SMS to who looked at them")
                .on(Trigger.event(EventMatch.of(CAMPAIGN))).promotes("party_dresses").priority(2)
                .highRelevance(Features.count(EventType.PRODUCT_VIEW).where("category", "party_dresses")
                        .within(Window.days(30)).atLeast(1))
                .steps(Steps.send("offer", ChannelChoice.of(Channel.SMS), "sms_offer").build())
                .build();
        return Definitions.builder()
                .program(RelevanceScenariosTest.campaign("dress_offer", "party_dresses", "dress_offer", 3))
                .program(dressSms)
                .program(RelevanceScenariosTest.campaign("tv_offer", "tv", "tv_offer", 1)).build();
    }

    static Definitions nextBestOffer() {
        Program tvOffer = Program.named("tv_offer").describedAs("tv price offer")
                .on(Trigger.event(EventMatch.of(CAMPAIGN))).promotes("tv").offer().priority(10)
                .steps(Steps.send("offer", ChannelChoice.preferred(Channel.EMAIL), "tv_offer").build()).build();
        Program news = Program.named("newsletter").on(Trigger.event(EventMatch.of(CAMPAIGN))).priority(99)
                .steps(Steps.send("news", ChannelChoice.preferred(Channel.EMAIL), "newsletter").build()).build();
        return Definitions.builder().policies(RelevanceScenariosTest.exclusions())
                .program(tvOffer).program(news)
                .program(RelevanceScenariosTest.campaign("balcony_offer", "balcony_furniture", "balcony_offer", 20))
                .program(RelevanceScenariosTest.campaign("dress_offer", "party_dresses", "dress_offer", 30)).build();
    }

    @Test
    @DisplayName("S10, S16, S18, S19, S21, S22: the text reads as the Java-built definitions")
    void textEqualsTheJavaBuiltDefinitions() {
        assertEquals(Definitions.builder().program(tvOfferAfterViews()).build(),
                ScenarioText.load("s10-no-better-offer.rel"));
        assertEquals(Definitions.builder().program(smsWhenRelevant()).build(),
                ScenarioText.load("s16-sms-when-relevant.rel"));
        assertEquals(Definitions.builder().program(smsNoFallback()).build(),
                ScenarioText.load("s16-sms-no-fallback.rel"));
        assertEquals(Definitions.builder().policies(RelevanceScenariosTest.exclusions())
                        .program(RelevanceScenariosTest.campaign("balcony_offer", "balcony_furniture",
                                "balcony_offer", 1))
                        .build(),
                ScenarioText.load(EXCLUSIONS, "s16-balcony.rel"));
        assertEquals(Definitions.builder().policies(RelevanceScenariosTest.exclusions())
                        .program(RelevanceScenariosTest.campaign("dress_offer", "party_dresses", "dress_offer", 1))
                        .program(RelevanceScenariosTest.campaign("tv_offer", "tv", "tv_offer", 1)).build(),
                ScenarioText.load(EXCLUSIONS, "s18-party-dresses.rel"));
        assertEquals(priceTiers(), priceTiersFromText());
        assertEquals(notInterested(), notInterestedFromText());
        assertEquals(nextBestOffer(), ScenarioText.load(EXCLUSIONS, "s22-next-best-offer.rel"));
    }

    /** S19 reads with one warning only: the two washer programs share trigger and category on purpose. */
    private static Definitions priceTiersFromText() {
        ParseResult r = ScenarioText.parse("s19-price-tiers.rel");
        assertEquals("s19-price-tiers.rel:15:9: warning: programs 'washer_budget' and 'washer_premium' both start "
                + "on product_view | category == \"washing_machines\" and promote washing_machines", r.report());
        return r.orThrow();
    }

    /** S21 reads with one warning only: dresses by email and by SMS on the same trigger, on purpose. */
    private static Definitions notInterestedFromText() {
        ParseResult r = ScenarioText.parse("s21-not-interested.rel");
        assertEquals("s21-not-interested.rel:10:9: warning: programs 'dress_offer' and 'dress_sms' both start on "
                + "spring_campaign and promote party_dresses", r.report());
        return r.orThrow();
    }

    // S10 ---------------------------------------------------------------------------------------------

    @Test
    @DisplayName("S10: a tv offer is withheld 3 days after buying a tv, sent after 40")
    void noBetterOffer_afterRecentPurchase() {
        ScenarioKit kit = new ScenarioKit(ScenarioText.load("s10-no-better-offer.rel"));
        CustomerId olga = kit.customer("olga");
        CustomerId per = kit.customer("per");
        kit.purchase("per", "tv-55", "tv", 8999);
        kit.advance(Duration.ofDays(37));
        kit.purchase("olga", "tv-55", "tv", 8999);
        kit.advance(Duration.ofDays(3));
        kit.view("olga", "tv-65", "tv");
        kit.view("per", "tv-65", "tv");
        kit.engine.tick();
        assertEquals("bought tv 3 day(s) ago: no better offer within 30d", kit.onlyReason(olga, "tv_offer"));
        assertEquals(List.of(), kit.offers(olga));
        assertEquals(1, kit.sentOf(per, "tv_offer").size());
        assertEquals(List.of("tv_offer"), kit.offers(per));

        kit.advance(Duration.ofDays(28));
        kit.view("olga", "tv-65", "tv");
        kit.engine.tick();
        assertEquals(1, kit.sentOf(olga, "tv_offer").size(), "31 days after the purchase offers are fine again");
    }

    // S16 ---------------------------------------------------------------------------------------------

    @Test
    @DisplayName("S16: SMS only when the program's high relevance holds, else the email fallback")
    void intimateChannel_onlyWhenHighlyRelevant() {
        ScenarioKit kit = new ScenarioKit(ScenarioText.load("s16-sms-when-relevant.rel"));
        CustomerId kari = kit.customer("kari");
        CustomerId lars = kit.customer("lars");
        kit.view("kari", "tv-55", "tv");
        for (int i = 0; i < 3; i++) {
            kit.view("lars", "tv-" + i, "tv");
            kit.advance(Duration.ofMinutes(1));
        }
        kit.engine.tick();
        assertEquals(List.of(Channel.EMAIL), channels(kit.sentOf(kari, "sms_offer")));
        assertEquals(List.of(Channel.EMAIL, Channel.EMAIL, Channel.SMS), channels(kit.sentOf(lars, "sms_offer")));
        assertEquals(1, kit.sms.delivered().size());
    }

    @Test
    @DisplayName("S16: SMS without high relevance and no email consent: suppressed, with both reasons")
    void intimateChannel_noFallback_reasons() {
        ScenarioKit kit = new ScenarioKit(ScenarioText.load("s16-sms-no-fallback.rel"));
        CustomerId mona = kit.customer("mona", List.of("sms"), List.of("marketing"));
        kit.at(CAMPAIGN, email("mona"));
        assertEquals("no usable channel (sms: not relevant enough for an intimate channel; email: no consent for "
                + "marketing)", kit.onlyReason(mona, "sms_offer"));
    }

    @Test
    @DisplayName("S16: never balcony furniture to a customer without a balcony; unknown or with a balcony is fine")
    void exclusion_noBalcony() {
        ScenarioKit kit = new ScenarioKit(ScenarioText.load(EXCLUSIONS, "s16-balcony.rel"));
        CustomerId nina = kit.customer("nina");
        CustomerId ole = kit.customer("ole");
        CustomerId pia = kit.customer("pia");
        kit.confirmed("nina", "has_balcony", Value.of(false));
        kit.confirmed("ole", "has_balcony", Value.of(true));
        for (String who : List.of("nina", "ole", "pia")) {
            kit.at(CAMPAIGN, email(who));
        }
        kit.engine.tick();
        assertEquals("category balcony_furniture excluded: attribute has_balcony == false",
                kit.onlyReason(nina, "balcony_offer"));
        assertEquals(List.of(), kit.offers(nina));
        assertEquals(1, kit.sentOf(ole, "balcony_offer").size());
        assertEquals(1, kit.sentOf(pia, "balcony_offer").size());
        assertEquals(2, kit.email.delivered().size());
    }

    // S18 ---------------------------------------------------------------------------------------------

    @Test
    @DisplayName("S18: a customer registered as male is not offered party dresses")
    void exclusion_gender() {
        ScenarioKit kit = new ScenarioKit(ScenarioText.load(EXCLUSIONS, "s18-party-dresses.rel"));
        CustomerId tom = kit.customer("tom");
        CustomerId una = kit.customer("una");
        CustomerId vic = kit.customer("vic");
        kit.confirmed("tom", "gender", Value.of("male"));
        kit.confirmed("una", "gender", Value.of("female"));
        for (String who : List.of("tom", "una", "vic")) {
            kit.at(CAMPAIGN, email(who));
        }
        kit.engine.tick();
        assertEquals("category party_dresses excluded: attribute gender == \"male\"",
                kit.onlyReason(tom, "dress_offer"));
        assertEquals(1, kit.sentOf(tom, "tv_offer").size(), "other categories are still fine");
        assertEquals(1, kit.sentOf(una, "dress_offer").size());
        assertEquals(1, kit.sentOf(vic, "dress_offer").size());
    }

    // S19 ---------------------------------------------------------------------------------------------

    @Test
    @DisplayName("S19: a premium tv buyer who bought a budget washer gets the budget washer program")
    void priceTier_perCategory() {
        ScenarioKit kit = new ScenarioKit(priceTiersFromText());
        CustomerId pia = kit.customer("pia");
        CustomerId per = kit.customer("per");
        CustomerId bo = kit.customer("bo");
        kit.purchase("pia", "tv-oled-77", "tv", 28000);
        kit.purchase("pia", "wm-basic", "washing_machines", 3500);
        kit.purchase("per", "tv-oled-77", "tv", 28000);
        kit.purchase("bo", "tv-24", "tv", 2500);
        kit.advance(Duration.ofDays(60));
        for (String who : List.of("pia", "per", "bo")) {
            kit.view(who, "wm-x", "washing_machines");
        }
        kit.engine.tick();
        assertEquals(List.of("washer_budget"), programs(kit.messages(pia)));
        assertEquals(List.of("washer_budget"), kit.offers(pia));
        assertEquals(List.of("washer_premium"), programs(kit.messages(per)), "no washer yet: the tv tier is the guess");
        assertEquals(List.of("washer_budget"), programs(kit.messages(bo)));
    }

    // S21 ---------------------------------------------------------------------------------------------

    @Test
    @DisplayName("S21: 'party dresses are not for me' suppresses them in every program and channel and in offers")
    void declaredNotInterested_everywhere() {
        ScenarioKit kit = new ScenarioKit(notInterestedFromText());
        CustomerId wenche = kit.customer("wenche");
        kit.view("wenche", "dress-red", "party_dresses");
        kit.at(CAMPAIGN, email("wenche"));
        kit.engine.tick();
        assertEquals(List.of("dress_offer", "dress_sms", "tv_offer"), kit.offers(wenche));
        assertEquals(List.of(Channel.EMAIL), channels(kit.sentOf(wenche, "dress_offer")));
        assertEquals(List.of(Channel.SMS), channels(kit.sentOf(wenche, "dress_sms")));

        kit.advance(Duration.ofDays(1));
        kit.at(EventType.PREFERENCE_DECLARED, email("wenche"), b -> b.property("category", "party_dresses")
                .property("interest", "not_interested"));
        assertEquals(List.of("tv_offer"), kit.offers(wenche));
        kit.at(CAMPAIGN, email("wenche"));
        kit.engine.tick();
        assertEquals("declared not interested in party_dresses", kit.onlyReason(wenche, "dress_offer"));
        assertEquals("declared not interested in party_dresses", kit.onlyReason(wenche, "dress_sms"));
        assertEquals(2, kit.sentOf(wenche, "tv_offer").size());
        assertEquals(1, kit.sms.delivered().size());
    }

    // S22 ---------------------------------------------------------------------------------------------

    @Test
    @DisplayName("S22: next best offers ranked by priority after the guards; a staff correction changes them at once")
    void nextBestOffer_staffCorrection() {
        ScenarioKit kit = new ScenarioKit(ScenarioText.load(EXCLUSIONS, "s22-next-best-offer.rel"));
        CustomerId xena = kit.customer("xena");
        kit.confirmed("xena", "gender", Value.of("male")); // a slip on the web form
        assertEquals(List.of("balcony_offer", "tv_offer"), kit.offers(xena));

        kit.correctedInStore("xena", "gender", Value.of("female"));
        assertEquals(Source.STAFF, kit.engine.customer(xena).orElseThrow().customer().attribute("gender")
                .orElseThrow().source());
        List<Offer> offers = kit.engine.nextBestOffers(xena);
        assertEquals(List.of("dress_offer", "balcony_offer", "tv_offer"), offers.stream().map(Offer::program).toList());
        assertEquals(List.of(30, 20, 10), offers.stream().map(Offer::priority).toList());
        assertEquals(List.of("party_dresses"), offers.get(0).categories());

        kit.correctedInStore("xena", "has_balcony", Value.of(false));
        assertEquals(List.of("dress_offer", "tv_offer"), kit.offers(xena));
        kit.purchase("xena", "tv-55", "tv", 8999);
        assertEquals(List.of("dress_offer"), kit.offers(xena));
        assertEquals(List.of(), kit.messages(xena), "asking for offers sends nothing");
    }

    private static List<Channel> channels(List<Message> messages) {
        return messages.stream().map(m -> m.channel().orElseThrow()).toList();
    }

    private static List<String> programs(List<Message> messages) {
        return messages.stream().map(Message::program).toList();
    }
}
