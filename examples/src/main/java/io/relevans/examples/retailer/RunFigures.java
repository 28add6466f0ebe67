package io.relevans.examples.retailer;

import io.relevans.TickReport;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.prediction.CustomerBaseModel;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What happened in a simulation run, as counted while it ran: events by type and week, messages
 * delivered by program, channel and week, segment sizes week by week, what each customer bought, the
 * prediction models in use and how they fared, and how long it took.
 *
 * @param weeklyEvents     events ingested per week
 * @param weeklyByProgram  messages delivered per program, one count per week
 * @param weeklyByChannel  messages delivered per channel, one count per week
 * @param weeklySegments   segment sizes at the end of each week
 * @param spend            per customer: revenue and number of purchases during the run, from the purchase events
 * @param models           the prediction models in use: the one fitted at go-live, then each refit, oldest first
 * @param resegmentations  how often every customer was segmented again during the period (after each refit)
 * @param resegmentation   the wall time those took together
 * @param lapsingEntries   who entered {@link #PREDICTED_SEGMENT} and when, in time order
 * @param holdout          the go-live model against the period, when the run knows the purchases before it
 * @param lapseChecks      who the predicted segment and the win-back programs reached, against the simulation's
 *                         truth, when it is known
 * @param thresholds       at go-live, the customers below thresholds of p_alive and how many had truly lapsed,
 *                         when the simulation knows it
 */
public record RunFigures(Simulation.Settings settings, SortedMap<String, Long> eventsByType, long[] weeklyEvents,
                         SortedMap<String, long[]> weeklyByProgram, SortedMap<String, long[]> weeklyByChannel,
                         SortedMap<String, Long> segmentsAtStart, Duration goLiveSegmentation,
                         List<SortedMap<String, Long>> weeklySegments, long timersFired, long dispatchedSent,
                         long retried, long dead, Map<CustomerId, double[]> spend, Duration wallTime,
                         List<CustomerBaseModel> models, int resegmentations, Duration resegmentation,
                         List<Entry> lapsingEntries, Optional<Holdout> holdout, List<LapseCheck> lapseChecks,
                         List<Threshold> thresholds) {

    /** The segment of the predicted win-back, whose entries are kept. */
    public static final String PREDICTED_SEGMENT = "probably_lapsing";

    /**
     * At go-live, the customers who had bought before it whose p_alive is below a threshold, alone and together with
     * {@code expected_purchases next 90d < 0.5}, with how many of them had truly lapsed: what a threshold for the
     * predicted segment would catch.
     *
     * @param pAlive        the threshold
     * @param customers     customers with p_alive below it
     * @param lapsed        of those, how many had truly lapsed
     * @param guarded       customers with p_alive below it and fewer than 0.5 purchases expected in 90 days
     * @param guardedLapsed of those, how many had truly lapsed
     */
    public record Threshold(double pAlive, long customers, long lapsed, long guarded, long guardedLapsed) {
    }

    /** A customer entering a segment. */
    public record Entry(CustomerId customer, Instant at) {
    }

    /**
     * Whom something reached, against what the simulation knows: how many of the customers who entered a segment,
     * or for whom a program decided a message (sent, held back or in the control group), had truly lapsed then.
     *
     * @param what   what reached them, such as "entered probably_lapsing" or "miss_you messages decided"
     * @param count  how often
     * @param lapsed of those, how often the customer had truly lapsed on that day
     */
    public record LapseCheck(String what, long count, long lapsed) {
        /** The share of {@code count} that went to customers who had truly lapsed. */
        public double lapsedShare() {
            return count == 0 ? Double.NaN : lapsed / (double) count;
        }
    }

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
        private final Map<CustomerId, BitSet> purchaseDays = new HashMap<>();
        private final List<CustomerBaseModel> models = new ArrayList<>();
        private final List<Entry> entries = new ArrayList<>();
        private ZoneId zone = ZoneOffset.UTC;
        private int resegmentations;
        private Duration resegmentation = Duration.ZERO;
        private Holdout holdout;
        private List<LapseCheck> lapseChecks = List.of();
        private List<Threshold> thresholds = List.of();
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
                long day = e.time().atZone(zone).toLocalDate().toEpochDay() - start.atZone(zone).toLocalDate().toEpochDay();
                if (day >= 0 && day < settings.days()) {
                    purchaseDays.computeIfAbsent(customer, k -> new BitSet(settings.days())).set((int) day);
                }
            }
        }

        /** The zone whose calendar days count purchase days, as the prediction features count them. */
        void zone(ZoneId purchaseDays) {
            this.zone = purchaseDays;
        }

        /** The days of the period (0 is its first) the customer bought on. */
        int[] purchaseDays(CustomerId customer) {
            BitSet days = purchaseDays.get(customer);
            return days == null ? new int[0] : days.stream().toArray();
        }

        /** A prediction model now in use. */
        void model(CustomerBaseModel model) {
            models.add(model);
        }

        /** A customer entered the predicted win-back's segment. */
        void entered(CustomerId customer, Instant at) {
            entries.add(new Entry(customer, at));
        }

        List<Entry> entries() {
            return entries;
        }

        /** Every customer was segmented again during the period. */
        void resegmented(Duration took) {
            resegmentations++;
            resegmentation = resegmentation.plus(took);
        }

        void holdout(Holdout compared) {
            this.holdout = compared;
        }

        void lapseChecks(List<LapseCheck> checks) {
            this.lapseChecks = List.copyOf(checks);
        }

        void thresholds(List<Threshold> rows) {
            this.thresholds = List.copyOf(rows);
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
                    Collections.unmodifiableMap(spend), wallTime, List.copyOf(models), resegmentations, resegmentation,
                    List.copyOf(entries), Optional.ofNullable(holdout), lapseChecks, thresholds);
        }
    }
}
