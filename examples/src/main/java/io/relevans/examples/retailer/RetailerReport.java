package io.relevans.examples.retailer;

import io.relevans.ProgramResult;
import io.relevans.backtest.Comparison;
import io.relevans.spi.CustomerStore;
import io.relevans.spi.Message;
import io.relevans.spi.Outbox;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The figures of a run as the marketing team reads them: messages by status, suppressions by reason,
 * results per program and variant against control, segment sizes, and omnichannel against
 * single-channel customers (S17). Built from the run's figures, the engine's message log and its
 * customer store.
 *
 * @param title        what was run (a simulated quarter, a backtest)
 * @param storage      where the engine kept its state
 * @param byStatus     messages decided, by status
 * @param suppressions suppressed messages by reason, reasons grouped
 * @param results      the engine's results per program, variant and control
 * @param segments     segment sizes at the end
 * @param channelUse   per S17 group (omnichannel, single channel): customers, revenue, purchases
 * @param comparison   for a backtest, how its messages differ from other decisions of the same period
 */
public record RetailerReport(String title, String storage, RunFigures figures, SortedMap<String, Long> byStatus,
                             SortedMap<String, Long> suppressions, List<ProgramResult> results,
                             SortedMap<String, Long> segments, SortedMap<String, double[]> channelUse,
                             Optional<Compared> comparison) {

    /** Checks and copies. */
    public RetailerReport {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(figures, "figures");
        results = List.copyOf(results);
        Objects.requireNonNull(comparison, "comparison");
    }

    /**
     * A comparison of two sets of decisions over the same period, named for the reader.
     *
     * @param before     what the decisions are compared with (A), such as "the run" or "the bundled definitions"
     * @param after      the decisions compared (B)
     * @param comparison how they differ, message by message
     */
    public record Compared(String before, String after, Comparison comparison) {
        /** Never null parts. */
        public Compared {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(comparison, "comparison");
        }
    }

    /** This report with a comparison. */
    public RetailerReport with(Compared compared) {
        return new RetailerReport(title, storage, figures, byStatus, suppressions, results, segments, channelUse,
                Optional.of(compared));
    }

    /** The S17 group of a customer's segments: omnichannel, single channel, or none. */
    private static String channelGroup(java.util.Set<String> segments) {
        return segments.contains("omnichannel") ? "omnichannel"
                : segments.contains("single_channel") ? "single channel" : null;
    }

    /** Reads the message log and the store after a run. */
    public static RetailerReport of(String title, String storage, RunFigures figures, List<ProgramResult> results,
                                    Outbox outbox, CustomerStore store) {
        TreeMap<String, Long> byStatus = new TreeMap<>();
        TreeMap<String, Long> suppressions = new TreeMap<>();
        outbox.forEach(m -> {
            byStatus.merge(m.status().name().toLowerCase(Locale.ROOT), 1L, Long::sum);
            if (m.status() == Message.Status.SUPPRESSED) {
                suppressions.merge(reasonGroup(m.reason()), 1L, Long::sum);
            }
        });
        TreeMap<String, Long> segments = new TreeMap<>();
        TreeMap<String, double[]> use = new TreeMap<>();
        use.put("omnichannel", new double[3]);
        use.put("single channel", new double[3]);
        store.forEach(r -> {
            r.segments().forEach(s -> segments.merge(s, 1L, Long::sum));
            String group = channelGroup(r.segments());
            double[] spend = figures.spend().getOrDefault(r.id(), new double[2]);
            if (group != null) {
                double[] g = use.get(group);
                g[0]++;
                g[1] += spend[0];
                g[2] += spend[1];
            }
        });
        return new RetailerReport(title, storage, figures, byStatus, suppressions, results, segments, use,
                Optional.empty());
    }

    /**
     * A suppression reason without the parts that differ per message, so that equal causes add up:
     * {@code no usable channel (email: no consent for marketing; sms: no phone identity)} becomes
     * {@code no usable channel: no consent for marketing, no phone identity}.
     */
    static String reasonGroup(String reason) {
        if (reason.startsWith("no usable channel (") && reason.endsWith(")")) {
            String inner = reason.substring("no usable channel (".length(), reason.length() - 1);
            return "no usable channel: " + Arrays.stream(inner.split("; "))
                    .map(r -> r.contains(": ") ? r.substring(r.indexOf(": ") + 2) : r)
                    .distinct().sorted().collect(Collectors.joining(", "));
        }
        if (reason.startsWith("bought ") && reason.contains("no better offer")) {
            return "bought recently: no better offer";
        }
        if (reason.startsWith("category ") && reason.contains(" excluded: ")) {
            return reason.substring(0, reason.indexOf(" excluded: ") + " excluded".length());
        }
        return reason;
    }

    /** Messages decided in all. */
    public long decided() {
        return byStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Messages with the status. */
    public long status(Message.Status status) {
        return byStatus.getOrDefault(status.name().toLowerCase(Locale.ROOT), 0L);
    }
}
