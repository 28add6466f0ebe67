package io.relevans.examples;

import static io.relevans.definition.Conditions.allOf;
import static io.relevans.definition.Conditions.attribute;
import static io.relevans.definition.Conditions.hasConsent;
import static io.relevans.definition.Conditions.inSegment;
import static io.relevans.definition.Conditions.notInterestedIn;

import io.relevans.CustomerView;
import io.relevans.IngestResult;
import io.relevans.Relevans;
import io.relevans.ResegmentationReport;
import io.relevans.VirtualClock;
import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.Identity;
import io.relevans.customer.Purpose;
import io.relevans.customer.IdentityType;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Program;
import io.relevans.definition.Reentry;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.Message;
import io.relevans.spi.SimpleTemplates;
import io.relevans.definition.Features;
import io.relevans.definition.Segment;
import io.relevans.definition.Tier;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.json.EventJson;
import io.relevans.event.EventType;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The quick start: a small Nordic retailer's segments and two programs, a few customers' events from
 * the web shop, the app and a store till (as JSON lines), fed through the engine on virtual time with
 * the embedded in-memory stores and an in-memory email channel. Prints what each event changed, the
 * messages decided (sent, and suppressed with the reason), a customer's picture, a batch
 * re-segmentation half a year later and an explanation.
 *
 * <p>Run it with {@code mvn -q -B -pl examples -am package -DskipTests exec:java
 * -Dexec.mainClass=io.relevans.examples.QuickStart}.
 */
public final class QuickStart {

    private QuickStart() {
    }

    /** The segments and programs of the example, each showing a scenario. */
    public static Definitions definitions() {
        return Definitions.builder()
                .program(Program.named("abandoned_cart").describedAs("S3: remind about a left cart")
                        .on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                        .exitOn(EventMatch.of(EventType.PURCHASE))
                        .reentry(Reentry.RESTART)
                        .goal(EventMatch.of(EventType.PURCHASE), Duration.ofDays(7))
                        .steps(Steps.wait("wait", Duration.ofHours(4)),
                                Steps.send("remind", ChannelChoice.preferred(Channel.EMAIL), "cart_reminder")
                                        .withLines().build())
                        .build())
                .program(Program.named("party_season").describedAs("S21: party dresses for the season")
                        .on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW).where("category", "party_dresses")))
                        .promotes("party_dresses").offer()
                        .steps(Steps.send("offer", ChannelChoice.of(Channel.EMAIL), "party_offer").build())
                        .build())
                .priceRange("tv", 2_990, 29_990)
                .priceRange("washing_machines", 3_490, 14_990)
                .segment(Segment.named("omnichannel").describedAs("S17: used two or more channels in 90 days")
                        .when(Features.channelsUsed(Window.days(90)).atLeast(2)))
                .segment(Segment.named("premium_tv").describedAs("S19: buys TVs at the top of the range")
                        .when(Features.priceTier(Category.of("tv")).is(Tier.PREMIUM)))
                .segment(Segment.named("budget_washing_machines").describedAs("S19: buys the cheapest washing machines")
                        .when(Features.priceTier(Category.of("washing_machines")).is(Tier.BUDGET)))
                .segment(Segment.named("email_reachable").describedAs("S13: said yes to marketing by email")
                        .when(hasConsent(Channel.EMAIL, Purpose.MARKETING)))
                .segment(Segment.named("no_party_dresses").describedAs("S21: declared party dresses not for them")
                        .when(notInterestedIn("party_dresses")))
                .segment(Segment.named("no_balcony").describedAs("S16: known to have no balcony")
                        .when(attribute("has_balcony").is(false)))
                .segment(Segment.named("gender_to_reconfirm").describedAs("S20: gender older than 3 years")
                        .when(attribute("gender").olderThan(Duration.ofDays(3 * 365))))
                .segment(Segment.named("unhappy_reviewer").describedAs("S11: gave 2 stars or less in 30 days")
                        .when(Features.count(EventType.REVIEW).where("rating", io.relevans.definition.Operator.LE, 2)
                                .within(Window.days(30)).atLeast(1)))
                .segment(Segment.named("big_spenders").describedAs("spent 20,000 or more in a year")
                        .when(Features.sum(EventType.PURCHASE, "line.amount").within(Window.days(365)).atLeast(20_000)))
                .segment(Segment.named("win_back").describedAs("S8: no purchase for 180 days, reachable by email")
                        .when(allOf(Features.daysSince(EventType.PURCHASE).greaterThan(180), inSegment("email_reachable"))))
                .build();
    }

    /** Runs the example, printing to the stream. */
    public static void run(PrintStream out) {
        VirtualClock clock = VirtualClock.at(Instant.parse("2026-03-01T00:00:00Z"));
        InMemoryChannel email = new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL);
        SimpleTemplates templates = SimpleTemplates.builder()
                .template("cart_reminder", "Still thinking about it?",
                        "<p>You left these in your cart:</p><ul>{{#lines}}<li>{{sku}} {{price}}</li>{{/lines}}</ul>")
                .template("party_offer", "Party season", "<p>New party dresses are in.</p>")
                .build();
        Relevans engine = Relevans.builder().clock(clock).definitions(definitions()).channel(email)
                .templates(templates).build();
        out.println("Loaded " + engine.definitions().segments().size() + " segments and "
                + engine.definitions().programs().size() + " programs.");

        List<Event> events = readEvents();
        out.println("Feeding " + events.size() + " events from web, app and store:");
        for (Event event : events) {
            clock.advanceTo(event.time());
            engine.tick(); // waits that ended, messages to send
            IngestResult r = engine.ingest(event);
            out.printf("  %s %-20s %-12s -> %s%s%s%n", event.time(), event.type(), r.customer().value().substring(0, 10),
                    r.entered().isEmpty() ? "" : "entered " + r.entered() + " ",
                    r.exited().isEmpty() ? "" : "exited " + r.exited() + " ",
                    r.merged().isEmpty() ? "" : "merged " + r.merged());
        }

        clock.advance(Duration.ofDays(1));
        engine.tick();
        out.println();
        out.println("Messages decided:");
        for (CustomerView c : List.of(engine.customer(Identity.email("kari.hansen@example.com")).orElseThrow(),
                engine.customer(Identity.email("ola.nordmann@example.com")).orElseThrow())) {
            for (Message m : engine.messages(c.customer().id())) {
                out.printf("  %-12s %-15s %-10s %s%n", c.customer().id().value().substring(0, 10), m.program(), m.status(),
                        m.reason());
            }
        }
        out.println("Emails delivered: " + email.delivered().size() + " (" + email.delivered().stream()
                .map(m -> m.subject()).toList() + ")");

        CustomerView anna = engine.customer(Identity.loyalty("7001")).orElseThrow();
        out.println();
        out.println("Anna, found by her loyalty number: " + anna.customer().identities().size()
                + " linked identities, segments " + anna.segments());
        anna.features().forEach((f, v) -> out.printf("    %-60s %10.2f%n", f, v));

        clock.advance(Duration.ofDays(200));
        ResegmentationReport report = engine.resegment();
        out.println();
        out.println("Half a year later (" + clock.instant() + "), batch re-segmentation of " + report.customers()
                + " customers: " + report.changed() + " changed; entered " + report.entered() + ", exited "
                + report.exited());

        CustomerView kari = engine.customer(Identity.email("kari.hansen@example.com")).orElseThrow();
        out.println();
        out.print(engine.explain(kari.customer().id(), "win_back"));
    }

    private static List<Event> readEvents() {
        try (Reader in = new InputStreamReader(Objects.requireNonNull(
                QuickStart.class.getResourceAsStream("/quickstart-events.jsonl"), "quickstart-events.jsonl"),
                StandardCharsets.UTF_8)) {
            List<Event> events = new java.util.ArrayList<>(EventJson.readLines(in));
            events.sort(java.util.Comparator.comparing(Event::time)); // the backends report in any order
            return events;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Entry point. */
    public static void main(String[] args) {
        run(System.out);
    }
}
