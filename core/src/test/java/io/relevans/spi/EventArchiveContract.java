package io.relevans.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link EventArchive} must have. An implementation's test extends this class and
 * returns a new, empty archive from {@link #newArchive()}; every test gets its own.
 */
public abstract class EventArchiveContract {

    protected static final Instant T = Instant.parse("2026-03-01T23:00:00Z"); // two UTC days within 2 hours
    private static final Identity ANNA = Identity.email("anna@example.com");
    private static final Identity BO = Identity.phone("+4790000001");
    private static final Identity CARD = Identity.loyalty("7001");

    protected EventArchive archive;

    /** A new, empty archive. */
    protected abstract EventArchive newArchive();

    @BeforeEach
    void createArchive() {
        archive = newArchive();
    }

    private static Event view(Identity who, int minutes, String id) {
        return Event.builder(EventType.PRODUCT_VIEW, who, T.plus(Duration.ofMinutes(minutes))).id(id)
                .property("sku", "sku-" + id).property("category", "tv").build();
    }

    private List<Event> all(Instant from) {
        List<Event> out = new ArrayList<>();
        archive.forEach(from, out::add);
        return out;
    }

    private List<Event> of(Set<Identity> who, Instant from) {
        List<Event> out = new ArrayList<>();
        archive.forEachOf(who, from, out::add);
        return out;
    }

    private static List<Event> sorted(List<Event> events) {
        List<Event> out = new ArrayList<>(events);
        out.sort(EventArchive.ORDER);
        return out;
    }

    @Test
    @DisplayName("events come back whole, in time order, then identity, then id, from a moment on (inclusive)")
    void eventsInTimeOrder() {
        List<Event> events = List.of(view(BO, 90, "b"), view(ANNA, 30, "a2"), view(ANNA, 30, "a1"), view(CARD, 30, "c"),
                view(ANNA, -10, "a0"));
        archive.append(events);
        assertEquals(sorted(events), all(T.minus(Duration.ofDays(1))));
        assertEquals(sorted(events.subList(0, 4)), all(T.plus(Duration.ofMinutes(30))), "from the moment on");
        assertEquals(List.of(), all(T.plus(Duration.ofMinutes(91))));
    }

    @Test
    @DisplayName("an event appended again (same identity, time and id) is kept once")
    void appendingAgainChangesNothing() {
        archive.append(List.of(view(ANNA, 1, "a"), view(ANNA, 1, "a")));
        archive.append(List.of(view(ANNA, 1, "a"), view(BO, 1, "a")));
        assertEquals(sorted(List.of(view(ANNA, 1, "a"), view(BO, 1, "a"))), all(T.minus(Duration.ofDays(1))));
    }

    @Test
    @DisplayName("a customer's events are those of their identities, from a moment on")
    void eventsOfIdentities() {
        archive.append(List.of(view(ANNA, 1, "a1"), view(BO, 2, "b1"), view(CARD, 3, "c1"), view(ANNA, 200, "a2")));
        assertEquals(List.of(view(ANNA, 1, "a1"), view(CARD, 3, "c1"), view(ANNA, 200, "a2")),
                of(Set.of(ANNA, CARD), T.minus(Duration.ofDays(1))));
        assertEquals(List.of(view(ANNA, 200, "a2")), of(Set.of(ANNA), T.plus(Duration.ofMinutes(2))));
        assertEquals(List.of(), of(Set.of(Identity.email("nobody@example.com")), T.minus(Duration.ofDays(1))));
    }

    @Test
    @DisplayName("erasing a customer's identities removes their events and no one else's")
    void erase() {
        archive.append(List.of(view(ANNA, 1, "a1"), view(BO, 2, "b1"), view(ANNA, 200, "a2"), view(CARD, 3, "c1")));
        assertEquals(2, archive.erase(Set.of(ANNA)));
        assertEquals(sorted(List.of(view(BO, 2, "b1"), view(CARD, 3, "c1"))), all(T.minus(Duration.ofDays(1))));
        assertEquals(0, archive.erase(Set.of(ANNA)));
        archive.append(List.of(view(ANNA, 1, "a1")));
        assertEquals(List.of(view(ANNA, 1, "a1")), of(Set.of(ANNA), T.minus(Duration.ofDays(1))), "appended again after");
    }

    @Test
    @DisplayName("retention drops the events before a moment, across days")
    void retention() {
        archive.append(List.of(view(ANNA, -60 * 30, "old"), view(BO, 30, "b1"), view(ANNA, 70, "a1"),
                view(CARD, 130, "c1")));
        assertEquals(2, archive.dropBefore(T.plus(Duration.ofMinutes(70))));
        assertEquals(List.of(view(ANNA, 70, "a1"), view(CARD, 130, "c1")), all(T.minus(Duration.ofDays(40))));
        assertEquals(0, archive.dropBefore(T.plus(Duration.ofMinutes(70))));
    }

    @Test
    @DisplayName("appends from several threads lose nothing and keep each event once")
    void concurrentAppends() throws InterruptedException {
        int threads = 4;
        CountDownLatch go = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> started = new ArrayList<>();
        List<Event> expected = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            expected.add(view(k % 2 == 0 ? ANNA : BO, k * 7, "e" + k));
        }
        for (int t = 0; t < threads; t++) {
            int offset = t;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    for (int k = 0; k < 40; k += 5) { // every thread appends every event, in batches
                        List<Event> batch = new ArrayList<>(expected.subList(k, k + 5));
                        java.util.Collections.rotate(batch, offset);
                        archive.append(batch);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            thread.start();
            started.add(thread);
        }
        go.countDown();
        for (Thread t : started) {
            t.join();
        }
        assertEquals(List.of(), List.copyOf(failures));
        assertEquals(sorted(expected), all(T.minus(Duration.ofDays(1))));
    }
}
