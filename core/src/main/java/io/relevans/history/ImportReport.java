package io.relevans.history;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What an import did, at its end.
 *
 * @param read      events read, refused ones included
 * @param imported  events folded into customers and stored
 * @param repeated  events that a customer had applied already (the same id delivered twice), changing nothing
 * @param refused   events refused
 * @param refusals  the first {@link #MAX_REFUSALS} refusals, in the order met
 * @param customers customer records stored (a customer whose events fall in several batches counts in each)
 * @param elapsed   the time the import took
 */
public record ImportReport(long read, long imported, long repeated, long refused, List<ImportRefusal> refusals,
                           long customers, Duration elapsed) {

    /** How many refusals a report lists; the count covers all of them. */
    public static final int MAX_REFUSALS = 1_000;

    /** Copies the list; never null parts. */
    public ImportReport {
        refusals = List.copyOf(refusals);
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** Events read per second. */
    public double eventsPerSecond() {
        long ms = elapsed.toMillis();
        return ms == 0 ? 0 : read * 1000.0 / ms;
    }

    /** A summary for people: counts, rate and the first refusals. */
    public String summary() {
        StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT,
                "imported %,d of %,d events (%,d repeated, %,d refused) into %,d customer records in %.1f s (%,.0f events/s)",
                imported, read, repeated, refused, customers, elapsed.toMillis() / 1000.0, eventsPerSecond()));
        int shown = Math.min(refusals.size(), 10);
        for (int i = 0; i < shown; i++) {
            sb.append(System.lineSeparator()).append("  refused ").append(refusals.get(i));
        }
        if (refused > shown) {
            sb.append(System.lineSeparator()).append("  ... and ").append(refused - shown).append(" more refused");
        }
        return sb.toString();
    }
}
