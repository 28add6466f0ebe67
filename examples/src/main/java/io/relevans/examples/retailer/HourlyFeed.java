package io.relevans.examples.retailer;

import io.relevans.IngestResult;
import io.relevans.Relevans;
import io.relevans.ResegmentationReport;
import io.relevans.VirtualClock;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.json.EventJson;
import io.relevans.prediction.CustomerBaseModel;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Feeds a day of events to the engine the way a retailer's backend would: each event when it
 * happens, and every virtual hour a {@link Relevans#tick() tick} that fires due waits and sends what
 * is due. The engine refits its prediction model on a schedule in a tick ({@link
 * Relevans.Builder#refitPredictionsEvery}); after a tick that put a new model in use, every customer is
 * segmented again ({@link Relevans#resegment()}), so that customers move in and out of the segments on
 * predictions as the new model and the days since their last purchase say. Keeps the segment sizes current
 * from what each ingestion and resegmentation reports, and who entered the predicted win-back's segment.
 *
 * <p>The simulation and the backtest feed through this class, so that a backtest of the recorded period
 * decides what the run decided.
 */
final class HourlyFeed {

    private final Relevans engine;
    private final VirtualClock clock;
    private final RunFigures.Builder figures;
    private final Map<String, Long> sizes;
    private final Optional<Writer> history;
    private final Consumer<Instant> afterTick;
    private long modelVersion;

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
        this.modelVersion = version(engine);
    }

    private static long version(Relevans engine) {
        return engine.predictionModel().map(CustomerBaseModel::version).orElse(0L);
    }

    /**
     * Segments every customer again at the clock's time: the sizes are set from the report, and who entered the
     * predicted win-back's segment is kept in the figures (ordered by id: the engine evaluates in parallel).
     */
    ResegmentationReport resegment() {
        List<Identity> entered = Collections.synchronizedList(new ArrayList<>());
        ResegmentationReport report = engine.resegment(e -> {
            if (e.type().equals(EventType.SEGMENT_ENTERED)
                    && e.text("segment").filter(RunFigures.PREDICTED_SEGMENT::equals).isPresent()) {
                entered.add(e.customer());
            }
        });
        sizes.clear();
        sizes.putAll(report.sizes());
        List<CustomerId> customers = new ArrayList<>();
        for (Identity who : entered) {
            engine.customer(who).ifPresent(v -> customers.add(v.customer().id()));
        }
        customers.sort(Comparator.comparing(CustomerId::value));
        customers.forEach(c -> figures.entered(c, clock.instant()));
        return report;
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
                if (r.entered().contains(RunFigures.PREDICTED_SEGMENT)) {
                    figures.entered(r.customer(), e.time());
                }
                figures.event(e, r.customer());
                n++;
            }
            clock.advanceTo(end);
            figures.tick(engine.tick());
            long version = version(engine);
            if (version != modelVersion) {
                modelVersion = version;
                engine.predictionModel().ifPresent(figures::model);
                figures.resegmented(resegment().elapsed());
            }
            afterTick.accept(end);
        }
        return n;
    }
}
