package io.relevans.program;

import static io.relevans.definition.Conditions.inSegment;
import static io.relevans.definition.Conditions.interestedIn;
import static io.relevans.definition.Conditions.not;
import static io.relevans.program.ScenarioKit.START;
import static io.relevans.program.ScenarioKit.email;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.IngestResult;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Purpose;
import io.relevans.customer.Value;
import io.relevans.definition.Binding;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Features;
import io.relevans.definition.Operator;
import io.relevans.definition.Program;
import io.relevans.definition.Reentry;
import io.relevans.definition.Segment;
import io.relevans.definition.Step;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.definition.Window;
import io.relevans.event.EventType;
import io.relevans.spi.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Programs around service: reviews, surveys, onboarding, complaints, consent. */
class ServiceScenariosTest extends ScenarioTest {

    // S11 ---------------------------------------------------------------------------------------------

    static Definitions reviews() {
        return Definitions.builder()
                .segment(Segment.named("unhappy_reviewers").when(Features.count(EventType.REVIEW)
                        .where("rating", Operator.LE, 2).within(Window.days(90)).atLeast(1)))
                .program(Program.named("review_request").describedAs("S11: ask for a review a week after buying")
                        .on(Trigger.event(EventMatch.of(EventType.PURCHASE)))
                        .steps(Steps.wait("use_it", Duration.ofDays(7)),
                                ScenarioKit.ask("ask", Step.Question.REVIEW, "", ChannelChoice.preferred(Channel.EMAIL),
                                        "review_request", Map.of("sku", Binding.trigger("line.sku")))).build())
                .program(Program.named("store_review").describedAs("S11: ask how the store visit was")
                        .on(Trigger.event(EventMatch.of(EventType.STORE_VISIT)))
                        .steps(Steps.wait("get_home", Duration.ofHours(2)),
                                ScenarioKit.ask("ask", Step.Question.REVIEW, "", ChannelChoice.preferred(Channel.EMAIL),
                                        "store_review", Map.of("store", Binding.trigger("store")))).build())
                .program(Program.named("low_rating_care").describedAs("S11: follow up a low rating")
                        .on(Trigger.entered("unhappy_reviewers")).purpose(Purpose.SERVICE)
                        .steps(Steps.send("reach_out", ChannelChoice.preferred(Channel.EMAIL), "care")
                                .with("sku", Binding.trigger("sku")).build()).build())
                .build();
    }

    @Test
    @DisplayName("S11 reviews: asked after a purchase and after a store visit; a low rating reaches the segment and its program")
    void reviews_askedAndLowRatingFlowsBack() {
        ScenarioKit kit = new ScenarioKit(definitions("s11-reviews", () -> reviews()));
        CustomerId eva = kit.customer("eva");
        CustomerId finn = kit.customer("finn");
        for (String who : List.of("eva", "finn")) {
            kit.purchase(who, "tv-55", "tv", 8999);
            kit.at(EventType.STORE_VISIT, email(who), b -> b.property("store", "oslo-city"));
        }
        kit.advance(Duration.ofHours(2));
        Message store = kit.sentOf(eva, "store_review").get(0);
        assertEquals(Map.of("question", Value.of("review"), "store", Value.of("oslo-city")), store.data());
        assertEquals(Purpose.SURVEYS, store.purpose());
        assertEquals(List.of(), kit.sentOf(eva, "review_request"));
        kit.advance(Duration.ofDays(7));
        Message product = kit.sentOf(eva, "review_request").get(0);
        assertEquals(Map.of("question", Value.of("review"), "sku", Value.of("tv-55")), product.data());
        assertEquals(4, kit.email.delivered().size());

        IngestResult low = kit.at(EventType.REVIEW, email("eva"), b -> b.property("rating", 2).property("sku", "tv-55"));
        IngestResult high = kit.at(EventType.REVIEW, email("finn"), b -> b.property("rating", 5).property("sku", "tv-55"));
        assertEquals(Set.of("unhappy_reviewers"), low.entered());
        assertEquals(Set.of(), high.entered());
        kit.engine.tick();
        Message care = kit.sentOf(eva, "low_rating_care").get(0);
        assertEquals(Value.of("tv-55"), care.data().get("sku"));
        assertEquals(List.of(), kit.sentOf(finn, "low_rating_care"));
    }

    // S12 ---------------------------------------------------------------------------------------------

    @Test
    @DisplayName("S12 satisfaction survey right after a support contact needs consent for surveys, not marketing")
    void survey_needsSurveyConsent() {
        Program survey = Program.named("support_survey").describedAs("S12: how satisfied were you?")
                .on(Trigger.event(EventMatch.of(EventType.SUPPORT_CONTACT)))
                .steps(ScenarioKit.ask("ask", Step.Question.SATISFACTION, "", ChannelChoice.preferred(Channel.EMAIL,
                        Channel.SMS), "satisfaction", Map.of("case_id", Binding.trigger("case_id"))))
                .build();
        ScenarioKit kit = new ScenarioKit(definitions("s12-survey",
                () -> Definitions.builder().program(survey).build()));
        CustomerId glad = kit.customer("glad");
        CustomerId mark = kit.customer("mark", List.of("email", "sms"), List.of("marketing"));
        for (String who : List.of("glad", "mark")) {
            kit.at(EventType.SUPPORT_CONTACT, email(who), b -> b.property("topic", "delivery").property("case_id", "c-1"));
        }
        kit.engine.tick();
        Message asked = kit.sentOf(glad, "support_survey").get(0);
        assertEquals(START, asked.decidedAt(), "right after the contact");
        assertEquals(Map.of("question", Value.of("satisfaction"), "case_id", Value.of("c-1")), asked.data());
        assertEquals(Purpose.SURVEYS, asked.purpose());
        assertEquals(Channel.EMAIL, asked.channel().orElseThrow());
        assertEquals("no usable channel (email: no consent for surveys; sms: no consent for surveys)",
                kit.onlyReason(mark, "support_survey"));
        assertEquals(List.of(), kit.deliveredTo(kit.email, "mark"));
        assertEquals(List.of(), kit.sms.delivered());
    }

    // S23 ---------------------------------------------------------------------------------------------

    static Definitions serviceAndSales() {
        EventMatch tvPurchase = EventMatch.of(EventType.PURCHASE).where("line.category", "tv");
        return Definitions.builder()
                .segment(Segment.named("recent_complainers")
                        .when(Features.count(EventType.COMPLAINT).within(Window.days(30)).atLeast(1)))
                .program(Program.named("tv_onboarding").describedAs("S23: confirm the choice and help getting started")
                        .on(Trigger.event(tvPurchase)).purpose(Purpose.SERVICE)
                        .steps(Steps.wait("unpack", Duration.ofDays(1)),
                                Steps.send("welcome_tv", ChannelChoice.preferred(Channel.EMAIL), "onboarding")
                                        .with("sku", Binding.trigger("line.sku")).build())
                        .build())
                .program(Program.named("complaint_care").describedAs("S23: a complaint opens a case and a care message")
                        .on(Trigger.event(EventMatch.of(EventType.COMPLAINT))).purpose(Purpose.SERVICE).priority(100)
                        .steps(ScenarioKit.call("open_case", "create_service_case",
                                        Map.of("sku", Binding.trigger("sku"), "reason", Binding.trigger("reason"))),
                                Steps.send("we_care", ChannelChoice.preferred(Channel.EMAIL), "care")
                                        .with("sku", Binding.trigger("sku")).build())
                        .build())
                .program(Program.named("tv_accessories").describedAs("S23: sell accessories, not to complaining customers")
                        .on(Trigger.event(tvPurchase)).promotes("soundbars")
                        .audience(not(inSegment("recent_complainers")))
                        .exitOn(EventMatch.of(EventType.COMPLAINT))
                        .steps(Steps.wait("settle_in", Duration.ofDays(3)),
                                Steps.send("suggest", ChannelChoice.preferred(Channel.EMAIL), "cross_sell").build())
                        .build())
                .build();
    }

    @Test
    @DisplayName("S23 onboarding confirms the choice; a complaint opens a service case, sends care and ends the sales program")
    void complaint_startsCare_endsSales() {
        ScenarioKit kit = new ScenarioKit(definitions("s23-service-and-sales", () -> serviceAndSales()));
        CustomerId hans = kit.customer("hans");
        kit.purchase("hans", "tv-55", "tv", 8999);
        kit.advance(Duration.ofDays(1));
        Message onboarding = kit.sentOf(hans, "tv_onboarding").get(0);
        assertEquals(Purpose.SERVICE, onboarding.purpose());
        assertEquals(Value.of("tv-55"), onboarding.data().get("sku"));

        kit.advance(Duration.ofDays(1));
        kit.at(EventType.COMPLAINT, email("hans"), b -> b.property("reason", "dead pixels").property("sku", "tv-55"));
        assertEquals(List.of(new ScenarioKit.ActionCall("create_service_case", hans,
                Map.of("sku", Value.of("tv-55"), "reason", Value.of("dead pixels")))), kit.actions);
        assertEquals("exit: complaint after the trigger", kit.onlyReason(hans, "tv_accessories"));
        assertTrue(kit.engine.waiting(hans).isEmpty(), kit.engine.waiting(hans).toString());
        kit.engine.tick();
        assertEquals(1, kit.sentOf(hans, "complaint_care").size());
        kit.advance(Duration.ofDays(5));
        assertEquals(List.of(), kit.sentOf(hans, "tv_accessories"));
        assertEquals(List.of("onboarding", "care"), kit.deliveredTo(kit.email, "hans").stream()
                .map(m -> m.subject().split(" ")[0]).toList());
    }

    @Test
    @DisplayName("S23 a recent complaint blocks the sales program for the next purchase; service still onboards")
    void recentComplaint_blocksSalesStart() {
        ScenarioKit kit = new ScenarioKit(definitions("s23-service-and-sales", () -> serviceAndSales()));
        CustomerId ida = kit.customer("ida");
        kit.at(EventType.COMPLAINT, email("ida"), b -> b.property("reason", "late delivery"));
        kit.advance(Duration.ofDays(1));
        kit.purchase("ida", "tv-65", "tv", 12999);
        kit.advance(Duration.ofDays(4));
        assertEquals(1, kit.sentOf(ida, "tv_onboarding").size());
        assertEquals(List.of(), kit.messages(ida).stream().filter(m -> m.program().equals("tv_accessories")).toList(),
                "not started at all");
        kit.advance(Duration.ofDays(30));
        kit.purchase("ida", "tv-32", "tv", 3999);
        kit.advance(Duration.ofDays(3));
        assertEquals(1, kit.sentOf(ida, "tv_accessories").size(), "after 30 days the customer is welcome again");
    }

    // S24 ---------------------------------------------------------------------------------------------

    @Test
    @DisplayName("S24 a complaint stops a running marketing program at once")
    void complaint_stopsRunningMarketing() {
        Program cart = Program.named("abandoned_cart").on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                .exitOn(EventMatch.of(EventType.PURCHASE)).exitOn(EventMatch.of(EventType.COMPLAINT))
                .reentry(Reentry.RESTART)
                .steps(Steps.wait("wait", Duration.ofHours(4)),
                        Steps.send("remind", ChannelChoice.preferred(Channel.EMAIL), "cart_reminder").withLines().build())
                .build();
        ScenarioKit kit = new ScenarioKit(definitions("s24-complaint-stops-cart",
                () -> Definitions.builder().program(cart).build()));
        CustomerId jon = kit.customer("jon");
        kit.at(EventType.CART_CHANGE, email("jon"), b -> b.line("tv-55", "tv", 8999, 1));
        kit.advance(Duration.ofHours(1));
        kit.at(EventType.COMPLAINT, email("jon"), b -> b.property("reason", "rude staff"));
        assertEquals(List.of(), kit.engine.waiting(jon));
        kit.advance(Duration.ofHours(5));
        assertEquals(List.of(), kit.email.delivered());
        assertEquals("exit: complaint after the trigger", kit.onlyReason(jon, "abandoned_cart"));
    }

    @Test
    @DisplayName("S24 withdrawing SMS marketing consent stops SMS; email and SMS surveys are still allowed")
    void smsConsentWithdrawn_emailStillAllowed() {
        Program offer = Program.named("sms_offer").on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW)))
                .promotes("tv").highRelevance(interestedIn("tv"))
                .steps(Steps.send("offer", ChannelChoice.preferred(Channel.SMS, Channel.EMAIL), "sms_offer").build())
                .build();
        Program smsOnly = Program.named("sms_flash").on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW)))
                .promotes("tv").highRelevance(interestedIn("tv"))
                .steps(Steps.send("flash", ChannelChoice.of(Channel.SMS), "offer").build())
                .build();
        Program survey = Program.named("sms_survey").on(Trigger.event(EventMatch.of(EventType.SUPPORT_CONTACT)))
                // SMS is intimate for every purpose: a survey right after a contact is relevant enough
                .highRelevance(Features.count(EventType.SUPPORT_CONTACT).within(Window.days(1)).atLeast(1))
                .steps(ScenarioKit.ask("ask", Step.Question.SATISFACTION, "", ChannelChoice.of(Channel.SMS),
                        "satisfaction", Map.of()))
                .build();
        ScenarioKit kit = new ScenarioKit(definitions("s24-sms-consent",
                () -> Definitions.builder().program(offer).program(smsOnly).program(survey).build()));
        CustomerId kim = kit.customer("kim");
        kit.at(EventType.PREFERENCE_DECLARED, email("kim"), b -> b.property("category", "tv")
                .property("interest", "interested"));
        kit.view("kim", "tv-55", "tv");
        kit.engine.tick();
        assertEquals(List.of(Channel.SMS), kit.sentOf(kim, "sms_offer").stream().map(m -> m.channel().orElseThrow()).toList());
        assertEquals(1, kit.sentOf(kim, "sms_flash").size());

        kit.advance(Duration.ofHours(1));
        kit.consent("kim", "sms", "marketing", false);
        kit.view("kim", "tv-65", "tv");
        kit.at(EventType.SUPPORT_CONTACT, email("kim"), b -> b.property("topic", "billing"));
        kit.engine.tick();
        assertEquals(List.of(Channel.SMS, Channel.EMAIL),
                kit.sentOf(kim, "sms_offer").stream().map(m -> m.channel().orElseThrow()).toList());
        assertEquals("no usable channel (sms: no consent for marketing)", kit.onlyReason(kim, "sms_flash"));
        assertEquals(1, kit.sentOf(kim, "sms_survey").size(), "surveys are another purpose");
        assertEquals(3, kit.sms.delivered().size());
    }
}
