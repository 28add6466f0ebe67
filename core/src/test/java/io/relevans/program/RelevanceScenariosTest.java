package io.relevans.program;

import static io.relevans.definition.Conditions.allOf;
import static io.relevans.definition.Conditions.anyOf;
import static io.relevans.definition.Conditions.attribute;
import static io.relevans.definition.Conditions.not;
import static io.relevans.program.ScenarioKit.email;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.relevans.Offer;
import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Source;
import io.relevans.customer.Value;
import io.relevans.definition.Binding;
import io.relevans.definition.CategoryExclusion;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Condition;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Features;
import io.relevans.definition.Policies;
import io.relevans.definition.Program;
import io.relevans.definition.Steps;
import io.relevans.definition.Tier;
import io.relevans.definition.Trigger;
import io.relevans.definition.Window;
import io.relevans.event.EventType;
import io.relevans.spi.Message;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The relevance guards: no better offer, intimate channels, exclusions, price tiers, disinterest, next best offer. */
class RelevanceScenariosTest extends ScenarioTest {

    private static final EventType CAMPAIGN = EventType.of("spring_campaign");

    static Program campaign(String name, String category, String template, int priority) {
        return Program.named(name).describedAs("spring campaign for " + category)
                .on(Trigger.event(EventMatch.of(CAMPAIGN))).promotes(category).priority(priority)
                .steps(Steps.send("offer", ChannelChoice.preferred(Channel.EMAIL), template)
                        .with("category", Binding.constant(Value.of(category))).build())
                .build();
    }

    static Policies exclusions() {
        return Policies.DEFAULT
                .withExclusion(new CategoryExclusion(Category.of("party_dresses"), attribute("gender").is("male")))
                .withExclusion(new CategoryExclusion(Category.of("balcony_furniture"), attribute("has_balcony").is(false)));
    }

    // S10 ---------------------------------------------------------------------------------------------

    @Test
    @DisplayName("S10 no better offer right after a purchase: a tv offer is withheld 3 days after buying a tv, sent after 40")
    void noBetterOffer_afterRecentPurchase() {
        Program tvOffer = Program.named("tv_offer").describedAs("a price offer on tvs")
                .on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW).where("category", "tv")))
                .promotes("tv").offer()
                .steps(Steps.send("offer", ChannelChoice.preferred(Channel.EMAIL), "tv_offer").build())
                .build();
        ScenarioKit kit = new ScenarioKit(definitions("s10-no-better-offer",
                () -> Definitions.builder().program(tvOffer).build()));
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
    @DisplayName("S16 SMS only when the program's high relevance holds, else the email fallback")
    void intimateChannel_onlyWhenHighlyRelevant() {
        Program offer = Program.named("sms_offer").describedAs("tv offer, by SMS to the keenest")
                .on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW).where("category", "tv")))
                .promotes("tv")
                .highRelevance(Features.count(EventType.PRODUCT_VIEW).where("category", "tv").within(Window.days(7))
                        .atLeast(3))
                .steps(Steps.send("offer", ChannelChoice.preferred(Channel.SMS, Channel.EMAIL), "sms_offer").build())
                .build();
        ScenarioKit kit = new ScenarioKit(definitions("s16-sms-when-relevant",
                () -> Definitions.builder().program(offer).build()));
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
    @DisplayName("S16 SMS without high relevance and no email consent: suppressed, with both reasons")
    void intimateChannel_noFallback_reasons() {
        Program offer = Program.named("sms_offer").on(Trigger.event(EventMatch.of(CAMPAIGN))).promotes("tv")
                .highRelevance(Features.count(EventType.PURCHASE).atLeast(5))
                .steps(Steps.send("offer", ChannelChoice.preferred(Channel.SMS, Channel.EMAIL), "sms_offer").build())
                .build();
        ScenarioKit kit = new ScenarioKit(definitions("s16-sms-no-fallback",
                () -> Definitions.builder().program(offer).build()));
        CustomerId mona = kit.customer("mona", List.of("sms"), List.of("marketing"));
        kit.at(CAMPAIGN, email("mona"));
        assertEquals("no usable channel (sms: not relevant enough for an intimate channel; email: no consent for marketing)",
                kit.onlyReason(mona, "sms_offer"));
    }

    @Test
    @DisplayName("S16 never balcony furniture to a customer without a balcony; unknown or with a balcony is fine")
    void exclusion_noBalcony() {
        ScenarioKit kit = new ScenarioKit(definitions("s16-balcony", () -> Definitions.builder().policies(exclusions())
                .program(campaign("balcony_offer", "balcony_furniture", "balcony_offer", 1)).build()));
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
    @DisplayName("S18 a customer registered as male is not offered party dresses")
    void exclusion_gender() {
        ScenarioKit kit = new ScenarioKit(definitions("s18-party-dresses",
                () -> Definitions.builder().policies(exclusions())
                .program(campaign("dress_offer", "party_dresses", "dress_offer", 1))
                .program(campaign("tv_offer", "tv", "tv_offer", 1)).build()));
        CustomerId tom = kit.customer("tom");
        CustomerId una = kit.customer("una");
        CustomerId vic = kit.customer("vic");
        kit.confirmed("tom", "gender", Value.of("male"));
        kit.confirmed("una", "gender", Value.of("female"));
        for (String who : List.of("tom", "una", "vic")) {
            kit.at(CAMPAIGN, email(who));
        }
        kit.engine.tick();
        assertEquals("category party_dresses excluded: attribute gender == \"male\"", kit.onlyReason(tom, "dress_offer"));
        assertEquals(1, kit.sentOf(tom, "tv_offer").size(), "other categories are still fine");
        assertEquals(1, kit.sentOf(una, "dress_offer").size());
        assertEquals(1, kit.sentOf(vic, "dress_offer").size());
    }

    // S19 ---------------------------------------------------------------------------------------------

    @Test
    @DisplayName("S19 a premium tv buyer who bought a budget washer gets the budget washer program, not the premium one")
    void priceTier_perCategory() {
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
        ScenarioKit kit = new ScenarioKit(definitions("s19-price-tiers",
                () -> Definitions.builder().priceRange("tv", 2000, 30000)
                .priceRange("washing_machines", 3000, 15000).program(budget).program(premium).build()));
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
    @DisplayName("S21 'party dresses are not for me' suppresses them in every program and channel, and in next best offers")
    void declaredNotInterested_everywhere() {
        Program dressSms = Program.named("dress_sms").describedAs("dresses by SMS to who looked at them")
                .on(Trigger.event(EventMatch.of(CAMPAIGN))).promotes("party_dresses").priority(2)
                .highRelevance(Features.count(EventType.PRODUCT_VIEW).where("category", "party_dresses")
                        .within(Window.days(30)).atLeast(1))
                .steps(Steps.send("offer", ChannelChoice.of(Channel.SMS), "sms_offer").build())
                .build();
        ScenarioKit kit = new ScenarioKit(definitions("s21-not-interested", () -> Definitions.builder()
                .program(campaign("dress_offer", "party_dresses", "dress_offer", 3)).program(dressSms)
                .program(campaign("tv_offer", "tv", "tv_offer", 1)).build()));
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
    @DisplayName("S22 next best offers in the store: ranked by priority after the guards; a staff correction changes them at once")
    void nextBestOffer_staffCorrection() {
        Program tvOffer = Program.named("tv_offer").describedAs("tv price offer").on(Trigger.event(EventMatch.of(CAMPAIGN)))
                .promotes("tv").offer().priority(10)
                .steps(Steps.send("offer", ChannelChoice.preferred(Channel.EMAIL), "tv_offer").build()).build();
        Program news = Program.named("newsletter").on(Trigger.event(EventMatch.of(CAMPAIGN))).priority(99)
                .steps(Steps.send("news", ChannelChoice.preferred(Channel.EMAIL), "newsletter").build()).build();
        ScenarioKit kit = new ScenarioKit(definitions("s22-next-best-offer",
                () -> Definitions.builder().policies(exclusions())
                .program(tvOffer).program(news)
                .program(campaign("balcony_offer", "balcony_furniture", "balcony_offer", 20))
                .program(campaign("dress_offer", "party_dresses", "dress_offer", 30)).build()));
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
