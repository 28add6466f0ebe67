package io.relevans.benchmarks.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.Relevans;
import io.relevans.customer.Channel;
import io.relevans.customer.IdentityType;
import io.relevans.definition.Program;
import io.relevans.definition.Step;
import io.relevans.definition.Trigger;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.spi.InMemoryChannel;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkloadTest {

    @Test
    @DisplayName("the same seed gives equal definitions, histories and live events")
    void sameSeed_sameWorkload() {
        Workload a = Workload.generate(7, 500);
        Workload b = Workload.generate(7, 500);
        assertEquals(a.definitions(), b.definitions());
        for (int i : new int[] {0, 1, 99, 499}) {
            assertEquals(a.history(i), b.history(i), "history of customer " + i);
        }
        assertEquals(a.live(2_000, Duration.ofSeconds(1)), b.live(2_000, Duration.ofSeconds(1)));
    }

    @Test
    void anotherSeed_anotherWorkload() {
        Workload a = Workload.generate(7, 500);
        Workload c = Workload.generate(8, 500);
        assertNotEquals(a.history(3), c.history(3));
        assertNotEquals(a.definitions(), c.definitions());
    }

    @Test
    @DisplayName("100 segments and 30 programs using every trigger and step kind compile to a ready engine")
    void definitions_compileInTheEngine() {
        Workload w = Workload.generate(1, 10);
        assertEquals(100, w.definitions().segments().size());
        assertEquals(30, w.definitions().programs().size());
        Set<Class<?>> triggers = new HashSet<>();
        Set<Class<?>> steps = new HashSet<>();
        for (Program p : w.definitions().programs()) {
            triggers.add(p.trigger().getClass());
            p.steps().forEach(s -> steps.add(s.getClass()));
        }
        assertEquals(Set.of(Trigger.class.getPermittedSubclasses()), triggers);
        assertEquals(Set.of(Step.class.getPermittedSubclasses()), steps);
        Relevans engine = Relevans.builder().definitions(w.definitions()).templates(BenchmarkPrograms.templates())
                .channel(new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL)).build();
        assertEquals(w.definitions(), engine.definitions());
        assertTrue(engine.compiledRules().contains("rule"));
    }

    @Test
    @DisplayName("histories hold a realistic retail mix, activity oldest first within the year before NOW")
    void histories_areRealistic() {
        Workload w = Workload.generate(3, 2_000);
        Map<EventType, Integer> counts = new HashMap<>();
        int events = 0;
        for (int i = 0; i < 2_000; i++) {
            List<Event> h = w.history(i);
            events += h.size();
            List<Event> activity = h.stream().filter(e -> !e.type().equals(EventType.ATTRIBUTE_CONFIRMED)).toList();
            for (int k = 1; k < activity.size(); k++) {
                assertTrue(!activity.get(k).time().isBefore(activity.get(k - 1).time()), "history of " + i + " in order");
            }
            for (Event e : h) {
                assertTrue(e.time().isBefore(Workload.NOW), "history ends before NOW");
                counts.merge(e.type(), 1, Integer::sum);
            }
            for (Event e : activity) {
                assertTrue(e.time().isAfter(Workload.NOW.minus(Duration.ofDays(366))), "activity of the last year");
            }
        }
        double perCustomer = events / 2_000.0;
        assertTrue(perCustomer > 10 && perCustomer < 30, "events per customer: " + perCustomer);
        assertTrue(counts.get(EventType.PRODUCT_VIEW) > counts.get(EventType.PURCHASE));
        for (EventType t : List.of(EventType.PURCHASE, EventType.CART_CHANGE, EventType.STORE_VISIT,
                EventType.MESSAGE_OPENED, EventType.MESSAGE_CLICKED, EventType.REVIEW, EventType.CONSENT_CHANGE,
                EventType.ATTRIBUTE_CONFIRMED, EventType.PREFERENCE_DECLARED, EventType.SUPPORT_CONTACT)) {
            assertTrue(counts.getOrDefault(t, 0) > 0, "no " + t + " events");
        }
    }

    @Test
    @DisplayName("the default history length is the earlier workload: the two-argument workload, event for event")
    void defaultLength_isTheEarlierWorkload() {
        Workload a = Workload.generate(5, 300);
        Workload b = Workload.generate(5, 300, Workload.DEFAULT_HISTORY);
        for (int i : new int[] {0, 17, 299}) {
            assertEquals(a.history(i), b.history(i), "history of customer " + i);
        }
        assertEquals(a.live(1_000, Duration.ofSeconds(1)), b.live(1_000, Duration.ofSeconds(1)));
    }

    @Test
    @DisplayName("a longer history is the same customer with browsing added: profile and purchases unchanged")
    void longerHistory_addsBrowsingOnly() {
        Workload base = Workload.generate(5, 50);
        Workload longer = Workload.generate(5, 50, 150);
        for (int i = 0; i < 50; i++) {
            List<Event> a = base.history(i);
            List<Event> b = longer.history(i);
            assertEquals(kept(a), kept(b), "purchases, visits and messages of customer " + i);
            assertTrue(b.size() > a.size(), "customer " + i + " browses more");
        }
    }

    private static List<Event> kept(List<Event> history) {
        return history.stream().filter(e -> e.type().equals(EventType.PURCHASE) || e.type().equals(EventType.STORE_VISIT)
                || e.type().equals(EventType.MESSAGE_DELIVERED) || e.type().equals(EventType.REVIEW)).toList();
    }

    /**
     * At each history length the histories average the length asked for (plus the default's 2.2 events:
     * its 17.2 events include 4.7 profile events) per customer-year, and product views take the share the
     * workload's design gives them: 5.6 views per default history (45% of its 12.5 activity events),
     * plus 90% of the browsing added. The live stream's activity has the histories' activity mix.
     */
    @ParameterizedTest(name = "{0} events per customer-year")
    @ValueSource(ints = {15, 150, 1_500})
    void historyLength_givesItsMeanAndViewShare(int length) {
        int customers = length >= 1_500 ? 400 : 4_000;
        Workload w = Workload.generate(3, customers, length);
        long events = 0;
        long views = 0;
        long activity = 0;
        long activityViews = 0;
        for (int i = 0; i < customers; i++) {
            List<Event> h = w.history(i);
            events += h.size();
            java.time.Instant profiled = h.get(0).time(); // the profile events come first, at one moment
            for (Event e : h) {
                boolean view = e.type().equals(EventType.PRODUCT_VIEW);
                views += view ? 1 : 0;
                if (!e.type().equals(EventType.ATTRIBUTE_CONFIRMED) && !e.time().equals(profiled)) {
                    activity++;
                    activityViews += view ? 1 : 0;
                }
            }
            for (int k = 1; k < h.size(); k++) {
                if (!h.get(k).type().equals(EventType.ATTRIBUTE_CONFIRMED)) {
                    assertTrue(!h.get(k).time().isBefore(h.get(k - 1).time()), "history of " + i + " in order");
                }
            }
        }
        double mean = events / (double) customers;
        double expectedMean = 17.2 + (length - 15);
        assertEquals(expectedMean, mean, expectedMean * 0.04, "mean events per customer-year");
        double share = views / (double) events;
        double expectedShare = (5.6 + 0.9 * (length - 15)) / expectedMean;
        assertEquals(expectedShare, share, 0.02, "share of product views");
        List<Event> live = w.live(40_000, Duration.ofSeconds(1));
        double liveShare = live.stream().filter(e -> e.type().equals(EventType.PRODUCT_VIEW)).count() / 40_000.0;
        assertEquals(activityViews / (double) activity, liveShare, 0.02, "live view share against the histories' activity");
    }
}
