package io.relevans.internal.runtime;

import io.relevans.customer.CustomerId;
import io.relevans.event.Event;
import io.relevans.history.BackfillProgress;
import io.relevans.spi.EventArchive;
import io.relevans.spi.FeatureState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills features a reload added from the event archive, customer by customer, under each customer's write
 * lock: their archived events from {@code from} on are folded into fresh accumulators of those features,
 * which replace what live events gave them since the reload (those events are archived too), and the
 * memberships are evaluated again without starting programs ({@code CustomerStep.backfilled}). Runs on a
 * thread of its own; a newer reload stops it.
 */
public final class Backfill {

    private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);

    private final StoreRuntime runtime;
    private final EventArchive archive;
    private final Clock clock;
    private final Set<Long> keys;
    private final List<String> features;
    private final SortedSet<String> segments;
    private final Instant from;
    private final Instant started;
    private final AtomicLong customers = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private volatile @Nullable Instant finished;
    private volatile @Nullable String failure;
    private volatile boolean stopped;

    /**
     * @param keys     the keys of the features to fill
     * @param features the features as text
     * @param segments the segments that test them
     * @param from     the earliest event time the features need
     */
    public Backfill(StoreRuntime runtime, EventArchive archive, Clock clock, Set<Long> keys, List<String> features,
                    SortedSet<String> segments, Instant from) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.archive = Objects.requireNonNull(archive, "archive");
        this.clock = clock;
        this.keys = Set.copyOf(keys);
        this.features = List.copyOf(features);
        this.segments = segments;
        this.from = from;
        this.started = clock.instant();
    }

    /** The keys of the features it fills. */
    public Set<Long> keys() {
        return keys;
    }

    /** Fills every stored customer, then calls {@code whenDone} unless stopped. */
    public void run(Runnable whenDone) {
        try {
            List<CustomerId> ids = new ArrayList<>();
            runtime.storage().customers().forEach(r -> ids.add(r.id()));
            customers.set(ids.size());
            LOG.info("backfill of {} feature(s) for {} customers from {} started", features.size(), ids.size(), from);
            for (CustomerId id : ids) {
                if (stopped) {
                    LOG.info("backfill stopped by a newer reload after {} of {} customers", done.get(), ids.size());
                    return;
                }
                runtime.onCustomer(id, (step, stored, timers, history, now) -> {
                    List<Event> events = new ArrayList<>();
                    archive.forEachOf(stored.record().customer().identities(), from, events::add);
                    FeatureState filled = step.segments().plan().applyAll(FeatureState.EMPTY, events, now);
                    return step.backfilled(stored, timers, history, filled, keys, now);
                });
                done.incrementAndGet();
            }
            finished = clock.instant();
            LOG.info("backfill of {} feature(s) done: {} customers", features.size(), done.get());
            whenDone.run();
        } catch (RuntimeException e) {
            failure = e.toString();
            finished = clock.instant();
            LOG.error("backfill of {} feature(s) failed after {} customers", features.size(), done.get(), e);
            whenDone.run();
        }
    }

    /** Stops it before the next customer (a newer reload takes over). */
    public void stop() {
        stopped = true;
        if (finished == null) {
            finished = clock.instant();
        }
    }

    /** How far it has come. */
    public BackfillProgress progress() {
        return new BackfillProgress(features, segments, from, customers.get(), done.get(), started,
                Optional.ofNullable(finished), Optional.ofNullable(failure));
    }
}
