package io.relevans.backtest;

import io.relevans.ProgramResult;
import io.relevans.history.ImportRefusal;
import io.relevans.history.ImportReport;
import io.relevans.spi.Message;
import io.relevans.spi.Suppression;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a {@link Backtest} decided over its period: every message with its status (sent, suppressed with
 * its reason and guard, or still pending at the end), the results per program, variant and control group,
 * the actions programs called (none was carried out), segment sizes at the start and the end, and what
 * became of the events read.
 *
 * @param start           the period's start (inclusive)
 * @param end             the period's end (exclusive)
 * @param tickEvery       how often the engine ticked on the virtual clock
 * @param profiles        customer profiles stored at the start
 * @param history         the import of the history before the period, when one was given
 * @param events          what became of the period's events
 * @param messages        every message decided, ordered by decision time, then id
 * @param results         results per program, variant and control group ({@code Relevans.results()})
 * @param actions         actions programs called, by name, with how often (none was carried out)
 * @param segmentsAtStart customers per segment at the start, after the starting state was segmented
 * @param segmentsAtEnd   customers per segment at the end
 * @param elapsed         the wall time the backtest took
 */
public record BacktestReport(Instant start, Instant end, Duration tickEvery, long profiles,
                             Optional<ImportReport> history, Events events, List<Message> messages,
                             List<ProgramResult> results, SortedMap<String, Long> actions,
                             SortedMap<String, Long> segmentsAtStart, SortedMap<String, Long> segmentsAtEnd,
                             Duration elapsed) {

    /** Orders messages by decision time, then id. */
    static final Comparator<Message> DECIDED = Comparator.comparing(Message::decidedAt).thenComparing(Message::id);

    /** Copies the collections, sorting the messages by decision time and id; never null parts. */
    public BacktestReport {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(tickEvery, "tick every");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(events, "events");
        messages = messages.stream().sorted(DECIDED).toList();
        results = List.copyOf(results);
        actions = Collections.unmodifiableSortedMap(new TreeMap<>(actions));
        segmentsAtStart = Collections.unmodifiableSortedMap(new TreeMap<>(segmentsAtStart));
        segmentsAtEnd = Collections.unmodifiableSortedMap(new TreeMap<>(segmentsAtEnd));
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /**
     * What became of the events read for the period.
     *
     * @param read        entries read (lines that are not blank, or elements of an iterable), refused ones included
     * @param replayed    events replayed through the engine
     * @param late        replayed events earlier than an event before them, applied at the clock's time then (as a
     *                    late event is live)
     * @param beforeStart events before the period's start, not replayed
     * @param afterEnd    events at or after the period's end, not replayed
     * @param refused     entries refused: not a valid event, or refused by the engine
     * @param refusals    the first {@link #MAX_REFUSALS} refusals, in the order met
     */
    public record Events(long read, long replayed, long late, long beforeStart, long afterEnd, long refused,
                         List<ImportRefusal> refusals) {

        /** How many refusals are listed; the count covers all of them. */
        public static final int MAX_REFUSALS = io.relevans.history.ImportReport.MAX_REFUSALS;

        /** Copies the list. */
        public Events {
            refusals = List.copyOf(refusals);
        }
    }

    /** Messages by status. */
    public SortedMap<Message.Status, Long> byStatus() {
        TreeMap<Message.Status, Long> out = new TreeMap<>();
        messages.forEach(m -> out.merge(m.status(), 1L, Long::sum));
        return out;
    }

    /** Messages with the status. */
    public long count(Message.Status status) {
        return messages.stream().filter(m -> m.status() == status).count();
    }

    /** Suppressed messages by the guard that stopped them. */
    public SortedMap<Suppression.Guard, Long> suppressionsByGuard() {
        TreeMap<Suppression.Guard, Long> out = new TreeMap<>();
        messages.forEach(m -> m.suppression().filter(s -> m.status() == Message.Status.SUPPRESSED)
                .ifPresent(s -> out.merge(s.guard(), 1L, Long::sum)));
        return out;
    }

    /** Suppressed messages by their reason, as the engine words it for people. */
    public SortedMap<String, Long> suppressionsByReason() {
        TreeMap<String, Long> out = new TreeMap<>();
        messages.stream().filter(m -> m.status() == Message.Status.SUPPRESSED)
                .forEach(m -> out.merge(m.reason(), 1L, Long::sum));
        return out;
    }

    /** The messages of one program, in the report's order; empty for a program that decided none. */
    public List<Message> messages(String program) {
        Objects.requireNonNull(program, "program");
        return messages.stream().filter(m -> m.program().equals(program)).toList();
    }

    /** A summary for people: period, events, messages by status, suppressions by guard, results per program. */
    public String summary() {
        String nl = System.lineSeparator();
        StringBuilder sb = new StringBuilder();
        sb.append("backtest of ").append(start).append(" to ").append(end).append(", a tick every ")
                .append(tickEvery).append(nl);
        sb.append(String.format(Locale.ROOT, "  starting state: %,d profiles", profiles));
        history.ifPresent(h -> sb.append(String.format(Locale.ROOT, ", history: %,d events imported (%,d refused)",
                h.imported(), h.refused())));
        sb.append(nl);
        sb.append(String.format(Locale.ROOT, "  events: %,d read, %,d replayed (%,d late), %,d before the start, "
                + "%,d at or after the end, %,d refused%n", events.read(), events.replayed(), events.late(),
                events.beforeStart(), events.afterEnd(), events.refused()).replace("\n", nl));
        events.refusals().stream().limit(10).forEach(r -> sb.append("    refused ").append(r).append(nl));
        sb.append(String.format(Locale.ROOT, "  messages: %,d decided", messages.size()));
        byStatus().forEach((s, n) -> sb.append(String.format(Locale.ROOT, ", %,d %s", n,
                s.name().toLowerCase(Locale.ROOT))));
        sb.append(nl);
        Map<Suppression.Guard, Long> guards = suppressionsByGuard();
        if (!guards.isEmpty()) {
            sb.append("  suppressed by guard:");
            guards.forEach((g, n) -> sb.append(String.format(Locale.ROOT, " %s %,d;", g.name().toLowerCase(Locale.ROOT), n)));
            sb.setLength(sb.length() - 1);
            sb.append(nl);
        }
        for (ProgramResult r : results) {
            sb.append(String.format(Locale.ROOT, "  %-24s %-10s decided %,7d  sent %,7d  converted %,6d%n", r.program(),
                    r.control() ? "control" : r.variant().isEmpty() ? "-" : r.variant(), r.decided(), r.sent(),
                    r.converted()).replace("\n", nl));
        }
        if (!actions.isEmpty()) {
            sb.append("  actions called (not carried out):");
            actions.forEach((a, n) -> sb.append(String.format(Locale.ROOT, " %s %,d;", a, n)));
            sb.setLength(sb.length() - 1);
            sb.append(nl);
        }
        sb.append(String.format(Locale.ROOT, "  took %.1f s", elapsed.toMillis() / 1000.0));
        return sb.toString();
    }
}
