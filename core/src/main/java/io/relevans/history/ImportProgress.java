package io.relevans.history;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How far an import has come, reported after each batch it stored: events read and refused, the rate,
 * and, when the size of the source is known (a file, or {@link HistoryImport#expectedEvents}), the share
 * done and the time left at the rate so far.
 *
 * @param read          events read so far, refused ones included
 * @param imported      events folded into customers and stored
 * @param refused       events refused (malformed, or beyond a limit)
 * @param storedThrough the line (or position) up to which every event read is stored or refused
 * @param elapsed       time since the import started
 * @param done          the share of the source done, from 0 to 1, when its size is known
 */
public record ImportProgress(long read, long imported, long refused, long storedThrough, Duration elapsed,
                             OptionalDouble done) {

    /** Never null parts. */
    public ImportProgress {
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(done, "done");
    }

    /** Events read per second so far; 0 before the first millisecond. */
    public double eventsPerSecond() {
        long ms = elapsed.toMillis();
        return ms == 0 ? 0 : read * 1000.0 / ms;
    }

    /** The time left at the rate so far, when the share done is known and above zero. */
    public Optional<Duration> remaining() {
        if (done.isEmpty() || done.getAsDouble() <= 0) {
            return Optional.empty();
        }
        double left = elapsed.toMillis() * (1 - done.getAsDouble()) / done.getAsDouble();
        return Optional.of(Duration.ofMillis(Math.round(left)));
    }

    /** A line for people, such as {@code 120,000 events read (3 refused), 45,210/s, 42% done, about 2m 10s left}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT, "%,d events read (%,d refused), %,.0f/s",
                read, refused, eventsPerSecond()));
        if (done.isPresent()) {
            sb.append(String.format(java.util.Locale.ROOT, ", %.0f%% done", done.getAsDouble() * 100));
        }
        remaining().ifPresent(d -> sb.append(", about ").append(d.toMinutes()).append("m ")
                .append(d.toSecondsPart()).append("s left"));
        return sb.toString();
    }
}
