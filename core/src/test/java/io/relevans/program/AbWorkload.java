package io.relevans.program;

import io.relevans.Relevans;
import io.relevans.customer.Channel;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Program;
import io.relevans.definition.Reentry;
import io.relevans.definition.Step;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.Message;
import io.relevans.spi.SimpleTemplates;
import io.relevans.spi.TemplateRenderer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * A welcome program that tests two messages, plain and coupon, with a split that picks a winner by
 * purchases within two days: customers sign up, wait an hour in their variant, get its message, and buy
 * with the variant's probability. For the winner tests in core and on the JDBC storage.
 */
public final class AbWorkload {

    /** The program. */
    public static final String PROGRAM = "welcome_ab";
    /** The goal's window. */
    public static final Duration WINDOW = Duration.ofDays(2);

    private final Clock clock;
    private final Random random;
    private final double plain;
    private final double coupon;

    /**
     * @param clock  the engines' clock
     * @param seed   the seed of who buys
     * @param plain  the probability that a customer sent the plain message buys within the window
     * @param coupon the same for the coupon message
     */
    public AbWorkload(Clock clock, long seed, double plain, double coupon) {
        this.clock = clock;
        this.random = new Random(seed);
        this.plain = plain;
        this.coupon = coupon;
    }

    /** The program, its split picking a winner after {@code minimum} messages per variant at 95%. */
    public static Definitions definitions(int minimum) {
        Program p = Program.named(PROGRAM)
                .on(Trigger.event(EventMatch.of(EventType.SIGNUP)))
                .reentry(Reentry.ONCE)
                .goal(EventMatch.of(EventType.PURCHASE), WINDOW)
                .steps(new Step.Split("ab", List.of(new Step.Variant("plain", 1, "plain"),
                                new Step.Variant("coupon", 1, "coupon"))).pickWinner(minimum, 0.95),
                        Steps.wait("plain", Duration.ofHours(1)),
                        Steps.send("plain_send", ChannelChoice.of(Channel.EMAIL), "welcome_plain").build(),
                        new Step.End("plain_end"),
                        Steps.wait("coupon", Duration.ofHours(1)),
                        Steps.send("coupon_send", ChannelChoice.of(Channel.EMAIL), "welcome_coupon").build())
                .build();
        return Definitions.builder().program(p).build();
    }

    /** The program's templates. */
    public static TemplateRenderer templates() {
        return SimpleTemplates.builder().template("welcome_plain", "Welcome", "Hello")
                .template("welcome_coupon", "Welcome", "Hello, 10% off your first order").build();
    }

    /** An e-mail channel. */
    public static InMemoryChannel email() {
        return new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL);
    }

    /** The customer with the number. */
    public static Identity customer(int n) {
        return Identity.email("c" + n + "@example.com");
    }

    /** The customer gives consent to marketing e-mail and signs up. */
    public void signUp(Relevans engine, int n) {
        engine.ingest(Event.builder(EventType.CONSENT_CHANGE, customer(n), clock.instant()).property("channel", "email")
                .property("purpose", "marketing").property("granted", true).build());
        engine.ingest(Event.builder(EventType.SIGNUP, customer(n), clock.instant()).build());
    }

    /** The customer's message of the program, if decided. */
    public static java.util.Optional<Message> message(Relevans engine, int n) {
        return engine.messages(customer(n)).stream().filter(m -> m.program().equals(PROGRAM)).findFirst();
    }

    /**
     * The customer, whose message was decided, buys now with the probability of its variant.
     *
     * @return whether they bought
     */
    public boolean maybeBuy(Relevans engine, int n) {
        Message m = message(engine, n).orElseThrow();
        if (random.nextDouble() >= (m.variant().equals("coupon") ? coupon : plain)) {
            return false;
        }
        engine.ingest(Event.builder(EventType.PURCHASE, customer(n), clock.instant()).line("sku-" + n, "shoes", 499, 1)
                .build());
        return true;
    }
}
