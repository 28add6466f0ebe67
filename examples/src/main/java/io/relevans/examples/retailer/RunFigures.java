package io.relevans.examples.retailer;

import io.relevans.TickReport;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What happened in a simulation run, as counted while it ran: events by type and week, messages
 * delivered by program, channel and week, segment sizes week by week, what each customer bought, and
 * how long it took.
 *
 * @param weeklyEvents     events ingested per week
 * @param weeklyByProgram  messages delivered per program, one count per week
 * @param weeklyByChannel  messages delivered per channel, one count per week
 * @param weeklySegments   segment sizes at the end of each week
 * @param spend            per customer: revenue and number of purchases during the run, from the purchase events
 */
public record RunFigures(Simulation.Settings settings, SortedMap<String, Long> eventsByType, long[] weeklyEvents,
                         SortedMap<String, long[]> weeklyByProgram, SortedMap<String, long[]> weeklyByChannel,
                         SortedMap<String, Long> segmentsAtStart, Duration goLiveSegmentation,
                         List<SortedMap<String, Long>> weeklySegments, long timersFired, long dispatchedSent,
                         long retried, long dead, Map<CustomerId, double[]> spend, Duration wallTime) {

    /** All events ingested. */
    public long events() {
        return eventsByType.values().stream().mapToLong(Long::longValue).sum();
    }

    /** How many weeks the run covered. */
    public int weeks() {
        return weeklyEvents.length;
    }

    /** Collects the figures while the simulation runs. */
    static final class Builder {
        private final Simulation.Settings settings;
        private final int weeks;
        private final Instant start;
        private final TreeMap<String, Long> eventsByType = new TreeMap<>();
        private final long[] weeklyEvents;
        private final TreeMap<String, long[]> byProgram = new TreeMap<>();
        private final TreeMap<String, long[]> byChannel = new TreeMap<>();
        private final List<SortedMap<String, Long>> weeklySegments = new ArrayList<>();
        private final Map<CustomerId, double[]> spend = new HashMap<>();
        private SortedMap<String, Long> segmentsAtStart = new TreeMap<>();
        private Duration goLive = Duration.ZERO;
        private long timers;
        private long sent;
        private long retried;
        private long dead;
        private long delivered;
        private Duration wallTime = Duration.ZERO;

        Builder(Simulation.Settings settings) {
            this.settings = settings;
            this.weeks = (settings.days() + 6) / 7;
            this.start = settings.start();
            this.weeklyEvents = new long[weeks];
        }

        private int week(Instant t) {
            long w = Duration.between(start, t).toDays() / 7;
            return (int) Math.max(0, Math.min(weeks - 1, w));
        }

        void event(Event e, CustomerId customer) {
            eventsByType.merge(e.type().name(), 1L, Long::sum);
            weeklyEvents[week(e.time())]++;
            if (e.type().equals(EventType.PURCHASE)) {
                double[] s = spend.computeIfAbsent(customer, k -> new double[2]);
                s[0] += e.total();
                s[1]++;
            }
        }

        void delivered(Instant at, String program, Channel channel) {
            delivered++;
            byProgram.computeIfAbsent(program, p -> new long[weeks])[week(at.minusSeconds(1))]++;
            byChannel.computeIfAbsent(channel.name(), p -> new long[weeks])[week(at.minusSeconds(1))]++;
        }

        long deliveredSoFar() {
            return delivered;
        }

        void tick(TickReport tick) {
            timers += tick.timersFired();
            sent += tick.dispatch().sent();
            retried += tick.dispatch().retrying();
            dead += tick.dispatch().dead();
        }

        void segmentsAtStart(SortedMap<String, Long> sizes, Duration took) {
            segmentsAtStart = new TreeMap<>(sizes);
            goLive = took;
        }

        void week(int week, SortedMap<String, Long> sizes) {
            while (weeklySegments.size() <= week) {
                weeklySegments.add(new TreeMap<>(sizes));
            }
        }

        void wallTime(Duration took) {
            wallTime = took;
        }

        RunFigures build() {
            return new RunFigures(settings, Collections.unmodifiableSortedMap(eventsByType), weeklyEvents.clone(),
                    Collections.unmodifiableSortedMap(byProgram), Collections.unmodifiableSortedMap(byChannel),
                    segmentsAtStart, goLive, List.copyOf(weeklySegments), timers, sent, retried, dead,
                    Collections.unmodifiableMap(spend), wallTime);
        }
    }
}
