package io.relevans.program;

import static io.relevans.definition.Conditions.attribute;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Value;
import io.relevans.definition.CategoryExclusion;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Policies;
import io.relevans.definition.Program;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.event.EventType;
import io.relevans.spi.Delivery;
import io.relevans.spi.Message;
import io.relevans.spi.RenderedMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Guards at delivery, as a property: campaigns decided while the mail server is down wait to be retried;
 * meanwhile the customer declares interests, complains, withdraws and grants consent, buys, and staff
 * correct their gender, in random order and at random moments; the outage ends at a random point. Every
 * message the channel receives passes every guard as evaluated on the customer at the moment of
 * delivery, by a model of the customer kept from the events the test fed (not the engine's view).
 */
class GuardsAtDeliveryProperties {

    private static final EventType CAMPAIGN = EventType.of("spring_campaign");
    private static final EventType COMPLAINT = EventType.of("complaint");

    enum Op { NOT_INTERESTED_DRESSES, INTERESTED_DRESSES, NOT_INTERESTED_TENTS, COMPLAINT, WITHDRAW, GRANT, BUY_TENT,
        MALE, FEMALE, CAMPAIGN }

    record Action(int gapMinutes, Op op) {
    }

    record Script(List<Action> actions, int recoverAfter) {
    }

    @Provide
    Arbitrary<Script> scripts() {
        Arbitrary<Action> action = Combinators.combine(Arbitraries.integers().between(1, 180),
                Arbitraries.of(Op.class)).as(Action::new);
        return action.list().ofMinSize(1).ofMaxSize(10)
                .flatMap(actions -> Arbitraries.integers().between(0, actions.size()).map(k -> new Script(actions, k)));
    }

    private static Program campaign(String name, String category, boolean offer) {
        Program.Builder b = Program.named(name).on(Trigger.event(EventMatch.of(CAMPAIGN))).promotes(category)
                .exitOn(EventMatch.of(COMPLAINT)).reentry(io.relevans.definition.Reentry.WHEN_DONE)
                .steps(Steps.send("offer", ChannelChoice.of(Channel.EMAIL), "dress_offer").build());
        return (offer ? b.offer() : b).build();
    }

    /** The customer as the test fed them. */
    private static final class Model {
        boolean consent = true;
        boolean male;
        boolean dressesNot;
        boolean tentsNot;
        Instant tentBought;
        final List<Instant> complaints = new ArrayList<>();

        /** Why the message must not be delivered now, or null. */
        String broken(Message m, Instant now) {
            if (!consent) {
                return "no consent";
            }
            if (complaints.stream().anyMatch(c -> c.isAfter(m.decidedAt()) && !c.isAfter(now))) {
                return "exit event since the decision";
            }
            if (m.program().equals("dress_offer") && (dressesNot || male)) {
                return dressesNot ? "not interested in dresses" : "dresses excluded for men";
            }
            if (m.program().equals("tent_offer") && (tentsNot
                    || tentBought != null && !tentBought.isBefore(now.minus(Duration.ofDays(30))))) {
                return tentsNot ? "not interested in tents" : "no better offer after a tent purchase";
            }
            return null;
        }
    }

    @Property(tries = 60)
    void everyDeliveryPassesTheGuardsAtItsMoment(@ForAll("scripts") Script script) {
        ScenarioKit kit = new ScenarioKit(Definitions.builder()
                .policies(Policies.DEFAULT.withExclusion(new CategoryExclusion(Category.of("party_dresses"),
                        attribute("gender").is("male"))))
                .program(campaign("dress_offer", "party_dresses", false))
                .program(campaign("tent_offer", "tents", true))
                .build());
        CustomerId id = kit.customer("kari");
        Model model = new Model();
        kit.email.failAlways(Delivery.retryLater("mail server down"));
        kit.at(CAMPAIGN, ScenarioKit.email("kari"));
        int checked = 0;
        for (int i = 0; i <= script.actions().size(); i++) {
            if (i == script.recoverAfter()) {
                kit.email.recover();
            }
            if (i == script.actions().size()) {
                break;
            }
            Action a = script.actions().get(i);
            int before = kit.email.delivered().size();
            kit.advance(Duration.ofMinutes(a.gapMinutes()));
            checked += check(kit, id, model, before);
            apply(kit, model, a.op());
        }
        int before = kit.email.delivered().size();
        kit.advance(Duration.ofHours(3));
        checked += check(kit, id, model, before);
        Statistics.label("delivered").collect(checked > 0);
        Statistics.label("stopped at delivery").collect(kit.messages(id).stream()
                .anyMatch(m -> m.reason().contains("(stopped at ")));
    }

    /** Checks the messages delivered by the last advance against the model as it was then. */
    private static int check(ScenarioKit kit, CustomerId id, Model model, int before) {
        List<RenderedMessage> delivered = kit.email.delivered();
        Map<String, Message> byId = kit.messages(id).stream().collect(Collectors.toMap(Message::id, Function.identity()));
        Instant now = kit.clock.instant();
        for (RenderedMessage r : delivered.subList(before, delivered.size())) {
            Message m = byId.get(r.id());
            String broken = model.broken(m, now);
            assertTrue(broken == null, () -> "delivered at " + now + " although " + broken + ": " + m);
        }
        return delivered.size() - before;
    }

    private static void apply(ScenarioKit kit, Model model, Op op) {
        switch (op) {
            case NOT_INTERESTED_DRESSES -> {
                declare(kit, "party_dresses", "not_interested");
                model.dressesNot = true;
            }
            case INTERESTED_DRESSES -> {
                declare(kit, "party_dresses", "interested");
                model.dressesNot = false;
            }
            case NOT_INTERESTED_TENTS -> {
                declare(kit, "tents", "not_interested");
                model.tentsNot = true;
            }
            case COMPLAINT -> {
                kit.at(COMPLAINT, ScenarioKit.email("kari"));
                model.complaints.add(kit.clock.instant());
            }
            case WITHDRAW -> {
                kit.consent("kari", "email", "marketing", false);
                model.consent = false;
            }
            case GRANT -> {
                kit.consent("kari", "email", "marketing", true);
                model.consent = true;
            }
            case BUY_TENT -> {
                kit.purchase("kari", "tent-" + kit.clock.millis(), "tents", 2_000);
                model.tentBought = kit.clock.instant();
            }
            case MALE, FEMALE -> {
                kit.correctedInStore("kari", "gender", Value.of(op == Op.MALE ? "male" : "female"));
                model.male = op == Op.MALE;
            }
            case CAMPAIGN -> kit.at(CAMPAIGN, ScenarioKit.email("kari"));
        }
    }

    private static void declare(ScenarioKit kit, String category, String interest) {
        kit.at(EventType.PREFERENCE_DECLARED, ScenarioKit.email("kari"), b -> b.property("category", category)
                .property("interest", interest));
    }
}
