package io.relevans.examples.retailer;

import io.relevans.IngestResult;
import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.event.Event;
import io.relevans.json.EventJson;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Feeds a day of events to the engine the way a retailer's backend would: each event when it
 * happens, and every virtual hour a {@link Relevans#tick() tick} that fires due waits and sends what
 * is due. Keeps the segment sizes current from what each ingestion reports.
 */
final class HourlyFeed {

    private final Relevans engine;
    private final VirtualClock clock;
    private final RunFigures.Builder figures;
    private final Map<String, Long> sizes;
    private final Optional<Writer> history;
    private final Consumer<Instant> afterTick;

    /**
     * @param sizes     segment sizes, updated in place
     * @param history   where every ingested event is written as a JSON line, if anywhere
     * @param afterTick called after each tick with the clock's time
     */
    HourlyFeed(Relevans engine, VirtualClock clock, RunFigures.Builder figures, Map<String, Long> sizes,
               Optional<Writer> history, Consumer<Instant> afterTick) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.figures = Objects.requireNonNull(figures, "figures");
        this.sizes = Objects.requireNonNull(sizes, "sizes");
        this.history = Objects.requireNonNull(history, "history");
        this.afterTick = Objects.requireNonNull(afterTick, "after tick");
    }

    /** Feeds the day that starts at midnight; returns how many events it ingested. */
    long day(Instant midnight, EventSource source) throws IOException {
        long n = 0;
        for (int hour = 1; hour <= 24; hour++) {
            Instant end = midnight.plus(Duration.ofHours(hour));
            while (source.hasBefore(end)) {
                Event e = source.next();
                clock.advanceTo(e.time());
                IngestResult r = engine.ingest(e);
                if (history.isPresent()) {
                    history.get().write(EventJson.write(e));
                    history.get().write('\n');
                }
                r.entered().forEach(s -> sizes.merge(s, 1L, Long::sum));
                r.exited().forEach(s -> sizes.merge(s, -1L, Long::sum));
                figures.event(e, r.customer());
                n++;
            }
            clock.advanceTo(end);
            figures.tick(engine.tick());
            afterTick.accept(end);
        }
        return n;
    }
}
