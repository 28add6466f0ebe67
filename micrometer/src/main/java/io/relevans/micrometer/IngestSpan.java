package io.relevans.micrometer;

import io.micrometer.observation.Observation;
import io.relevans.event.Event;
import io.relevans.spi.EngineObserver;
import io.relevans.spi.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One ingest ({@code ingest} or an {@code ingestAll} batch): counts each event's outcome, times the
 * call, and ends its observation with the outcome and the programs and ids of the messages decided.
 * Used by the one thread that ingests.
 */
final class IngestSpan extends ObservedSpan implements EngineObserver.Ingesting {

    /** The most message ids one observation names; further ones are counted. */
    static final int MAX_IDS = 20;

    /** The meters of the one event's type; null for a batch. */
    private final MicrometerObserver.@Nullable TypeMeters single;
    /** The programs and ids of the messages decided; made at the first, and only when observed. */
    private @Nullable TreeSet<String> programs;
    private @Nullable List<String> ids;
    private int more;
    private @Nullable RuntimeException refused;
    private boolean redelivered;

    IngestSpan(MicrometerObserver metrics, MicrometerObserver.@Nullable TypeMeters single, long start, Observation observation) {
        super(metrics, start, observation);
        this.single = single;
    }

    @Override
    public void applied(EngineObserver.Ingested ingested) {
        metrics.applied(single != null ? single : metrics.meters(ingested.event().type()), ingested);
        redelivered |= ingested.redelivered();
        if (observation.isNoop() || ingested.decided().isEmpty()) {
            return;
        }
        TreeSet<String> programs = this.programs;
        List<String> ids = this.ids;
        if (programs == null || ids == null) {
            programs = new TreeSet<>();
            ids = new ArrayList<>();
            this.programs = programs;
            this.ids = ids;
        }
        for (Message m : ingested.decided()) {
            programs.add(m.program());
            if (ids.size() < MAX_IDS) {
                ids.add(m.id());
            } else {
                more++;
            }
        }
    }

    @Override
    public void refused(Event event, RuntimeException cause) {
        metrics.refused(event.type(), cause);
        if (single != null || refused == null) {
            refused = cause; // the error of one ingest; for a batch, the first
        }
    }

    @Override
    public void ended() {
        String outcome = refused != null ? "refused" : redelivered && single != null ? "redelivered" : "applied";
        try {
            metrics.ended(single, start, outcome);
        } finally {
            if (ids != null) {
                observation.highCardinalityKeyValue(Observations.PROGRAM, String.join(",", programs));
                observation.highCardinalityKeyValue(Observations.MESSAGE_ID, String.join(",", ids)
                        + (more > 0 ? ",+" + more + " more" : ""));
            }
            finish(outcome, refused);
        }
    }
}
