package io.relevans.internal.runtime;

import io.relevans.ReloadReport;
import io.relevans.definition.Feature;
import io.relevans.event.Event;
import io.relevans.history.BackfillProgress;
import io.relevans.internal.feature.CompiledFeature;
import io.relevans.internal.step.CustomerStep;
import io.relevans.spi.EventArchive;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a reload means for the features it adds: filled from the event archive by a {@link Backfill} on a
 * thread of its own, the segments that test them quiet meanwhile; without an archive, named as starting
 * empty. One backfill at a time: a newer reload stops the running one and takes its unfinished features
 * over. The caller serialises reloads.
 */
public final class Backfills {

    private static final Logger LOG = LoggerFactory.getLogger(Backfills.class);

    private final StoreRuntime runtime;
    private final @Nullable EventArchive archive;
    private final Clock clock;
    private volatile @Nullable Backfill current;
    private @Nullable ExecutorService thread;

    /**
     * @param runtime the runtime the backfill works on customers through
     * @param archive the event archive; null when none is configured
     * @param clock   the engine's clock
     */
    public Backfills(StoreRuntime runtime, @Nullable EventArchive archive, Clock clock) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.archive = archive;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The outcome of a reload: what to report, the step to load (quiet on the segments of features being
     * filled), and the backfill to start once that step is loaded (the backfill folds with the loaded step's
     * plan, so starting it before would fill with the old definitions).
     */
    public record Reload(ReloadReport report, CustomerStep step, Optional<Runnable> backfill) {

        /** Starts the backfill, if there is one; call after loading {@link #step()}. */
        public void start() {
            backfill.ifPresent(Runnable::run);
        }
    }

    /**
     * Compares the features of the steps before and after a reload and starts filling those added (and those
     * a stopped backfill had not finished).
     *
     * @param whenDone called with the step's quiet segments lifted, once the backfill ends (from its thread)
     */
    public Reload reload(CustomerStep before, CustomerStep after, Consumer<Backfill> whenDone) {
        Set<Long> had = new HashSet<>();
        before.segments().plan().features().forEach(f -> had.add(f.key()));
        Backfill running = current;
        Set<Long> unfinished = running == null || !running.progress().running() ? Set.of() : running.keys();
        Set<Long> keys = new LinkedHashSet<>();
        List<String> added = new ArrayList<>();
        Set<Feature> filled = new LinkedHashSet<>();
        for (CompiledFeature f : after.segments().plan().features()) {
            if (!had.contains(f.key())) {
                added.add(f.description());
            }
            if (!had.contains(f.key()) || unfinished.contains(f.key())) {
                keys.add(f.key());
                filled.add(f.feature());
            }
        }
        if (running != null) {
            running.stop();
        }
        if (keys.isEmpty()) {
            return new Reload(new ReloadReport(added, List.of(), Optional.empty()), after, Optional.empty());
        }
        if (archive == null) {
            LOG.warn("reload: {} new feature(s) start from the events that come after, no archive is configured: {}",
                    added.size(), added);
            return new Reload(new ReloadReport(added, added, Optional.empty()), after, Optional.empty());
        }
        SortedSet<String> quiet = after.segments().dependingOn(filled);
        Backfill backfill = new Backfill(runtime, archive, clock, keys, filled.stream().map(Feature::describe).toList(),
                quiet, lookBack(filled, clock.instant()));
        current = backfill;
        Runnable start = () -> thread().execute(() -> backfill.run(() -> whenDone.accept(backfill)));
        return new Reload(new ReloadReport(added, List.of(), Optional.of(backfill.progress())), after.quiet(quiet),
                Optional.of(start));
    }

    /** Whether the backfill is the latest one started. */
    public boolean isCurrent(Backfill backfill) {
        return current == backfill;
    }

    /** The backfill running now or the last one. */
    public Optional<BackfillProgress> progress() {
        Backfill b = current;
        return b == null ? Optional.empty() : Optional.of(b.progress());
    }

    /** The segments that test a feature being filled now; none when no backfill runs. */
    public SortedSet<String> filling() {
        return progress().filter(BackfillProgress::running).map(BackfillProgress::segments).orElse(new TreeSet<>());
    }

    /** The earliest event time the features need: the longest window back from now; all history for one without. */
    private static Instant lookBack(Set<Feature> features, Instant now) {
        Instant from = now;
        for (Feature f : features) {
            long bucket = f.window().bucket().toMillis();
            if (bucket <= 0) {
                return Event.EARLIEST;
            }
            Instant start = now.minusMillis(bucket * (f.window().buckets() + 1L));
            from = start.isBefore(from) ? start : from;
        }
        return from.isBefore(Event.EARLIEST) ? Event.EARLIEST : from;
    }

    private synchronized ExecutorService thread() {
        if (thread == null) {
            thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "relevans-backfill");
                t.setDaemon(true);
                return t;
            });
        }
        return thread;
    }
}
