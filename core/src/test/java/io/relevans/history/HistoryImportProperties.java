package io.relevans.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.CustomerView;
import io.relevans.Relevans;
import io.relevans.customer.Channel;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.customer.Purpose;
import io.relevans.customer.Value;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Features;
import io.relevans.definition.Program;
import io.relevans.definition.Reentry;
import io.relevans.definition.Segment;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.InMemoryOutbox;
import io.relevans.spi.InMemoryTimerStore;
import io.relevans.spi.SimpleTemplates;
import io.relevans.spi.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * An import of a history leaves every customer as live ingestion of the same events would (identities
 * linked and merged, profile, features, memberships), in any batch size and with any number of
 * workers, and decides nothing: no message, no journey, only the time-based starts the history leaves
 * ahead.
 */
class HistoryImportProperties {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final int PEOPLE = 6;

    static Definitions definitions() {
        return Definitions.builder()
                .segment(Segment.named("buyer").when(Features.count(EventType.PURCHASE).within(Window.days(365)).atLeast(3)))
                .segment(Segment.named("recent").when(Features.count(EventType.PURCHASE).within(Window.days(30)).atLeast(1)))
                .segment(Segment.named("spender").when(Features.sum(EventType.PURCHASE, "amount").within(Window.days(365))
                        .atLeast(500)))
                .segment(Segment.named("browser").when(Features.count(EventType.PRODUCT_VIEW).within(Window.days(7)).atLeast(2)))
                .segment(Segment.named("omni").when(Features.channelsUsed(Window.days(90)).atLeast(2)))
                .segment(Segment.named("gold").when(io.relevans.definition.Conditions.attribute("tier").is("gold")))
                .program(Program.named("welcome").on(Trigger.event(EventMatch.of(EventType.SIGNUP)))
                        .reentry(Reentry.ONCE).purpose(Purpose.SERVICE)
                        .steps(Steps.send("hello", ChannelChoice.of(Channel.EMAIL), "welcome").build()).build())
                .program(Program.named("cart").on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
                        .reentry(Reentry.RESTART).exitOn(EventMatch.of(EventType.PURCHASE))
                        .steps(Steps.wait("wait", Duration.ofHours(4)),
                                Steps.send("remind", ChannelChoice.of(Channel.EMAIL), "cart").build()).build())
                .program(Program.named("winback").on(new Trigger.OnInactivity(EventMatch.of(EventType.PURCHASE),
                                Duration.ofDays(60)))
                        .steps(Steps.send("miss", ChannelChoice.of(Channel.EMAIL), "winback").build()).build())
                .program(Program.named("birthday").on(new Trigger.OnAnniversary("birthday", LocalTime.of(9, 0)))
                        .steps(Steps.send("greet", ChannelChoice.of(Channel.EMAIL), "birthday").build()).build())
                .program(Program.named("vip").on(Trigger.entered("buyer"))
                        .steps(Steps.send("thanks", ChannelChoice.of(Channel.EMAIL), "vip").build()).build())
                .build();
    }

    static Relevans engine(Definitions d, InMemoryCustomerStore store, InMemoryTimerStore timers, InMemoryOutbox outbox) {
        SimpleTemplates.Builder templates = SimpleTemplates.builder();
        for (String t : List.of("welcome", "cart", "winback", "birthday", "vip")) {
            templates.template(t, t, t);
        }
        return Relevans.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).store(store).timers(timers).outbox(outbox)
                .channel(new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL)).templates(templates.build())
                .definitions(d).build();
    }

    static Identity email(int who) {
        return Identity.email("p" + who + "@example.com");
    }

    static Identity phone(int who) {
        return Identity.phone("+4790000" + (100 + who));
    }

    @Provide
    Arbitrary<List<Event>> histories() {
        Arbitrary<Integer> who = Arbitraries.integers().between(0, PEOPLE - 1);
        Arbitrary<Long> minutesAgo = Arbitraries.longs().between(0, 400L * 24 * 60);
        Arbitrary<Event> event = Combinators.combine(who, minutesAgo, Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(1, 400), who, Arbitraries.of(true, false)).as((w, ago, kind, amount, other, byPhone) -> {
                    Instant at = NOW.minus(Duration.ofMinutes(ago));
                    Identity id = byPhone ? phone(w) : email(w);
                    return switch (kind) {
                        case 0, 1 -> Event.builder(EventType.PURCHASE, id, at).origin(byPhone ? Origin.STORE : Origin.WEB)
                                .property("amount", amount).line("sku-" + amount % 7, "cat" + amount % 3, amount, 1).build();
                        case 2, 3 -> Event.builder(EventType.PRODUCT_VIEW, id, at).property("sku", "sku-" + amount % 5)
                                .property("category", "cat" + amount % 3).build();
                        case 4 -> Event.builder(EventType.CART_CHANGE, id, at).line("sku-1", "cat1", 10, 1).build();
                        case 5 -> Event.builder(EventType.SIGNUP, id, at).build();
                        case 6 -> Event.builder(EventType.PURCHASE, email(w), at).link(phone(other)).property("amount", amount)
                                .line("sku-9", "cat2", amount, 1).build(); // links and merges profiles
                        case 7 -> Event.builder(EventType.ATTRIBUTE_CORRECTED, id, at).origin(Origin.SERVICE)
                                .property("attribute", "tier").property("value", amount % 2 == 0 ? "gold" : "silver").build();
                        case 8 -> Event.builder(EventType.ATTRIBUTE_CORRECTED, id, at).origin(Origin.SERVICE)
                                .property("attribute", "birthday").property("value", Value.of(LocalDate.of(1980 + amount % 20, 1 + amount % 12, 1 + amount % 28)))
                                .build();
                        default -> Event.builder(EventType.STORE_VISIT, id, at).origin(Origin.STORE).property("store", "oslo-1").build();
                    };
                });
        // in time order as a history is; a few events twice (the same id delivered again)
        return event.list().ofMinSize(1).ofMaxSize(60).flatMap(list -> Arbitraries.integers().between(0, 3).map(dups -> {
            List<Event> out = new ArrayList<>(list);
            for (int d = 0; d < dups && d < list.size(); d++) {
                out.add(list.get((d * 7) % list.size()));
            }
            out.sort(Comparator.comparing(Event::time));
            return out;
        }));
    }

    @Property(tries = 80)
    void importLeavesCustomersAsLiveIngestionDoes_andDecidesNothing(@ForAll("histories") List<Event> history,
                                                                     @ForAll @IntRange(min = 1, max = 25) int batch,
                                                                     @ForAll @IntRange(min = 1, max = 3) int workers) {
        Definitions d = definitions();
        InMemoryCustomerStore liveStore = new InMemoryCustomerStore();
        Relevans live = engine(d, liveStore, new InMemoryTimerStore(), new InMemoryOutbox());
        history.forEach(live::ingest);

        InMemoryCustomerStore importedStore = new InMemoryCustomerStore();
        InMemoryTimerStore importedTimers = new InMemoryTimerStore();
        InMemoryOutbox importedOutbox = new InMemoryOutbox();
        Relevans imported = engine(d, importedStore, importedTimers, importedOutbox);
        ImportReport report = imported.historyImport().batchSize(batch).workers(workers).events(history.iterator());

        assertEquals(history.size(), report.read());
        assertEquals(0, report.refused(), () -> report.summary());
        assertEquals(history.size(), report.imported() + report.repeated(), report.summary());
        assertEquals(liveStore.count(), importedStore.count(), "customers after merges");
        for (int w = 0; w < PEOPLE; w++) {
            for (Identity who : List.of(email(w), phone(w))) {
                Optional<CustomerView> theirs = live.customer(who);
                Optional<CustomerView> mine = imported.customer(who);
                assertEquals(theirs.isPresent(), mine.isPresent(), who + " known");
                if (mine.isPresent()) {
                    assertEquals(theirs.get().customer(), mine.get().customer(), "profile of " + who);
                    assertEquals(theirs.get().features(), mine.get().features(), "features of " + who);
                    assertEquals(theirs.get().segments(), mine.get().segments(), "segments of " + who);
                    assertEquals(liveStore.load(theirs.get().customer().id()).orElseThrow().recentEvents(),
                            importedStore.load(mine.get().customer().id()).orElseThrow().recentEvents(),
                            "events recognised when delivered again, of " + who);
                }
            }
        }
        List<Object> decided = new ArrayList<>();
        importedOutbox.forEach(decided::add);
        assertEquals(List.of(), decided, "an import decides no message");
        importedStore.forEach(rec -> {
            for (Timer t : importedTimers.of(rec.id())) {
                assertEquals(Timer.Kind.TRIGGER, t.kind(), "an import starts no journey: " + t);
                assertTrue(t.due().isAfter(NOW), "only starts ahead of the moment are scheduled: " + t);
            }
        });
    }
}
