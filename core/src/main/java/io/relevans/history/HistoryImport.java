package io.relevans.history;

import io.relevans.event.Event;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * Imports a customer base's history at go-live, or later history from another source (store tills,
 * customer service), into the engine's storage without running programs: events fold into identities
 * (linked and merged as live ingestion would), profiles (attributes, consents, declarations) and
 * features; memberships are evaluated once per customer at the engine's clock and stored as they are,
 * so going live with {@code count purchase over 365d >= 3} holds on day one. No message is decided, no
 * journey started, no action called; what the history means for programs that start once and for
 * time-based triggers is in docs/import.md. Obtained from {@code Relevans.historyImport()}; set the
 * options, then call one of the import methods (an instance imports once).
 *
 * <p>Events are read in batches; each batch is split into groups of linked identities folded in
 * parallel and stored together, so an import runs many times faster than live ingestion of the same
 * events. Live ingestion may run meanwhile: both take the same write locks. Bad lines are refused one by
 * one with their line number and reason; the rest is imported. Batches are stored one after the other:
 * when storing fails the import stops with the exception, every batch before the one reported last by
 * {@link ImportProgress#storedThrough()} stored.
 *
 * <pre>{@code
 * ImportReport report = relevans.historyImport()
 *         .onProgress(p -> System.out.println(p))
 *         .jsonLines(Path.of("orders-2019-2026.jsonl.gz"));
 * System.out.println(report.summary());
 * }</pre>
 */
public interface HistoryImport {

    /** The most threads an import folds with. */
    int MAX_WORKERS = 256;
    /** The most events a batch holds. */
    int MAX_BATCH = 1_000_000;

    /**
     * Folds with this many threads (default: the processors available).
     *
     * @throws IllegalArgumentException outside 1..{@link #MAX_WORKERS}
     */
    HistoryImport workers(int workers);

    /**
     * Reads this many events per batch (default 50,000): a group of linked identities is folded within a
     * batch; events of one customer in several batches are folded batch by batch.
     *
     * @throws IllegalArgumentException outside 1..{@link #MAX_BATCH}
     */
    HistoryImport batchSize(int events);

    /** Reports progress to the consumer after stored batches, at most once per {@link #progressEvery}. */
    HistoryImport onProgress(Consumer<ImportProgress> progress);

    /**
     * Reports progress at most this often (default 5 seconds; zero: after every batch), and always at the end.
     *
     * @throws IllegalArgumentException when negative
     */
    HistoryImport progressEvery(Duration every);

    /**
     * For an iterator, how many events it will give, so that progress shows the share done and the time
     * left.
     *
     * @throws IllegalArgumentException when negative
     */
    HistoryImport expectedEvents(long events);

    /**
     * Imports events from a JSON lines file, gzipped or not (recognised by its first bytes), one event per
     * line as {@code EventJson} reads them.
     *
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    ImportReport jsonLines(Path file);

    /**
     * Imports events from a stream of JSON lines, gzipped or not (recognised by its first bytes). The
     * stream is read to its end, not closed.
     *
     * @throws java.io.UncheckedIOException when the stream cannot be read
     */
    ImportReport jsonLines(InputStream in);

    /**
     * Imports customer profiles (identities, attributes with source and time, consents, declarations)
     * from a JSON lines file, gzipped or not, one profile per line as {@code CustomerJson} writes it: each
     * is merged into the customers its identities lead to as a merge of profiles does (the smaller id
     * survives, the newest attribute wins), or makes a new customer; memberships are evaluated at the end.
     * Import profiles before or after events, in any order: both fold into the same customers.
     *
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    ImportReport profiles(Path file);

    /** Imports customer profiles from a stream of JSON lines, gzipped or not ({@link #profiles(Path)}). */
    ImportReport profiles(InputStream in);

    /** Imports customer profiles from an iterator ({@link #profiles(Path)}); a null one is refused at its position. */
    ImportReport profiles(Iterator<io.relevans.customer.Customer> profiles);

    /**
     * Imports events from an iterator; a null event, or one the iterator throws an
     * {@code IllegalArgumentException} for, is refused at its position.
     */
    ImportReport events(Iterator<Event> events);
}
