package io.relevans.backtest;

import io.relevans.IngestResult;
import io.relevans.Relevans;
import io.relevans.ResegmentationReport;
import io.relevans.TickReport;
import io.relevans.VirtualClock;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Value;
import io.relevans.definition.Definitions;
import io.relevans.event.Event;
import io.relevans.history.ImportReport;
import io.relevans.internal.Refusals;
import io.relevans.json.CustomerJson;
import io.relevans.spi.ActionAdapter;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.FeatureState;
import io.relevans.spi.Message;
import io.relevans.spi.SimpleTemplates;
import io.relevans.spi.Storage;
import io.relevans.spi.TemplateRenderer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/** One run of a {@link Backtest}: an engine in memory on a virtual clock, the starting state, the replay. */
final class Replay {

    private final Backtest backtest;
    private final Definitions definitions;
    private final VirtualClock clock;
    private final Storage storage = Storage.inMemory();
    private final List<CountingChannel> channels = new ArrayList<>();
    private final ConcurrentHashMap<String, LongAdder> actions = new ConcurrentHashMap<>();
    private final Relevans engine;

    /** Every template the definitions name, rendering as its id: a backtest needs no text. */
    private static TemplateRenderer placeholders(Definitions definitions) {
        SimpleTemplates.Builder t = SimpleTemplates.builder();
        definitions.templateIds().forEach(id -> t.template(id, id, id));
        return t.build();
    }

    Replay(Backtest backtest, Definitions definitions) {
        this.backtest = backtest;
        this.definitions = definitions;
        this.clock = VirtualClock.at(backtest.start());
        ActionAdapter counting = (String action, CustomerId customer, Map<String, Value> data) ->
                actions.computeIfAbsent(action, a -> new LongAdder()).increment();
        Relevans.Builder b = Relevans.builder().clock(clock).storage(storage)
                .templates(placeholders(definitions)).actions(counting)
                .definitions(definitions);
        backtest.channels().forEach((channel, address) -> {
            CountingChannel c = new CountingChannel(channel, address);
            channels.add(c);
            b.channel(c);
        });
        this.engine = b.build();
    }

    BacktestReport run() {
        long began = System.nanoTime();
        long profiles = backtest.profiles().map(this::storeProfiles).orElse(0L);
        Optional<ImportReport> history = backtest.history().map(this::importHistory);
        ResegmentationReport atStart = engine.resegment();
        BacktestReport.Events events = replay();
        List<Message> messages = new ArrayList<>();
        storage.outbox().forEach(messages::add);
        TreeMap<String, Long> atEnd = new TreeMap<>();
        definitions.segments().forEach(s -> atEnd.put(s.name(), 0L));
        storage.customers().forEach(r -> r.segments().forEach(s -> atEnd.merge(s, 1L, Long::sum)));
        TreeMap<String, Long> called = new TreeMap<>();
        actions.forEach((a, n) -> called.put(a, n.sum()));
        return new BacktestReport(backtest.start(), backtest.end(), backtest.tickEvery(), profiles, history, events,
                messages, engine.results(), called, atStart.sizes(), atEnd, Duration.ofNanos(System.nanoTime() - began));
    }

    private long storeProfiles(Path file) {
        long n = 0;
        long line = 0;
        try (BufferedReader in = new BufferedReader(JsonLinesFile.open(file), 1 << 16)) {
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    storage.customers().save(new CustomerRecord(CustomerJson.read(text), new TreeSet<>(),
                            FeatureState.EMPTY));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ":" + line + ": not a customer profile: " + e.getMessage(),
                            e);
                }
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the profiles in " + file + " after line " + line + ": " + e, e);
        }
        return n;
    }

    /** Imports the history's events before the start; refuses the others at their position. */
    private ImportReport importHistory(EventSource source) {
        Instant start = backtest.start();
        try (EventSource.Cursor cursor = source.open()) {
            Iterator<Event> before = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return cursor.hasNext();
                }

                @Override
                public Event next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException("the history has no more events");
                    }
                    EventSource.Entry e = cursor.next();
                    if (e.refusal() != null) {
                        throw new IllegalArgumentException(e.refusal());
                    }
                    Event event = Objects.requireNonNull(e.event(), "an entry without a refusal has an event");
                    if (!event.time().isBefore(start)) {
                        throw new IllegalArgumentException("the event at " + event.time()
                                + " is not before the period's start " + start + ": give it with the period's events");
                    }
                    return event;
                }
            };
            return engine.historyImport().events(before);
        }
    }

    private BacktestReport.Events replay() {
        Instant start = backtest.start();
        Instant end = backtest.end();
        Duration every = backtest.tickEvery();
        BacktestListener listener = backtest.listener();
        long read = 0;
        long replayed = 0;
        long late = 0;
        long before = 0;
        long after = 0;
        Refusals refusals = new Refusals();
        Instant next = min(start.plus(every), end);
        try (EventSource.Cursor cursor = backtest.events().open()) {
            while (cursor.hasNext()) {
                EventSource.Entry entry = cursor.next();
                read++;
                String refusal = entry.refusal();
                if (refusal == null) {
                    Event e = Objects.requireNonNull(entry.event(), "an entry without a refusal has an event");
                    Instant t = e.time();
                    if (t.isBefore(start)) {
                        before++;
                        continue;
                    }
                    if (!t.isBefore(end)) {
                        after++;
                        continue;
                    }
                    while (next != null && !next.isAfter(t)) {
                        next = tick(next, end, every, listener);
                    }
                    if (t.isBefore(clock.instant())) {
                        late++;
                    }
                    clock.advanceTo(t);
                    try {
                        IngestResult r = engine.ingest(e);
                        replayed++;
                        listener.ingested(e, r);
                        continue;
                    } catch (IllegalArgumentException ex) {
                        refusal = "refused by the engine: " + ex.getMessage();
                    }
                }
                refusals.add(entry.position(), refusal);
            }
        }
        while (next != null) {
            next = tick(next, end, every, listener);
        }
        return new BacktestReport.Events(read, replayed, late, before, after, refusals.count(), refusals.listed());
    }

    /** Ticks at the moment; returns the next tick's moment, or null after the tick at the end. */
    private @Nullable Instant tick(Instant at, Instant end, Duration every, BacktestListener listener) {
        clock.advanceTo(at);
        TickReport report = engine.tick();
        for (CountingChannel c : channels) {
            for (String id : c.drain()) {
                storage.outbox().find(id).ifPresent(m -> listener.sent(at, m));
            }
        }
        listener.ticked(at, report);
        return at.equals(end) ? null : min(at.plus(every), end);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
