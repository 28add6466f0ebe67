package io.relevans.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Channels that survive, as a property: campaign emails decided for a few customers while the mail
 * server goes down and comes back in random windows (some far longer than the retry schedule's 85
 * minutes), and some customers withdraw their consent at random moments meanwhile. With the default
 * {@link io.relevans.ChannelBreaker}: no message is delivered twice, none is dead (every failure was a
 * transient outage), every message of a customer who kept their consent is delivered once the server
 * is back, and none is delivered after its customer withdrew.
 */
class ChannelOutageProperties {

    private static final EventType CAMPAIGN = EventType.of("autumn_campaign");
    private static final Duration STEP = Duration.ofMinutes(5);

    /** The server is down from {@code start} for {@code length} minutes after the campaign. */
    record Window(int start, int length) {
        boolean covers(int minute) {
            return minute >= start && minute < start + length;
        }
    }

    record Script(int customers, List<Window> outages, Map<Integer, Integer> withdrawals) {
    }

    @Provide
    Arbitrary<Script> scripts() {
        Arbitrary<Window> window = Combinators.combine(Arbitraries.integers().between(0, 600),
                Arbitraries.integers().between(5, 480)).as(Window::new);
        return Arbitraries.integers().between(1, 8).flatMap(n -> Combinators.combine(
                window.list().ofMinSize(1).ofMaxSize(4),
                Arbitraries.maps(Arbitraries.integers().between(0, n - 1), Arbitraries.integers().between(0, 900))
                        .ofMaxSize(n))
                .as((outages, withdrawals) -> new Script(n, outages, withdrawals)));
    }

    @Property(tries = 40)
    void outages_neverDeadNorTwice_guardsHold(@ForAll("scripts") Script script) {
        ScenarioKit kit = new ScenarioKit(Definitions.builder()
                .program(Program.named("autumn").on(Trigger.event(EventMatch.of(CAMPAIGN)))
                        .steps(Steps.send("offer", ChannelChoice.of(Channel.EMAIL), "offer").build()).build())
                .build());
        List<CustomerId> ids = new ArrayList<>();
        for (int i = 0; i < script.customers(); i++) {
            ids.add(kit.customer("c" + i));
        }
        Instant start = kit.clock.instant();
        int end = script.outages().stream().mapToInt(w -> w.start() + w.length()).max().orElse(0) + 240;
        end = Math.max(end, 900 + 60);
        Map<CustomerId, Instant> withdrawn = new HashMap<>();
        boolean down = false;
        for (int minute = 0; minute <= end; minute += (int) STEP.toMinutes()) {
            int now = minute;
            boolean shouldBeDown = script.outages().stream().anyMatch(w -> w.covers(now));
            if (shouldBeDown != down) {
                if (shouldBeDown) {
                    kit.email.failAlways(Delivery.retryLater("421 service not available"));
                } else {
                    kit.email.recover();
                }
                down = shouldBeDown;
            }
            if (minute == 0) {
                for (int i = 0; i < script.customers(); i++) {
                    kit.at(CAMPAIGN, ScenarioKit.email("c" + i));
                }
            }
            for (Map.Entry<Integer, Integer> w : script.withdrawals().entrySet()) {
                if (w.getValue() >= minute && w.getValue() < minute + STEP.toMinutes()) {
                    kit.consent("c" + w.getKey(), "email", "marketing", false);
                    withdrawn.putIfAbsent(ids.get(w.getKey()), kit.clock.instant());
                }
            }
            int before = kit.email.delivered().size();
            kit.advance(STEP);
            List<RenderedMessage> delivered = kit.email.delivered();
            for (RenderedMessage r : delivered.subList(before, delivered.size())) {
                Message m = kit.outbox.find(r.id()).orElseThrow();
                Instant gone = withdrawn.get(m.customer());
                assertTrue(gone == null, () -> "delivered at " + kit.clock.instant() + " after the customer withdrew at "
                        + gone + ": " + m);
            }
        }

        Set<String> seen = new HashSet<>();
        for (RenderedMessage r : kit.email.delivered()) {
            assertTrue(seen.add(r.id()), "delivered twice: " + r.id());
        }
        int waited = 0;
        for (CustomerId id : ids) {
            for (Message m : kit.messages(id)) {
                assertTrue(m.status() != Message.Status.DEAD, () -> "dead from a transient outage: " + m);
                if (withdrawn.containsKey(id) && m.status() == Message.Status.SUPPRESSED) {
                    continue;
                }
                assertEquals(Message.Status.SENT, m.status(), m.toString());
                assertTrue(seen.contains(m.id()), "sent and received: " + m.id());
                waited = Math.max(waited, m.attempts());
            }
        }
        Statistics.label("outage longer than the retry schedule").collect(
                script.outages().stream().anyMatch(w -> w.length() > 85));
        Statistics.label("a withdrawal stopped a waiting message").collect(ids.stream().anyMatch(id -> kit.messages(id)
                .stream().anyMatch(m -> m.status() == Message.Status.SUPPRESSED)));
        assertTrue(kit.clock.instant().isAfter(start), "time passed");
    }
}
